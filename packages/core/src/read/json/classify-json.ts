import { NtlmSiemError } from "../../errors.js";
import type { InputFormat, RawRecord, RecordOrigin } from "../../raw/raw-record.js";
import { readError, rejectItem } from "../read-reject.js";
import type { ReadItem } from "../read-result.js";
import { parseEventXml } from "../xml/parse-event-xml.js";
import { invalid, isObject, JsonFieldError } from "./json-values.js";
import type { JsonObject } from "./json-values.js";
import type { RecordBody } from "./record-body.js";
import { evtxBody } from "./shape-evtx.js";
import { seedBody } from "./shape-seed.js";
import { legacyEventBody, windowsEventBody } from "./shape-sentinel.js";
import { winlogBody } from "./shape-winlog.js";

export interface JsonDocumentContext {
  file: string;
  /** 1-based line where the document starts. */
  line: number;
  /** Hands out the next record ordinal of the file (one per record the reader sees, good or bad). */
  nextRecord(): number;
  /** How the document is named in messages ("line 12", "array element 3"). */
  where: string;
}

type Shape = {
  format: Exclude<InputFormat, "xml" | "evtx" | "json-splunk">;
  body: (doc: JsonObject) => RecordBody;
};

/**
 * Turns one parsed JSON document into read items. Most documents are one record; containers (a Log Analytics
 * query response, an Elasticsearch search response) give one item per row / hit.
 */
export function classifyJsonDocument(doc: unknown, ctx: JsonDocumentContext): ReadItem[] {
  if (isObject(doc)) {
    if (Array.isArray(doc.tables)) return fromLogAnalyticsTables(doc.tables, ctx);
    const hits = isObject(doc.hits) ? doc.hits.hits : undefined;
    if (Array.isArray(hits)) return hits.flatMap((hit) => classifyJsonDocument(hit, ctx));
  }
  const record = ctx.nextRecord();
  const location = { file: ctx.file, record, line: ctx.line };
  try {
    return [classifyOne(doc, ctx, record)];
  } catch (err) {
    if (err instanceof NtlmSiemError) {
      return [rejectItem(err.location?.file === undefined ? relocate(err, location) : err, excerptJson(doc))];
    }
    if (err instanceof JsonFieldError) {
      return [rejectItem(readError(err.code, `${ctx.where}: ${err.message}`, location), excerptJson(doc))];
    }
    throw err;
  }
}

function relocate(
  err: NtlmSiemError,
  location: { file: string; record: number; line: number },
): NtlmSiemError {
  return new NtlmSiemError(err.code, err.stage, err.message, { location, cause: err });
}

function excerptJson(doc: unknown): string {
  try {
    return JSON.stringify(doc).slice(0, 400);
  } catch {
    return "";
  }
}

function classifyOne(doc: unknown, ctx: JsonDocumentContext, record: number): ReadItem {
  if (!isObject(doc)) {
    throw new JsonFieldError(
      "json-unknown-shape",
      `expected a JSON object describing an event, found ${describe(doc)}`,
    );
  }
  // An Elasticsearch hit: the document is its _source.
  const source = isObject(doc._source) ? doc._source : doc;
  const splunk = splunkRaw(source);
  if (splunk !== undefined) {
    const origin: RecordOrigin = { file: ctx.file, record, line: ctx.line, format: "json-splunk" };
    return { kind: "record", record: parseEventXml(splunk, origin) };
  }
  const shape = shapeOf(source);
  if (shape === undefined) {
    const keys = Object.keys(source).slice(0, 8).join(", ");
    throw new JsonFieldError(
      "json-unknown-shape",
      `unrecognised JSON document (keys: ${keys}${Object.keys(source).length > 8 ? ", …" : ""})`,
    );
  }
  const body = shape.body(source);
  const origin: RecordOrigin = { file: ctx.file, record, line: ctx.line, format: shape.format };
  return { kind: "record", record: withOrigin(origin, body) };
}

