import {
  CHUNK_RECORDS_OFFSET,
  CHUNK_SIZE,
  FILE_HEADER_BLOCK_SIZE,
  RECORD_SIGNATURE,
  Token,
  ValueType,
} from "../../src/binxml/constants.js";
import { crc32 } from "../../src/crc32.js";

/**
 * Just enough of an EVTX walker to check the writer's output without evtxexport: headers, checksums, record framing,
 * template instances and their substitution values (libevtx format doc). Not the package's reader.
 */

export interface InspectedRecord {
  offset: number;
  size: number;
  sizeCopy: number;
  id: bigint;
  written: bigint;
}

export interface InspectedChunk {
  fileOffset: number;
  buf: Buffer;
  signature: string;
  firstNumber: bigint;
  lastNumber: bigint;
  firstId: bigint;
  lastId: bigint;
  headerSize: number;
  lastRecordOffset: number;
  freeSpaceOffset: number;
  recordsChecksum: number;
  recordsChecksumComputed: number;
  headerChecksum: number;
  headerChecksumComputed: number;
  stringTable: number[];
  templateTable: number[];
  records: InspectedRecord[];
}

export interface InspectedFile {
  signature: string;
  firstChunk: bigint;
  lastChunk: bigint;
  nextRecordId: bigint;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  blockSize: number;
  chunkCount: number;
  flags: number;
  checksum: number;
  checksumComputed: number;
  chunks: InspectedChunk[];
}

export function inspectEvtx(file: Buffer): InspectedFile {
  const chunks: InspectedChunk[] = [];
  for (let at = FILE_HEADER_BLOCK_SIZE; at + CHUNK_SIZE <= file.length; at += CHUNK_SIZE) {
    chunks.push(inspectChunk(file.subarray(at, at + CHUNK_SIZE), at));
  }
  return {
    signature: file.toString("latin1", 0, 8),
    firstChunk: file.readBigUInt64LE(8),
    lastChunk: file.readBigUInt64LE(16),
    nextRecordId: file.readBigUInt64LE(24),
    headerSize: file.readUInt32LE(32),
    minorVersion: file.readUInt16LE(36),
    majorVersion: file.readUInt16LE(38),
    blockSize: file.readUInt16LE(40),
    chunkCount: file.readUInt16LE(42),
    flags: file.readUInt32LE(120),
    checksum: file.readUInt32LE(124),
    checksumComputed: crc32(file, 0, 120),
    chunks,
  };
}

function inspectChunk(buf: Buffer, fileOffset: number): InspectedChunk {
  const free = buf.readUInt32LE(48);
  return {
    fileOffset,
    buf,
    signature: buf.toString("latin1", 0, 8),
    firstNumber: buf.readBigUInt64LE(8),
    lastNumber: buf.readBigUInt64LE(16),
    firstId: buf.readBigUInt64LE(24),
    lastId: buf.readBigUInt64LE(32),
    headerSize: buf.readUInt32LE(40),
    lastRecordOffset: buf.readUInt32LE(44),
    freeSpaceOffset: free,
    recordsChecksum: buf.readUInt32LE(52),
    recordsChecksumComputed: crc32(buf, CHUNK_RECORDS_OFFSET, free),
    headerChecksum: buf.readUInt32LE(124),
    headerChecksumComputed: crc32(buf, 128, 512, crc32(buf, 0, 120)),
    stringTable: Array.from({ length: 64 }, (_, i) => buf.readUInt32LE(128 + 4 * i)),
    templateTable: Array.from({ length: 32 }, (_, i) => buf.readUInt32LE(384 + 4 * i)),
    records: recordsFrom(buf, CHUNK_RECORDS_OFFSET, free),
  };
}

/** Records laid end to end from `start`, while a record signature is found before `end`. */
export function recordsFrom(buf: Buffer, start: number, end: number): InspectedRecord[] {
  const out: InspectedRecord[] = [];
  let at = start;
  while (at + 28 <= end && buf.readUInt32LE(at) === RECORD_SIGNATURE) {
    const size = buf.readUInt32LE(at + 4);
    if (size < 28 || at + size > buf.length) break;
    out.push({
      offset: at,
      size,
      sizeCopy: buf.readUInt32LE(at + size - 4),
      id: buf.readBigUInt64LE(at + 8),
      written: buf.readBigUInt64LE(at + 16),
    });
    at += size;
  }
  return out;
}

