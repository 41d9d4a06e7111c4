/**
 * Damage the reader found, before it becomes a core ReadItem: a `warning` when no record is lost, a `reject`
 * when a record cannot be read. Codes are stable (they are counted in summaries and tested).
 */
export type ProblemSeverity = "warning" | "reject";

export interface EvtxProblem {
  code: string;
  severity: ProblemSeverity;
  message: string;
  /** 0-based chunk index, when the problem is inside a chunk. */
  chunk?: number;
  /** 1-based ordinal of the record within the file (as RecordOrigin.record), when it concerns one record. */
  record?: number;
  /** Event record identifier from the record header, when known. */
  recordId?: number;
  /** Byte offset in the file. */
  offset?: number;
}

/** Thrown inside Binary XML / record parsing; turned into a reject by the record reader. Never escapes the package. */
export class EvtxFormatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Offset relative to the chunk start, when known. */
    readonly chunkOffset?: number,
  ) {
    super(message);
  }
}

/** A non-fatal finding while decoding a record (irregular boolean, malformed UTF-16, …). */
export interface RecordWarning {
  code: string;
  message: string;
}
