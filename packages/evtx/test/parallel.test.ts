import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  convertItems,
  mergeConvertStats,
  newConvertStats,
  type ConvertStats,
  type OutputSchema,
} from "@ntlm-siem/core";
import { convertEvtxInParallel, readEvtx, resolveLimits, type EvtxLimits } from "../src/index.js";
import { buildEvtx } from "../src/writer/index.js";
import { FIXTURES } from "./helpers/reference.js";

/**
 * Converting an .evtx file with worker threads (a group of chunks per task) must give exactly what reading it on
 * one thread and converting gives: the same NDJSON bytes, rejects and warnings in the same order with the same
 * file-wide record ordinals, the same per-file warning cap, the same counts. The workers run the built package
 * (dist/), as they do for users.
 */

interface Outcome {
  ndjson: string;
  problems: string[];
  stats: ConvertStats;
}

async function onOneThread(path: string, schema: OutputSchema, limits: EvtxLimits): Promise<Outcome> {
  const stats = newConvertStats();
  let ndjson = "";
  const problems: string[] = [];
  for await (const item of convertItems(readEvtx(path, { limits }), schema, stats)) {
    if (item.kind === "document") ndjson += `${JSON.stringify(item.document)}\n`;
    else if (item.kind === "reject" || item.kind === "warning")
      problems.push(`${item.kind} ${item.error.code} ${item.error.describe()}`);
  }
  return { ndjson, problems, stats };
}

async function inParallel(
  path: string,
  schema: OutputSchema,
  limits: EvtxLimits,
  extra: { failOnChunk?: number; minChunks?: number; threads?: number } = {},
): Promise<Outcome & { documents: number }> {
  const stats = newConvertStats();
  let ndjson = "";
  let documents = 0;
  const problems: string[] = [];
  for await (const part of convertEvtxInParallel(path, path, schema, {
    threads: 2,
    limits,
    minChunks: 0,
    ...extra,
  })) {
    mergeConvertStats(stats, part.stats);
    ndjson += typeof part.ndjson === "string" ? part.ndjson : Buffer.from(part.ndjson).toString("utf8");
    documents += part.documents;
    for (const p of part.problems) problems.push(`${p.kind} ${p.error.code} ${p.error.describe()}`);
  }
  return { ndjson, problems, stats, documents };
}

const EVENT = (record: number, pid: string) =>
  `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-NTLM" Guid="{AC43300D-5FCC-4800-8E99-1BD3F85F0320}"/><EventID>8002</EventID><Version>0</Version><Level>4</Level><Task>2</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="2024-01-02T03:04:05.1234567Z"/><EventRecordID>${record}</EventRecordID><Correlation/><Execution ProcessID="4" ThreadID="8"/><Channel>Microsoft-Windows-NTLM/Operational</Channel><Computer>fs01.contoso.local</Computer><Security/></System><EventData><Data Name="CallerPID">${pid}</Data><Data Name="ProcessName">C:\\Windows\\System32\\lsass.exe</Data><Data Name="ClientLUID">0x3e7</Data><Data Name="ClientUserName">USER${record}</Data><Data Name="ClientDomainName">CONTOSO</Data><Data Name="MechanismOID">(NULL)</Data></Data></EventData></Event>`.replace(
    "</Data></EventData>",
    "</EventData>",
  );

/** NTLM events over many chunks, every 97th with a CallerPID that does not decode (a conversion reject). */
async function ntlmFileWithRejects(): Promise<{ path: string; records: number; bad: number }> {
  const records = 2500;
  const events = Array.from({ length: records }, (_, i) =>
    EVENT(i + 1, i % 97 === 5 ? "not-a-pid" : String(1000 + i)),
  );
  const { buffer, summary } = buildEvtx(events, { recordIds: "sequential", inferDataTypes: false });
  expect(summary.chunks.length).toBeGreaterThan(8);
  const dir = await mkdtemp(join(tmpdir(), "ntlm-siem-parallel-"));
  const path = join(dir, "ntlm-rejects.evtx");
  await writeFile(path, buffer);
  return { path, records, bad: events.filter((e) => e.includes("not-a-pid")).length };
}

const DAMAGED_AND_REAL = [
  "omerbenamram/security.evtx",
  "omerbenamram/sample-with-irregular-bool-values.evtx",
  "omerbenamram/sample_with_a_bad_chunk_magic.evtx",
  "omerbenamram/sample-with-zero-data-size-event.evtx",
  "omerbenamram/security_bad_string_cache.evtx",
  "omerbenamram/Microsoft-Windows-HelloForBusiness%4Operational.evtx",
  "python-evtx/dns_log_malformed.evtx",
  "written/ntlm-golden.evtx",
];

