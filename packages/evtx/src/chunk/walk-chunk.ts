import type { ChunkContext } from "../binxml/chunk-context.js";
import { CHUNK_RECORDS_OFFSET, RECORD_HEADER_SIZE } from "../binxml/constants.js";
import type { RecordWarning } from "../problems.js";
import type { ParsedRecord } from "../record/parse-record.js";
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
export type ChunkItem =
  | { kind: "record"; offset: number; record: ParsedRecord; warnings: RecordWarning[] }
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
  const items: ChunkItem[] = [];
  let end = ctx.length;
  if (header !== undefined) {
    const free = header.freeSpaceOffset;
    if (free >= CHUNK_RECORDS_OFFSET && free <= ctx.length) end = free;
    else {
      items.push({
        kind: "warning",
        offset: 48,
        code: "evtx-chunk-free-space",
        message: `free space offset ${free} is out of range; records read up to the end of the chunk`,
      });
    }
  }
  let pos = CHUNK_RECORDS_OFFSET;
  let lastId: number | undefined;
  while (pos + RECORD_HEADER_SIZE <= end) {
    if (ctx.buf.readUInt32LE(pos) !== 0x00002a2a) {
      if (isZeroRange(ctx.buf, pos, end)) break;
      const next = nextRecord(ctx, pos + 1, end);
      items.push({
        kind: "warning",
        offset: pos,
        code: "evtx-chunk-garbage",
        message: `${(next < 0 ? end : next) - pos} bytes at chunk offset ${pos} are not an event record; skipped`,
      });
      if (next < 0) break;
      pos = next;
      continue;
    }
    const result = parseRecordAt(ctx, pos, ctx.length, { recoverSize: true });
    if (result.ok) {
      items.push({ kind: "record", offset: pos, record: result.record, warnings: result.warnings });
      lastId = result.record.recordId;
      pos += result.record.size;
      continue;
    }
    items.push({
      kind: "reject",
      offset: pos,
      recordId: result.recordId,
      size: result.size,
      code: result.code,
      message: result.message,
      warnings: result.warnings,
    });
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
    items.push({
      kind: "warning",
      offset: undefined,
      code: "evtx-chunk-records-missing",
      message: `chunk header announces records up to ${header.lastRecordId}, the last one present is ${lastId}: records ${lastId + 1}-${header.lastRecordId} are not in the chunk (its data ends at offset ${pos})`,
    });
  }
  return items;
}

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
