import type { ChunkContext } from "../binxml/chunk-context.js";
import { CHUNK_RECORDS_OFFSET, RECORD_HEADER_SIZE } from "../binxml/constants.js";
import type { RecordWarning } from "../problems.js";
import type { ParsedRecord, RecordHead, RecordResultOf } from "../record/parse-record.js";
import { hasConsistentSize, parseRecordAt } from "../record/parse-record.js";
import type { ChunkHeader } from "./chunk-header.js";
import { isZeroRange } from "../zero.js";

/**
 * Walks the records of one chunk from offset 512 to the free space offset. Damage costs as little as possible:
 * a record whose size is damaged is measured from its Binary XML; a record that cannot be read is stepped over
 * by its size when that is consistent, otherwise the walk resumes at the next record signature whose size and
 * size copy agree (libevtx "Corrupt event record"); bytes that are not a record are skipped the same way.
 * The work is linear in the chunk size: every step moves forward.
 */
export type ChunkItem = ChunkItemOf<ParsedRecord>;

/** A chunk item whatever a record's Binary XML is read into. */
export type ChunkItemOf<R extends RecordHead> =
  | { kind: "record"; offset: number; record: R; warnings: RecordWarning[] }
  | {
      kind: "reject";
      offset: number;
      recordId: number | undefined;
      /** The rejected record's extent, when its size field and size copy agree. */
      size: number | undefined;
      code: string;
      message: string;
      warnings: RecordWarning[];
    }
  | { kind: "warning"; offset: number | undefined; code: string; message: string };

const SIGNATURE_BYTES = Buffer.from([0x2a, 0x2a, 0x00, 0x00]);

export function walkChunk(ctx: ChunkContext, header: ChunkHeader | undefined): ChunkItem[] {
  return [...walkChunkWith(ctx, header, parseRecordAt)];
}

/** The records of a chunk and what was found between them, each read by `parse`, one at a time. */
export function* walkChunkWith<R extends RecordHead>(
  ctx: ChunkContext,
  header: ChunkHeader | undefined,
  parse: (
    ctx: ChunkContext,
    offset: number,
    end: number,
    options: { recoverSize: boolean },
  ) => RecordResultOf<R>,
): Generator<ChunkItemOf<R>> {
  let end = ctx.length;
  if (header !== undefined) {
    const free = header.freeSpaceOffset;
    if (free >= CHUNK_RECORDS_OFFSET && free <= ctx.length) end = free;
    else {
      yield {
        kind: "warning",
        offset: 48,
        code: "evtx-chunk-free-space",
        message: `free space offset ${free} is out of range; records read up to the end of the chunk`,
      };
    }
  }
  let pos = CHUNK_RECORDS_OFFSET;
  let lastId: number | undefined;
  while (pos + RECORD_HEADER_SIZE <= end) {
    if (ctx.buf.readUInt32LE(pos) !== 0x00002a2a) {
      if (isZeroRange(ctx.buf, pos, end)) break;
      const next = nextRecord(ctx, pos + 1, end);
      yield {
        kind: "warning",
        offset: pos,
        code: "evtx-chunk-garbage",
        message: `${(next < 0 ? end : next) - pos} bytes at chunk offset ${pos} are not an event record; skipped`,
      };
      if (next < 0) break;
      pos = next;
      continue;
    }
    const result = parse(ctx, pos, ctx.length, RECOVER_SIZE);
    if (result.ok) {
      lastId = result.record.recordId;
      const size = result.record.size;
      yield { kind: "record", offset: pos, record: result.record, warnings: result.warnings };
      pos += size;
      continue;
    }
    yield {
      kind: "reject",
      offset: pos,
      recordId: result.recordId,
      size: result.size,
      code: result.code,
      message: result.message,
      warnings: result.warnings,
    };
    if (result.recordId !== undefined) lastId = result.recordId;
    if (result.size !== undefined) {
      pos += result.size;
      continue;
    }
    const next = nextRecord(ctx, pos + 4, end);
    if (next < 0) break;
    pos = next;
  }
  if (
    header !== undefined &&
    header.headerChecksumOk &&
    lastId !== undefined &&
    lastId < header.lastRecordId
  ) {
    yield {
      kind: "warning",
      offset: undefined,
      code: "evtx-chunk-records-missing",
      message: `chunk header announces records up to ${header.lastRecordId}, the last one present is ${lastId}: records ${lastId + 1}-${header.lastRecordId} are not in the chunk (its data ends at offset ${pos})`,
    };
  }
}

const RECOVER_SIZE = { recoverSize: true };

/** The next offset in [from, end) holding a record signature whose size and size copy agree, or -1. */
export function nextRecord(ctx: ChunkContext, from: number, end: number): number {
  let at = from;
  while (at + RECORD_HEADER_SIZE <= end) {
    const found = ctx.buf.indexOf(SIGNATURE_BYTES, at);
    if (found < 0 || found + RECORD_HEADER_SIZE > end) return -1;
    if (hasConsistentSize(ctx, found, ctx.length)) return found;
    at = found + 1;
  }
  return -1;
}
