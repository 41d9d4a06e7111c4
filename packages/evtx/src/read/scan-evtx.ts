import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { newChunkContext, resetChunkContext } from "../binxml/chunk-context.js";
import type { ChunkContext } from "../binxml/chunk-context.js";
import {
  CHUNK_SIZE,
  FILE_HEADER_BLOCK_SIZE,
  FILE_HEADER_SIZE,
  RECORD_HEADER_SIZE,
} from "../binxml/constants.js";
import type { ChunkHeader } from "../chunk/chunk-header.js";
import { hasChunkSignature, parseChunkHeader } from "../chunk/chunk-header.js";
import { carveCandidates } from "../carve/find-candidates.js";
import type { Extent } from "../carve/find-candidates.js";
import { carveRecordAt } from "../carve/carve-record.js";
import type { CarveMethod } from "../carve/carve-record.js";
import { IdRanges } from "../carve/id-ranges.js";
import type { EvtxFileHeader } from "../file/file-header.js";
import { parseFileHeader } from "../file/file-header.js";
import type { EvtxLimits } from "../limits.js";
import type { EvtxProblem, RecordWarning } from "../problems.js";
import type { ParsedRecord, RecordHead, RecordResultOf } from "../record/parse-record.js";
import { parseRecordAt } from "../record/parse-record.js";
import { walkChunkWith } from "../chunk/walk-chunk.js";
import { isZeroRange } from "../zero.js";

/**
 * The streaming walk over a file that readEvtx and inspectEvtx share: the 4 KiB file header, then one 64 KiB
 * chunk at a time into one reused buffer (memory does not grow with the file). Every chunk physically in the
 * file is read, also those beyond the header's chunk count (a dirty header, libevtx "Dirty file with invalid
 * number of chunks"), so nothing the file holds is missed. Nothing here throws for damaged content.
 */

export interface EvtxEvent extends ParsedRecord {
  /** 1-based ordinal among the records of the file (good and rejected alike). */
  ordinal: number;
  /** 0-based chunk index. */
  chunk: number;
  /** File offset of the record. */
  offset: number;
  /** Set for a deleted record carved from unallocated space: how it was recovered. */
  recovered?: CarveMethod;
}

export interface ScanOptions {
  /** Also recover deleted records from chunk slack and skipped bytes (after every live record). */
  carve?: boolean;
}

/**
 * What the carver keeps between the live pass and the carving pass: candidate offsets per chunk and the
 * identifiers of the live records (as ranges), so a carved record never duplicates a live one.
 */
interface CarveState {
  candidates: Map<number, number[]>;
  live: IdRanges;
}

export type ScanItem = ScanItemOf<EvtxEvent>;

/** A scan item whatever records are read into. */
export type ScanItemOf<E> =
  | { kind: "file"; header: EvtxFileHeader | undefined; fileSize: number; chunksInFile: number }
  | { kind: "chunk"; index: number; offset: number; header: ChunkHeader | undefined; state: ChunkState }
  | { kind: "event"; event: E }
  | { kind: "problem"; problem: EvtxProblem };

/**
 * How the records of a scan are read: `parse` reads the live record at a chunk offset (into an event tree, a
 * RawRecord, XML text …), `event` makes the item of a live record, `carved` that of a deleted one (recovered
 * as an event tree).
 */
export interface RecordReader<R extends RecordHead, E> {
  parse: (
    ctx: ChunkContext,
    offset: number,
    end: number,
    options: { recoverSize: boolean },
  ) => RecordResultOf<R>;
  event: (record: R, ordinal: number, chunk: number, offset: number) => E;
  carved: (record: ParsedRecord, ordinal: number, chunk: number, offset: number, method: CarveMethod) => E;
}

/** Records as event trees (EvtxEvent). */
export const TREE_READER: RecordReader<ParsedRecord, EvtxEvent> = {
  parse: parseRecordAt,
  event: (r, ordinal, chunk, offset) => ({
    recordId: r.recordId,
    written: r.written,
    size: r.size,
    content: r.content,
    root: r.root,
    ordinal,
    chunk,
    offset,
  }),
  carved: (record, ordinal, chunk, offset, recovered) => ({ ...record, ordinal, chunk, offset, recovered }),
};

/** What the reader made of a chunk slot. */
export type ChunkState = "ok" | "empty" | "bad-signature";

/**
 * Scans a file, yielding what it finds in batches (the file header's, then one per chunk), so the async
 * machinery is paid per chunk rather than per record.
 */
