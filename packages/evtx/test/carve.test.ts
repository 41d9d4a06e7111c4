import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RawRecord, ReadItem } from "@ntlm-siem/core";
import { IdRanges, crc32, inspectEvtx, readEvtx, readEvtxEvents, renderEvtxXml } from "../src/index.js";
import { tableCrc32 } from "../src/crc32.js";
import { buildEvtx } from "../src/writer/index.js";
import { FIXTURES } from "./helpers/reference.js";
import { carvedEvents, goldenEvents } from "./writer/event-sources.js";
import { parseEventXml } from "@ntlm-siem/core";

const PKI01 = join(FIXTURES, "mdecrevoisier/ID5124-OCSP_security_settings_changed.evtx");
const EXPECTED = join(FIXTURES, "mdecrevoisier/pki01_8002.expected.ndjson");

const tmp = mkdtempSync(join(tmpdir(), "evtx-carve-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function collect(path: string, carve: boolean): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readEvtx(path, { file: "f.evtx", carve })) items.push(item);
  return items;
}

const records = (items: ReadItem[]): RawRecord[] =>
  items.flatMap((i) => (i.kind === "record" ? [i.record] : []));

interface ExpectedLine {
  Event: {
    System: {
      Provider: { Name: string; Guid: string };
      EventID: number;
      Version: number;
      Level: number;
      Task: number;
      Opcode: number;
      Keywords: string;
      TimeCreated: { SystemTime: string };
      EventRecordID: number;
      Correlation: { ActivityID: string };
      Execution: { ProcessID: number; ThreadID: number };
      Channel: string;
      Computer: string;
      Security: { UserID: string };
    };
    EventData: Record<string, string | number>;
  };
  _provenance: { file_offset: number; record_size: number };
}

/** The expected file's record as a RawRecord's parts: every System value but Computer, and every EventData value. */
function expectedParts(line: ExpectedLine): {
  offset: number;
  system: RawRecord["system"];
  eventData: RawRecord["eventData"];
} {
  const s = line.Event.System;
  return {
    offset: line._provenance.file_offset,
    system: {
      providerName: s.Provider.Name,
      providerGuid: s.Provider.Guid,
      eventId: String(s.EventID),
      version: String(s.Version),
      level: String(s.Level),
      task: String(s.Task),
      opcode: String(s.Opcode),
      keywords: s.Keywords,
      timeCreated: s.TimeCreated.SystemTime,
      eventRecordId: String(s.EventRecordID),
      activityId: s.Correlation.ActivityID,
      processId: String(s.Execution.ProcessID),
      threadId: String(s.Execution.ThreadID),
      channel: s.Channel,
      userId: s.Security.UserID,
    },
    eventData: Object.entries(line.Event.EventData).map(([name, value]) => ({ name, value: String(value) })),
  };
}

describe("carving deleted records (--carve)", () => {
  it("recovers exactly the 7 deleted NTLM 8002 records of the mdecrevoisier slack, every value but Computer", async () => {
    const expected = readFileSync(EXPECTED, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => expectedParts(JSON.parse(l) as ExpectedLine));
    const items = await collect(PKI01, true);
    const live = records(items).filter((r) => r.origin.recovered !== true);
    const carved = records(items).filter((r) => r.origin.recovered === true);
    expect(live).toHaveLength(7);
    expect(live.every((r) => r.system.channel === "Security")).toBe(true);
    expect(carved).toHaveLength(expected.length);
    for (const [i, want] of expected.entries()) {
      const got = carved[i] as RawRecord;
      expect(got.origin).toEqual({
        file: "f.evtx",
        record: 8 + i,
        offset: want.offset,
        format: "evtx",
        recovered: true,
      });
      // Computer is static text of the (overwritten) template, not a value: a carved record has none.
      expect(got.system.computer).toBeUndefined();
      expect(got.system).toEqual(want.system);
      expect(got.eventData).toEqual(want.eventData);
    }
    expect(items.filter((i) => i.kind === "reject")).toEqual([]);
    const codes = new Set(items.flatMap((i) => (i.kind === "warning" ? [i.error.code] : [])));
    expect(codes).toContain("evtx-carve-values-only");
    expect(codes).not.toContain("evtx-carve-failed");
  });

  it("without carve the deleted records are not read", async () => {
    const items = await collect(PKI01, false);
    expect(records(items)).toHaveLength(7);
    expect(records(items).some((r) => r.origin.recovered === true)).toBe(false);
  });

  it("renders carved records as Event XML that core's XML reader reads back", async () => {
    const seen: RawRecord[] = [];
    for await (const item of readEvtxEvents(PKI01, { carve: true })) {
      if (item.kind !== "event" || item.event.recovered === undefined) continue;
      expect(item.event.recovered).toBe("values");
      const xml = renderEvtxXml(item.event.content);
      seen.push(parseEventXml(xml, { file: "-", record: 1, format: "xml" }));
    }
    expect(seen).toHaveLength(7);
    expect(seen[0]?.system.eventRecordId).toBe("1715");
    expect(seen[0]?.eventData.map((d) => d.name)).toEqual([
      "CallerPID",
      "ProcessName",
      "ClientLUID",
      "ClientUserName",
      "ClientDomainName",
      "MechanismOID",
    ]);
  });

  it("inspect counts recovered records apart from live ones", async () => {
    const report = await inspectEvtx(PKI01, { carve: true });
    expect(report.records).toMatchObject({ read: 7, rejected: 0, recovered: 7, recoveredFromValues: 7 });
    expect(report.channels).toEqual({ Security: 7 });
    expect(report.recoveredEventIds).toEqual({ "8002": 7 });
    expect(report.recoveredChannels).toEqual({ "Microsoft-Windows-NTLM/Operational": 7 });
  });

  it("recovers the writer's slack records with their templates, equal to the input, never duplicating a live one", async () => {
    const events = [...goldenEvents(), ...carvedEvents()];
    const { buffer, summary } = buildEvtx(
      events.map((e) => e.xml),
      { maxRecordsPerChunk: 12, damage: { slackRecords: 3 } },
    );
    const path = join(tmp, "slack.evtx");
    writeFileSync(path, buffer);
    const items = await collect(path, true);
    const all = records(items);
    const live = all.filter((r) => r.origin.recovered !== true);
    const carved = all.filter((r) => r.origin.recovered === true);
    const slack = summary.chunks.flatMap((c) =>
      c.slack.map((s) => ({ offset: c.fileOffset + s.offset, id: s.id })),
    );
    expect(live).toHaveLength(summary.records);
    // Golden cases repeat some real records (same identifier and time): their deleted copies are not repeated.
    const key = (r: RawRecord): string => `${r.system.eventRecordId} ${r.system.timeCreated}`;
    const liveKeys = new Set(live.map(key));
    const duplicates = items.filter((i) => i.kind === "warning" && i.error.code === "evtx-carve-duplicate");
    expect(duplicates).toHaveLength(3);
    expect(carved).toHaveLength(slack.length - duplicates.length);
    const carvedOffsets = new Set(carved.map((r) => r.origin.offset));
    for (const s of slack) {
      if (carvedOffsets.has(s.offset)) continue;
      const dup = duplicates.find((d) => d.kind === "warning" && d.error.location?.offset === s.offset);
      expect(dup, `slack record at ${s.offset}`).toBeDefined();
    }
    expect(carved.every((r) => !liveKeys.has(key(r)))).toBe(true);
    // Each carved record equals its input event (templates intact: Computer and names included).
    const byOffset = new Map<number, number>();
    let n = 0;
    for (const c of summary.chunks) {
      for (const r of [...c.records, ...c.slack].sort((a, b) => a.offset - b.offset))
        byOffset.set(c.fileOffset + r.offset, n++);
    }
    for (const r of carved) {
      const source = events[byOffset.get(r.origin.offset as number) as number];
      const want = parseEventXml(source?.xml ?? "", r.origin);
      expect({ system: r.system, eventData: r.eventData, userData: r.userData }).toEqual({
        system: want.system,
        eventData: want.eventData,
        userData: want.userData,
      });
    }
    expect(items.filter((i) => i.kind === "reject")).toEqual([]);
    const carvedKeys = carved.map(key);
    expect(new Set(carvedKeys).size).toBe(carvedKeys.length);
  });

  it("a deleted copy of a live record is reported, not repeated", async () => {
    const events = goldenEvents().slice(0, 6);
    const { buffer, summary } = buildEvtx(
      events.map((e) => e.xml),
      { damage: { slackRecords: 2 } },
    );
    const chunk = summary.chunks[0];
    const slack = chunk?.slack[0];
    const first = chunk?.records[0];
    if (chunk === undefined || slack === undefined || first === undefined) throw new Error("no slack");
    // Make the deleted record a copy of a live one's header (identifier and written time).
    const at = chunk.fileOffset + slack.offset;
    buffer.copy(buffer, at + 8, chunk.fileOffset + first.offset + 8, chunk.fileOffset + first.offset + 24);
    const path = join(tmp, "dup.evtx");
    writeFileSync(path, buffer);
    const items = await collect(path, true);
    expect(records(items).filter((r) => r.origin.recovered === true)).toHaveLength(1);
    expect(items.some((i) => i.kind === "warning" && i.error.code === "evtx-carve-duplicate")).toBe(true);
  });

  it("carving every fixture: only slack candidates, no throw, no duplicate identifiers", async () => {
    for (const f of [
      "omerbenamram/security.evtx",
      "omerbenamram/sample_with_a_bad_chunk_magic.evtx",
      "omerbenamram/sample-with-zero-data-size-event.evtx",
    ]) {
      const plain = records(await collect(join(FIXTURES, f), false));
      const items = await collect(join(FIXTURES, f), true);
      const live = records(items).filter((r) => r.origin.recovered !== true);
      expect(live).toEqual(plain);
    }
  });
});

describe("IdRanges", () => {
  it("keeps identifiers as merged ranges", () => {
    const r = new IdRanges();
    const t = (n: number): string => `2024-01-01T00:00:${String(n).padStart(2, "0")}.0000000Z`;
    for (const id of [5, 6, 7, 1, 3, 2, 10, 9, 8, 4]) r.add(id, t(id));
    expect(r.rangeCount).toBe(1);
    for (let i = 1; i <= 10; i++) expect(r.has(i, t(i))).toBe(true);
    expect(r.has(0, t(1))).toBe(false);
    expect(r.has(11, t(10))).toBe(false);
    expect(r.has(5, t(30))).toBe(false);
    r.add(20, t(20));
    expect(r.rangeCount).toBe(2);
    expect(r.has(15, t(15))).toBe(false);
    r.add(19, t(19));
    r.add(11, t(11));
    expect(r.rangeCount).toBe(2);
  });
});

describe("crc32", () => {
  it("the table fallback agrees with the native zlib.crc32 over fixture chunks", () => {
    const b = readFileSync(PKI01);
    expect(tableCrc32(b, 4096 + 512, 4096 + 5432)).toBe(crc32(b, 4096 + 512, 4096 + 5432));
    expect(tableCrc32(b, 128, 512, tableCrc32(b, 0, 120))).toBe(crc32(b, 128, 512, crc32(b, 0, 120)));
  });
});