describe("convertEvtxInParallel", () => {
  // A small warning cap, so capping across chunks converted by different workers is exercised.
  const limits = resolveLimits({ maxWarningsPerCode: 5 });

  it.each(DAMAGED_AND_REAL)("%s: the same output, problems and counts as one thread", async (name) => {
    const path = join(FIXTURES, name);
    for (const schema of ["ecs", "asim"] as const) {
      const one = await onOneThread(path, schema, limits);
      const many = await inParallel(path, schema, limits);
      expect(many.ndjson).toBe(one.ndjson);
      expect(many.problems).toEqual(one.problems);
      expect(many.stats).toEqual(one.stats);
      expect(many.documents).toBe(one.stats.converted);
      // The NTLM file converts (the others are other logs: read, skipped and counted).
      if (name.startsWith("written/")) expect(one.stats.converted).toBeGreaterThan(100);
      else expect(one.stats.read).toBeGreaterThan(0);
    }
  });

  it("gives conversion rejects the file-wide record ordinal, in order, with every good neighbour kept", async () => {
    const file = await ntlmFileWithRejects();
    const one = await onOneThread(file.path, "cim", limits);
    const many = await inParallel(file.path, "cim", limits, { threads: 3 });
    expect(one.stats.rejected).toBe(file.bad);
    expect(one.stats.converted).toBe(file.records - file.bad);
    expect(many.problems).toEqual(one.problems);
    expect(many.ndjson).toBe(one.ndjson);
    expect(many.stats).toEqual(one.stats);
    // The ordinals named are the records' places in the file (record i+1 holds event i), not within a chunk.
    expect(many.problems[1]).toMatch(/\(record 103, offset \d+\): .*CallerPID/);
  });

  it("converts a failed worker's chunks on the main thread: nothing is lost, one warning says so", async () => {
    const file = await ntlmFileWithRejects();
    const one = await onOneThread(file.path, "ecs", limits);
    const many = await inParallel(file.path, "ecs", limits, { failOnChunk: 5 });
    expect(many.ndjson).toBe(one.ndjson);
    const failed = many.problems.filter((p) => p.includes("evtx-worker-failed"));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/chunks 4-7 were converted on the main thread .*told to fail on chunk 5/);
    expect(many.problems.filter((p) => !p.includes("evtx-worker-failed"))).toEqual(one.problems);
    expect(many.stats.converted).toBe(one.stats.converted);
    expect(many.stats.rejected).toBe(one.stats.rejected);
  });

  it("converts a file below the size worth the workers on this thread, with the same result", async () => {
    const path = join(FIXTURES, "omerbenamram/security.evtx");
    const one = await onOneThread(path, "ecs", limits);
    const small = await inParallel(path, "ecs", limits, { minChunks: 1_000 });
    expect(small).toMatchObject({ ndjson: one.ndjson, problems: one.problems, stats: one.stats });
  });

  it("stays equal to one thread on damaged copies of the NTLM file (fast-check: flipped bytes, cut)", async () => {
    const source = await readFile(join(FIXTURES, "written/ntlm-golden.evtx"));
    const dir = await mkdtemp(join(tmpdir(), "ntlm-siem-parallel-damage-"));
    let n = 0;
    let withProblems = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(source.length - 1), xor: fc.integer({ min: 1, max: 255 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 4096 + 512, max: source.length }),
        async (flips, cut) => {
          const bytes = Buffer.from(source.subarray(0, cut));
          for (const { at, xor } of flips) if (at < bytes.length) bytes[at] = (bytes[at] as number) ^ xor;
          const path = join(dir, `case-${n++}.evtx`);
          await writeFile(path, bytes);
          const one = await onOneThread(path, "ecs", limits);
          const many = await inParallel(path, "ecs", limits);
          expect(many.ndjson).toBe(one.ndjson);
          expect(many.problems).toEqual(one.problems);
          expect(many.stats).toEqual(one.stats);
          if (one.problems.length > 0) withProblems += 1;
        },
      ),
      { seed: 0x9a7a11e1, numRuns: 8 },
    );
    // The damage is seen: most copies have rejects or warnings to keep in order.
    expect(withProblems).toBeGreaterThanOrEqual(4);
  });

  it("reports a missing file as the one-thread reader does", async () => {
    const path = join(FIXTURES, "no-such-file.evtx");
    const one = await onOneThread(path, "ecs", limits);
    const many = await inParallel(path, "ecs", limits);
    expect(one.problems).toHaveLength(1);
    expect(many.problems).toEqual(one.problems);
  });
});
