import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReadItem } from "@ntlm-siem/core";
import { inspectEvtx, readEvtx } from "../src/index.js";
import { FIXTURES } from "./helpers/reference.js";

/**
 * Property-based damage over the real fixtures (fast-check, fixed seed): flipped bytes, truncation, offsets made to
 * point into themselves or into other records, and size/count fields set to huge values. Whatever the damage,
 * reading (with carving, which looks at every byte) must end with records or errors: no throw, no hang (a time
 * bound per MB), no unbounded memory (heap after a forced GC within a bound of the heap before).
 */

const SEED = 0x5eed_e7f0;
/** Per case: a fixed allowance plus this much per MB of input (2 shared cores, GC pauses included). */
const MS_FIXED = 400;
const MS_PER_MB = 600;
/** Heap after a forced GC may exceed the heap before the case by at most this much. */
const HEAP_BOUND = 32 * 1024 * 1024;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const dir = mkdtempSync(join(tmpdir(), "evtx-props-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Fixture {
  name: string;
  bytes: Buffer;
  /** File offsets of the live records (targets for structural damage). */
  records: number[];
}

const NAMES = [
  "mdecrevoisier/ID5124-OCSP_security_settings_changed.evtx",
  "omerbenamram/new-user-security.evtx",
  "omerbenamram/Application_no_crc32.evtx",
  "written/ntlm-golden.evtx",
  "velocidex/Security_1_record.evtx",
];
const BIG = "omerbenamram/security.evtx";
const fixtures = new Map<string, Fixture>();

async function recordOffsets(path: string): Promise<number[]> {
  const out: number[] = [];
  for await (const item of readEvtx(path))
    if (item.kind === "record") out.push(item.record.origin.offset as number);
  return out;
}

beforeAll(async () => {
  for (const name of [...NAMES, BIG]) {
    const path = join(FIXTURES, name);
    fixtures.set(name, { name, bytes: readFileSync(path), records: await recordOffsets(path) });
  }
});

let n = 0;

/** Reads damaged bytes as a file, checking the outcome and the time and memory it took. */
async function readDamaged(bytes: Buffer): Promise<number> {
  const path = join(dir, `case-${n++}.evtx`);
  writeFileSync(path, bytes);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const items: ReadItem[] = [];
  for await (const item of readEvtx(path, { file: "damaged.evtx", carve: true })) items.push(item);
  const elapsed = performance.now() - started;
  const records = items.filter((i) => i.kind === "record").length;
  items.length = 0; // what the reader holds, not what this test keeps, is measured
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  rmSync(path);
  expect(elapsed).toBeLessThan(MS_FIXED + (MS_PER_MB * bytes.length) / 1_048_576);
  expect(heapAfter).toBeLessThan(heapBefore + HEAP_BOUND);
  return records;
}

/** The outcome: every item a record, a reject or a warning, and at least one of them. */
async function check(bytes: Buffer): Promise<void> {
  const path = join(dir, `check-${n++}.evtx`);
  writeFileSync(path, bytes);
  const items: ReadItem[] = [];
  for await (const item of readEvtx(path, { file: "damaged.evtx", carve: true })) items.push(item);
  rmSync(path);
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    expect(["record", "reject", "warning"]).toContain(item.kind);
    if (item.kind !== "record") expect(item.error.stage).toBe("read");
  }
}

const HUGE = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000, 0xffff, 0xfffe, 65536 - 24, 1 << 20];

/** One structural or byte-level damage, applied to a copy. */
type Damage =
  | { kind: "flip"; at: number; xor: number }[]
  | { kind: "truncate"; keep: number }
  | { kind: "offset"; record: number; field: number; target: "self" | "before" | "other"; other: number }
  | { kind: "huge"; record: number; field: number; value: number };

