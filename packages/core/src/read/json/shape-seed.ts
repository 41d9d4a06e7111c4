import type { RawSystem } from "../../raw/raw-record.js";
import {
  attributeText,
  eventDataFromJson,
  invalid,
  isObject,
  keywordsText,
  optionalObject,
  plainText,
} from "./json-values.js";
import type { JsonObject } from "./json-values.js";
import { set, withOptional } from "./record-body.js";
import type { RecordBody } from "./record-body.js";

/**
 * `{"system":{…},"event_data":{…},"message":"…"}`: the snake_case shape of ETW / documentation dumps (see
 * test/fixtures/samples/seeds). Keywords come as a decimal number (9223372036854775808 = 0x8000000000000000).
 */
export function seedBody(doc: JsonObject): RecordBody {
  const s = doc.system;
  if (!isObject(s)) throw invalid("system", "an object", s);
  const out: RawSystem = {};
  const p = "system";
  set(out, "providerName", plainText(s.provider, `${p}.provider`));
  set(out, "providerGuid", plainText(s.guid, `${p}.guid`));
  set(out, "eventSourceName", plainText(s.event_source_name, `${p}.event_source_name`));
  set(out, "eventId", plainText(s.event_id, `${p}.event_id`));
  set(out, "qualifiers", plainText(s.qualifiers, `${p}.qualifiers`));
  set(out, "version", plainText(s.version, `${p}.version`));
  set(out, "level", plainText(s.level, `${p}.level`));
  set(out, "task", plainText(s.task, `${p}.task`));
  set(out, "opcode", plainText(s.opcode, `${p}.opcode`));
  set(out, "keywords", keywordsText(s.keywords, `${p}.keywords`));
  set(out, "timeCreated", plainText(s.time_created, `${p}.time_created`));
  set(out, "eventRecordId", plainText(s.event_record_id, `${p}.event_record_id`));
  const correlation = optionalObject(s.correlation, `${p}.correlation`);
  set(out, "activityId", attributeText(correlation, "ActivityID", `${p}.correlation`));
  set(out, "relatedActivityId", attributeText(correlation, "RelatedActivityID", `${p}.correlation`));
  const execution = optionalObject(s.execution, `${p}.execution`);
  set(out, "processId", plainText(execution?.process_id, `${p}.execution.process_id`));
  set(out, "threadId", plainText(execution?.thread_id, `${p}.execution.thread_id`));
  set(out, "channel", plainText(s.channel, `${p}.channel`));
  set(out, "computer", plainText(s.computer, `${p}.computer`));
  const security = optionalObject(s.security, `${p}.security`);
  set(out, "userId", plainText(security?.user_id, `${p}.security.user_id`));
  const body: RecordBody = { system: out, eventData: eventDataFromJson(doc.event_data, "event_data") };
  const message = plainText(doc.message, "message");
  return withOptional(body, undefined, message === undefined ? {} : { message });
}