/** `{ origin, ...body }`, member by member (a spread of optional members is slow on this per-record path). */
function withOrigin(origin: RecordOrigin, body: RecordBody): RawRecord {
  const record: RawRecord = { origin, system: body.system, eventData: body.eventData };
  if (body.userData !== undefined) record.userData = body.userData;
  if (body.rendering !== undefined) record.rendering = body.rendering;
  return record;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/**
 * Splunk search exports (`{"preview":…,"result":{"_raw":…}}` per line) or a bare event object whose `_raw`
 * is Windows Event XML (sourcetype XmlWinEventLog). A `_raw` that is not XML (classic WinEventLog key=value
 * text) is refused rather than guessed at.
 */
function splunkRaw(doc: JsonObject): string | undefined {
  const result = isObject(doc.result) ? doc.result : doc;
  if (!("_raw" in result)) return undefined;
  const raw = result._raw;
  if (typeof raw !== "string") throw invalid("_raw", "a string", raw);
  if (!raw.trimStart().startsWith("<")) {
    throw new JsonFieldError(
      "json-unknown-shape",
      "Splunk _raw is not Windows Event XML (only XmlWinEventLog is read)",
    );
  }
  return raw;
}

function shapeOf(doc: JsonObject): Shape | undefined {
  if ("Event" in doc) return { format: "json-evtx", body: evtxBody };
  if ("system" in doc && ("event_data" in doc || isObject(doc.system)))
    return { format: "json-seed", body: seedBody };
  if ("winlog" in doc) return { format: "json-winlog", body: winlogBody };
  const type = doc.Type;
  if (type === "WindowsEvent") return { format: "json-sentinel-windowsevent", body: windowsEventBody };
  if (type === "Event") return { format: "json-sentinel-event", body: legacyEventBody };
  if (!("EventID" in doc)) return undefined;
  if (["Provider", "Channel", "EventOriginId", "SystemProcessId", "EventRecordId"].some((k) => k in doc)) {
    return { format: "json-sentinel-windowsevent", body: windowsEventBody };
  }
  if (["EventLog", "Source", "ParameterXml", "RenderedDescription"].some((k) => k in doc)) {
    return { format: "json-sentinel-event", body: legacyEventBody };
  }
  return undefined;
}

/**
 * A Log Analytics query API response: `{"tables":[{"name","columns":[{"name","type"}],"rows":[[…]]}]}`
 * (learn.microsoft.com/azure/azure-monitor/logs/api/response-format). Rows are zipped with the column names.
 */
function fromLogAnalyticsTables(tables: unknown[], ctx: JsonDocumentContext): ReadItem[] {
  const out: ReadItem[] = [];
  tables.forEach((table, t) => {
    const columns = isObject(table) ? table.columns : undefined;
    const rows = isObject(table) ? table.rows : undefined;
    if (!Array.isArray(columns) || !Array.isArray(rows)) {
      const location = { file: ctx.file, record: ctx.nextRecord(), line: ctx.line };
      out.push(
        rejectItem(
          readError("json-invalid-field", `${ctx.where}: tables[${t}] needs columns[] and rows[]`, location),
        ),
      );
      return;
    }
    const names = columns.map((c, i) => (isObject(c) && typeof c.name === "string" ? c.name : `column${i}`));
    rows.forEach((row, r) => {
      if (!Array.isArray(row)) {
        const location = { file: ctx.file, record: ctx.nextRecord(), line: ctx.line };
        out.push(
          rejectItem(
            readError(
              "json-invalid-field",
              `${ctx.where}: tables[${t}].rows[${r}] must be an array`,
              location,
            ),
          ),
        );
        return;
      }
      const obj: JsonObject = {};
      names.forEach((name, i) => {
        obj[name] = row[i];
      });
      out.push(...classifyJsonDocument(obj, { ...ctx, where: `${ctx.where}, tables[${t}].rows[${r}]` }));
    });
  });
  return out;
}