export async function* scanEvtx(
  path: string,
  limits: EvtxLimits,
  options: ScanOptions = {},
): AsyncGenerator<ScanItem[]> {
  for await (const batch of scanBatches(path, limits, options, TREE_READER)) yield [...batch];
}

/**
 * scanEvtx with records read by `reader`, one lazy batch per chunk: a batch reads its chunk's records as it is
 * iterated (so a record's result is short-lived), and must be iterated to its end (or dropped) before the next
 * batch is asked for, which reuses the chunk buffer.
 */
export async function* scanBatches<R extends RecordHead, E>(
  path: string,
  limits: EvtxLimits,
  options: ScanOptions,
  reader: RecordReader<R, E>,
): AsyncGenerator<Iterable<ScanItemOf<E>>> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    yield [
      reject(
        code === "ENOENT" ? "input-not-found" : "input-unreadable",
        `cannot open: ${errorText(err)}`,
        {},
      ),
    ];
    return;
  }
  try {
    yield* scanHandle(handle, limits, options.carve === true, reader);
  } finally {
    await handle.close();
  }
}

function reject(
  code: string,
  message: string,
  at: Omit<EvtxProblem, "code" | "severity" | "message">,
): ScanItemOf<never> {
  return { kind: "problem", problem: { code, severity: "reject", message, ...at } };
}

