import path from "node:path";
import { describe, expect, it } from "vitest";
import { data, FIXTURES, readFiles, readText, records, rejects } from "./read-helpers.js";

const fixture = (name: string): string => path.join(FIXTURES, name);
const evtxLine = (n: number): string =>
  JSON.stringify({
    Event: { System: { EventID: 8001, EventRecordID: n }, EventData: { TargetName: `t${n}` } },
  });

describe("JSON shapes", () => {
  it("json-evtx: evtx_dump #attributes, @Name and Data arrays, big negative keywords", async () => {
    const items = await readFiles([fixture("evtx-dump.json")]);
    expect(rejects(items)).toEqual([]);
    const [a, b] = records(items);
    expect(a?.origin).toMatchObject({ format: "json-evtx", record: 1, line: 1 });
    expect(a?.system).toEqual({
      providerName: "Microsoft-Windows-NTLM",
      providerGuid: "AC43300D-5FCC-4800-8E99-1BD3F85F0320",
      eventId: "8004",
      qualifiers: "0",
      version: "0",
      level: "4",
      task: "2",
      opcode: "0",
      keywords: "0x8000000000000000",
      timeCreated: "2024-05-01T10:00:00.123456Z",
      eventRecordId: "9",
      processId: "700",
      threadId: "1234",
      channel: "Microsoft-Windows-NTLM/Operational",
      computer: "dc01.example.test",
      userId: "S-1-5-18",
    });
    expect(data(a)).toEqual({
      SChannelName: "WS01",
      UserName: "alice",
      DomainName: "EXAMPLE",
      WorkstationName: "WS01",
      SChannelType: "2",
    });
    expect(b?.origin).toMatchObject({ record: 2, line: 29 });
    expect(b?.system).toMatchObject({
      providerName: "Microsoft-Windows-NTLM",
      eventId: "8001",
      qualifiers: "0",
      keywords: "0x8000000000000000",
      timeCreated: "2024-05-01T10:00:01Z",
    });
    expect(b?.eventData).toEqual([
      { name: "TargetName", value: "cifs/fs01" },
      { name: "UserName", value: "alice" },
      { name: "ProcessName", value: null },
    ]);
  });

  it("json-winlog: Winlogbeat documents and Elasticsearch hits", async () => {
    const items = await readFiles([fixture("winlogbeat.ndjson")]);
    expect(rejects(items)).toEqual([]);
    const [a, b] = records(items);
    expect(a?.origin.format).toBe("json-winlog");
    expect(a?.system).toEqual({
      providerName: "Microsoft-Windows-NTLM",
      providerGuid: "{AC43300D-5FCC-4800-8E99-1BD3F85F0320}",
      eventId: "8004",
      version: "0",
      timeCreated: "2024-05-01T10:00:00.1234567Z",
      eventRecordId: "123456",
      activityId: "{11111111-2222-3333-4444-555555555555}",
      processId: "700",
      threadId: "1234",
      channel: "Microsoft-Windows-NTLM/Operational",
      computer: "dc01.example.test",
      userId: "S-1-5-18",
    });
    expect(a?.rendering).toEqual({
      task: "Auditing NTLM",
      opcode: "Info",
      keywords: ["Audit"],
      message: "Domain Controller Blocked Audit: Audit NTLM authentication to this domain controller.",
      level: "information",
    });
    expect(data(a).SChannelType).toBe("2");
    expect(b?.origin).toMatchObject({ format: "json-winlog", line: 2 });
    expect(b?.system).toMatchObject({
      eventId: "8001",
      eventRecordId: "123457",
      timeCreated: "2024-05-01T10:00:01.000Z",
    });
    expect(data(b).ProcessName).toBe("");
  });

  it("json-sentinel-windowsevent: a pretty-printed array, EventData as object or JSON string", async () => {
    const items = await readFiles([fixture("sentinel-windowsevent.json")]);
    expect(rejects(items)).toEqual([]);
    const [a, b] = records(items);
    expect(a?.origin).toMatchObject({ format: "json-sentinel-windowsevent", record: 1, line: 2 });
    expect(a?.system).toEqual({
      providerName: "Microsoft-Windows-NTLM",
      eventId: "8002",
      version: "0",
      level: "4",
      task: "2",
      opcode: "0",
      keywords: "0x8000000000000000",
      timeCreated: "2024-05-01T10:00:00.1234567Z",
      eventRecordId: "1261",
      activityId: "{E4D8D5C1-4F7E-0006-C2D5-D8E47E4FD601}",
      processId: "708",
      threadId: "2384",
      channel: "Microsoft-Windows-NTLM/Operational",
      computer: "ws01.example.test",
      userId: "S-1-5-18",
    });
    expect(a?.rendering).toEqual({ level: "Information" });
    expect(data(a).ProcessName).toBe("C:\\Windows\\System32\\lsass.exe");
    expect(b?.origin).toMatchObject({ record: 2, line: 24 });
    expect(b?.system.keywords).toBe("0x8000000000000000");
    expect(data(b)).toMatchObject({ UserName: "bob", InProc: "false" });
  });

  it("json-sentinel-event: EventData XML, ParameterXml fallback, RenderedDescription", async () => {
    const items = await readFiles([fixture("sentinel-event.ndjson")]);
    expect(rejects(items)).toEqual([]);
    const [a, b] = records(items);
    expect(a?.origin.format).toBe("json-sentinel-event");
    expect(a?.system).toEqual({
      providerName: "Microsoft-Windows-NTLM",
      eventId: "8001",
      level: "4",
      task: "2",
      timeCreated: "2024-05-01T10:00:00Z",
      channel: "Microsoft-Windows-NTLM/Operational",
      computer: "ws01.example.test",
    });
    expect(a?.eventData).toEqual([
      { name: "TargetName", value: "cifs/fs01" },
      { name: "UserName", value: "alice" },
      { name: "ProcessName", value: null },
    ]);
    expect(a?.rendering).toEqual({
      level: "Information",
      message: "Audit outgoing NTLM authentication traffic that would be blocked.",
    });
    expect(b?.eventData).toEqual([
      { name: undefined, value: "cifs/fs02" },
      { name: undefined, value: "carol" },
    ]);
  });

  it("json-splunk: results with _raw XML (single-quoted attributes)", async () => {
    const items = await readFiles([fixture("splunk-export.ndjson")]);
    expect(rejects(items)).toEqual([]);
    const [a, b] = records(items);
    expect(a?.origin).toMatchObject({ format: "json-splunk", record: 1, line: 1 });
    expect(a?.system).toMatchObject({
      eventId: "8002",
      eventRecordId: "77",
      processId: "708",
      userId: "S-1-5-18",
    });
    expect(data(a).ProcessName).toBe("C:\\Windows\\System32\\lsass.exe");
    expect(b?.origin).toMatchObject({ format: "json-splunk", record: 2, line: 2 });
    expect(data(b)).toEqual({ UserName: "bob" });
  });

  it("a Log Analytics query response gives one record per row", async () => {
    const items = await readFiles([fixture("la-query-response.json")]);
    expect(rejects(items)).toEqual([]);
    const recs = records(items);
    expect(recs.map((r) => [r.origin.format, r.origin.record, r.system.eventId])).toEqual([
      ["json-sentinel-windowsevent", 1, "8001"],
      ["json-sentinel-windowsevent", 2, "8002"],
    ]);
    expect(data(recs[0])).toEqual({ TargetName: "cifs/fs01" });
    expect(data(recs[1])).toEqual({ CallerPID: "4" });
  });
});

