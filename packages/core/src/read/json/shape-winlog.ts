import type { RawRendering, RawSystem } from "../../raw/raw-record.js";
import {
  eventDataFromJson,
  invalid,
  isObject,
  optionalObject,
  plainText,
  userDataFromJson,
} from "./json-values.js";
import type { JsonObject } from "./json-values.js";
import { set, withOptional } from "./record-body.js";
import type { RecordBody } from "./record-body.js";

/**
 * Winlogbeat / Elastic Agent documents. Field names from the Winlogbeat field reference
 * (elastic.co/docs/reference/beats/winlogbeat/exported-fields-winlog; the 7.x alias table there maps
 * process_id → winlog.process.pid, thread_id → winlog.process.thread.id, user.identifier →
 * winlog.user.identifier, source_name → winlog.provider_name, record_number → winlog.record_id).
 * winlog.opcode / winlog.task / winlog.keywords are rendered names there, so they go to the rendering unless
 * numeric; `log.level` is the rendered level.
 */
export function winlogBody(doc: JsonObject): RecordBody {
  const w = doc.winlog;
  if (!isObject(w)) throw invalid("winlog", "an object", w);
  const out: RawSystem = {};
  const rendering: RawRendering = {};
  const p = "winlog";
  const event = optionalObject(doc.event, "event");
  const host = optionalObject(doc.host, "host");
  set(out, "providerName", plainText(w.provider_name, `${p}.provider_name`));
  set(out, "providerGuid", plainText(w.provider_guid, `${p}.provider_guid`));
  set(out, "eventId", plainText(w.event_id, `${p}.event_id`) ?? plainText(event?.code, "event.code"));
  set(out, "version", plainText(w.version, `${p}.version`));
  numericOrRendered(out, rendering, "level", plainText(w.level, `${p}.level`));
  numericOrRendered(out, rendering, "task", plainText(w.task, `${p}.task`));
  numericOrRendered(out, rendering, "opcode", plainText(w.opcode, `${p}.opcode`));
  const keywords = w.keywords;
  if (Array.isArray(keywords))
    rendering.keywords = keywords.map((k, i) => plainText(k, `${p}.keywords[${i}]`) ?? "");
  else if (keywords !== undefined && keywords !== null) {
    const text = plainText(keywords, `${p}.keywords`);
    if (text !== undefined && /^(0x[0-9a-fA-F]+|\d+)$/.test(text)) out.keywords = text;
    else if (text !== undefined) rendering.keywords = [text];
  }
  set(
    out,
    "timeCreated",
    plainText(w.time_created, `${p}.time_created`) ?? plainText(doc["@timestamp"], "@timestamp"),
  );
  set(out, "eventRecordId", plainText(w.record_id, `${p}.record_id`));
  set(out, "activityId", plainText(w.activity_id, `${p}.activity_id`));
  set(out, "relatedActivityId", plainText(w.related_activity_id, `${p}.related_activity_id`));
  const process = optionalObject(w.process, `${p}.process`);
  set(out, "processId", plainText(process?.pid, `${p}.process.pid`));
  const thread = optionalObject(process?.thread, `${p}.process.thread`);
  set(out, "threadId", plainText(thread?.id, `${p}.process.thread.id`));
  set(out, "channel", plainText(w.channel, `${p}.channel`));
  set(
    out,
    "computer",
    plainText(w.computer_name, `${p}.computer_name`) ?? plainText(host?.name, "host.name"),
  );
  const user = optionalObject(w.user, `${p}.user`);
  set(out, "userId", plainText(user?.identifier, `${p}.user.identifier`));
  set(rendering, "message", plainText(doc.message, "message"));
  const log = optionalObject(doc.log, "log");
  if (rendering.level === undefined) set(rendering, "level", plainText(log?.level, "log.level"));
  const eventData = w.event_data;
  if (eventData !== undefined && eventData !== null && !isObject(eventData)) {
    throw invalid(`${p}.event_data`, "an object", eventData);
  }
  const body: RecordBody = { system: out, eventData: eventDataFromJson(eventData, `${p}.event_data`) };
  return withOptional(body, userDataFromJson(w.user_data, `${p}.user_data`), rendering);
}

function numericOrRendered(
  system: RawSystem,
  rendering: RawRendering,
  key: "level" | "task" | "opcode",
  value: string | undefined,
): void {
  if (value === undefined) return;
  if (/^\d+$/.test(value)) system[key] = value;
  else rendering[key] = value;
}