function damageArb(f: Fixture): fc.Arbitrary<Damage> {
  const size = f.bytes.length;
  const records = Math.max(1, f.records.length);
  const flips = fc.array(
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.nat(size - 1),
      xor: fc.integer({ min: 1, max: 255 }),
    }),
    { minLength: 1, maxLength: 48 },
  );
  return fc.oneof(
    flips,
    fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat(size) }),
    fc.record({
      kind: fc.constant("offset" as const),
      record: fc.nat(records - 1),
      // A u32 offset field somewhere in the record's Binary XML: the template instance's definition offset lies at
      // body + 10, element name offsets a few bytes into every element; any 4-byte slot is fair game.
      field: fc.integer({ min: 24, max: 400 }),
      target: fc.constantFrom("self" as const, "before" as const, "other" as const),
      other: fc.nat(records - 1),
    }),
    fc.record({
      kind: fc.constant("huge" as const),
      record: fc.nat(records - 1),
      // 4: size field; 34: template instance definition offset; 40/44: template data size / value count region;
      // anything else: a descriptor, a name length or a value.
      field: fc.oneof(fc.constantFrom(4, 34, 38, 44, 48, 62, 64), fc.integer({ min: 24, max: 600 })),
      value: fc.constantFrom(...HUGE),
    }),
  );
}

function apply(f: Fixture, d: Damage): Buffer {
  if (Array.isArray(d)) {
    const b = Buffer.from(f.bytes);
    for (const { at, xor } of d) b.writeUInt8(b.readUInt8(at) ^ xor, at);
    return b;
  }
  if (d.kind === "truncate") return Buffer.from(f.bytes.subarray(0, d.keep));
  const b = Buffer.from(f.bytes);
  const record = f.records[d.record];
  if (record === undefined) return b;
  const at = record + d.field;
  if (at + 4 > b.length) return b;
  if (d.kind === "huge") {
    b.writeUInt32LE(d.value >>> 0, at);
    return b;
  }
  // Chunk-relative offsets: pointing at the field itself, just before it, or into another record.
  const chunkStart = 4096 + Math.floor((at - 4096) / 65536) * 65536;
  const other = f.records[d.other] ?? record;
  const target = d.target === "self" ? at : d.target === "before" ? at - 6 : other + 24;
  b.writeUInt32LE(Math.max(0, target - chunkStart) >>> 0, at);
  return b;
}

describe("robustness under damage (fast-check, fixed seed)", () => {
  for (const name of NAMES) {
    it(`${name}: any damage ends with records or errors, within time and memory bounds`, async () => {
      const f = fixtures.get(name) as Fixture;
      await fc.assert(
        fc.asyncProperty(damageArb(f), async (d) => {
          const bytes = apply(f, d);
          await readDamaged(bytes);
          await check(bytes);
        }),
        { seed: SEED, numRuns: 40 },
      );
    });
  }

  it(`${BIG} (2 MB): any damage ends with records or errors, within time and memory bounds`, async () => {
    const f = fixtures.get(BIG) as Fixture;
    await fc.assert(
      fc.asyncProperty(damageArb(f), async (d) => {
        const bytes = apply(f, d);
        const records = await readDamaged(bytes);
        // Damage confined to a few bytes never costs most of the file.
        if (!(Array.isArray(d) || d.kind === "truncate")) expect(records).toBeGreaterThan(2000);
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  it("inspect survives the same damage", async () => {
    const f = fixtures.get("written/ntlm-golden.evtx") as Fixture;
    await fc.assert(
      fc.asyncProperty(damageArb(f), async (d) => {
        const path = join(dir, `inspect-${n++}.evtx`);
        writeFileSync(path, apply(f, d));
        const report = await inspectEvtx(path, { carve: true });
        rmSync(path);
        expect(report.records.read + report.records.recovered + report.problems.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("a size field set to 4 GiB in every record of a chunk costs no more than a clean read", async () => {
    const f = fixtures.get(BIG) as Fixture;
    const b = Buffer.from(f.bytes);
    for (const r of f.records) if (r < 4096 + 65536) b.writeUInt32LE(0xffffffff, r + 4);
    expect(await readDamaged(b)).toBeGreaterThan(2000);
  });
});
