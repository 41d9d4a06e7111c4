/**
 * CRC-32 as EVTX uses it: the RFC 1952 (gzip/zlib) polynomial, reflected, with the usual pre- and post-inversion
 * ("initial value 0" in the libevtx format documentation means zlib's `crc32(0, …)`). A table keeps it fast enough
 * for multi-hundred-MB bench files; `zlib.crc32` would do the same but needs Node 22.
 */

const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 of `bytes[start, end)`, continuing from `previous` (the CRC of the bytes before, 0 to start). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = start; i < end; i++) c = (TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}
