import { FILE_FLAG_DIRTY, FILE_FLAG_FULL, FILE_SIGNATURE } from "../binxml/constants.js";
import { crc32 } from "../crc32.js";

/**
 * File header (libevtx "File header"): signature, first/last chunk number, next record identifier, header
 * size, format version, header block size (chunk data offset), number of chunks, flags, and the CRC-32 of its
 * first 120 bytes.
 */
export interface EvtxFileHeader {
  signatureOk: boolean;
  firstChunkNumber: number;
  lastChunkNumber: number;
  nextRecordId: number;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  headerBlockSize: number;
  chunkCount: number;
  flags: number;
  dirty: boolean;
  full: boolean;
  checksum: number;
  checksumOk: boolean;
}

const SIGNATURE = Buffer.from(FILE_SIGNATURE, "latin1");
const TWO_32 = 4_294_967_296;

export function hasFileSignature(head: Buffer): boolean {
  return (
    head.length >= SIGNATURE.length && head.compare(SIGNATURE, 0, SIGNATURE.length, 0, SIGNATURE.length) === 0
  );
}

/** `head` holds at least the first 128 bytes of the file. */
export function parseFileHeader(head: Buffer): EvtxFileHeader {
  const u64 = (p: number): number => head.readUInt32LE(p) + head.readUInt32LE(p + 4) * TWO_32;
  const flags = head.readUInt32LE(120);
  const checksum = head.readUInt32LE(124);
  return {
    signatureOk: hasFileSignature(head),
    firstChunkNumber: u64(8),
    lastChunkNumber: u64(16),
    nextRecordId: u64(24),
    headerSize: head.readUInt32LE(32),
    minorVersion: head.readUInt16LE(36),
    majorVersion: head.readUInt16LE(38),
    headerBlockSize: head.readUInt16LE(40),
    chunkCount: head.readUInt16LE(42),
    flags,
    dirty: (flags & FILE_FLAG_DIRTY) !== 0,
    full: (flags & FILE_FLAG_FULL) !== 0,
    checksum,
    checksumOk: crc32(head, 0, 120) === checksum,
  };
}
