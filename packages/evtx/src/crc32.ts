/**
 * CRC-32 as EVTX uses it (RFC 1952 / zlib polynomial 0xEDB88320, reflected, initial value 0 in zlib's sense:
 * the register starts at ~0 and is inverted at the end). libevtx "File header" and "Chunk header": the file
 * header checksum covers bytes 0-120, the chunk header checksum bytes 0-120 and 128-512, the event records
 * checksum bytes 512 up to the free space offset. Node's native zlib.crc32 (Node 20.15+, 22.2+) is used when
 * present (the records checksum of every chunk is on the read path); the table is the fallback.
 */
import * as zlib from "node:zlib";

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 of `bytes[start, end)`, continuing from `previous` (the CRC of the bytes before, 0 for none), so a
 * checksum over two separate ranges is `crc32(b, 128, 512, crc32(b, 0, 120))`.
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  if (native !== undefined) return native(bytes.subarray(start, end), previous) >>> 0;
  return tableCrc32(bytes, start, end, previous);
}

/** The same, byte by byte with the table (Node versions without zlib.crc32; tested against the native one). */
export function tableCrc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  let c = ~previous;
  const table = TABLE;
  for (let i = start; i < end; i++) {
    c = (table[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return ~c >>> 0;
}
