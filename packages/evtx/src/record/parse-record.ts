import type { ChunkContext } from "../binxml/chunk-context.js";
import { RECORD_HEADER_SIZE, RECORD_SIGNATURE } from "../binxml/constants.js";
import { TreeSink } from "../binxml/expand.js";
import { formatFileTime } from "../binxml/format.js";
import { isElement } from "../binxml/nodes.js";
import type { EvtxElement, EvtxNode } from "../binxml/nodes.js";
import { parseDocument } from "../binxml/parse.js";
import { Walker } from "../binxml/walk.js";
import { EvtxFormatError } from "../problems.js";
import type { RecordWarning } from "../problems.js";

/**
 * One event record (libevtx "Event record"): signature `**\0\0`, size, record identifier, written FILETIME,
 * Binary XML, and the size again in the last 4 bytes. Works at any chunk offset, so the chunk walker and a
 * slack scanner share it.
 */

/** What every record result carries from the record header. */
export interface RecordHead {
  /** Event record identifier from the record header. */
  recordId: number;
  /** Written time from the record header (FILETIME), as `YYYY-MM-DDTHH:MM:SS.fffffffZ`. */
  written: string;
  /** Bytes the record occupies (its size field, or the size recovered from its Binary XML). */
  size: number;
}

export interface ParsedRecord extends RecordHead {
  /** The rendered document: usually one <Event> element. */
  content: EvtxNode[];
  /** The first element of the document (the <Event>), if any. */
  root: EvtxElement | undefined;
}

export type RecordResult = RecordResultOf<ParsedRecord>;

/** A record's result, whatever its Binary XML was walked into. */
export type RecordResultOf<R extends RecordHead> =
  | { ok: true; record: R; warnings: RecordWarning[] }
  | {
      ok: false;
      code: string;
      message: string;
      recordId: number | undefined;
      /** The record's extent when its size field and size copy agree (so the walker can step over it). */
      size: number | undefined;
      warnings: RecordWarning[];
    };

const TWO_32 = 4_294_967_296;

export function isRecordSignature(ctx: ChunkContext, offset: number): boolean {
  return offset + 4 <= ctx.length && ctx.buf.readUInt32LE(offset) === RECORD_SIGNATURE;
}

/** True when a record header at `offset` has a size within `end` whose copy in its last 4 bytes agrees. */
export function hasConsistentSize(ctx: ChunkContext, offset: number, end: number): boolean {
  if (offset + RECORD_HEADER_SIZE > end) return false;
  const size = ctx.buf.readUInt32LE(offset + 4);
  return (
    size >= RECORD_HEADER_SIZE + 4 && offset + size <= end && ctx.buf.readUInt32LE(offset + size - 4) === size
  );
}

/**
 * Parses the record at chunk offset `offset`, not reading past `end`. When the size field or its copy is
 * damaged (zero, out of range, disagreeing) and `recoverSize` is set, the record's extent is taken from where
 * its Binary XML ends, and accepted only when the size copy there agrees with that extent or with the damaged
 * size field, and what follows is another record, zeros or the end.
 */
export function parseRecordAt(
  ctx: ChunkContext,
  offset: number,
  end: number,
  options: { recoverSize: boolean },
): RecordResult {
  const out: EvtxNode[] = [];
  const walker = new Walker();
  walker.reset(ctx, new TreeSink(out));
  const result = walkRecordAt(ctx, offset, end, options, walker);
  if (!result.ok) return result;
  const r = result.record;
  return {
    ok: true,
    record: {
      recordId: r.recordId,
      written: r.written,
      size: r.size,
      content: out,
      root: out.find(isElement),
    },
    warnings: result.warnings,
  };
}

/**
 * parseRecordAt with the record's Binary XML walked into `walker`'s sink (set up by the caller) instead of an
 * event tree; the result carries the record header only.
 */
