import type { NtlmSiemError } from "../errors.js";
import type { RawRecord } from "../raw/raw-record.js";

/**
 * What a reader yields: a record, or a rejection naming the file and record/line. A rejection never ends the
 * stream unless the input cannot be read at all; the neighbours of a bad record are still yielded.
 */
export type ReadItem =
  | { kind: "record"; record: RawRecord }
  | {
      kind: "reject";
      error: NtlmSiemError;
      /** the offending text, truncated, for --rejects */ excerpt?: string;
    }
  /**
   * Damage found while reading that lost no record by itself (a bad header checksum, a dirty file): reported with
   * its location, counted, and never a reason to stop. Records the damage does cost are `reject` items.
   */
  | { kind: "warning"; error: NtlmSiemError };

/** Limits every reader enforces so hostile input cannot make memory grow without bound. */
export interface ReadLimits {
  /** Largest single record (one <Event> or one JSON value), in characters. Larger ones are rejected. */
  maxRecordChars: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxRecordChars: 8 * 1024 * 1024 };
