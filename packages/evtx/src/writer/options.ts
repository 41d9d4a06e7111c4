/** Options of the EVTX test writer. */

/** How a checksum is written: correctly, as zero (never computed), or deliberately wrong (the correct value inverted). */
export type ChecksumMode = "valid" | "zero" | "wrong";

export interface EvtxWriterOptions {
  /**
   * Record identifiers: "from-xml" (default) keeps each event's EventRecordID as the record header identifier and
   * the EventRecordID value, as Windows has them equal; "sequential" renumbers from `firstRecordId`, rewriting
   * EventRecordID to match (for bench files built from repeated events). Events without EventRecordID always get
   * the previous identifier plus one.
   */
  recordIds?: "from-xml" | "sequential";
  /** First identifier for "sequential" (and for a first event without EventRecordID); default 1. */
  firstRecordId?: number | bigint;
  /** Infer EventData/UserData value types from their text (default true); false writes every value as a string. */
  inferDataTypes?: boolean;
  /** At most this many records per chunk (default: as many as fit in 64 KiB), to get several chunks from few events. */
  maxRecordsPerChunk?: number;
  /** File format minor version: 1 (Vista and later, default) or 2 (Windows 10 2004 and later). */
  minorVersion?: 1 | 2;
  /** Deliberate damage, for reader tests. */
  damage?: EvtxDamage;
}

export interface EvtxDamage {
  /** Leave the file header's dirty flag (0x1) set, as Windows does while the log is open or after a crash. */
  dirty?: boolean;
  /** Set the file header's full flag (0x2). */
  full?: boolean;
  /** Store this chunk count in the file header instead of the real one (libevtx "invalid number of chunks" case). */
  headerChunkCount?: number;
  fileHeaderChecksum?: ChecksumMode;
  chunkHeaderChecksum?: ChecksumMode;
  recordsChecksum?: ChecksumMode;
  /**
   * Leave the last N records of a chunk in its slack: the free-space offset, last-record offset, last record
   * number/identifier, records checksum and the string/template tables are written as if those records had never
   * been written, while their bytes stay complete after the free-space offset (as after Windows reuses a chunk).
   * At least one record per chunk stays live.
   */
  slackRecords?: number;
  /** Chunk indexes (0-based) the chunk-level damage applies to; default every chunk. */
  chunks?: readonly number[];
}

export interface RecordPlacement {
  /** Offset of the record in its chunk. */
  offset: number;
  size: number;
  /** Record number (1-based position in the file, live and slack records alike). */
  number: bigint;
  id: bigint;
}

export interface ChunkSummary {
  index: number;
  /** Offset of the chunk in the file. */
  fileOffset: number;
  records: RecordPlacement[];
  /** Complete records left after the free-space offset (`damage.slackRecords`). */
  slack: RecordPlacement[];
  freeSpaceOffset: number;
}

export interface EvtxWriteSummary {
  chunks: ChunkSummary[];
  /** Live records (slack records excluded). */
  records: number;
  nextRecordId: bigint;
  /** Distinct templates (outer and nested) used. */
  templates: number;
}
