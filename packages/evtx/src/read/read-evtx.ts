import { NtlmSiemError } from "@ntlm-siem/core";
import type { RawRecord, ReadItem, RecordOrigin } from "@ntlm-siem/core";
import type { EvtxLimits } from "../limits.js";
import { resolveLimits } from "../limits.js";
import { WarningCap, type EvtxProblem } from "../problems.js";
import type { ChunkContext } from "../binxml/chunk-context.js";
import { Walker } from "../binxml/walk.js";
import type { ParsedRecord, RecordHead, RecordResultOf } from "../record/parse-record.js";
import { walkRecordAt } from "../record/parse-record.js";
import { RawRecordSink } from "../record/raw-sink.js";
import { toRawRecord } from "../record/to-raw-record.js";
import { flatString, renderEvtxXml } from "../xml/render-xml.js";
import { XmlSink } from "../xml/xml-sink.js";
import { scanBatches, TREE_READER } from "./scan-evtx.js";
import type { CarveMethod } from "../carve/carve-record.js";
import type { EvtxEvent, RecordReader } from "./scan-evtx.js";

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

/** A reject or a warning, as core reports them. */
export type EvtxProblemItem = { kind: "reject" | "warning"; error: NtlmSiemError };

/** A record as its event tree (for XML rendering), or a problem as core reports it. */
export type EvtxItem = { kind: "event"; event: EvtxEvent } | EvtxProblemItem;

export function problemError(problem: EvtxProblem, file: string): NtlmSiemError {
  const location: { file: string; record?: number; offset?: number } = { file };
  if (problem.record !== undefined) location.record = problem.record;
  if (problem.offset !== undefined) location.offset = problem.offset;
  return new NtlmSiemError(problem.code, "read", problem.message, { location });
}

/** Turns scan batches into items, capping warnings of one code at `limits.maxWarningsPerCode`. */
export class ItemMaker {
  private readonly cap: WarningCap;

  constructor(
    private readonly file: string,
    limits: EvtxLimits,
  ) {
    this.cap = new WarningCap(limits.maxWarningsPerCode);
  }

  /** The item for a problem, or undefined when it is a warning beyond the cap (only counted). */
  problem(problem: EvtxProblem): EvtxProblemItem | undefined {
    if (!this.cap.admit(problem)) return undefined;
    return { kind: problem.severity, error: problemError(problem, this.file) };
  }

  /** One summary warning per code whose warnings were capped. */
  summaries(): EvtxProblemItem[] {
    return this.cap.capped().map(({ code, message }) => ({
      kind: "warning",
      error: new NtlmSiemError(code, "read", message, { location: { file: this.file } }),
    }));
  }
}

/**
 * Records of an .evtx file as event trees, with warnings and rejects, in file order. Warnings of one code beyond
 * `limits.maxWarningsPerCode` are counted into one summary warning at the end; rejects are never dropped.
 */
export function readEvtxEvents(path: string, options: ReadEvtxOptions = {}): AsyncGenerator<EvtxItem> {
  return itemsOf(path, options, TREE_READER, (event) => ({ kind: "event", event }));
}

/** A scan's records as items made by `item`, and its problems as reject/warning items (warnings capped per code). */
async function* itemsOf<R extends RecordHead, E, I>(
  path: string,
  options: ReadEvtxOptions,
  reader: RecordReader<R, E>,
  item: (event: E, file: string) => I,
): AsyncGenerator<I | EvtxProblemItem> {
  const file = options.file ?? path;
  const limits = resolveLimits(options.limits);
  const maker = new ItemMaker(file, limits);
  for await (const batch of scanBatches(path, limits, { carve: options.carve === true }, reader)) {
    for (const scanned of batch) {
      if (scanned.kind === "event") yield item(scanned.event, file);
      else if (scanned.kind === "problem") {
        const out = maker.problem(scanned.problem);
        if (out !== undefined) yield out;
      }
    }
  }
  yield* maker.summaries();
}

/** A record as its Event XML text (what `renderEvtxXml(event.content)` gives), with where it was found. */
export interface EvtxXmlEvent {
  recordId: number;
  written: string;
  size: number;
  ordinal: number;
  chunk: number;
  offset: number;
  recovered?: CarveMethod;
  /** The record's Event XML, on one line. */
  xml: string;
}

