import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEventXml } from "@ntlm-siem/core";
import type { RawRecord } from "@ntlm-siem/core";
import { afterAll, describe, expect, it } from "vitest";
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, ValueType } from "../../src/binxml/constants.js";
import { nameHash } from "../../src/writer/chunk-tables.js";
import { buildEvtx, writeEvtx, writeEvtxFile } from "../../src/writer/index.js";
import type { EvtxWriterOptions } from "../../src/writer/index.js";
import { filetimeFromIso } from "../../src/writer/values.js";
import { carvedEvents, goldenEvents, splitEvents } from "./event-sources.js";
import type { SourceEvent } from "./event-sources.js";
import { inspectEvtx, readInstance, readName, recordsFrom, renderValue } from "./evtx-inspect.js";
import type { InspectedChunk } from "./evtx-inspect.js";

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/written");
const FIXTURE = join(FIXTURE_DIR, "ntlm-golden.evtx");
const FIXTURE_XML = join(FIXTURE_DIR, "ntlm-golden.evtxexport.xml");
const FIXTURE_SOURCES = join(FIXTURE_DIR, "ntlm-golden.sources.json");
/** `UPDATE_WRITTEN_FIXTURES=1 pnpm exec vitest run test/writer` rewrites the committed fixture. */
const UPDATE = process.env.UPDATE_WRITTEN_FIXTURES === "1";
const HAS_EVTXEXPORT = spawnSync("which", ["evtxexport"]).status === 0;

