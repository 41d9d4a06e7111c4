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

/**
 * Warnings of one code beyond `limit` per file are only counted (memory must not grow with a badly damaged file);
 * rejects always pass. `capped()` names the codes that went over, for one summary line each.
 */
export class WarningCap {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  admit(problem: EvtxProblem): boolean {
    if (problem.severity !== "warning") return true;
    const count = (this.counts.get(problem.code) ?? 0) + 1;
    this.counts.set(problem.code, count);
    return count <= this.limit;
  }

  capped(): { code: string; count: number; more: number; message: string }[] {
    const out: { code: string; count: number; more: number; message: string }[] = [];
    for (const [code, count] of this.counts) {
      if (count <= this.limit) continue;
      const more = count - this.limit;
      out.push({
        code,
        count,
        more,
        message: `${more} more warning(s) of this kind (${count} in all) not listed`,
      });
    }
    return out;
  }
}