describe("JSON layouts and bad input", () => {
  it("NDJSON: a bad line between good ones is rejected with its line number", async () => {
    const text = [
      evtxLine(1),
      '{"Event": {"System": {"EventID": 8001}, oops}}',
      "",
      evtxLine(3),
      '{"Event": "unterminated',
      evtxLine(5),
    ].join("\r\n");
    const items = await readText(text, { chunkSize: 17 });
    expect(records(items).map((r) => [r.origin.record, r.origin.line, r.system.eventRecordId])).toEqual([
      [1, 1, "1"],
      [3, 4, "3"],
      [5, 6, "5"],
    ]);
    expect(rejects(items).map((e) => [e.code, e.location?.record, e.location?.line])).toEqual([
      ["json-malformed", 2, 2],
      ["json-malformed", 4, 5],
    ]);
    expect(rejects(items)[0]?.message).toMatch(/^line 2: invalid JSON/);
  });

  it("concatenated pretty-printed values", async () => {
    const pretty = (n: number): string => JSON.stringify(JSON.parse(evtxLine(n)), null, 2);
    const text = `${pretty(1)}\n${pretty(2)}${pretty(3)}\n`;
    const items = await readText(text, { chunkSize: 5 });
    expect(records(items).map((r) => [r.origin.line, r.system.eventRecordId])).toEqual([
      [1, "1"],
      [12, "2"],
      [22, "3"],
    ]);
  });

  it("top-level array: elements streamed, a bad element reported with its index and line", async () => {
    const text = `[\n${evtxLine(1)},\n{"Event": {"System": {"EventID": 8001,}}},\n${evtxLine(3)},\n42\n]`;
    const items = await readText(text, { chunkSize: 3 });
    expect(records(items).map((r) => [r.origin.record, r.origin.line, r.system.eventRecordId])).toEqual([
      [1, 2, "1"],
      [3, 4, "3"],
    ]);
    const errs = rejects(items);
    expect(errs.map((e) => [e.code, e.location?.record, e.location?.line])).toEqual([
      ["json-malformed", 2, 3],
      ["json-unknown-shape", 4, 5],
    ]);
    expect(errs[0]?.message).toMatch(/^array element 1 \(line 3\)/);
    expect(errs[1]?.message).toMatch(/array element 3/);
  });

  it("wrong JSON types are rejected, naming the field", async () => {
    const lines = [
      '{"Event": "not an object"}',
      '{"Event": {"System": {"EventID": [1, 2]}}}',
      '{"Event": {"System": {"EventID": 1}, "EventData": 5}}',
      '{"winlog": {"event_id": 8001, "event_data": "text"}}',
      '{"system": {"event_id": {"a": 1}}}',
      evtxLine(6),
    ];
    const items = await readText(lines.join("\n"));
    expect(records(items).map((r) => r.origin.record)).toEqual([6]);
    const errs = rejects(items);
    expect(errs.every((e) => e.code === "json-invalid-field")).toBe(true);
    expect(errs.map((e) => e.location?.line)).toEqual([1, 2, 3, 4, 5]);
    expect(errs.map((e) => e.message)).toEqual([
      "line 1: Event must be an object, not a string",
      "line 2: Event.System.EventID must be a string, a number or a boolean, not an array",
      "line 3: Event.EventData must be an object, an array or a string, not a number",
      "line 4: winlog.event_data must be an object, not a string",
      "line 5: system.event_id must be a string, a number or a boolean, not an object",
    ]);
  });

  it("an unknown shape is rejected naming file and line", async () => {
    const items = await readText(`${evtxLine(1)}\n{"hello": "world"}\n["x"]\n`);
    expect(records(items)).toHaveLength(1);
    const errs = rejects(items);
    expect(errs.map((e) => [e.code, e.location?.line])).toEqual([
      ["json-unknown-shape", 2],
      ["json-unknown-shape", 3],
    ]);
    expect(errs[0]?.describe()).toMatch(
      /^- \(record 2, line 2\): line 2: unrecognised JSON document \(keys: hello\)/,
    );
  });

  it("a Splunk _raw that is not XML is refused", async () => {
    const items = await readText(
      '{"result": {"_raw": "05/01/2024 10:00:00 AM LogName=Microsoft-Windows-NTLM/Operational"}}',
    );
    expect(rejects(items)[0]?.code).toBe("json-unknown-shape");
  });

  it("a document over maxRecordChars is rejected without losing the neighbours", async () => {
    const big = JSON.stringify({
      Event: { System: { EventID: 8001 }, EventData: { X: "y".repeat(100_000) } },
    });
    for (const layout of ["ndjson", "array"] as const) {
      const body = [evtxLine(1), big, evtxLine(3)];
      const text = layout === "ndjson" ? body.join("\n") : `[${body.join(",\n")}]`;
      const items = await readText(text, { chunkSize: 1000, limits: { maxRecordChars: 10_000 } });
      expect(records(items).map((r) => r.system.eventRecordId)).toEqual(["1", "3"]);
      expect(rejects(items).map((e) => [e.code, e.location?.record, e.location?.line])).toEqual([
        ["record-too-large", 2, 2],
      ]);
    }
  });

  it("keeps the exact source digits of large and inexact numbers", async () => {
    const items = await readText(
      '{"system": {"event_id": 8001, "keywords": 9223372036854775809}, "event_data": {"Big": 12345678901234567890, "F": 1.50, "S": "9223372036854775808"}}',
    );
    const [rec] = records(items);
    expect(rec?.system.keywords).toBe("0x8000000000000001");
    expect(data(rec)).toEqual({ Big: "12345678901234567890", F: "1.50", S: "9223372036854775808" });
  });
});
