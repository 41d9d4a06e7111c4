import { NtlmSiemError } from "../errors.js";
import { SCHEMAS, type JsonObject, type OutputSchema } from "../map/index.js";
import type { NtlmEvent } from "../model/ntlm-event.js";
import { normalize } from "../normalize/normalize.js";
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
  const map = SCHEMAS[schema];
  for await (const item of items) {
    if (item.kind === "warning") {
      stats.warnings += 1;
      stats.warningsByReason[item.error.code] = (stats.warningsByReason[item.error.code] ?? 0) + 1;
      yield item;
      continue;
    }
    stats.read += 1;
    if (item.kind === "reject") {
      countReject(stats, item.error.code);
      yield item.excerpt === undefined
        ? { kind: "reject", error: item.error }
        : { kind: "reject", error: item.error, excerpt: item.excerpt };
      continue;
    }
    const result = normalize(item.record);
    switch (result.kind) {
      case "skip": {
        stats.skipped += 1;
        const key = result.channel ?? "(no channel)";
        stats.skippedByChannel[key] = (stats.skippedByChannel[key] ?? 0) + 1;
        yield { kind: "skip", channel: result.channel };
        break;
      }
      case "reject":
        countReject(stats, result.error.code);
        yield { kind: "reject", error: result.error };
        break;
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
          yield { kind: "reject", error };
          break;
        }
        stats.converted += 1;
        const id = String(event.record.eventId);
        stats.byEventId[id] = (stats.byEventId[id] ?? 0) + 1;
        if (!event.event.known) stats.unknownEventIds[id] = (stats.unknownEventIds[id] ?? 0) + 1;
        if (event.origin.recovered) stats.recovered += 1;
        yield { kind: "document", document, event };
        break;
      }
    }
  }
}

function countReject(stats: ConvertStats, code: string): void {
  stats.rejected += 1;
  stats.rejectedByReason[code] = (stats.rejectedByReason[code] ?? 0) + 1;
}
