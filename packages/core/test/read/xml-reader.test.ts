import path from "node:path";
import { describe, expect, it } from "vitest";
import { NtlmSiemError } from "../../src/errors.js";
import { parseEventDataXml, parseEventXml } from "../../src/read/index.js";
import { data, event8002, FIXTURES, readFiles, readText, records, rejects } from "./read-helpers.js";

const origin = { file: "t.xml", record: 1, line: 1, format: "xml" as const };

describe("XML reader", () => {
  it("reads no-namespace, prefixed and default-namespace events with single and double quotes", async () => {
    const items = await readFiles([path.join(FIXTURES, "rendering-no-namespace.xml")]);
    expect(rejects(items)).toEqual([]);
    const [a, b, c] = records(items);
    expect(a?.system).toEqual({
      providerName: "Microsoft-Windows-NTLM",
      providerGuid: "{AC43300D-5FCC-4800-8E99-1BD3F85F0320}",
      eventId: "8001",
      qualifiers: "0",
      version: "0",
      level: "4",
      task: "2",
      opcode: "0",
      keywords: "0x8000000000000000",
      timeCreated: "2024-05-01T10:00:00.1234567Z",
      eventRecordId: "41",
      activityId: "{11111111-2222-3333-4444-555555555555}",
      relatedActivityId: "{66666666-7777-8888-9999-AAAAAAAAAAAA}",
      processId: "712",
      threadId: "1040",
      channel: "Microsoft-Windows-NTLM/Operational",
      computer: "ws01.example.test",
      userId: "S-1-5-18",
    });
    expect(a?.origin).toMatchObject({ record: 1, line: 3 });
    expect(data(a)).toMatchObject({
      UserName: "alice & bob",
      ProcessName: null,
      MechanismOID: "1.3.6.1.4.1.311.2.2.10",
    });
    expect(a?.rendering).toEqual({
      message:
        "Audit outgoing NTLM authentication traffic that would be blocked.\r\nTarget server: cifs/fs01.example.test",
      level: "Information",
      task: "Auditing NTLM",
      opcode: "Info",
      channel: "Microsoft-Windows-NTLM/Operational",
      provider: "Microsoft-Windows-NTLM",
      keywords: ["Classic", "Audit"],
      culture: "en-US",
    });
    // Prefixed namespace, classic positional data and <Binary>.
    expect(b?.origin).toMatchObject({ record: 2, line: 4 });
    expect(b?.system).toMatchObject({
      providerName: "LegacySource",
      eventSourceName: "LegacySource",
      eventId: "101",
      qualifiers: "16384",
    });
    expect(b?.eventData).toEqual([
      { name: undefined, value: "first" },
      { name: undefined, value: "second" },
      { name: undefined, value: null },
      { name: "Binary", value: "DEADBEEF" },
    ]);
    // UserData flattened.
    expect(c?.eventData).toEqual([]);
    expect(c?.userData).toEqual([
      { name: "ServerName", value: "srv01" },
      { name: "Code", value: "7" },
    ]);
  });

  it("gives the same records whatever the chunk size", async () => {
    const text = `<?xml version="1.0"?>\n<!-- a comment with <Event> and </Event> inside -->\n<Events>\n${event8002(1)}<![CDATA[ </Event> ]]>${event8002(2)}</Events>\n`;
    const whole = await readText(text);
    expect(records(whole)).toHaveLength(2);
    expect(rejects(whole)).toEqual([]);
    for (const size of [1, 2, 3, 7, 64]) {
      const chunked = await readText(text, { chunkSize: size });
      expect(chunked).toEqual(whole);
    }
    expect(records(whole).map((r) => r.origin.line)).toEqual([4, 17]);
  });

  it("strips Event Viewer markers across chunk boundaries", async () => {
    const text =
      "- <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>\n  - <System>\n    <EventID>8001</EventID>\n    </System>\n  -   <EventData>\n  <Data Name='A'>- x</Data>\n  </EventData>\n  </Event>\n";
    for (const size of [1, 5, 1000]) {
      const items = await readText(text, { chunkSize: size });
      expect(rejects(items)).toEqual([]);
      expect(data(records(items)[0])).toEqual({ A: "- x" });
    }
  });

  it("decodes UTF-16LE with a BOM", async () => {
    const text = `\uFEFF<Events>${event8002(5, " é")}</Events>`;
    const items = await readText(Buffer.from(text, "utf16le"), { chunkSize: 333 });
    expect(data(records(items)[0]).ClientUserName).toBe("user5 é");
  });

  it("decodes UTF-16BE with a BOM", async () => {
    const le = Buffer.from(`\uFEFF${event8002(6)}`, "utf16le");
    const be = Buffer.from(le);
    be.swap16();
    const items = await readText(be);
    expect(records(items)[0]?.system.eventRecordId).toBe("6");
  });

  it("rejects a malformed event between two good ones and keeps both neighbours", async () => {
    const bad = `<Event><System><EventID>8001</EventID></System><EventData><Data Name="x">a</Dta></EventData></Event>\n`;
    const text = `<Events>\n${event8002(1)}${bad}${event8002(3)}</Events>\n`;
    const items = await readText(text);
    expect(records(items).map((r) => [r.origin.record, r.origin.line, r.system.eventRecordId])).toEqual([
      [1, 2, "1"],
      [3, 16, "3"],
    ]);
    const [err] = rejects(items);
    expect(err?.code).toBe("xml-malformed");
    expect(err?.location).toEqual({ file: "-", record: 2, line: 15 });
    expect(err?.describe()).toMatch(/^- \(record 2, line 15\): malformed event XML/);
    expect(items[1]?.kind === "reject" && items[1].excerpt).toContain("<Event>");
  });

  it("rejects an unknown entity reference instead of expanding it", async () => {
    const items = await readText(`<Events>${event8002(1, "&ext;")}${event8002(2)}</Events>`);
    expect(records(items)).toHaveLength(1);
    expect(rejects(items)[0]?.code).toBe("xml-malformed");
  });

  it("rejects a truncated event and resyncs at the next <Event", async () => {
    const truncated = event8002(2).slice(0, 150);
    const items = await readText(`${event8002(1)}${truncated}\n${event8002(3)}`);
    expect(records(items).map((r) => r.system.eventRecordId)).toEqual(["1", "3"]);
    expect(rejects(items).map((e) => [e.code, e.location?.record, e.location?.line])).toEqual([
      ["xml-malformed", 2, 14],
    ]);
  });

  it("rejects a file truncated at its end", async () => {
    const items = await readText(`<Events>${event8002(1)}${event8002(2).slice(0, 200)}`);
    expect(records(items)).toHaveLength(1);
    expect(rejects(items)[0]).toMatchObject({ code: "xml-malformed", location: { record: 2 } });
    expect(rejects(items)[0]?.message).toMatch(/truncated/);
  });

  it("refuses a DOCTYPE (billion laughs) quickly without reading entity declarations", async () => {
    let lol = `<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n`;
    for (let i = 1; i <= 9; i++)
      lol += ` <!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10).replace(/lol0/g, "lol")}">\n`;
    lol += "]>\n";
    const text = `<?xml version="1.0"?>\n${lol}<Events><Event><System><EventID>&lol9;</EventID></System></Event></Events>`;
    const started = performance.now();
    const items = await readText(text, { chunkSize: 50 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(records(items)).toEqual([]);
    expect(rejects(items)).toHaveLength(1);
    expect(rejects(items)[0]?.code).toBe("xml-doctype");
    expect(rejects(items)[0]?.message).toMatch(/DOCTYPE\/entity declarations are refused/);
    expect(() => parseEventXml(`<!DOCTYPE x [<!ENTITY a "b">]><Event>&a;</Event>`, origin)).toThrow(
      /DOCTYPE/,
    );
  });

  it("rejects an event over maxRecordChars without losing its neighbours", async () => {
    const huge = event8002(2, "x".repeat(200_000));
    const text = `<Events>\n${event8002(1)}${huge}${event8002(3)}</Events>`;
    for (const size of [4096, text.length]) {
      const items = await readText(text, { chunkSize: size, limits: { maxRecordChars: 50_000 } });
      expect(records(items).map((r) => r.system.eventRecordId)).toEqual(["1", "3"]);
      const [err] = rejects(items);
      expect(err).toMatchObject({ code: "record-too-large", location: { record: 2, line: 15 } });
      const reject = items.find((i) => i.kind === "reject");
      expect(reject?.kind === "reject" ? (reject.excerpt?.length ?? 0) : 0).toBeLessThan(300);
    }
  });

  it("counts every event it saw in origin.record", async () => {
    const items = await readText(`${event8002(1)}<Event><System></Event>${event8002(3)}`);
    expect(
      items.map((i) => (i.kind === "record" ? i.record.origin.record : i.error.location?.record)),
    ).toEqual([1, 2, 3]);
  });
});

describe("parseEventXml", () => {
  it("parses one event and keeps values verbatim", () => {
    const rec = parseEventXml(
      `<Event><System><EventID>8004</EventID></System><EventData><Data Name="A">  padded  </Data><Data Name="B"></Data><Data Name="C">&lt;&#x41;&gt;</Data></EventData></Event>`,
      origin,
    );
    expect(rec.origin).toBe(origin);
    expect(rec.eventData).toEqual([
      { name: "A", value: "  padded  " },
      { name: "B", value: null },
      { name: "C", value: "<A>" },
    ]);
  });

  it("throws NtlmSiemError for malformed input and non-Event roots", () => {
    expect(() => parseEventXml("<Event><System></Event>", origin)).toThrow(NtlmSiemError);
    try {
      parseEventXml("<Events/>", origin);
    } catch (err) {
      expect(err).toBeInstanceOf(NtlmSiemError);
      expect((err as NtlmSiemError).code).toBe("xml-not-event");
      expect((err as NtlmSiemError).location).toEqual({ file: "t.xml", record: 1, line: 1 });
    }
  });
});

describe("parseEventDataXml", () => {
  it("reads the Log Analytics Event table EventData", () => {
    const xml = `<DataItem type="System.XmlData" time="2024-05-01T10:00:00.0000000+00:00" sourceHealthServiceId="0"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="TargetName">cifs/x</Data><Data Name="ProcessName" /></EventData></DataItem>`;
    expect(parseEventDataXml(xml)).toEqual({
      eventData: [
        { name: "TargetName", value: "cifs/x" },
        { name: "ProcessName", value: null },
      ],
    });
  });

  it("reads ParameterXml as positional values", () => {
    expect(parseEventDataXml("<Param>v1</Param><Param>v2</Param><Param></Param>").eventData).toEqual([
      { name: undefined, value: "v1" },
      { name: undefined, value: "v2" },
      { name: undefined, value: null },
    ]);
  });

  it("reads UserData and refuses DOCTYPE", () => {
    expect(parseEventDataXml("<UserData><X><A>1</A></X></UserData>")).toEqual({
      eventData: [],
      userData: [{ name: "A", value: "1" }],
    });
    expect(() => parseEventDataXml('<!DOCTYPE a [<!ENTITY b "c">]><Param>&b;</Param>')).toThrow(/DOCTYPE/);
  });
});
