import { NtlmSiemError } from "../errors.js";
import { SCHEMAS, type JsonObject, type OutputSchema } from "../map/index.js";
import type { NtlmEvent } from "../model/ntlm-event.js";
import { normalize } from "../normalize/normalize.js";
import { takeBatches } from "../read/read-batches.js";
import type { ReadItem } from "../read/read-result.js";

/** One step of a conversion: a document to write, a rejected record to report, or a record of another log. */
export type ConvertItem =
  | { kind: "document"; document: JsonObject; event: NtlmEvent }
  | { kind: "reject"; error: NtlmSiemError; excerpt?: string }
  | { kind: "skip"; channel: string | undefined }
  | { kind: "warning"; error: NtlmSiemError };

/** Counters for the summary: records read, converted, skipped, rejected by reason, events by ID. */
export interface ConvertStats {
  read: number;
  converted: number;
  skipped: number;
  skippedByChannel: Record<string, number>;
  rejected: number;
  rejectedByReason: Record<string, number>;
  byEventId: Record<string, number>;
  unknownEventIds: Record<string, number>;
  recovered: number;
  warnings: number;
  warningsByReason: Record<string, number>;
}

export function newConvertStats(): ConvertStats {
  return {
    read: 0,
    converted: 0,
    skipped: 0,
    skippedByChannel: {},
    rejected: 0,
    rejectedByReason: {},
    byEventId: {},
    unknownEventIds: {},
    recovered: 0,
    warnings: 0,
    warningsByReason: {},
  };
}

/**
 * Reader items -> schema documents, one at a time (streaming: nothing is buffered). A rejected or skipped record
 * never stops the stream; `stats` is updated as items pass so a caller can show progress.
 */
export async function* convertItems(
  items: AsyncIterable<ReadItem>,
  schema: OutputSchema,
  stats: ConvertStats = newConvertStats(),
): AsyncGenerator<ConvertItem> {
  for await (const batch of convertBatches(items, schema, stats)) yield* batch;
}

/**
 * convertItems a batch at a time: the items of one reader batch (a text or EVTX chunk's worth) together, so a
 * consumer that writes or ships them pays one await per batch instead of one per record. `stats` counts a
 * batch's items when the batch is handed out.
 */
export async function* convertBatches(
  items: AsyncIterable<ReadItem>,
  schema: OutputSchema,
  stats: ConvertStats = newConvertStats(),
): AsyncGenerator<ConvertItem[]> {
  // Items from readInputs arrive a chunk at a time underneath: reading those batches saves an await per item.
  // Other iterables are taken one item per batch, so nothing is held back waiting for a batch to fill.
  const batches = takeBatches(items) ?? singles(items);
  const map = SCHEMAS[schema];
  for await (const batch of batches) yield convertReadItems(batch, schema, stats, map);
}

/** Converts reader items already in hand (a batch), counting them into `stats`. */
export function convertReadItems(
  items: readonly ReadItem[],
  schema: OutputSchema,
  stats: ConvertStats,
  map: (event: NtlmEvent) => JsonObject = SCHEMAS[schema],
): ConvertItem[] {
  const out = new Array<ConvertItem>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = convertItem(items[i] as ReadItem, schema, map, stats);
  return out;
}

/** Adds the counts of `delta` to `stats` (conversions of parts of the input made elsewhere, e.g. in workers). */
export function mergeConvertStats(stats: ConvertStats, delta: ConvertStats): void {
  stats.read += delta.read;
  stats.converted += delta.converted;
  stats.skipped += delta.skipped;
  stats.rejected += delta.rejected;
  stats.recovered += delta.recovered;
  stats.warnings += delta.warnings;
  addCounts(stats.skippedByChannel, delta.skippedByChannel);
  addCounts(stats.rejectedByReason, delta.rejectedByReason);
  addCounts(stats.byEventId, delta.byEventId);
  addCounts(stats.unknownEventIds, delta.unknownEventIds);
  addCounts(stats.warningsByReason, delta.warningsByReason);
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

async function* singles(items: AsyncIterable<ReadItem>): AsyncGenerator<ReadItem[]> {
  for await (const item of items) yield [item];
}

function convertItem(
  item: ReadItem,
  schema: OutputSchema,
  map: (event: NtlmEvent) => JsonObject,
  stats: ConvertStats,
): ConvertItem {
  if (item.kind === "warning") {
    stats.warnings += 1;
    stats.warningsByReason[item.error.code] = (stats.warningsByReason[item.error.code] ?? 0) + 1;
    return item;
  }
  stats.read += 1;
  if (item.kind === "reject") {
    countReject(stats, item.error.code);
    return item.excerpt === undefined
      ? { kind: "reject", error: item.error }
      : { kind: "reject", error: item.error, excerpt: item.excerpt };
  }
  const result = normalize(item.record);
  switch (result.kind) {
    case "skip": {
      stats.skipped += 1;
      const key = result.channel ?? "(no channel)";
      stats.skippedByChannel[key] = (stats.skippedByChannel[key] ?? 0) + 1;
      return { kind: "skip", channel: result.channel };
    }
    case "reject":
      countReject(stats, result.error.code);
      return { kind: "reject", error: result.error };
    case "event": {
      const event = result.event;
      let document: JsonObject;
      try {
        document = map(event);
      } catch (cause) {
        // A mapper bug must not take the neighbours down: report this record and go on.
        const error = new NtlmSiemError(
          "map-failed",
          "map",
          `mapping to ${schema} failed: ${String(cause)}`,
          {
            location: { file: event.origin.file, record: event.origin.record },
            cause,
          },
        );
        countReject(stats, error.code);
        return { kind: "reject", error };
      }
      stats.converted += 1;
      const id = String(event.record.eventId);
      stats.byEventId[id] = (stats.byEventId[id] ?? 0) + 1;
      if (!event.event.known) stats.unknownEventIds[id] = (stats.unknownEventIds[id] ?? 0) + 1;
      if (event.origin.recovered) stats.recovered += 1;
      return { kind: "document", document, event };
    }
  }
}

function countReject(stats: ConvertStats, code: string): void {
  stats.rejected += 1;
  stats.rejectedByReason[code] = (stats.rejectedByReason[code] ?? 0) + 1;
}
