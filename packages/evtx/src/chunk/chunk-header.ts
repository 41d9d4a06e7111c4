import type { ChunkContext } from "../binxml/chunk-context.js";
import { CHUNK_RECORDS_OFFSET, CHUNK_SIGNATURE } from "../binxml/constants.js";
import { crc32 } from "../crc32.js";

/**
 * Chunk header (libevtx "Chunk header"): 512 bytes with the record number and identifier ranges, the last
 * record and free space offsets, the CRC-32 of the records (bytes 512 up to the free space offset) and the
 * CRC-32 of the header itself (bytes 0-120 and 128-512, which includes the string and template tables).
 */
export interface ChunkHeader {
  signatureOk: boolean;
  firstRecordNumber: number;
  lastRecordNumber: number;
  firstRecordId: number;
  lastRecordId: number;
  headerSize: number;
  lastRecordOffset: number;
  freeSpaceOffset: number;
  recordsChecksum: number;
  flags: number;
  checksum: number;
  headerChecksumOk: boolean;
  /** undefined when the free space offset is out of range, so there is nothing to check the CRC over. */
  recordsChecksumOk: boolean | undefined;
}

const SIGNATURE = Buffer.from(CHUNK_SIGNATURE, "latin1");
const TWO_32 = 4_294_967_296;

function u64(buf: Buffer, p: number): number {
  return buf.readUInt32LE(p) + buf.readUInt32LE(p + 4) * TWO_32;
}

export function hasChunkSignature(buf: Buffer): boolean {
  return buf.compare(SIGNATURE, 0, SIGNATURE.length, 0, SIGNATURE.length) === 0;
}

export function parseChunkHeader(ctx: ChunkContext): ChunkHeader {
  const buf = ctx.buf;
  const freeSpaceOffset = buf.readUInt32LE(48);
  const recordsChecksum = buf.readUInt32LE(52);
  const checksum = buf.readUInt32LE(124);
  const freeOk = freeSpaceOffset >= CHUNK_RECORDS_OFFSET && freeSpaceOffset <= ctx.length;
  return {
    signatureOk: hasChunkSignature(buf),
    firstRecordNumber: u64(buf, 8),
    lastRecordNumber: u64(buf, 16),
    firstRecordId: u64(buf, 24),
    lastRecordId: u64(buf, 32),
    headerSize: buf.readUInt32LE(40),
    lastRecordOffset: buf.readUInt32LE(44),
    freeSpaceOffset,
    recordsChecksum,
    flags: buf.readUInt32LE(120),
    checksum,
    headerChecksumOk: crc32(buf, 128, 512, crc32(buf, 0, 120)) === checksum,
    recordsChecksumOk: freeOk
      ? crc32(buf, CHUNK_RECORDS_OFFSET, freeSpaceOffset) === recordsChecksum
      : undefined,
  };
}
