import { NtlmSiemError } from "../../errors.js";
import type { RawDataItem, RawRecord, RawRendering, RawSystem, RecordOrigin } from "../../raw/raw-record.js";
import { readError } from "../read-reject.js";
import { attribute, child, children, childText, parseXmlTree, XmlSyntaxError } from "./xml-tree.js";
import type { XmlElement } from "./xml-tree.js";

/**
 * Parses one `<Event>` element into a RawRecord. Element and attribute names follow the Windows Event schema
 * (learn.microsoft.com/windows/win32/wes/eventschema-systempropertiestype-complextype for System,
 * …/eventschema-eventdatatype-complextype for EventData, …/eventschema-renderingtype-complextype for
 * RenderingInfo). Throws NtlmSiemError (`xml-doctype`, `xml-malformed`, `xml-not-event`) located at `origin`.
 */
export function parseEventXml(xml: string, origin: RecordOrigin): RawRecord {
  const root = parseOrThrow(xml, origin);
  if (root.local !== "Event") {
    throw readError(
      "xml-not-event",
      `expected an <Event> element, found <${root.local}>`,
      locationOf(origin),
    );
  }
  return eventToRecord(root, origin);
}

function locationOf(origin: RecordOrigin): { file: string; record: number; line?: number } {
  return origin.line === undefined
    ? { file: origin.file, record: origin.record }
    : { file: origin.file, record: origin.record, line: origin.line };
}

function parseOrThrow(xml: string, origin: RecordOrigin, fragment = false): XmlElement {
  try {
    return parseXmlTree(xml, { fragment });
  } catch (err) {
    throw xmlErrorToReadError(err, origin);
  }
}

