import { lookupEvent } from "@ntlm-siem/core";
import type { ChunkContext } from "../binxml/chunk-context.js";
import { RECORD_HEADER_SIZE, ValueType } from "../binxml/constants.js";
import { expandContent, newBudget } from "../binxml/expand.js";
import { formatFileTime } from "../binxml/format.js";
import { isElement } from "../binxml/nodes.js";
import type { EvtxElement, EvtxNode } from "../binxml/nodes.js";
import { parseDocument } from "../binxml/parse.js";
import { EvtxFormatError } from "../problems.js";
import type { RecordWarning } from "../problems.js";
import type { ParsedRecord } from "../record/parse-record.js";
import { parseRecordAt } from "../record/parse-record.js";
import { localName } from "../record/to-raw-record.js";
import { instanceValues, valueText } from "./instance-values.js";
import { eventDataElement, standardEvent, SystemIndex, SYSTEM_VALUE_COUNT } from "./standard-event.js";

/** How a deleted record was recovered: through its (surviving) templates, or from its values alone. */
export type CarveMethod = "template" | "values";

export type CarveResult =
  | { ok: true; record: ParsedRecord; method: CarveMethod; warnings: RecordWarning[] }
  | { ok: false; code: string; message: string; recordId: number | undefined; warnings: RecordWarning[] };

const TWO_32 = 4_294_967_296;

/**
 * Recovers the record at a carve candidate (signature and agreeing size copy already checked). First as a live
 * record, with strict checks so that a template or name offset landing on bytes written since does not pass
 * for the record's own; when that fails, from the substitution array: System values by Windows' fixed indexes,
 * EventData by the nested template when it survives, else by the provider manifest's field order from core's
 * catalog (channel + event ID), else `Data1..n`.
 */
export function carveRecordAt(ctx: ChunkContext, offset: number): CarveResult {
  const size = ctx.buf.readUInt32LE(offset + 4);
  const strict = ctx.strict;
  ctx.strict = true;
  try {
    const whole = parseRecordAt(ctx, offset, offset + size, { recoverSize: false });
    if (whole.ok && whole.record.root !== undefined && localName(whole.record.root.name) === "Event") {
      return { ok: true, record: whole.record, method: "template", warnings: whole.warnings };
    }
    return fromValues(ctx, offset, size, whole.ok ? "its Binary XML is not an <Event>" : whole.message);
  } finally {
    ctx.strict = strict;
  }
}

function fromValues(ctx: ChunkContext, offset: number, size: number, why: string): CarveResult {
  ctx.warnings = [];
  const buf = ctx.buf;
  const recordId = buf.readUInt32LE(offset + 8) + buf.readUInt32LE(offset + 12) * TWO_32;
  const written = formatFileTime(buf.readUInt32LE(offset + 16), buf.readUInt32LE(offset + 20));
  const end = offset + size - 4;
  try {
    const { values } = instanceValues(ctx, offset + RECORD_HEADER_SIZE, end);
    // Only the standard event template is understood; anything else would be guessing.
    const eventIdType = values[SystemIndex.EventId]?.type as ValueType | undefined;
    const timeType = values[SystemIndex.TimeCreated]?.type as ValueType | undefined;
    if (
      values.length < SYSTEM_VALUE_COUNT ||
      eventIdType !== ValueType.UInt16 ||
      timeType !== ValueType.FileTime
    ) {
      return {
        ok: false,
        code: "evtx-carve-unknown-template",
        message: `deleted record ${recordId}: ${why}, and its ${values.length} values are not those of the standard event template`,
        recordId,
        warnings: ctx.warnings,
      };
    }
    const system: (string | null)[] = [];
    for (let i = 0; i < SYSTEM_VALUE_COUNT; i++) system.push(valueText(ctx, values[i]));
    const data = eventData(ctx, values[SystemIndex.EventData], system);
    const root = standardEvent(system, data);
    ctx.warnings.push({
      code: "evtx-carve-values-only",
      message: `deleted record ${recordId} recovered from its substitution values (${why}); no <Computer>`,
    });
    return {
      ok: true,
      method: "values",
      record: { recordId, written, size, content: [root], root },
      warnings: ctx.warnings,
    };
  } catch (err) {
    if (!(err instanceof EvtxFormatError)) throw err;
    return {
      ok: false,
      code: err.code,
      message: `deleted record ${recordId}: ${why}, and its values cannot be read: ${err.message}`,
      recordId,
      warnings: ctx.warnings,
    };
  }
}

/**
 * The EventData/UserData of value 17: the nested fragment itself when its template survives (names and all),
 * else its values named by the catalog's manifest field order.
 */
function eventData(
  ctx: ChunkContext,
  slice: { type: number; offset: number; size: number } | undefined,
  system: (string | null)[],
): EvtxElement | undefined {
  if (slice === undefined || (slice.type as ValueType) !== ValueType.BinXml) return undefined;
  const end = slice.offset + slice.size;
  try {
    const doc = parseDocument(ctx, slice.offset, end, 1);
    const out: EvtxNode[] = [];
    expandContent(ctx, doc.content, undefined, out, newBudget(), 1);
    const found = out.find(isElement);
    if (found !== undefined) return found;
  } catch (err) {
    if (!(err instanceof EvtxFormatError)) throw err;
  }
  const { values } = instanceValues(ctx, slice.offset, end);
  const texts = values.map((v) => valueText(ctx, v));
  return eventDataElement(fieldNames(system), texts);
}

function fieldNames(system: (string | null)[]): readonly string[] {
  const channel = system[SystemIndex.Channel];
  const id = Number(system[SystemIndex.EventId]);
  if (channel === null || channel === undefined || !Number.isInteger(id)) return [];
  return lookupEvent(channel, id)?.fields.map((f) => f.name) ?? [];
}
