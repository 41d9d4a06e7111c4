import type { RawRendering, RawSystem } from "../../raw/raw-record.js";
import {
  attributeOf,
  attributeText,
  elementText,
  eventDataFromJson,
  invalid,
  isObject,
  keywordsText,
  optionalObject,
  systemText,
  userDataFromJson,
} from "./json-values.js";
import type { JsonObject } from "./json-values.js";
import { set, withOptional } from "./record-body.js";
import type { RecordBody } from "./record-body.js";

/**
 * `{"Event":{"System":…,"EventData":…}}`: Event XML converted to JSON, as evtx dump tools write it. Element
 * names are those of the Windows Event schema; attributes may appear as plain keys, `@Name` or under
 * `#attributes` (the Rust evtx_dump JSON output), element text as `#text` or `Value`.
 */
export function evtxBody(doc: JsonObject): RecordBody {
  const event = doc.Event;
  if (!isObject(event)) throw invalid("Event", "an object", event);
  const system = optionalObject(event.System, "Event.System");
  const body: RecordBody = { system: system === undefined ? {} : systemOf(system), eventData: [] };
  body.eventData = eventDataFromJson(event.EventData, "Event.EventData");
  return withOptional(
    body,
    userDataFromJson(event.UserData, "Event.UserData"),
    renderingOf(event.RenderingInfo),
  );
}

function systemOf(s: JsonObject): RawSystem {
  const out: RawSystem = {};
  const p = "Event.System";
  const provider = s.Provider;
  set(out, "providerName", attributeText(provider, "Name", `${p}.Provider`));
  set(out, "providerGuid", attributeText(provider, "Guid", `${p}.Provider`));
  set(out, "eventSourceName", attributeText(provider, "EventSourceName", `${p}.Provider`));
  const eventId = s.EventID;
  set(out, "eventId", systemText(eventId, `${p}.EventID`));
  if (isObject(eventId)) set(out, "qualifiers", attributeText(eventId, "Qualifiers", `${p}.EventID`));
  set(out, "version", systemText(s.Version, `${p}.Version`));
  set(out, "level", systemText(s.Level, `${p}.Level`));
  set(out, "task", systemText(s.Task, `${p}.Task`));
  set(out, "opcode", systemText(s.Opcode, `${p}.Opcode`));
  set(
    out,
    "keywords",
    keywordsText(isObject(s.Keywords) ? elementText(s.Keywords) : s.Keywords, `${p}.Keywords`),
  );
  const time = s.TimeCreated;
  set(
    out,
    "timeCreated",
    isObject(time)
      ? attributeText(time, "SystemTime", `${p}.TimeCreated`)
      : systemText(time, `${p}.TimeCreated`),
  );
  set(out, "eventRecordId", systemText(s.EventRecordID, `${p}.EventRecordID`));
  set(out, "activityId", attributeText(s.Correlation, "ActivityID", `${p}.Correlation`));
  set(out, "relatedActivityId", attributeText(s.Correlation, "RelatedActivityID", `${p}.Correlation`));
  set(out, "processId", attributeText(s.Execution, "ProcessID", `${p}.Execution`));
  set(out, "threadId", attributeText(s.Execution, "ThreadID", `${p}.Execution`));
  set(out, "channel", systemText(s.Channel, `${p}.Channel`));
  set(out, "computer", systemText(s.Computer, `${p}.Computer`));
  set(out, "userId", attributeText(s.Security, "UserID", `${p}.Security`));
  return out;
}

function renderingOf(v: unknown): RawRendering {
  const r = optionalObject(v, "Event.RenderingInfo");
  const out: RawRendering = {};
  if (r === undefined) return out;
  const p = "Event.RenderingInfo";
  set(out, "message", systemText(r.Message, `${p}.Message`));
  set(out, "level", systemText(r.Level, `${p}.Level`));
  set(out, "task", systemText(r.Task, `${p}.Task`));
  set(out, "opcode", systemText(r.Opcode, `${p}.Opcode`));
  set(out, "channel", systemText(r.Channel, `${p}.Channel`));
  set(out, "provider", systemText(r.Provider, `${p}.Provider`));
  set(out, "culture", systemText(attributeOf(r, "Culture"), `${p}.Culture`));
  const keywords = isObject(r.Keywords) ? r.Keywords.Keyword : r.Keywords;
  if (keywords !== undefined && keywords !== null) {
    const list: unknown[] = Array.isArray(keywords) ? keywords : [keywords];
    out.keywords = list.map((k, i) => systemText(k, `${p}.Keywords[${i}]`) ?? "");
  }
  return out;
}