export function xmlErrorToReadError(err: unknown, origin: RecordOrigin): NtlmSiemError {
  if (err instanceof NtlmSiemError) return err;
  const location = locationOf(origin);
  if (err instanceof XmlSyntaxError) {
    if (err.doctype) {
      return readError(
        "xml-doctype",
        "DOCTYPE/entity declarations are refused; entities are never expanded",
        location,
      );
    }
    return readError("xml-malformed", `malformed event XML: ${err.message}`, location, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  return readError("xml-malformed", `malformed event XML: ${message}`, location, err);
}

export function eventToRecord(event: XmlElement, origin: RecordOrigin): RawRecord {
  const record: RawRecord = { origin, system: systemOf(child(event, "System")), eventData: [] };
  const eventData = child(event, "EventData");
  if (eventData !== undefined) record.eventData = eventDataItems(eventData);
  const userData = child(event, "UserData");
  if (userData !== undefined) record.userData = flattenUserData(userData);
  const rendering = child(event, "RenderingInfo");
  if (rendering !== undefined) record.rendering = renderingOf(rendering);
  return record;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function put<K extends keyof RawSystem>(
  target: Writable<RawSystem>,
  key: K,
  value: string | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

function systemOf(system: XmlElement | undefined): RawSystem {
  const out: RawSystem = {};
  if (system === undefined) return out;
  const provider = child(system, "Provider");
  put(out, "providerName", attribute(provider, "Name"));
  put(out, "providerGuid", attribute(provider, "Guid"));
  put(out, "eventSourceName", attribute(provider, "EventSourceName"));
  const eventId = child(system, "EventID");
  put(out, "eventId", eventId?.text);
  put(out, "qualifiers", attribute(eventId, "Qualifiers"));
  put(out, "version", childText(system, "Version"));
  put(out, "level", childText(system, "Level"));
  put(out, "task", childText(system, "Task"));
  put(out, "opcode", childText(system, "Opcode"));
  put(out, "keywords", childText(system, "Keywords"));
  put(out, "timeCreated", attribute(child(system, "TimeCreated"), "SystemTime"));
  put(out, "eventRecordId", childText(system, "EventRecordID"));
  const correlation = child(system, "Correlation");
  put(out, "activityId", attribute(correlation, "ActivityID"));
  put(out, "relatedActivityId", attribute(correlation, "RelatedActivityID"));
  const execution = child(system, "Execution");
  put(out, "processId", attribute(execution, "ProcessID"));
  put(out, "threadId", attribute(execution, "ThreadID"));
  put(out, "channel", childText(system, "Channel"));
  put(out, "computer", childText(system, "Computer"));
  put(out, "userId", attribute(child(system, "Security"), "UserID"));
  return out;
}

function valueOf(el: XmlElement): string | null {
  return el.hasContent ? el.text : null;
}

/** `<Data Name="…">` in order (unnamed for classic positional data); `<Binary>` is kept under the name "Binary". */
export function eventDataItems(eventData: XmlElement): RawDataItem[] {
  const items: RawDataItem[] = [];
  for (const el of eventData.children) {
    if (el.local === "Data") items.push({ name: el.attributes.get("Name"), value: valueOf(el) });
    else if (el.local === "Binary") items.push({ name: "Binary", value: valueOf(el) });
  }
  return items;
}

/**
 * UserData holds one provider-defined element whose leaves carry the values; they are flattened to their local
 * names (attributes of leaves as `element@attribute`), in document order.
 */
export function flattenUserData(userData: XmlElement): RawDataItem[] {
  const items: RawDataItem[] = [];
  const walk = (el: XmlElement): void => {
    for (const c of el.children) {
      if (c.children.length === 0) {
        for (const [name, value] of c.attributes) items.push({ name: `${c.local}@${name}`, value });
        items.push({ name: c.local, value: valueOf(c) });
      } else {
        walk(c);
      }
    }
  };
  for (const wrapper of userData.children) walk(wrapper);
  return items;
}

function renderingOf(el: XmlElement): RawRendering {
  const out: RawRendering = {};
  const set = (key: "message" | "level" | "task" | "opcode" | "channel" | "provider", name: string): void => {
    const v = childText(el, name);
    if (v !== undefined) out[key] = v;
  };
  set("message", "Message");
  set("level", "Level");
  set("task", "Task");
  set("opcode", "Opcode");
  set("channel", "Channel");
  set("provider", "Provider");
  const keywords = child(el, "Keywords");
  if (keywords !== undefined) out.keywords = children(keywords, "Keyword").map((k) => k.text);
  const culture = el.attributes.get("Culture");
  if (culture !== undefined) out.culture = culture;
  return out;
}

/**
 * Parses the XML text some JSON rows carry instead of structured data: the Log Analytics `Event` table's
 * EventData (`<DataItem …><EventData xmlns=…><Data Name="X">v</Data>…</EventData></DataItem>`, or a bare
 * `<EventData>`, or `<UserData>`) and its ParameterXml (`<Param>v1</Param><Param>v2</Param>`, positional).
 * Throws NtlmSiemError (`xml-malformed`, `xml-doctype`) without a location; callers add theirs.
 */
export function parseEventDataXml(xml: string): { eventData: RawDataItem[]; userData?: RawDataItem[] } {
  let root: XmlElement;
  try {
    root = parseXmlTree(xml, { fragment: true });
  } catch (err) {
    if (err instanceof XmlSyntaxError && err.doctype) {
      throw readError(
        "xml-doctype",
        "DOCTYPE/entity declarations are refused; entities are never expanded",
        {},
      );
    }
    const message = err instanceof Error ? err.message : String(err);
    throw readError("xml-malformed", `malformed EventData XML: ${message}`, {}, err);
  }
  const eventData = findDescendant(root, "EventData");
  const userData = findDescendant(root, "UserData");
  const result: { eventData: RawDataItem[]; userData?: RawDataItem[] } = { eventData: [] };
  if (eventData !== undefined) result.eventData = eventDataItems(eventData);
  else if (userData === undefined) {
    // ParameterXml: positional <Param> elements (or <Data> without a wrapper).
    for (const el of root.children) {
      if (el.local === "Param" || el.local === "Data") {
        result.eventData.push({ name: el.attributes.get("Name"), value: valueOf(el) });
      }
    }
  }
  if (userData !== undefined) result.userData = flattenUserData(userData);
  return result;
}

function findDescendant(el: XmlElement, local: string): XmlElement | undefined {
  for (const c of el.children) {
    if (c.local === local) return c;
    const found = findDescendant(c, local);
    if (found !== undefined) return found;
  }
  return undefined;
}
