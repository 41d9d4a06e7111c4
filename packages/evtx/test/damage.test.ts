import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ReadItem } from "@ntlm-siem/core";
import { crc32, readEvtx } from "../src/index.js";
import { chunk, evtxFile, simpleEvent } from "./helpers/binxml-asm.js";
import { FIXTURES } from "./helpers/reference.js";

/**
 * Damaged copies of fixtures, made in memory: every kind of damage is reported (a warning when no record is
 * lost, a reject naming the record when one is) and the rest of the file is still read. Nothing throws.
 */

const dir = mkdtempSync(join(tmpdir(), "evtx-damage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function readBytes(bytes: Buffer): Promise<ReadItem[]> {
  const path = join(dir, `f${n++}.evtx`);
  writeFileSync(path, bytes);
  const items: ReadItem[] = [];
  for await (const item of readEvtx(path, { file: "damaged.evtx" })) items.push(item);
  return items;
}

function summary(items: ReadItem[]): { records: number; rejects: string[]; warnings: string[] } {
  return {
    records: items.filter((i) => i.kind === "record").length,
    rejects: items.flatMap((i) => (i.kind === "reject" ? [i.error.code] : [])),
    warnings: [...new Set(items.flatMap((i) => (i.kind === "warning" ? [i.error.code] : [])))].sort(),
  };
}

const security = (): Buffer => readFileSync(join(FIXTURES, "omerbenamram/security.evtx"));
const CHUNK = (i: number): number => 4096 + i * 65536;

function flip(b: Buffer, at: number): void {
  b.writeUInt8(b.readUInt8(at) ^ 0xff, at);
}

function fixFileHeaderCrc(b: Buffer): void {
  b.writeUInt32LE(crc32(b, 0, 120), 124);
}

describe("damage is reported, never fatal", () => {
  it("CRC-32 (RFC 1952) of known data", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.from("56789"), 0, 5, crc32(Buffer.from("1234")))).toBe(0xcbf43926);
  });

  it("a bad file header checksum is a warning; every record is still read", async () => {
    const b = security();
    flip(b, 60);
    expect(summary(await readBytes(b))).toEqual({
      records: 2261,
      rejects: [],
      warnings: ["evtx-file-dirty", "evtx-file-header-checksum"],
    });
  });

  it("a bad chunk header checksum and records checksum are warnings", async () => {
    const b = security();
    flip(b, CHUNK(2) + 100); // unused header bytes
    flip(b, CHUNK(3) + 52); // records checksum
    const s = summary(await readBytes(b));
    expect(s.records).toBe(2261);
    expect(s.warnings).toEqual([
      "evtx-chunk-header-checksum",
      "evtx-chunk-records-checksum",
      "evtx-file-dirty",
    ]);
  });

  it("a bad chunk signature: the chunk's records are still found without its header", async () => {
    const b = security();
    b.write("XXXXXXXX", CHUNK(5), "latin1");
    const s = summary(await readBytes(b));
    expect(s.records).toBe(2261);
    expect(s.warnings).toContain("evtx-chunk-signature");
  });

  it("a dirty header counting fewer chunks than the file holds: the chunks beyond are read too", async () => {
    const b = security();
    b.writeUInt16LE(3, 42);
    fixFileHeaderCrc(b);
    const items = await readBytes(b);
    const s = summary(items);
    expect(s.records).toBe(2261);
    expect(s.warnings).toContain("evtx-chunk-beyond-header");
    expect(
      items.filter((i) => i.kind === "warning" && i.error.code === "evtx-chunk-beyond-header"),
    ).toHaveLength(23);
  });

  it("a record size set huge is recovered from the record's Binary XML", async () => {
    const b = security();
    b.writeUInt32LE(0xfffffff0, CHUNK(0) + 512 + 4);
    const items = await readBytes(b);
    const s = summary(items);
    expect(s.records).toBe(2261);
    expect(s.warnings).toContain("evtx-record-size");
  });

  it("a record with garbage instead of Binary XML is rejected by number and offset; its neighbours are read", async () => {
    const b = security();
    const at = CHUNK(0) + 512;
    const size = b.readUInt32LE(at + 4);
    const second = at + size;
    b.fill(0xee, second + 24, second + 40);
    const items = await readBytes(b);
    const s = summary(items);
    expect(s.records).toBe(2260);
    expect(s.rejects).toHaveLength(1);
    const reject = items.find((i) => i.kind === "reject");
    expect(reject?.kind === "reject" && reject.error.location).toEqual({
      file: "damaged.evtx",
      record: 2,
      offset: second,
    });
    expect(reject?.kind === "reject" && reject.error.message).toMatch(
      /chunk 0: event record 2 cannot be read/,
    );
  });

  it("zeroed template definitions lose the records that use them, and only those", async () => {
    const b = security();
    const at = CHUNK(1) + 512;
    b.fill(0, at + 24, at + 200); // the first record of chunk 1 defines its templates inline
    const s = summary(await readBytes(b));
    expect(s.records).toBeGreaterThan(2000);
    expect(s.records).toBeLessThan(2261);
    expect(s.rejects.length).toBe(2261 - s.records);
  });

  it("a file truncated inside a chunk: what is there is read, the cut record rejected", async () => {
    const b = security().subarray(0, CHUNK(1) + 30000);
    const s = summary(await readBytes(Buffer.from(b)));
    expect(s.records).toBeGreaterThan(91);
    expect(s.records).toBeLessThan(177);
    expect(s.warnings).toContain("evtx-file-truncated");
  });

  it("a file too small for a header, a file that is not EVTX, a missing file", async () => {
    expect(summary(await readBytes(Buffer.from("ElfFile\0")))).toEqual({
      records: 0,
      rejects: ["evtx-file-truncated"],
      warnings: [],
    });
    const notEvtx = summary(await readBytes(Buffer.alloc(70000, 0x41)));
    expect(notEvtx.records).toBe(0);
    expect(notEvtx.warnings).toContain("evtx-file-signature");
    const items: ReadItem[] = [];
    for await (const item of readEvtx(join(dir, "missing.evtx"))) items.push(item);
    expect(summary(items).rejects).toEqual(["input-not-found"]);
  });

  it("malformed UTF-16 in a record is replaced with U+FFFD and reported as a warning on that record", async () => {
    const file = evtxFile([
      chunk([
        (a) =>
          simpleEvent(a, (d) =>
            d.element("Data", [["Name", (x) => x.text("S")]], (x) => x.u8(0x05).u8(0x01).u16(1).u16(0xdc00)),
          ),
      ]),
    ]);
    const items = await readBytes(file);
    const record = items.find((i) => i.kind === "record");
    expect(record?.kind === "record" && record.record.eventData).toEqual([{ name: "S", value: "\uFFFD" }]);
    const warning = items.find((i) => i.kind === "warning");
    expect(warning?.kind === "warning" && warning.error.code).toBe("evtx-utf16-malformed");
    expect(warning?.kind === "warning" && warning.error.location).toEqual({
      file: "damaged.evtx",
      record: 1,
      offset: 4096 + 512,
    });
  });

  it("warnings of one kind beyond the cap are summarised", async () => {
    const b = security();
    for (let i = 0; i < 20; i++) b.write("XXXXXXXX", CHUNK(i), "latin1");
    const path = join(dir, "capped.evtx");
    writeFileSync(path, b);
    const items: ReadItem[] = [];
    for await (const item of readEvtx(path, { limits: { maxWarningsPerCode: 5 } })) items.push(item);
    const sig = items.flatMap((i) =>
      i.kind === "warning" && i.error.code === "evtx-chunk-signature" ? [i.error] : [],
    );
    expect(sig).toHaveLength(6);
    expect(sig[5]?.message).toMatch(/15 more warning\(s\) of this kind \(20 in all\)/);
  });

  it("random byte damage never throws, hangs or loses the undamaged chunks (fuzz, fixed seed)", async () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const base = readFileSync(join(FIXTURES, "omerbenamram/new-user-security.evtx"));
    for (let round = 0; round < 150; round++) {
      const b = Buffer.from(base);
      const flips = 1 + Math.floor(rand() * 40);
      for (let i = 0; i < flips; i++) {
        const at = 4096 + Math.floor(rand() * 8000);
        b[at] = Math.floor(rand() * 256);
      }
      const items = await readBytes(b);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) if (item.kind !== "record") expect(item.error.stage).toBe("read");
    }
  });
});
