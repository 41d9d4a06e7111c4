const ZERO = Buffer.alloc(65536);

/** True when bytes [start, end) of `buf` are all zero; a memcmp against a zero page, not a byte loop. */
export function isZeroRange(buf: Buffer, start: number, end: number): boolean {
  for (let at = start; at < end; at += ZERO.length) {
    const stop = Math.min(end, at + ZERO.length);
    if (!buf.subarray(at, stop).equals(ZERO.subarray(0, stop - at))) return false;
  }
  return true;
}
