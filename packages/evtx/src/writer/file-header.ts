import {
  FILE_FLAG_DIRTY,
  FILE_FLAG_FULL,
  FILE_HEADER_BLOCK_SIZE,
  FILE_HEADER_SIZE,
  FILE_SIGNATURE,
} from "../binxml/constants.js";
import { applyChecksum } from "./chunk-builder.js";
import { crc32 } from "../crc32.js";
import type { ChecksumMode } from "./options.js";

/** Offsets in the file header (libevtx format doc, "File header"). */
const AT = {
  firstChunk: 8,
  lastChunk: 16,
  nextRecordId: 24,
  headerSize: 32,
  minorVersion: 36,
  majorVersion: 38,
  blockSize: 40,
  chunkCount: 42,
  flags: 120,
  checksum: 124,
} as const;

const MAJOR_VERSION = 3;

export interface FileHeaderFields {
  chunkCount: number;
  /** Chunk count stored in the header, when deliberately different from the real one. */
  storedChunkCount?: number;
  nextRecordId: bigint;
  minorVersion: number;
  dirty: boolean;
  full: boolean;
  checksum: ChecksumMode;
}

/** The 4096-byte header block: 128 bytes of header, CRC32 over its first 120 bytes, zeros after. */
export function fileHeader(f: FileHeaderFields): Buffer {
  const stored = f.storedChunkCount ?? f.chunkCount;
  if (stored > 0xffff) throw new RangeError(`${stored} chunks do not fit the header's 16-bit chunk count`);
  const buf = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
  buf.write(FILE_SIGNATURE, 0, "latin1");
  buf.writeBigUInt64LE(0n, AT.firstChunk);
  buf.writeBigUInt64LE(BigInt(Math.max(0, f.chunkCount - 1)), AT.lastChunk);
  buf.writeBigUInt64LE(f.nextRecordId, AT.nextRecordId);
  buf.writeUInt32LE(FILE_HEADER_SIZE, AT.headerSize);
  buf.writeUInt16LE(f.minorVersion, AT.minorVersion);
  buf.writeUInt16LE(MAJOR_VERSION, AT.majorVersion);
  buf.writeUInt16LE(FILE_HEADER_BLOCK_SIZE, AT.blockSize);
  buf.writeUInt16LE(stored, AT.chunkCount);
  buf.writeUInt32LE((f.dirty ? FILE_FLAG_DIRTY : 0) | (f.full ? FILE_FLAG_FULL : 0), AT.flags);
  buf.writeUInt32LE(applyChecksum(f.checksum, crc32(buf, 0, AT.flags)), AT.checksum);
  return buf;
}
