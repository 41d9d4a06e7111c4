import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import {
  batchesOf,
  convertReadItems,
  mergeConvertStats,
  newConvertStats,
  NtlmSiemError,
  toNdjson,
  type ConvertedPart,
  type ConvertProblem,
  type OutputSchema,
  type ReadItem,
} from "@ntlm-siem/core";
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, FILE_HEADER_SIZE } from "../binxml/constants.js";
import type { EvtxFileHeader } from "../file/file-header.js";
import { parseFileHeader } from "../file/file-header.js";
import type { EvtxLimits } from "../limits.js";
import { ItemMaker, readEvtx } from "../read/read-evtx.js";
import { chunkOffsetOf, fileHeaderProblemList } from "../read/scan-evtx.js";
import { ChunkConverter, type ChunkConversion, type ChunkJob } from "./chunk-convert.js";
import type { WorkerReply, WorkerSetup, WorkerTask } from "./convert-worker.js";

export interface ParallelConvertOptions {
  /** Worker threads (2 or more; 1 converts on this thread). */
  threads: number;
  limits: EvtxLimits;
  /** Files with fewer chunks are converted on this thread (starting workers costs more than it saves). */
  minChunks?: number;
  /** Tests only: a worker fails on this chunk (its chunks are then converted on this thread). */
  failOnChunk?: number;
}

/** 8 MiB: below this, a file converts faster on one thread than the workers take to start. */
export const MIN_PARALLEL_CHUNKS = 128;
/** Chunks per task sent to a worker (fewer messages; ~0.5 MB of NDJSON per reply for NTLM events). */
const CHUNKS_PER_TASK = 4;
/** Tasks in flight per worker: enough to keep each busy while the main thread writes, few enough to bound memory. */
const TASKS_PER_WORKER = 3;

// Under the test runner this module is TypeScript source: the worker is always the built JavaScript.
const WORKER_URL = new URL(
  import.meta.url.endsWith(".ts") ? "../../dist/parallel/convert-worker.js" : "./convert-worker.js",
  import.meta.url,
);

/**
 * Converts an .evtx file to NDJSON documents of an ordinal-free schema (ECS, CIM, ASIM) with worker threads, one
 * group of chunks per task (every chunk carries its own string and template tables, so chunks convert
 * independently), handing out the parts in file order. The result equals reading the file with readEvtx and
 * converting it on one thread: the same documents, rejects (with the same file-wide record ordinals), warnings
 * (capped per code over the whole file) and counts. If a worker fails, its chunks are converted on this thread
 * and a warning says so: nothing is lost.
 */
export async function* convertEvtxInParallel(
  path: string,
  file: string,
  schema: OutputSchema,
  options: ParallelConvertOptions,
): AsyncGenerator<ConvertedPart> {
  const head = await readHead(path);
  const minChunks = options.minChunks ?? MIN_PARALLEL_CHUNKS;
  if (head === undefined || options.threads < 2 || head.chunksInFile < Math.max(1, minChunks)) {
    yield* convertOnThisThread(path, file, schema, options.limits);
    return;
  }
  const maker = new ItemMaker(file, options.limits);
  const job: ChunkJob = { path, file, schema, limits: options.limits };
  const first = emptyPart();
  addProblems(
    first,
    fileHeaderProblemList(head.header, head.chunksInFile).flatMap((p) => maker.problem(p) ?? []),
    schema,
  );
  yield first;

  const pool = new WorkerPool(Math.min(options.threads, head.chunksInFile), {
    ...job,
    ...(options.failOnChunk === undefined ? {} : { failOnChunk: options.failOnChunk }),
  });
  let local: ChunkConverter | undefined;
  try {
    const tasks: number[][] = [];
    for (let start = 0; start < head.chunksInFile; start += CHUNKS_PER_TASK) {
      const end = Math.min(start + CHUNKS_PER_TASK, head.chunksInFile);
      tasks.push(Array.from({ length: end - start }, (_, i) => start + i));
    }
    const window = pool.size * TASKS_PER_WORKER;
    const inFlight: Promise<TaskOutcome>[] = [];
    let next = 0;
    let ordinalBase = 0;
    while (next < tasks.length || inFlight.length > 0) {
      while (next < tasks.length && inFlight.length < window)
        inFlight.push(pool.run(tasks[next++] as number[]));
      const outcome = await (inFlight.shift() as Promise<TaskOutcome>);
      const part = emptyPart();
      let results: ChunkConversion[];
      if (outcome.ok) {
        results = outcome.results;
        part.ndjson = outcome.ndjson;
      } else {
        local ??= new ChunkConverter(job);
        results = convertHere(local, outcome.chunks, file, part, schema);
        const chunks = outcome.chunks;
        const error = new NtlmSiemError(
          "evtx-worker-failed",
          "read",
          `chunks ${chunks[0]}-${chunks[chunks.length - 1]} were converted on the main thread after a worker thread failed: ${outcome.message}`,
          { location: { file } },
        );
        addProblems(part, [{ kind: "warning", error }], schema);
      }
      for (const result of results) {
        addChunk(part, result, ordinalBase, maker, schema);
        ordinalBase += result.records;
      }
      yield part;
    }
  } finally {
    local?.close();
    await pool.close();
  }
  const last = emptyPart();
  addProblems(last, maker.summaries(), schema);
  yield last;
}

