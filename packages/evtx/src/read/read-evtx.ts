import { NtlmSiemError } from "@ntlm-siem/core";
import type { ReadItem, RecordOrigin } from "@ntlm-siem/core";
import type { EvtxLimits } from "../limits.js";
import { resolveLimits } from "../limits.js";
import type { EvtxProblem } from "../problems.js";
import { toRawRecord } from "../record/to-raw-record.js";
import { scanEvtx } from "./scan-evtx.js";
import type { EvtxEvent } from "./scan-evtx.js";

export interface ReadEvtxOptions {
  /** Name to report in origins and errors (default: the path). */
  file?: string;
  limits?: Partial<EvtxLimits>;
  /**
   * Also recover deleted records from unallocated chunk space, after the live ones: RawRecords with
   * `origin.recovered: true` (readEvtx) / events with `recovered` set (readEvtxEvents).
   */
  carve?: boolean;
}

/** A record as its event tree (for XML rendering), or a problem as core reports it. */
export type EvtxItem =
  { kind: "event"; event: EvtxEvent } | { kind: "reject" | "warning"; error: NtlmSiemError };

export function problemError(problem: EvtxProblem, file: string): NtlmSiemError {
  const location: { file: string; record?: number; offset?: number } = { file };
  if (problem.record !== undefined) location.record = problem.record;
  if (problem.offset !== undefined) location.offset = problem.offset;
  return new NtlmSiemError(problem.code, "read", problem.message, { location });
}

/** Turns scan batches into items, capping warnings of one code at `limits.maxWarningsPerCode`. */
class ItemMaker {
  private readonly warningCounts = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly limits: EvtxLimits,
  ) {}

  /** The item for a problem, or undefined when it is a warning beyond the cap (only counted). */
  problem(problem: EvtxProblem): EvtxItem | undefined {
    if (problem.severity === "warning") {
      const count = (this.warningCounts.get(problem.code) ?? 0) + 1;
      this.warningCounts.set(problem.code, count);
      if (count > this.limits.maxWarningsPerCode) return undefined;
    }
    return { kind: problem.severity, error: problemError(problem, this.file) };
  }

  /** One summary warning per code whose warnings were capped. */
  summaries(): EvtxItem[] {
    const out: EvtxItem[] = [];
    for (const [code, count] of this.warningCounts) {
      if (count <= this.limits.maxWarningsPerCode) continue;
      const more = count - this.limits.maxWarningsPerCode;
      out.push({
        kind: "warning",
        error: new NtlmSiemError(
          code,
          "read",
          `${more} more warning(s) of this kind (${count} in all) not listed`,
          {
            location: { file: this.file },
          },
        ),
      });
    }
    return out;
  }
}

/**
 * Records of an .evtx file as event trees, with warnings and rejects, in file order. Warnings of one code beyond
 * `limits.maxWarningsPerCode` are counted into one summary warning at the end; rejects are never dropped.
 */
export async function* readEvtxEvents(path: string, options: ReadEvtxOptions = {}): AsyncGenerator<EvtxItem> {
  const limits = resolveLimits(options.limits);
  const maker = new ItemMaker(options.file ?? path, limits);
  for await (const batch of scanEvtx(path, limits, { carve: options.carve === true })) {
    for (const item of batch) {
      if (item.kind === "event") yield item;
      else if (item.kind === "problem") {
        const out = maker.problem(item.problem);
        if (out !== undefined) yield out;
      }
    }
  }
  yield* maker.summaries();
}

/**
 * Reads an .evtx file as core ReadItems: one RawRecord per event record (origin format "evtx", 1-based
 * ordinal, file offset), a `reject` for each record that cannot be read, and `warning`s for damage that costs
 * no record. Streams one 64 KiB chunk at a time; never throws for damaged content.
 */
export async function* readEvtx(path: string, options: ReadEvtxOptions = {}): AsyncGenerator<ReadItem> {
  const file = options.file ?? path;
  const limits = resolveLimits(options.limits);
  const maker = new ItemMaker(file, limits);
  for await (const batch of scanEvtx(path, limits, { carve: options.carve === true })) {
    for (const item of batch) {
      if (item.kind === "event") yield eventItem(item.event, file);
      else if (item.kind === "problem") {
        const out = maker.problem(item.problem);
        if (out !== undefined) yield out as ReadItem;
      }
    }
  }
  yield* maker.summaries() as ReadItem[];
}

function eventItem(event: EvtxEvent, file: string): ReadItem {
  const origin: RecordOrigin = { file, record: event.ordinal, offset: event.offset, format: "evtx" };
  if (event.recovered !== undefined) origin.recovered = true;
  const record = toRawRecord(event.root, origin);
  if (record !== undefined) return { kind: "record", record };
  const found = event.root === undefined ? "no element" : `<${event.root.name}>`;
  return {
    kind: "reject",
    error: new NtlmSiemError(
      "evtx-not-event",
      "read",
      `chunk ${event.chunk}, event record ${event.recordId}: Binary XML holds ${found}, not an <Event>`,
      { location: { file, record: event.ordinal, offset: event.offset } },
    ),
  };
}