export function walkRecordAt(
  ctx: ChunkContext,
  offset: number,
  end: number,
  options: { recoverSize: boolean },
  walker: Walker,
): RecordResultOf<RecordHead> {
  ctx.warnings = [];
  if (offset + RECORD_HEADER_SIZE > end) {
    return failure(
      ctx,
      "evtx-record-truncated",
      `record header at chunk offset ${offset} is truncated`,
      undefined,
      undefined,
    );
  }
  const buf = ctx.buf;
  if (buf.readUInt32LE(offset) !== RECORD_SIGNATURE) {
    return failure(
      ctx,
      "evtx-record-signature",
      `no event record signature at chunk offset ${offset}`,
      undefined,
      undefined,
    );
  }
  const size = buf.readUInt32LE(offset + 4);
  const idHi = buf.readUInt32LE(offset + 12);
  const recordId = buf.readUInt32LE(offset + 8) + idHi * TWO_32;
  const written = formatFileTime(buf.readUInt32LE(offset + 16), buf.readUInt32LE(offset + 20));
  const consistent = hasConsistentSize(ctx, offset, end);
  const bodyStart = offset + RECORD_HEADER_SIZE;
  try {
    if (consistent) {
      const doc = parseDocument(ctx, bodyStart, offset + size - 4, 0);
      walk(walker, doc.content);
      return success(ctx, { recordId, written, size });
    }
    const sizeText =
      size < RECORD_HEADER_SIZE + 4 || offset + size > end
        ? `record size ${size} is out of range`
        : `record size ${size} disagrees with its copy ${buf.readUInt32LE(offset + size - 4)}`;
    if (!options.recoverSize) {
      return failure(ctx, "evtx-record-size", sizeText, recordId, undefined);
    }
    const doc = parseDocument(ctx, bodyStart, end - 4, 0);
    const recovered = recoveredSize(ctx, offset, doc.end, size, end);
    if (recovered === undefined) {
      return failure(
        ctx,
        "evtx-record-size",
        `${sizeText}, and no size copy follows its Binary XML`,
        recordId,
        undefined,
      );
    }
    ctx.warnings.push({
      code: "evtx-record-size",
      message: `${sizeText}; the record's extent (${recovered} bytes) was recovered from its Binary XML`,
    });
    walk(walker, doc.content);
    return success(ctx, { recordId, written, size: recovered });
  } catch (err) {
    if (!(err instanceof EvtxFormatError)) throw err;
    const message = consistent ? err.message : `record size field is damaged (${size}) and ${err.message}`;
    return failure(ctx, err.code, message, recordId, consistent ? size : undefined);
  }
}

function walk(walker: Walker, content: Parameters<Walker["content"]>[0]): void {
  const budget = walker.budget;
  budget.nodes = 0;
  budget.chars = 0;
  walker.content(content, undefined, 0);
}

/** Records are padded to 8 bytes: the size copy lies within 8 bytes after the end-of-stream token. */
function recoveredSize(
  ctx: ChunkContext,
  offset: number,
  docEnd: number,
  sizeField: number,
  end: number,
): number | undefined {
  // Aligned extents first, so zero padding is not mistaken for a zero size copy.
  for (const aligned of [true, false]) {
    for (let p = docEnd; p < docEnd + 8 && p + 4 <= end; p++) {
      const extent = p + 4 - offset;
      if (aligned !== (extent % 8 === 0)) continue;
      const copy = ctx.buf.readUInt32LE(p);
      if (copy !== extent && copy !== sizeField) continue;
      const next = p + 4;
      if (
        next + 4 > end ||
        ctx.buf.readUInt32LE(next) === RECORD_SIGNATURE ||
        ctx.buf.readUInt32LE(next) === 0
      ) {
        return extent;
      }
    }
  }
  return undefined;
}

function success(ctx: ChunkContext, record: RecordHead): RecordResultOf<RecordHead> {
  return { ok: true, record, warnings: ctx.warnings };
}

function failure(
  ctx: ChunkContext,
  code: string,
  message: string,
  recordId: number | undefined,
  size: number | undefined,
): RecordResultOf<never> {
  return { ok: false, code, message, recordId, size, warnings: ctx.warnings };
}
