import type { ChunkContext } from "../binxml/chunk-context.js";
import { CHUNK_RECORDS_OFFSET } from "../binxml/constants.js";
import { hasConsistentSize } from "../record/parse-record.js";

/** Bytes of a chunk the live walk accounted for (a record read or rejected there). */
export interface Extent {
  start: number;
  end: number;
}

const SIGNATURE_BYTES = Buffer.from([0x2a, 0x2a, 0x00, 0x00]);
/** Header, a fragment header, a template instance (10 bytes), a value count and the size copy. */
const MIN_CARVED_SIZE = 24 + 4 + 10 + 4 + 4;

/**
 * Chunk offsets where a record no live walk reached may lie: a record signature whose size is plausible (room for
 * a template instance, inside the chunk) and whose size copy agrees, in bytes no live record occupies (slack after
 * the free-space offset, and whatever the walk stepped over). A candidate overlapping a live record is left out:
 * its tail was overwritten. `covered` is in walk order (ascending). Linear in the chunk size.
 */
export function carveCandidates(ctx: ChunkContext, covered: readonly Extent[]): number[] {
  const out: number[] = [];
  let next = 0; // first covered extent that may still lie ahead
  let at = CHUNK_RECORDS_OFFSET;
  while (at + MIN_CARVED_SIZE <= ctx.length) {
    const found = ctx.buf.indexOf(SIGNATURE_BYTES, at);
    if (found < 0 || found + MIN_CARVED_SIZE > ctx.length) break;
    while (next < covered.length && (covered[next] as Extent).end <= found) next++;
    const live = covered[next];
    if (live !== undefined && live.start <= found) {
      at = live.end;
      continue;
    }
    const size = ctx.buf.readUInt32LE(found + 4);
    const fits =
      size >= MIN_CARVED_SIZE &&
      hasConsistentSize(ctx, found, ctx.length) &&
      (live === undefined || found + size <= live.start);
    if (fits) {
      out.push(found);
      at = found + size;
    } else at = found + 1;
  }
  return out;
}
