import {
  CHUNK_HEADER_SIZE,
  CHUNK_RECORDS_OFFSET,
  CHUNK_SIGNATURE,
  CHUNK_SIZE,
  CHUNK_STRING_TABLE_OFFSET,
  CHUNK_TEMPLATE_TABLE_OFFSET,
  FILE_HEADER_BLOCK_SIZE,
} from "../binxml/constants.js";
import { encodeRecord } from "./binxml-encoder.js";
import { ByteWriter } from "./byte-writer.js";
import { ChunkTables } from "./chunk-tables.js";
import { crc32 } from "../crc32.js";
import type { ChecksumMode, ChunkSummary, RecordPlacement } from "./options.js";
import type { TemplateInstance } from "./template-model.js";

/** Chunk header offsets (libevtx format doc, "Chunk header"). */
const AT = {
  firstNumber: 8,
  lastNumber: 16,
  firstId: 24,
  lastId: 32,
  headerSize: 40,
  lastRecordOffset: 44,
  freeSpaceOffset: 48,
  recordsChecksum: 52,
  flags: 120,
  headerChecksum: 124,
} as const;

/** Undocumented chunk flags word; every chunk of the real fixtures has 1 here. */
const CHUNK_FLAGS = 1;

export interface ChunkDamage {
  headerChecksum: ChecksumMode;
  recordsChecksum: ChecksumMode;
  slackRecords: number;
}

export function applyChecksum(mode: ChecksumMode, crc: number): number {
  if (mode === "zero") return 0;
  return mode === "wrong" ? ~crc >>> 0 : crc;
}

/** One 64 KiB chunk being filled: records are encoded straight at their chunk offset. */
export class ChunkBuilder {
  private readonly tables = new ChunkTables();
  private readonly buf = Buffer.alloc(CHUNK_SIZE);
  private free = CHUNK_RECORDS_OFFSET;
  private readonly records: RecordPlacement[] = [];

  constructor(
    readonly index: number,
    /** Scratch space for encoding, shared by the chunks of one file. */
    private readonly scratch = new ByteWriter(8192),
  ) {}

  get scratchWriter(): ByteWriter {
    return this.scratch;
  }

  get recordCount(): number {
    return this.records.length;
  }

  /** Encodes the record at the free-space offset; false (and nothing changed) when it does not fit. */
  tryAdd(instance: TemplateInstance, number: bigint, id: bigint, written: bigint): boolean {
    const mark = this.tables.mark();
    const bytes = encodeRecord(this.scratch, this.tables, this.free, instance, id, written);
    // A record may not end exactly at the chunk end: libevtx 20181227 (evtxexport) then drops it, and real chunks
    // keep a few bytes free (the fixtures' fullest chunk ends 32 bytes short).
    if (this.free + bytes.length >= CHUNK_SIZE) {
      this.tables.rollback(mark);
      return false;
    }
    bytes.copy(this.buf, this.free);
    this.records.push({ offset: this.free, size: bytes.length, number, id });
    this.free += bytes.length;
    return true;
  }

  finish(damage: ChunkDamage): { bytes: Buffer; summary: ChunkSummary } {
    const buf = this.buf;
    const slackCount = Math.max(0, Math.min(damage.slackRecords, this.records.length - 1));
    const live = this.records.slice(0, this.records.length - slackCount);
    const slack = this.records.slice(live.length);
    const first = live[0];
    const last = live[live.length - 1];
    const free = last === undefined ? CHUNK_RECORDS_OFFSET : last.offset + last.size;
    buf.write(CHUNK_SIGNATURE, 0, "latin1");
    buf.writeBigUInt64LE(first?.number ?? 0n, AT.firstNumber);
    buf.writeBigUInt64LE(last?.number ?? 0n, AT.lastNumber);
    buf.writeBigUInt64LE(first?.id ?? 0n, AT.firstId);
    buf.writeBigUInt64LE(last?.id ?? 0n, AT.lastId);
    buf.writeUInt32LE(CHUNK_HEADER_SIZE, AT.headerSize);
    buf.writeUInt32LE(last?.offset ?? 0, AT.lastRecordOffset);
    buf.writeUInt32LE(free, AT.freeSpaceOffset);
    buf.writeUInt32LE(CHUNK_FLAGS, AT.flags);
    const heads = this.tables.heads(slack.length > 0 ? free : Number.POSITIVE_INFINITY);
    heads.names.forEach((v, i) => buf.writeUInt32LE(v, CHUNK_STRING_TABLE_OFFSET + 4 * i));
    heads.templates.forEach((v, i) => buf.writeUInt32LE(v, CHUNK_TEMPLATE_TABLE_OFFSET + 4 * i));
    // Records checksum: CRC32 of the records data, i.e. from the first record to the free-space offset.
    const recordsCrc = crc32(buf, CHUNK_RECORDS_OFFSET, free);
    buf.writeUInt32LE(applyChecksum(damage.recordsChecksum, recordsCrc), AT.recordsChecksum);
    // Header checksum: CRC32 of bytes 0–120 and 128–512 (it covers the records checksum, so it comes last).
    const headerCrc = crc32(buf, CHUNK_STRING_TABLE_OFFSET, CHUNK_RECORDS_OFFSET, crc32(buf, 0, AT.flags));
    buf.writeUInt32LE(applyChecksum(damage.headerChecksum, headerCrc), AT.headerChecksum);
    return {
      bytes: buf,
      summary: {
        index: this.index,
        fileOffset: FILE_HEADER_BLOCK_SIZE + this.index * CHUNK_SIZE,
        records: live,
        slack,
        freeSpaceOffset: free,
      },
    };
  }
}