/** A name stored in a chunk: next-in-bucket offset, hash, text. */
export function readName(chunk: Buffer, offset: number): { next: number; hash: number; text: string } {
  const count = chunk.readUInt16LE(offset + 6);
  return {
    next: chunk.readUInt32LE(offset),
    hash: chunk.readUInt16LE(offset + 4),
    text: chunk.toString("utf16le", offset + 8, offset + 8 + 2 * count),
  };
}

export interface InspectedValue {
  type: ValueType;
  at: number;
  size: number;
}

export interface InspectedInstance {
  templateId: number;
  definitionOffset: number;
  /** True when the definition follows the instance header (first use in the chunk). */
  inline: boolean;
  /** Definition: next-in-bucket, GUID, data size (only read when the definition is at `definitionOffset`). */
  definition: { next: number; guid: Buffer; dataSize: number; fragmentHeader: Buffer };
  values: InspectedValue[];
  end: number;
}

/** A template instance (token 0x0c) at chunk offset `at`. */
export function readInstance(chunk: Buffer, at: number): InspectedInstance {
  if (chunk[at] !== Token.TemplateInstance) throw new Error(`no template instance at ${at}`);
  const templateId = chunk.readUInt32LE(at + 2);
  const definitionOffset = chunk.readUInt32LE(at + 6);
  let p = at + 10;
  const inline = definitionOffset === p;
  const d = definitionOffset;
  const definition = {
    next: chunk.readUInt32LE(d),
    guid: chunk.subarray(d + 4, d + 20),
    dataSize: chunk.readUInt32LE(d + 20),
    fragmentHeader: chunk.subarray(d + 24, d + 28),
  };
  if (inline) p = d + 24 + definition.dataSize;
  const count = chunk.readUInt32LE(p);
  p += 4;
  const descriptors = Array.from({ length: count }, (_, i) => ({
    size: chunk.readUInt16LE(p + 4 * i),
    type: chunk[p + 4 * i + 2] ?? 0,
  }));
  p += 4 * count;
  const values: InspectedValue[] = [];
  for (const desc of descriptors) {
    values.push({ type: desc.type, at: p, size: desc.size });
    p += desc.size;
  }
  return { templateId, definitionOffset, inline, definition, values, end: p };
}

const hex = (s: Buffer): string => s.toString("hex").toUpperCase();
const reversed = (s: Buffer): Buffer => Buffer.from(s).reverse();

/** Renderers of the value types the writer emits, in the forms Windows uses (and the writer's input has). */
const RENDER: Partial<Record<ValueType, (b: Buffer) => string | null>> = {
  [ValueType.Null]: () => null,
  [ValueType.WString]: (b) => b.toString("utf16le").replace(/\0$/, ""),
  [ValueType.UInt8]: (b) => String(b.readUInt8(0)),
  [ValueType.UInt16]: (b) => String(b.readUInt16LE(0)),
  [ValueType.UInt32]: (b) => String(b.readUInt32LE(0)),
  [ValueType.UInt64]: (b) => b.readBigUInt64LE(0).toString(),
  [ValueType.HexInt64]: (b) => `0x${b.readBigUInt64LE(0).toString(16)}`,
  [ValueType.Bool]: (b) => (b.readUInt32LE(0) === 0 ? "false" : "true"),
  [ValueType.FileTime]: (b) => {
    const ticks = b.readBigUInt64LE(0);
    const seconds = ticks / 10_000_000n - 11_644_473_600n;
    const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
    return `${iso}.${(ticks % 10_000_000n).toString().padStart(7, "0")}Z`;
  },
  [ValueType.Guid]: (b) =>
    `{${hex(reversed(b.subarray(0, 4)))}-${hex(reversed(b.subarray(4, 6)))}-${hex(reversed(b.subarray(6, 8)))}-` +
    `${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}}`,
  [ValueType.Sid]: (b) => {
    const count = b[1] ?? 0;
    const authority = b.readUIntBE(2, 6);
    const subs = Array.from({ length: count }, (_, i) => b.readUInt32LE(8 + 4 * i));
    return ["S", b[0], authority, ...subs].join("-");
  },
};

/** A substitution value as Windows renders it (the forms the writer's input uses). */
export function renderValue(chunk: Buffer, v: InspectedValue): string | null {
  const render = RENDER[v.type];
  if (render === undefined)
    throw new Error(`value type 0x${v.type.toString(16)} not rendered by the test walker`);
  return render(chunk.subarray(v.at, v.at + v.size));
}