/**
 * A failed task's chunks converted on this thread. A chunk that fails here too (a defect, not damage: damage is
 * reported, never thrown) is rejected as a whole, and the chunks after it are still converted.
 */
function convertHere(
  converter: ChunkConverter,
  chunks: number[],
  file: string,
  part: ConvertedPart,
  schema: OutputSchema,
): ChunkConversion[] {
  const results: ChunkConversion[] = [];
  for (const index of chunks) {
    try {
      results.push(converter.convert(index));
    } catch (cause) {
      const error = new NtlmSiemError(
        "evtx-chunk-failed",
        "read",
        `chunk ${index} could not be converted: ${cause instanceof Error ? cause.message : String(cause)}`,
        { location: { file, offset: chunkOffsetOf(index) }, cause },
      );
      addProblems(part, [{ kind: "reject", error }], schema);
    }
  }
  return results;
}

/** The same conversion on this thread: readEvtx, converted a batch at a time. */
async function* convertOnThisThread(
  path: string,
  file: string,
  schema: OutputSchema,
  limits: EvtxLimits,
): AsyncGenerator<ConvertedPart> {
  for await (const batch of batchesOf(readEvtx(path, { file, limits }))) {
    const stats = newConvertStats();
    yield { ...toNdjson(convertReadItems(batch, schema, stats)), stats };
  }
}

interface Head {
  header: EvtxFileHeader;
  chunksInFile: number;
}

/** The file header and chunk count, or undefined when the file is not one to split (the reader reports why). */
async function readHead(path: string): Promise<Head | undefined> {
  let handle;
  try {
    handle = await open(path, "r");
    const size = (await handle.stat()).size;
    const buf = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead < FILE_HEADER_SIZE) return undefined;
    const chunksInFile = Math.ceil(Math.max(0, size - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE);
    return { header: parseFileHeader(buf), chunksInFile };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

function emptyPart(): ConvertedPart {
  return { ndjson: "", documents: 0, problems: [], stats: newConvertStats() };
}

/** Reader rejects and warnings (after the per-file cap), counted as the one-thread conversion counts them. */
function addProblems(part: ConvertedPart, items: ReadItem[], schema: OutputSchema): void {
  for (const converted of convertReadItems(items, schema, part.stats)) {
    if (converted.kind === "reject" || converted.kind === "warning") part.problems.push(converted);
  }
}

/** One converted chunk into a part, its chunk-relative record ordinals made file-wide. */
function addChunk(
  part: ConvertedPart,
  result: ChunkConversion,
  ordinalBase: number,
  maker: ItemMaker,
  schema: OutputSchema,
): void {
  // A worker's chunks arrive with their text already in the part's bytes; chunks converted here bring text.
  if (typeof part.ndjson === "string") part.ndjson += result.text;
  part.documents += result.documents;
  mergeConvertStats(part.stats, result.stats);
  for (const entry of result.entries) {
    if (entry.kind === "problem") {
      const p = entry.problem;
      const item = maker.problem(p.record === undefined ? p : { ...p, record: p.record + ordinalBase });
      if (item !== undefined) addProblems(part, [item], schema);
      continue;
    }
    const { code, stage, message, location } = entry.error;
    const where =
      location === undefined
        ? {}
        : {
            location:
              location.record === undefined
                ? location
                : { ...location, record: location.record + ordinalBase },
          };
    const error = new NtlmSiemError(code, stage, message, where);
    const problem: ConvertProblem =
      entry.excerpt === undefined
        ? { kind: "reject", error }
        : { kind: "reject", error, excerpt: entry.excerpt };
    part.problems.push(problem);
  }
}

type TaskOutcome =
  | { ok: true; results: ChunkConversion[]; ndjson: Uint8Array }
  | { ok: false; chunks: number[]; message: string };

interface Pending {
  chunks: number[];
  settle: (outcome: TaskOutcome) => void;
}

/** Worker threads converting tasks; a task on a worker that fails settles as failed (never rejects). */
class WorkerPool {
  private readonly workers: { worker: Worker; pending: Map<number, Pending>; alive: boolean }[] = [];
  private nextId = 0;

  constructor(count: number, setup: WorkerSetup) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_URL, { workerData: setup });
      const slot = { worker, pending: new Map<number, Pending>(), alive: true };
      const failAll = (message: string) => {
        slot.alive = false;
        for (const [, p] of slot.pending) p.settle({ ok: false, chunks: p.chunks, message });
        slot.pending.clear();
      };
      worker.on("message", (reply: WorkerReply) => {
        const p = slot.pending.get(reply.id);
        if (p === undefined) return;
        slot.pending.delete(reply.id);
        p.settle(
          reply.ok
            ? { ok: true, results: reply.results, ndjson: reply.ndjson }
            : { ok: false, chunks: p.chunks, message: reply.message },
        );
      });
      worker.on("error", (error) => failAll(error.message));
      worker.on("exit", (code) => failAll(`worker thread exited (code ${code})`));
      this.workers.push(slot);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  run(chunks: number[]): Promise<TaskOutcome> {
    const live = this.workers.filter((w) => w.alive);
    if (live.length === 0)
      return Promise.resolve({ ok: false, chunks, message: "no worker thread is running" });
    const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise<TaskOutcome>((settle) => {
      slot.pending.set(id, { chunks, settle });
      const task: WorkerTask = { id, chunks };
      slot.worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        w.alive = false;
        w.worker.removeAllListeners("exit");
        await w.worker.terminate();
      }),
    );
  }
}
