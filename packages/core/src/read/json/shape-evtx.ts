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

// Plain stores with fixed names and literal paths: this runs for every record of the most common JSON shape.
function systemOf(s: JsonObject): RawSystem {
  const out: RawSystem = {};
  const provider = s.Provider;
  const providerName = attributeText(provider, "Name", "Event.System.Provider");
  if (providerName !== undefined) out.providerName = providerName;
  const providerGuid = attributeText(provider, "Guid", "Event.System.Provider");
  if (providerGuid !== undefined) out.providerGuid = providerGuid;
  const eventSourceName = attributeText(provider, "EventSourceName", "Event.System.Provider");
  if (eventSourceName !== undefined) out.eventSourceName = eventSourceName;
  const eventId = s.EventID;
  const id = systemText(eventId, "Event.System.EventID");
  if (id !== undefined) out.eventId = id;
  if (isObject(eventId)) {
    const qualifiers = attributeText(eventId, "Qualifiers", "Event.System.EventID");
    if (qualifiers !== undefined) out.qualifiers = qualifiers;
  }
  const version = systemText(s.Version, "Event.System.Version");
  if (version !== undefined) out.version = version;
  const level = systemText(s.Level, "Event.System.Level");
  if (level !== undefined) out.level = level;
  const task = systemText(s.Task, "Event.System.Task");
  if (task !== undefined) out.task = task;
  const opcode = systemText(s.Opcode, "Event.System.Opcode");
  if (opcode !== undefined) out.opcode = opcode;
  const keywords = keywordsText(
    isObject(s.Keywords) ? elementText(s.Keywords) : s.Keywords,
    "Event.System.Keywords",
  );
  if (keywords !== undefined) out.keywords = keywords;
  const time = s.TimeCreated;
  const timeCreated = isObject(time)
    ? attributeText(time, "SystemTime", "Event.System.TimeCreated")
    : systemText(time, "Event.System.TimeCreated");
  if (timeCreated !== undefined) out.timeCreated = timeCreated;
  const recordId = systemText(s.EventRecordID, "Event.System.EventRecordID");
  if (recordId !== undefined) out.eventRecordId = recordId;
  const activityId = attributeText(s.Correlation, "ActivityID", "Event.System.Correlation");
  if (activityId !== undefined) out.activityId = activityId;
  const relatedActivityId = attributeText(s.Correlation, "RelatedActivityID", "Event.System.Correlation");
  if (relatedActivityId !== undefined) out.relatedActivityId = relatedActivityId;
  const processId = attributeText(s.Execution, "ProcessID", "Event.System.Execution");
  if (processId !== undefined) out.processId = processId;
  const threadId = attributeText(s.Execution, "ThreadID", "Event.System.Execution");
  if (threadId !== undefined) out.threadId = threadId;
  const channel = systemText(s.Channel, "Event.System.Channel");
  if (channel !== undefined) out.channel = channel;
  const computer = systemText(s.Computer, "Event.System.Computer");
  if (computer !== undefined) out.computer = computer;
  const userId = attributeText(s.Security, "UserID", "Event.System.Security");
  if (userId !== undefined) out.userId = userId;
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