export type EvtxXmlItem = { kind: "xml"; event: EvtxXmlEvent } | EvtxProblemItem;

interface XmlRecord extends RecordHead {
  xml: string;
}

/** Records written straight to XML text by the walk (no event tree). */
function xmlReader(): RecordReader<XmlRecord, EvtxXmlEvent> {
  const sink = new XmlSink();
  const walker = new Walker();
  return {
    parse(ctx: ChunkContext, offset: number, end: number, options: { recoverSize: boolean }) {
      sink.reset();
      walker.reset(ctx, sink, walker.budget);
      const result = walkRecordAt(ctx, offset, end, options, walker) as RecordResultOf<XmlRecord>;
      if (result.ok) result.record.xml = flatString(sink.xml);
      return result;
    },
    event: (r, ordinal, chunk, offset) => ({
      recordId: r.recordId,
      written: r.written,
      size: r.size,
      ordinal,
      chunk,
      offset,
      xml: r.xml,
    }),
    carved: (r: ParsedRecord, ordinal, chunk, offset, recovered) => ({
      recordId: r.recordId,
      written: r.written,
      size: r.size,
      ordinal,
      chunk,
      offset,
      recovered,
      xml: renderEvtxXml(r.content),
    }),
  };
}

/**
 * readEvtxEvents with each record as its one-line Event XML text (`renderEvtxXml` of its content), written
 * straight from the Binary XML without building the event tree: the fast way to EVTX -> XML.
 */
export function readEvtxXml(path: string, options: ReadEvtxOptions = {}): AsyncGenerator<EvtxXmlItem> {
  return itemsOf(path, options, xmlReader(), (event) => ({ kind: "xml", event }));
}

/**
 * Reads an .evtx file as core ReadItems: one RawRecord per event record (origin format "evtx", 1-based
 * ordinal, file offset), a `reject` for each record that cannot be read, and `warning`s for damage that costs
 * no record. Streams one 64 KiB chunk at a time; never throws for damaged content.
 */
export function readEvtx(path: string, options: ReadEvtxOptions = {}): AsyncGenerator<ReadItem> {
  return itemsOf(path, options, rawReader(), eventItem);
}

/** A record read into its RawRecord (origin still to set), or the name of its root when that is no <Event>. */
export interface RawEvent extends RecordHead {
  raw: RawRecord | undefined;
  rootName: string | undefined;
  ordinal: number;
  chunk: number;
  offset: number;
  recovered?: CarveMethod;
}

/** Records read straight into RawRecords by the walk (no event tree). */
export function rawReader(): RecordReader<RawEvent, RawEvent> {
  const sink = new RawRecordSink();
  const walker = new Walker();
  return {
    parse(ctx: ChunkContext, offset: number, end: number, options: { recoverSize: boolean }) {
      sink.reset();
      walker.reset(ctx, sink, walker.budget);
      const result = walkRecordAt(ctx, offset, end, options, walker) as RecordResultOf<RawEvent>;
      if (result.ok) {
        const r = result.record;
        r.raw = sink.finish();
        r.rootName = sink.rootName;
      }
      return result;
    },
    event(r, ordinal, chunk, offset) {
      r.ordinal = ordinal;
      r.chunk = chunk;
      r.offset = offset;
      return r;
    },
    carved: (r: ParsedRecord, ordinal, chunk, offset, recovered) => ({
      recordId: r.recordId,
      written: r.written,
      size: r.size,
      raw: toRawRecord(r.root, NO_ORIGIN),
      rootName: r.root?.name,
      ordinal,
      chunk,
      offset,
      recovered,
    }),
  };
}

const NO_ORIGIN: RecordOrigin = { file: "", record: 0, format: "evtx" };

export function eventItem(event: RawEvent, file: string): ReadItem {
  const origin: RecordOrigin = { file, record: event.ordinal, offset: event.offset, format: "evtx" };
  if (event.recovered !== undefined) origin.recovered = true;
  const record = event.raw;
  if (record !== undefined) {
    record.origin = origin;
    return { kind: "record", record };
  }
  const found = event.rootName === undefined ? "no element" : `<${event.rootName}>`;
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
