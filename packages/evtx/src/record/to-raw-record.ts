import type { RawDataItem, RawRecord, RawSystem, RecordOrigin } from "@ntlm-siem/core";
import { charRefText, entityText } from "../binxml/expand.js";
import { isElement } from "../binxml/nodes.js";
import type { EvtxElement } from "../binxml/nodes.js";

/**
 * The event tree as core's RawRecord, following the conventions of core's XML reader (parse-event-xml.ts) so a
 * record read from .evtx equals the same record read from its XML rendering: names compared without a
 * namespace prefix, an element's text is its direct text and CDATA, a <Data> without content has the value
 * null, and UserData leaves are flattened to their local names (attributes as `element@attribute`).
 */

export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function childOf(el: EvtxElement | undefined, local: string): EvtxElement | undefined {
  if (el === undefined) return undefined;
  for (const c of el.children) if (isElement(c) && localName(c.name) === local) return c;
  return undefined;
}

function attributeOf(el: EvtxElement | undefined, local: string): string | undefined {
  if (el === undefined) return undefined;
  for (const a of el.attributes) {
    if (localName(a.name) === local && !isNamespaceDeclaration(a.name)) return attributeText(a.value);
  }
  return undefined;
}

function isNamespaceDeclaration(name: string): boolean {
  return name === "xmlns" || name.startsWith("xmlns:");
}

/**
 * Direct text and CDATA of an element, references resolved: what an XML parser reports for Windows' rendering
 * of the record, which carries line breaks as they are, so CR LF and CR read as LF (XML 1.0 section 2.11).
 */
export function textOf(el: EvtxElement): string {
  let text = "";
  for (const c of el.children) {
    if (typeof c === "string") text += c;
    else if ("cdata" in c) text += c.cdata;
    else if ("entity" in c) text += entityText(c.entity);
    else if ("charRef" in c) text += charRefText(c.charRef);
  }
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/** An attribute value as an XML parser reports it: line breaks and tabs become spaces (XML 1.0 section 3.3.3). */
function attributeText(value: string): string {
  return /[\r\n\t]/.test(value) ? value.replace(/\r\n?/g, "\n").replace(/[\n\t]/g, " ") : value;
}

function hasContent(el: EvtxElement): boolean {
  for (const c of el.children) {
    if (typeof c === "string") {
      if (c !== "") return true;
    } else if ("cdata" in c || "entity" in c || "charRef" in c || "name" in c) return true;
  }
  return false;
}

function valueOf(el: EvtxElement): string | null {
  return hasContent(el) ? textOf(el) : null;
}

function childText(el: EvtxElement | undefined, local: string): string | undefined {
  const c = childOf(el, local);
  return c === undefined ? undefined : textOf(c);
}

export function systemOf(system: EvtxElement | undefined): RawSystem {
  const out: { -readonly [K in keyof RawSystem]: RawSystem[K] } = {};
  if (system === undefined) return out;
  const put = (key: keyof RawSystem, value: string | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  const provider = childOf(system, "Provider");
  put("providerName", attributeOf(provider, "Name"));
  put("providerGuid", attributeOf(provider, "Guid"));
  put("eventSourceName", attributeOf(provider, "EventSourceName"));
  const eventId = childOf(system, "EventID");
  put("eventId", eventId === undefined ? undefined : textOf(eventId));
  put("qualifiers", attributeOf(eventId, "Qualifiers"));
  put("version", childText(system, "Version"));
  put("level", childText(system, "Level"));
  put("task", childText(system, "Task"));
  put("opcode", childText(system, "Opcode"));
  put("keywords", childText(system, "Keywords"));
  put("timeCreated", attributeOf(childOf(system, "TimeCreated"), "SystemTime"));
  put("eventRecordId", childText(system, "EventRecordID"));
  const correlation = childOf(system, "Correlation");
  put("activityId", attributeOf(correlation, "ActivityID"));
  put("relatedActivityId", attributeOf(correlation, "RelatedActivityID"));
  const execution = childOf(system, "Execution");
  put("processId", attributeOf(execution, "ProcessID"));
  put("threadId", attributeOf(execution, "ThreadID"));
  put("channel", childText(system, "Channel"));
  put("computer", childText(system, "Computer"));
  put("userId", attributeOf(childOf(system, "Security"), "UserID"));
  return out;
}

export function eventDataItems(eventData: EvtxElement): RawDataItem[] {
  const items: RawDataItem[] = [];
  for (const c of eventData.children) {
    if (!isElement(c)) continue;
    const local = localName(c.name);
    if (local === "Data") items.push({ name: attributeOf(c, "Name"), value: valueOf(c) });
    else if (local === "Binary") items.push({ name: "Binary", value: valueOf(c) });
  }
  return items;
}

export function flattenUserData(userData: EvtxElement): RawDataItem[] {
  const items: RawDataItem[] = [];
  const walk = (el: EvtxElement): void => {
    for (const c of el.children) {
      if (!isElement(c)) continue;
      if (!c.children.some(isElement)) {
        const local = localName(c.name);
        for (const a of c.attributes) {
          if (!isNamespaceDeclaration(a.name))
            items.push({ name: `${local}@${localName(a.name)}`, value: attributeText(a.value) });
        }
        items.push({ name: local, value: valueOf(c) });
      } else {
        walk(c);
      }
    }
  };
  for (const wrapper of userData.children) if (isElement(wrapper)) walk(wrapper);
  return items;
}

/** Returns undefined when the record's root element is not <Event>. */
export function toRawRecord(root: EvtxElement | undefined, origin: RecordOrigin): RawRecord | undefined {
  if (root === undefined || localName(root.name) !== "Event") return undefined;
  const record: RawRecord = { origin, system: systemOf(childOf(root, "System")), eventData: [] };
  const eventData = childOf(root, "EventData");
  if (eventData !== undefined) record.eventData = eventDataItems(eventData);
  const userData = childOf(root, "UserData");
  if (userData !== undefined) record.userData = flattenUserData(userData);
  return record;
}