function warning(
  code: string,
  message: string,
  at: Omit<EvtxProblem, "code" | "severity" | "message">,
): ScanItemOf<never> {
  return { kind: "problem", problem: { code, severity: "warning", message, ...at } };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readFully(handle: FileHandle, buf: Buffer, position: number): Promise<number> {
  let total = 0;
  while (total < buf.length) {
    const { bytesRead } = await handle.read(buf, total, buf.length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

async function* scanHandle<R extends RecordHead, E>(
  handle: FileHandle,
  limits: EvtxLimits,
  carve: boolean,
  reader: RecordReader<R, E>,
): AsyncGenerator<Iterable<ScanItemOf<E>>> {
  const fileSize = (await handle.stat()).size;
  const head = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
  const headBytes = await readFully(handle, head, 0);
  const chunksInFile = Math.ceil(Math.max(0, fileSize - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE);
  if (headBytes < FILE_HEADER_SIZE) {
    yield [
      { kind: "file", header: undefined, fileSize, chunksInFile: 0 },
      reject("evtx-file-truncated", `file of ${fileSize} bytes is too small for an EVTX file header`, {
        offset: 0,
      }),
    ];
    return;
  }
  const header = parseFileHeader(head);
  yield [{ kind: "file", header, fileSize, chunksInFile }, ...fileHeaderProblems(header, chunksInFile)];

  // Two chunk buffers: the next chunk is read while the records of this one are walked (read-ahead of one
  // chunk, so memory stays two chunks whatever the file size).
  let buf: Buffer = Buffer.alloc(CHUNK_SIZE);
  let spare: Buffer = Buffer.alloc(CHUNK_SIZE);
  const ctx = newChunkContext(buf, CHUNK_SIZE, limits);
  const state = { ordinal: 0 };
  const carving: CarveState | undefined = carve ? { candidates: new Map(), live: new IdRanges() } : undefined;
  const readAhead = (index: number, into: Buffer): Promise<number> => {
    const read = readChunk(handle, into, chunkOffsetOf(index));
    // Its failure is reported where it is awaited, not as an unhandled rejection meanwhile.
    read.catch(() => undefined);
    return read;
  };
  let next: Promise<number> | undefined = chunksInFile > 0 ? readAhead(0, buf) : undefined;
  try {
    for (let index = 0; index < chunksInFile; index++) {
      const length = await (next as Promise<number>);
      next = undefined;
      const current = buf;
      buf = spare;
      spare = current;
      if (index + 1 < chunksInFile) next = readAhead(index + 1, buf);
      ctx.buf = current;
      resetChunkContext(ctx, length);
      yield chunkItems(ctx, index, chunkOffsetOf(index), header, state, carving, reader);
    }
  } finally {
    // A read still under way when the consumer stops must end before the file is closed.
    if (next !== undefined) await next.catch(() => 0);
  }
  buf = ctx.buf;
  if (carving === undefined) return;
  // Carved records come after every live one, so the duplicate check knows all live identifiers.
  const carvedIds = new IdRanges();
  for (const [index, offsets] of carving.candidates) {
    const chunkOffset = FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE;
    const length = await readChunk(handle, buf, chunkOffset);
    resetChunkContext(ctx, length);
    yield carvedItems(ctx, index, chunkOffset, offsets, state, carving.live, carvedIds, reader);
  }
}

/** File offset of chunk `index`. */
export function chunkOffsetOf(index: number): number {
  return FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE;
}

/**
 * The items of one chunk on its own, as the scan makes them, with record ordinals counted from 1 within the chunk
 * (the caller adds the records of the chunks before). `ctx` holds the chunk's bytes. For converting chunks apart
 * (worker threads); the live records only, no carving.
 */
export function oneChunkItems<R extends RecordHead, E>(
  ctx: ChunkContext,
  index: number,
  header: EvtxFileHeader,
  reader: RecordReader<R, E>,
): { items: ScanItemOf<E>[]; records: number } {
  const state = { ordinal: 0 };
  const items = [...chunkItems(ctx, index, chunkOffsetOf(index), header, state, undefined, reader)];
  return { items, records: state.ordinal };
}

/** The file header's problems, as the scan reports them first. */
export function fileHeaderProblemList(header: EvtxFileHeader, chunksInFile: number): EvtxProblem[] {
  return [...fileHeaderProblems(header, chunksInFile)].flatMap((i) =>
    i.kind === "problem" ? [i.problem] : [],
  );
}

async function readChunk(handle: FileHandle, buf: Buffer, chunkOffset: number): Promise<number> {
  const length = await readFully(handle, buf, chunkOffset);
  if (length < CHUNK_SIZE) buf.fill(0, length);
  return length;
}

/** The deleted records at a chunk's carve candidates, or a warning for each that cannot be recovered. */
function* carvedItems<E>(
  ctx: ChunkContext,
  index: number,
  chunkOffset: number,
  offsets: readonly number[],
  state: { ordinal: number },
  live: IdRanges,
  carved: IdRanges,
  reader: Pick<RecordReader<RecordHead, E>, "carved">,
): Generator<ScanItemOf<E>> {
  for (const offset of offsets) {
    const fileOffset = chunkOffset + offset;
    const result = carveRecordAt(ctx, offset);
    if (!result.ok) {
      yield warning(
        "evtx-carve-failed",
        `chunk ${index}: deleted record at chunk offset ${offset} cannot be recovered: ${result.message} [${result.code}]`,
        {
          chunk: index,
          offset: fileOffset,
          ...(result.recordId === undefined ? {} : { recordId: result.recordId }),
        },
      );
      continue;
    }
    const { record } = result;
    if (live.has(record.recordId, record.written) || carved.has(record.recordId, record.written)) {
      yield warning(
        "evtx-carve-duplicate",
        `chunk ${index}: deleted record ${record.recordId} at chunk offset ${offset} has the identifier and written time of a record already read (a copy); not repeated`,
        { chunk: index, offset: fileOffset, recordId: record.recordId },
      );
      continue;
    }
    carved.add(record.recordId, record.written);
    state.ordinal += 1;
    const ordinal = state.ordinal;
    yield { kind: "event", event: reader.carved(record, ordinal, index, fileOffset, result.method) };
    if (result.warnings.length > 0) {
      yield* recordWarnings(result.warnings, {
        chunk: index,
        record: ordinal,
        offset: fileOffset,
        recordId: record.recordId,
      });
    }
  }
}

/** Everything one chunk holds, in order; `state.ordinal` counts records across chunks. */
function* chunkItems<R extends RecordHead, E>(
  ctx: ChunkContext,
  index: number,
  chunkOffset: number,
  header: EvtxFileHeader,
  state: { ordinal: number },
  carving: CarveState | undefined,
  reader: RecordReader<R, E>,
): Generator<ScanItemOf<E>> {
  const { buf, length } = ctx;
  const at = { chunk: index, offset: chunkOffset };
  if (length < CHUNK_SIZE) {
    yield warning("evtx-file-truncated", `chunk ${index} is truncated: ${length} of ${CHUNK_SIZE} bytes`, at);
  }
  let chunkHeader: ChunkHeader | undefined;
  if (!hasChunkSignature(buf)) {
    if (isZeroRange(buf, 0, length)) {
      yield { kind: "chunk", index, offset: chunkOffset, header: undefined, state: "empty" };
      // Unused space beyond the header's chunks is normal; inside them it means lost data.
      if (header.signatureOk && index < header.chunkCount) {
        yield warning("evtx-chunk-empty", `chunk ${index} is all zero bytes (no ElfChnk signature)`, at);
      }
      return;
    }
    yield { kind: "chunk", index, offset: chunkOffset, header: undefined, state: "bad-signature" };
    yield warning(
      "evtx-chunk-signature",
      `chunk ${index} has no ElfChnk signature; its records are searched for without the chunk header`,
      at,
    );
  } else {
    chunkHeader = parseChunkHeader(ctx);
    yield { kind: "chunk", index, offset: chunkOffset, header: chunkHeader, state: "ok" };
    yield* chunkHeaderProblems(chunkHeader, index, chunkOffset, header);
  }
  const covered: Extent[] = [];
  for (const item of walkChunkWith(ctx, chunkHeader, reader.parse)) {
    if (carving !== undefined && item.kind !== "warning") {
      const size = item.kind === "record" ? item.record.size : (item.size ?? RECORD_HEADER_SIZE);
      covered.push({ start: item.offset, end: item.offset + size });
      if (item.kind === "record") carving.live.add(item.record.recordId, item.record.written);
    }
    const fileOffset = item.offset === undefined ? chunkOffset : chunkOffset + item.offset;
    if (item.kind === "warning") {
      yield warning(item.code, `chunk ${index}: ${item.message}`, { chunk: index, offset: fileOffset });
      continue;
    }
    state.ordinal += 1;
    const ordinal = state.ordinal;
    const where = { chunk: index, record: ordinal, offset: fileOffset };
    if (item.kind === "record") {
      yield { kind: "event", event: reader.event(item.record, ordinal, index, fileOffset) };
      if (item.warnings.length > 0)
        yield* recordWarnings(item.warnings, { ...where, recordId: item.record.recordId });
    } else {
      const idText = item.recordId === undefined ? "" : ` ${item.recordId}`;
      yield* recordWarnings(item.warnings, where);
      yield reject(item.code, `chunk ${index}: event record${idText} cannot be read: ${item.message}`, {
        ...where,
        ...(item.recordId === undefined ? {} : { recordId: item.recordId }),
      });
    }
  }
  if (carving !== undefined) {
    const found = carveCandidates(ctx, covered);
    if (found.length > 0) carving.candidates.set(index, found);
  }
}

/** One warning per code per record (a record with 30 irregular booleans is one finding). */
function* recordWarnings(
  warnings: RecordWarning[],
  at: { chunk: number; record: number; offset: number; recordId?: number },
): Generator<ScanItemOf<never>> {
  const seen = new Set<string>();
  for (const w of warnings) {
    if (seen.has(w.code)) continue;
    seen.add(w.code);
    const idText = at.recordId === undefined ? "" : ` ${at.recordId}`;
    yield warning(w.code, `chunk ${at.chunk}, event record${idText}: ${w.message}`, at);
  }
}

function* fileHeaderProblems(header: EvtxFileHeader, chunksInFile: number): Generator<ScanItemOf<never>> {
  const at = { offset: 0 };
  if (!header.signatureOk) {
    yield warning("evtx-file-signature", "file header has no ElfFile signature; chunks are read anyway", at);
    return;
  }
  if (!header.checksumOk) {
    yield warning("evtx-file-header-checksum", "file header CRC-32 does not match its first 120 bytes", at);
  }
  if (header.dirty) {
    yield warning("evtx-file-dirty", "file header is marked dirty (the log was not closed cleanly)", at);
  }
  if (header.headerBlockSize !== FILE_HEADER_BLOCK_SIZE) {
    yield warning(
      "evtx-file-header-block-size",
      `header block size ${header.headerBlockSize}, expected ${FILE_HEADER_BLOCK_SIZE}; chunks are read from offset ${FILE_HEADER_BLOCK_SIZE}`,
      at,
    );
  }
  if (header.chunkCount > chunksInFile) {
    yield warning(
      "evtx-file-truncated",
      `file header announces ${header.chunkCount} chunks, the file holds ${chunksInFile}`,
      at,
    );
  }
}

function* chunkHeaderProblems(
  chunk: ChunkHeader,
  index: number,
  offset: number,
  file: EvtxFileHeader,
): Generator<ScanItemOf<never>> {
  const at = { chunk: index, offset };
  if (file.signatureOk && index >= file.chunkCount) {
    yield warning(
      "evtx-chunk-beyond-header",
      `chunk ${index} lies beyond the ${file.chunkCount} chunks the file header counts (dirty header); read as well`,
      at,
    );
  }
  if (!chunk.headerChecksumOk) {
    yield warning(
      "evtx-chunk-header-checksum",
      `chunk ${index} header CRC-32 does not match (bytes 0-120 and 128-512, which hold the string and template tables); names and templates are read from the records themselves`,
      at,
    );
  }
  if (chunk.recordsChecksumOk === false) {
    yield warning("evtx-chunk-records-checksum", `chunk ${index} event records CRC-32 does not match`, at);
  }
}
