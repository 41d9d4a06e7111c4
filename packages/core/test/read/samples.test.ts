import path from "node:path";
import { describe, expect, it } from "vitest";
import { data, readFiles, records, rejects, SAMPLES } from "./read-helpers.js";

const carved = (name: string): string => path.join(SAMPLES, "carved", name);

describe("real samples", () => {
  it.each([
    ["jump01_8001_8002_8003.xml", 90, "xml"],
    ["jump01_8001_8002_8003.ndjson", 90, "json-evtx"],
    ["pki01_8002.xml", 7, "xml"],
    ["pki01_8002.ndjson", 7, "json-evtx"],
  ])("%s gives %i records", async (name, count, format) => {
    const items = await readFiles([carved(name)]);
    expect(rejects(items)).toEqual([]);
    const recs = records(items);
    expect(recs).toHaveLength(count);
    expect(recs.every((r) => r.origin.format === format)).toBe(true);
    expect(recs.map((r) => r.origin.record)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it("XML and NDJSON renderings of the carved records agree", async () => {
    const xml = records(await readFiles([carved("jump01_8001_8002_8003.xml")]));
    const json = records(await readFiles([carved("jump01_8001_8002_8003.ndjson")]));
    expect(xml.map((r) => r.system)).toEqual(json.map((r) => r.system));
    expect(xml.map((r) => r.eventData)).toEqual(json.map((r) => r.eventData));
    const ids = xml.map((r) => r.system.eventId);
    expect(ids.filter((id) => id === "8002")).toHaveLength(48);
    expect(ids.filter((id) => id === "8003")).toHaveLength(34);
    expect(ids.filter((id) => id === "8001")).toHaveLength(8);
  });

  it("keeps System values verbatim and reports start lines", async () => {
    const [first] = records(await readFiles([carved("jump01_8001_8002_8003.xml")]));
    expect(first?.origin).toMatchObject({ record: 1, line: 8, format: "xml" });
    expect(first?.system).toMatchObject({
      providerName: "Microsoft-Windows-NTLM",
      providerGuid: "{AC43300D-5FCC-4800-8E99-1BD3F85F0320}",
      eventId: "8002",
      keywords: "0x8000000000000000",
      timeCreated: "2020-07-06T08:41:10.3568583Z",
      eventRecordId: "1261",
      activityId: "{E4D8D5C1-4F7E-0006-C2D5-D8E47E4FD601}",
      processId: "708",
      threadId: "2384",
      computer: "jump01.offsec.lan",
      userId: "S-1-5-18",
    });
    expect(data(first)).toMatchObject({ CallerPID: "708", ClientLUID: "0x3e4", MechanismOID: "(NULL)" });
  });

  it("reads the Event Viewer copy with its '- ' markers", async () => {
    const items = await readFiles([path.join(SAMPLES, "atc-data/dn0082-8002-eventviewer-copy.xml")]);
    expect(rejects(items)).toEqual([]);
    const recs = records(items);
    expect(recs).toHaveLength(1);
    expect(recs[0]?.system).toMatchObject({
      eventId: "8002",
      computer: "dc.yugoslavskiy.local",
      timeCreated: "2019-03-02T23:00:00.746139000Z",
    });
    expect(recs[0]?.system.activityId).toBeUndefined();
    expect(data(recs[0])).toEqual({
      CallerPID: "4",
      ProcessName: null,
      ClientLUID: "0x3e7",
      ClientUserName: "DC$",
      ClientDomainName: "atc",
      MechanismOID: "1.3.6.1.4.1.311.2.2.10",
    });
  });

  it.each([
    ["seed-4001-desktop-k7q9ms2-32.json", "4001"],
    ["seed-4014-lab-win11-1103.json", "4014"],
    ["seed-8002-lab-win11-1104.json", "8002"],
    ["seed-8003-lab-win11-957.json", "8003"],
  ])("reads seed %s", async (name, id) => {
    const items = await readFiles([path.join(SAMPLES, "seeds", name)]);
    expect(rejects(items)).toEqual([]);
    const recs = records(items);
    expect(recs).toHaveLength(1);
    expect(recs[0]?.origin.format).toBe("json-seed");
    expect(recs[0]?.system.eventId).toBe(id);
    // 9223372036854775808 is above 2^53: taken from the source digits, not from a double.
    expect(recs[0]?.system.keywords).toBe("0x8000000000000000");
  });

  it("converts seed values to strings exactly", async () => {
    const [rec] = records(await readFiles([path.join(SAMPLES, "seeds/seed-8003-lab-win11-957.json")]));
    expect(data(rec)).toMatchObject({ CallerPID: "764", LogonType: "3", InProc: "true" });
    expect(rec?.system).toMatchObject({
      timeCreated: "2026-03-09T00:55:20.842728+00:00",
      processId: "764",
      eventSourceName: "",
    });
    const [withMessage] = records(
      await readFiles([path.join(SAMPLES, "seeds/seed-4001-desktop-k7q9ms2-32.json")]),
    );
    expect(withMessage?.rendering?.message).toMatch(/^NTLM client blocked/);
    expect(withMessage?.system.relatedActivityId).toBe("");
  });

  it("reads the whole samples directory, skipping the YAML document", async () => {
    const items = await readFiles(["test/fixtures/samples"]);
    expect(rejects(items)).toEqual([]);
    expect(records(items)).toHaveLength(90 + 90 + 7 + 7 + 1 + 4);
  });
});
