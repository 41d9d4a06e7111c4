import type { RawRendering, RawSystem } from "../../raw/raw-record.js";
import { parseEventDataXml } from "../xml/parse-event-xml.js";
import { parseJsonExact } from "./json-numbers.js";
import { attributeText, eventDataFromJson, isObject, keywordsText, plainText } from "./json-values.js";
import type { JsonObject } from "./json-values.js";
import { set, withOptional } from "./record-body.js";
import type { RecordBody } from "./record-body.js";

/**
 * Microsoft Sentinel `WindowsEvent` rows (Azure Monitor Logs table reference, "WindowsEvent": Channel,
 * Computer, Correlation, EventData (dynamic; RawEventData holds the XML when parsing failed), EventID,
 * EventLevel, EventLevelName, EventOriginId, EventRecordId, Keywords, Opcode, Provider, SystemProcessId,
 * SystemThreadId, SystemUserId, Task, TimeGenerated, Version). TimeCreated is not in that reference; it is
 * preferred when an export carries it, TimeGenerated ("when the event was generated on the computer") otherwise.
 */
export function windowsEventBody(doc: JsonObject): RecordBody {
  const out: RawSystem = {};
  const rendering: RawRendering = {};
  set(out, "providerName", plainText(doc.Provider, "Provider"));
  set(out, "eventId", plainText(doc.EventID, "EventID"));
  set(out, "version", plainText(doc.Version, "Version"));
  set(out, "level", plainText(doc.EventLevel, "EventLevel"));
  set(out, "task", plainText(doc.Task, "Task"));
  set(out, "opcode", plainText(doc.Opcode, "Opcode"));
  set(out, "keywords", keywordsText(doc.Keywords, "Keywords"));
  set(
    out,
    "timeCreated",
    plainText(doc.TimeCreated, "TimeCreated") ?? plainText(doc.TimeGenerated, "TimeGenerated"),
  );
  set(out, "eventRecordId", plainText(doc.EventRecordId, "EventRecordId"));
  const correlation = correlationOf(doc.Correlation);
  set(out, "activityId", attributeText(correlation, "ActivityID", "Correlation"));
  set(out, "relatedActivityId", attributeText(correlation, "RelatedActivityID", "Correlation"));
  set(out, "processId", plainText(doc.SystemProcessId, "SystemProcessId"));
  set(out, "threadId", plainText(doc.SystemThreadId, "SystemThreadId"));
  set(out, "channel", plainText(doc.Channel, "Channel"));
  set(out, "computer", plainText(doc.Computer, "Computer"));
  set(out, "userId", plainText(doc.SystemUserId, "SystemUserId"));
  set(rendering, "level", plainText(doc.EventLevelName, "EventLevelName"));
  let eventData = eventDataFromJson(doc.EventData, "EventData");
  let userData: RecordBody["userData"];
  const raw = doc.RawEventData;
  if (eventData.length === 0 && typeof raw === "string" && raw.trimStart().startsWith("<")) {
    const parsed = parseEventDataXml(raw);
    eventData = parsed.eventData;
    userData = parsed.userData;
  }
  return withOptional({ system: out, eventData }, userData, rendering);
}

/** Correlation as an object, a JSON string of one, or a bare activity GUID. */
function correlationOf(v: unknown): JsonObject | undefined {
  if (isObject(v)) return v;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const text = v.trim();
  if (text.startsWith('{"') || text.startsWith('{ "')) {
    try {
      const parsed = parseJsonExact(text);
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return /^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27}\}?$/.test(text) ? { ActivityID: text } : undefined;
}

/**
 * Log Analytics `Event` rows (Azure Monitor Logs table reference, "Event": Computer, EventCategory, EventData
 * ("all event data in raw format", XML), EventID, EventLevel, EventLevelName, EventLog, ParameterXml ("event
 * parameter values in XML format"), RenderedDescription, Source, TimeGenerated, UserName). There is no record
 * ID, process or activity here. UserName is an account name, kept as the user ID only when it is a SID.
 */
export function legacyEventBody(doc: JsonObject): RecordBody {
  const out: RawSystem = {};
  const rendering: RawRendering = {};
  set(out, "providerName", plainText(doc.Source, "Source"));
  set(out, "eventId", plainText(doc.EventID, "EventID"));
  set(out, "level", plainText(doc.EventLevel, "EventLevel"));
  set(out, "task", plainText(doc.EventCategory, "EventCategory"));
  set(out, "timeCreated", plainText(doc.TimeGenerated, "TimeGenerated"));
  set(out, "channel", plainText(doc.EventLog, "EventLog"));
  set(out, "computer", plainText(doc.Computer, "Computer"));
  const userName = plainText(doc.UserName, "UserName");
  if (userName !== undefined && /^S-1-/.test(userName)) out.userId = userName;
  set(rendering, "level", plainText(doc.EventLevelName, "EventLevelName"));
  set(rendering, "message", plainText(doc.RenderedDescription, "RenderedDescription"));
  let eventData: RecordBody["eventData"] = [];
  let userData: RecordBody["userData"];
  const data = doc.EventData;
  if (typeof data === "string" && data.trim() !== "") {
    const parsed = parseEventDataXml(data);
    eventData = parsed.eventData;
    userData = parsed.userData;
  } else if (data !== undefined && data !== null && data !== "") {
    eventData = eventDataFromJson(data, "EventData");
  }
  const params = doc.ParameterXml;
  if (
    eventData.length === 0 &&
    userData === undefined &&
    typeof params === "string" &&
    params.trim() !== ""
  ) {
    eventData = parseEventDataXml(params).eventData;
  }
  return withOptional({ system: out, eventData }, userData, rendering);
}