const carved = carvedEvents();
const golden = goldenEvents();
const all = [...golden, ...carved];
const tmp = mkdtempSync(join(tmpdir(), "evtx-writer-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const xmls = (events: readonly SourceEvent[]): string[] => events.map((e) => e.xml);
const parse = (xml: string, n = 1): RawRecord => parseEventXml(xml, { file: "-", record: n, format: "xml" });

/** Outer (System) template substitution index → RawSystem field, Windows' layout. */
const SYSTEM_INDEX: ReadonlyArray<readonly [number, keyof RawRecord["system"]]> = [
  [0, "level"],
  [1, "opcode"],
  [2, "task"],
  [3, "eventId"],
  [4, "qualifiers"],
  [5, "keywords"],
  [6, "timeCreated"],
  [7, "activityId"],
  [8, "processId"],
  [9, "threadId"],
  [10, "eventRecordId"],
  [11, "version"],
  [12, "userId"],
  [13, "relatedActivityId"],
  [14, "providerName"],
  [15, "providerGuid"],
  [16, "channel"],
];

/**
 * Values compared by meaning where a renderer's form legitimately differs from the input's: SystemTime digits
 * (evtxexport prints 9, the input has 7 or 9), hex padding (evtxexport prints HexInt64 with 16 digits, Windows
 * without leading zeros), GUID letter case.
 */
function norm(key: string, v: string | null | undefined): string | null | undefined {
  if (v === null || v === undefined) return v;
  if (key === "timeCreated") return filetimeFromIso(v)?.toString() ?? v;
  if (/^0x[0-9a-f]+$/.test(v)) return `0x${BigInt(v).toString(16)}`;
  if (/^\{[0-9a-fA-F-]{36}\}$/.test(v)) return v.toUpperCase();
  return v;
}

function comparable(r: RawRecord): unknown {
  return {
    system: Object.fromEntries(
      Object.entries(r.system as Record<string, string>).map(([k, v]) => [k, norm(k, v)]),
    ),
    eventData: r.eventData.map((d) => ({ name: d.name, value: norm("", d.value) })),
    userData: r.userData?.map((d) => ({ name: d.name, value: norm("", d.value) })),
  };
}

function recordInstances(chunk: InspectedChunk): ReturnType<typeof readInstance>[] {
  return chunk.records.map((r) => {
    // Record header (24 bytes), then the fragment header, then the template instance.
    expect([...chunk.buf.subarray(r.offset + 24, r.offset + 28)]).toEqual([0x0f, 1, 1, 0]);
    return readInstance(chunk.buf, r.offset + 28);
  });
}

describe("EVTX writer: structure and checksums (pure TypeScript)", () => {
  const { buffer, summary } = buildEvtx(xmls(all));
  const file = inspectEvtx(buffer);
  const inputs = all.map((e, i) => parse(e.xml, i + 1));

  it("writes a clean file header", () => {
    expect(buffer.length).toBe(FILE_HEADER_BLOCK_SIZE + summary.chunks.length * CHUNK_SIZE);
    expect(file.signature).toBe("ElfFile\0");
    expect(file.headerSize).toBe(128);
    expect([file.majorVersion, file.minorVersion]).toEqual([3, 1]);
    expect(file.blockSize).toBe(4096);
    expect(file.chunkCount).toBe(file.chunks.length);
    expect(file.chunks.length).toBeGreaterThan(1);
    expect(file.firstChunk).toBe(0n);
    expect(file.lastChunk).toBe(BigInt(file.chunks.length - 1));
    const ids = inputs.map((r) => BigInt(r.system.eventRecordId ?? "0"));
    expect(file.nextRecordId).toBe(ids.reduce((a, b) => (b > a ? b : a)) + 1n);
    expect(file.flags).toBe(0);
    expect(file.checksum).toBe(file.checksumComputed);
    expect(buffer.subarray(128, FILE_HEADER_BLOCK_SIZE).every((b) => b === 0)).toBe(true);
  });

  it("packs every event into chunks with consistent headers and checksums", () => {
    let number = 1n;
    let n = 0;
    for (const [i, chunk] of file.chunks.entries()) {
      expect(chunk.signature).toBe("ElfChnk\0");
      expect(chunk.headerSize).toBe(128);
      expect(chunk.headerChecksum).toBe(chunk.headerChecksumComputed);
      expect(chunk.recordsChecksum).toBe(chunk.recordsChecksumComputed);
      expect(chunk.buf.readUInt32LE(120)).toBe(1);
      const records = chunk.records;
      const first = records[0];
      const last = records[records.length - 1];
      if (first === undefined || last === undefined) throw new Error(`chunk ${i} has no record`);
      expect(first.offset).toBe(512);
      expect(last.offset + last.size).toBe(chunk.freeSpaceOffset);
      expect(chunk.lastRecordOffset).toBe(last.offset);
      expect([chunk.firstNumber, chunk.lastNumber]).toEqual([number, number + BigInt(records.length - 1)]);
      expect([chunk.firstId, chunk.lastId]).toEqual([first.id, last.id]);
      expect(chunk.buf.subarray(chunk.freeSpaceOffset).every((b) => b === 0)).toBe(true);
      for (const r of records) {
        expect(r.size % 8).toBe(0);
        expect(r.sizeCopy).toBe(r.size);
        const input = inputs[n++];
        expect(r.id.toString()).toBe(input?.system.eventRecordId);
        expect(r.written.toString()).toBe(filetimeFromIso(input?.system.timeCreated ?? "")?.toString());
      }
      expect(summary.chunks[i]?.records.map((r) => r.offset)).toEqual(records.map((r) => r.offset));
      number += BigInt(records.length);
    }
    expect(n).toBe(all.length);
    expect(summary.records).toBe(all.length);
  });

  it("stores each name once per chunk, hashed into the 64-bucket string table", () => {
    for (const chunk of file.chunks) {
      const seen = new Set<string>();
      chunk.stringTable.forEach((head, bucket) => {
        for (let at = head; at !== 0;) {
          const name = readName(chunk.buf, at);
          expect(name.hash).toBe(nameHash(name.text));
          expect(name.hash % 64).toBe(bucket);
          expect(seen.has(name.text)).toBe(false);
          seen.add(name.text);
          expect(name.next).toBeLessThan(at);
          at = name.next;
        }
      });
      for (const n of ["Event", "System", "Provider", "EventData", "Data", "Name", "Computer", "Security"]) {
        expect(seen.has(n)).toBe(true);
      }
    }
  });

  it("defines each template inline at its first use in a chunk and references it afterwards", () => {
    for (const chunk of file.chunks) {
      const defined = new Map<number, number>();
      const check = (inst: ReturnType<typeof readInstance>): void => {
        const known = defined.get(inst.templateId);
        expect(inst.inline).toBe(known === undefined);
        if (known !== undefined) expect(inst.definitionOffset).toBe(known);
        defined.set(inst.templateId, inst.definitionOffset);
        expect(inst.definition.guid.readUInt32LE(0)).toBe(inst.templateId);
        expect([...inst.definition.fragmentHeader]).toEqual([0x0f, 1, 1, 0]);
        for (const v of inst.values) {
          if (v.type === ValueType.BinXml) check(readInstance(chunk.buf, v.at));
        }
      };
      for (const inst of recordInstances(chunk)) check(inst);
      // The template table lists exactly the chunk's definitions.
      const listed = new Set<number>();
      chunk.templateTable.forEach((head) => {
        for (let at = head; at !== 0; at = chunk.buf.readUInt32LE(at)) listed.add(at);
      });
      expect([...listed].sort()).toEqual([...defined.values()].sort());
    }
  });

  it("stores System values at Windows' substitution indexes and EventData values in a nested template", () => {
    let n = 0;
    for (const chunk of file.chunks) {
      for (const inst of recordInstances(chunk)) {
        const input = inputs[n++];
        if (input === undefined) throw new Error("more records than events");
        const system: Record<string, string> = {};
        for (const [index, key] of SYSTEM_INDEX) {
          const v = inst.values[index];
          const text = v === undefined ? null : renderValue(chunk.buf, v);
          if (text !== null) system[key] = text;
        }
        const { computer: _computer, ...expected } = input.system;
        expect(comparable({ ...input, system, eventData: [] })).toEqual(
          comparable({ ...input, system: expected, eventData: [] }),
        );
        expect(inst.values[3]?.type).toBe(ValueType.UInt16);
        expect(inst.values[5]?.type).toBe(ValueType.HexInt64);
        expect(inst.values[6]?.type).toBe(ValueType.FileTime);
        expect(inst.values[10]?.type).toBe(ValueType.UInt64);
        const body = inst.values[17];
        if (input.eventData.length > 0) {
          expect(body?.type).toBe(ValueType.BinXml);
          if (body === undefined) continue;
          const nested = readInstance(chunk.buf, body.at);
          expect(chunk.buf[nested.end]).toBe(0); // end-of-stream after the nested instance
          const values = nested.values.map((v) => renderValue(chunk.buf, v));
          expect(values.map((v) => (v === "" ? null : v))).toEqual(input.eventData.map((d) => d.value));
        }
      }
    }
  });

  it("types real NTLM EventData values as Windows does (CallerPID UInt32, ClientLUID HexInt64, InProc Boolean)", () => {
    const { buffer: one } = buildEvtx(xmls(carved.slice(0, 3)));
    const chunk = inspectEvtx(one).chunks[0];
    if (chunk === undefined) throw new Error("no chunk");
    const types = recordInstances(chunk).map((inst) => {
      const body = inst.values[17];
      return body === undefined ? [] : readInstance(chunk.buf, body.at).values.map((v) => v.type);
    });
    // jump01 records 1261, 1262 (8002) and 1263 (8003), as their substitution arrays were carved.
    expect(types[0]).toEqual([
      ValueType.UInt32,
      ValueType.WString,
      ValueType.HexInt64,
      ValueType.WString,
      ValueType.WString,
      ValueType.WString,
    ]);
    expect(types[2]).toEqual([
      ValueType.WString,
      ValueType.WString,
      ValueType.WString,
      ValueType.UInt32,
      ValueType.WString,
      ValueType.UInt32,
      ValueType.Bool,
      ValueType.WString,
    ]);
    const { buffer: strings } = buildEvtx(xmls(carved.slice(0, 1)), { inferDataTypes: false });
    const c2 = inspectEvtx(strings).chunks[0];
    const inst = c2 === undefined ? undefined : recordInstances(c2)[0];
    const body = inst?.values[17];
    if (c2 === undefined || body === undefined) throw new Error("no record");
    expect(readInstance(c2.buf, body.at).values.every((v) => v.type === ValueType.WString)).toBe(true);
  });

  it("is deterministic, and the streaming and async writers write the same bytes", async () => {
    expect(buildEvtx(xmls(all)).buffer.equals(buffer)).toBe(true);
    async function* gen(): AsyncGenerator<string> {
      for (const e of all) {
        await Promise.resolve();
        yield e.xml;
      }
    }
    expect((await writeEvtx(gen())).equals(buffer)).toBe(true);
    const path = join(tmp, "streamed.evtx");
    const streamed = await writeEvtxFile(path, gen());
    expect(readFileSync(path).equals(buffer)).toBe(true);
    expect(streamed.records).toBe(all.length);
  });

  it("renumbers records and caps records per chunk on request", () => {
    const { buffer: b, summary: s } = buildEvtx(xmls(carved), {
      recordIds: "sequential",
      firstRecordId: 100,
      maxRecordsPerChunk: 10,
    });
    const f = inspectEvtx(b);
    expect(f.chunks.map((c) => c.records.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 7]);
    const ids = f.chunks.flatMap((c) => c.records.map((r) => r.id));
    expect(ids).toEqual(carved.map((_, i) => BigInt(100 + i)));
    expect(f.nextRecordId).toBe(BigInt(100 + carved.length));
    // EventRecordID inside the event follows the record header.
    const chunk = f.chunks[1];
    if (chunk === undefined) throw new Error("no chunk");
    const inst = recordInstances(chunk)[0];
    expect(inst && renderValue(chunk.buf, inst.values[10] ?? { type: 0, at: 0, size: 0 })).toBe("110");
    expect(s.chunks.length).toBe(10);
  });

  it("writes damaged files on request: dirty/full flags, bad checksums, a wrong chunk count", () => {
    const options: EvtxWriterOptions = {
      maxRecordsPerChunk: 20,
      damage: {
        dirty: true,
        full: true,
        fileHeaderChecksum: "wrong",
        chunkHeaderChecksum: "zero",
        recordsChecksum: "wrong",
        headerChunkCount: 2,
        chunks: [1, 3],
      },
    };
    const f = inspectEvtx(writeEvtx(xmls(carved), options));
    expect(f.flags).toBe(3);
    expect(f.checksum).toBe(~f.checksumComputed >>> 0);
    expect(f.chunkCount).toBe(2);
    expect(f.chunks.length).toBe(5);
    expect(f.lastChunk).toBe(4n);
    f.chunks.forEach((c, i) => {
      const damaged = i === 1 || i === 3;
      expect(c.headerChecksum).toBe(damaged ? 0 : c.headerChecksumComputed);
      expect(c.recordsChecksum).toBe(damaged ? ~c.recordsChecksumComputed >>> 0 : c.recordsChecksumComputed);
    });
    const zero = inspectEvtx(writeEvtx(xmls(carved.slice(0, 2)), { damage: { fileHeaderChecksum: "zero" } }));
    expect(zero.checksum).toBe(0);
  });

  it("leaves complete deleted records in chunk slack, with a header that only describes the live ones", () => {
    const { buffer: b, summary: s } = buildEvtx(xmls(carved), {
      maxRecordsPerChunk: 20,
      damage: { slackRecords: 4 },
    });
    const f = inspectEvtx(b);
    expect(s.records).toBe(carved.length - 4 * f.chunks.length);
    for (const [i, chunk] of f.chunks.entries()) {
      const cs = s.chunks[i];
      if (cs === undefined) throw new Error("summary");
      expect(chunk.records.length).toBe(cs.records.length);
      expect(chunk.recordsChecksum).toBe(chunk.recordsChecksumComputed);
      expect(chunk.headerChecksum).toBe(chunk.headerChecksumComputed);
      const last = chunk.records[chunk.records.length - 1];
      expect(chunk.lastId).toBe(last?.id);
      expect(chunk.lastNumber).toBe(cs.records[cs.records.length - 1]?.number);
      const slack = recordsFrom(chunk.buf, chunk.freeSpaceOffset, CHUNK_SIZE);
      expect(slack.map((r) => r.offset)).toEqual(cs.slack.map((r) => r.offset));
      expect(slack.length).toBe(4);
      for (const r of slack) expect(r.sizeCopy).toBe(r.size);
      // No table entry points into the slack.
      for (const head of [...chunk.stringTable, ...chunk.templateTable]) {
        expect(head).toBeLessThan(chunk.freeSpaceOffset);
      }
    }
  });

  it("refuses what it cannot write", () => {
    expect(() => writeEvtx("<Event/>" as unknown as string[])).toThrow(TypeError);
    expect(() => writeEvtx(["<Events><Event/></Events>"])).toThrow(/not <Event>/);
    expect(() => writeEvtx(["<Event><System></Event>"])).toThrow(/closes/);
    expect(() => writeEvtx(['<!DOCTYPE x [<!ENTITY a "b">]><Event/>'])).toThrow(/DTD/);
    expect(() => writeEvtx(["<Event>&custom;</Event>"])).toThrow(/entity/);
    const huge = `<Event><EventData><Data>${"x".repeat(40_000)}</Data></EventData></Event>`;
    expect(() => writeEvtx([huge])).toThrow(/over 65535|does not fit/);
  });

  it("keeps the committed fixture test/fixtures/written/ntlm-golden.evtx up to date", () => {
    const sources = JSON.stringify(
      all.map((e) => e.source),
      null,
      1,
    );
    if (UPDATE) {
      mkdirSync(FIXTURE_DIR, { recursive: true });
      writeFileSync(FIXTURE, buffer);
      writeFileSync(FIXTURE_SOURCES, `${sources}\n`);
    }
    expect(readFileSync(FIXTURE).equals(buffer)).toBe(true);
    expect(readFileSync(FIXTURE_SOURCES, "utf8")).toBe(`${sources}\n`);
  });
});

function evtxexport(path: string, mode: "items" | "recovered" = "items"): string {
  return execFileSync("evtxexport", ["-f", "xml", "-m", mode, path], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

function expectRoundTrip(events: readonly SourceEvent[], printed: string): void {
  const out = splitEvents(printed);
  expect(out.length).toBe(events.length);
  events.forEach((e, i) => {
    const got = comparable(parse(out[i] ?? "", i + 1));
    expect(got, e.source).toEqual(comparable(parse(e.xml, i + 1)));
  });
}

describe("EVTX writer: checked by evtxexport (libevtx)", () => {
  it.skipIf(!HAS_EVTXEXPORT)(
    "round-trips every real NTLM record of the carved samples (jump01, pki01)",
    () => {
      expect(carved.length).toBe(97);
      const path = join(tmp, "carved.evtx");
      writeFileSync(path, writeEvtx(xmls(carved)));
      expectRoundTrip(carved, evtxexport(path));
    },
  );

  it.skipIf(!HAS_EVTXEXPORT)("round-trips every golden-case input event", () => {
    const path = join(tmp, "golden.evtx");
    writeFileSync(path, writeEvtx(xmls(golden)));
    expectRoundTrip(golden, evtxexport(path));
  });

  it.skipIf(!HAS_EVTXEXPORT)("round-trips across many small chunks and with string-only EventData", () => {
    const path = join(tmp, "small-chunks.evtx");
    writeFileSync(path, writeEvtx(xmls(all), { maxRecordsPerChunk: 7, inferDataTypes: false }));
    expectRoundTrip(all, evtxexport(path));
  });

  it.skipIf(!HAS_EVTXEXPORT)("leaves slack records that libevtx recovers, and only them", () => {
    const path = join(tmp, "slack.evtx");
    const { buffer, summary } = buildEvtx(xmls(carved), {
      maxRecordsPerChunk: 20,
      damage: { slackRecords: 3 },
    });
    writeFileSync(path, buffer);
    const live: SourceEvent[] = [];
    const slack: SourceEvent[] = [];
    let n = 0;
    for (const c of summary.chunks) {
      for (let i = 0; i < c.records.length + c.slack.length; i++) {
        const e = carved[n++];
        if (e !== undefined) (i < c.records.length ? live : slack).push(e);
      }
    }
    expect(slack.length).toBe(15);
    expectRoundTrip(live, evtxexport(path, "items"));
    expectRoundTrip(slack, evtxexport(path, "recovered"));
  });

  it.skipIf(!HAS_EVTXEXPORT)("streams a multi-chunk file from repeated events, renumbered", async () => {
    const path = join(tmp, "bench.evtx");
    const count = 3000;
    function* repeat(): Generator<string> {
      for (let i = 0; i < count; i++) yield carved[i % carved.length]?.xml ?? "";
    }
    const summary = await writeEvtxFile(path, repeat(), { recordIds: "sequential" });
    expect(summary.chunks.length).toBeGreaterThan(20);
    const out = splitEvents(evtxexport(path));
    expect(out.length).toBe(count);
    expect(out.map((x, i) => parse(x, i + 1).system.eventRecordId)).toEqual(
      Array.from({ length: count }, (_, i) => String(i + 1)),
    );
  });

  it.skipIf(!HAS_EVTXEXPORT)("prints the committed fixture as its committed evtxexport XML", () => {
    const printed = evtxexport(FIXTURE);
    if (UPDATE) writeFileSync(FIXTURE_XML, printed);
    // The banner line names the libevtx version; the events must match exactly.
    const events = (text: string): string[] => splitEvents(text);
    expect(events(printed)).toEqual(events(readFileSync(FIXTURE_XML, "utf8")));
    expectRoundTrip(all, printed);
  });
});
