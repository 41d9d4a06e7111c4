import type { RawDataItem, RawRecord, RawSystem, RecordOrigin } from "@ntlm-siem/core";
import { charRefText, entityText } from "../binxml/walk.js";
import type { EventSink } from "../binxml/walk.js";

/**
 * The RawRecord of a record straight from the walk (no event tree): the same result as `toRawRecord` on the
 * tree, computed as the nodes arrive. The first element is the root; of its children the first <System>,
 * <EventData> and <UserData> count; of System's children the first of each name; an element's value is its
 * direct text, CDATA and references (CR LF as LF), attributes as an XML parser reports them.
 */

const enum Role {
  Ignore = 0,
  Root = 1,
  System = 2,
  Field = 3,
  EventData = 4,
  Data = 5,
  Binary = 6,
  UserData = 7,
  UserNode = 8,
}

/** System children whose value or attributes feed RawSystem. */
const enum F {
  Provider = 0,
  EventId = 1,
  Version = 2,
  Level = 3,
  Task = 4,
  Opcode = 5,
  Keywords = 6,
  TimeCreated = 7,
  EventRecordId = 8,
  Correlation = 9,
  Execution = 10,
  Channel = 11,
  Computer = 12,
  Security = 13,
  Count = 14,
}

const FIELDS = new Map<string, F>([
  ["Provider", F.Provider],
  ["EventID", F.EventId],
  ["Version", F.Version],
  ["Level", F.Level],
  ["Task", F.Task],
  ["Opcode", F.Opcode],
  ["Keywords", F.Keywords],
  ["TimeCreated", F.TimeCreated],
  ["EventRecordID", F.EventRecordId],
  ["Correlation", F.Correlation],
  ["Execution", F.Execution],
  ["Channel", F.Channel],
  ["Computer", F.Computer],
  ["Security", F.Security],
]);

/** RawSystem values gathered from attributes, in RawSystem's key order (the order `systemOf` puts them). */
const enum A {
  ProviderName = 0,
  ProviderGuid = 1,
  EventSourceName = 2,
  Qualifiers = 3,
  TimeCreated = 4,
  ActivityId = 5,
  RelatedActivityId = 6,
  ProcessId = 7,
  ThreadId = 8,
  UserId = 9,
  Count = 10,
}

/** Which attribute of which System child feeds which value (-1: none). */
function attributeSlot(field: F, local: string): number {
  switch (field) {
    case F.Provider:
      return local === "Name"
        ? A.ProviderName
        : local === "Guid"
          ? A.ProviderGuid
          : local === "EventSourceName"
            ? A.EventSourceName
            : -1;
    case F.EventId:
      return local === "Qualifiers" ? A.Qualifiers : -1;
    case F.TimeCreated:
      return local === "SystemTime" ? A.TimeCreated : -1;
    case F.Correlation:
      return local === "ActivityID" ? A.ActivityId : local === "RelatedActivityID" ? A.RelatedActivityId : -1;
    case F.Execution:
      return local === "ProcessID" ? A.ProcessId : local === "ThreadID" ? A.ThreadId : -1;
    case F.Security:
      return local === "UserID" ? A.UserId : -1;
    case F.Version:
    case F.Level:
    case F.Task:
    case F.Opcode:
    case F.Keywords:
    case F.EventRecordId:
    case F.Channel:
    case F.Computer:
    case F.Count:
      return -1;
  }
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function isNamespaceDeclaration(name: string): boolean {
  return name === "xmlns" || name.startsWith("xmlns:");
}

/** Element text as an XML parser reports it: CR LF and CR read as LF. */
function lineBreaks(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/** An attribute value as an XML parser reports it: line breaks and tabs become spaces. */
function attributeText(value: string): string {
  return /[\r\n\t]/.test(value) ? value.replace(/\r\n?/g, "\n").replace(/[\n\t]/g, " ") : value;
}

const NO_ORIGIN: RecordOrigin = { file: "", record: 0, format: "evtx" };

export class RawRecordSink implements EventSink {
  // Per open element (by depth): role, direct text, whether it has content / element children, name found.
  private depth = 0;
  private readonly roles: Role[] = [];
  private readonly texts: string[] = [];
  private readonly contents: boolean[] = [];
  private readonly elementChildren: boolean[] = [];
  private readonly fields: number[] = [];
  private readonly names: (string | undefined)[] = [];
  private readonly localNames: string[] = [];
  private readonly userAttributes: (RawDataItem[] | undefined)[] = [];

  /** Name of the first top-level element (the root), if any. */
  rootName: string | undefined;
  private isEvent = false;
  private hasSystem = false;
  private hasEventData = false;
  private seen = 0;
  private readonly fieldText: (string | undefined)[] = new Array<string | undefined>(F.Count);
  private readonly attributes: (string | undefined)[] = new Array<string | undefined>(A.Count);
  private eventData: RawDataItem[] = [];
  private userData: RawDataItem[] | undefined;

  reset(): void {
    this.depth = 0;
    this.rootName = undefined;
    this.isEvent = false;
    this.hasSystem = false;
    this.hasEventData = false;
    this.seen = 0;
    this.fieldText.fill(undefined);
    this.attributes.fill(undefined);
    this.eventData = [];
    this.userData = undefined;
  }

  open(name: string): void {
    const depth = this.depth;
    let role = Role.Ignore;
    let field = -1;
    let local = "";
    if (depth === 0) {
      if (this.rootName === undefined) {
        this.rootName = name;
        this.isEvent = localName(name) === "Event";
        role = this.isEvent ? Role.Root : Role.Ignore;
      }
    } else {
      const parent = this.roles[depth - 1] as Role;
      this.contents[depth - 1] = true;
      this.elementChildren[depth - 1] = true;
      if (parent !== Role.Ignore) {
        local = localName(name);
        switch (parent) {
          case Role.Root:
            if (local === "System") {
              if (!this.hasSystem) {
                this.hasSystem = true;
                role = Role.System;
              }
            } else if (local === "EventData") {
              if (!this.hasEventData) {
                this.hasEventData = true;
                role = Role.EventData;
              }
            } else if (local === "UserData") {
              if (this.userData === undefined) {
                this.userData = [];
                role = Role.UserData;
              }
            }
            break;
          case Role.System: {
            const f = FIELDS.get(local);
            if (f !== undefined && (this.seen & (1 << f)) === 0) {
              this.seen |= 1 << f;
              role = Role.Field;
              field = f;
            }
            break;
          }
          case Role.EventData:
            if (local === "Data") role = Role.Data;
            else if (local === "Binary") role = Role.Binary;
            break;
          case Role.UserData:
          case Role.UserNode:
            role = Role.UserNode;
            break;
          case Role.Field:
          case Role.Data:
          case Role.Binary:
            break;
        }
      }
    }
    this.roles[depth] = role;
    this.fields[depth] = field;
    this.texts[depth] = "";
    this.contents[depth] = false;
    this.elementChildren[depth] = false;
    this.names[depth] = undefined;
    this.localNames[depth] = local;
    this.userAttributes[depth] = undefined;
    this.depth = depth + 1;
  }

  attribute(name: string, value: string): void {
    const at = this.depth - 1;
    const role = this.roles[at] as Role;
    if (role === Role.Field) {
      if (isNamespaceDeclaration(name)) return;
      const slot = attributeSlot(this.fields[at] as F, localName(name));
      if (slot >= 0 && this.attributes[slot] === undefined) this.attributes[slot] = attributeText(value);
    } else if (role === Role.Data) {
      if (this.names[at] === undefined && !isNamespaceDeclaration(name) && localName(name) === "Name")
        this.names[at] = attributeText(value);
    } else if (role === Role.UserNode) {
      if (isNamespaceDeclaration(name)) return;
      const list = this.userAttributes[at] ?? (this.userAttributes[at] = []);
      list.push({ name: `${this.localNames[at]}@${localName(name)}`, value: attributeText(value) });
    }
  }

  close(): void {
    const at = this.depth - 1;
    this.depth = at;
    const role = this.roles[at] as Role;
    switch (role) {
      case Role.Field:
        this.fieldText[this.fields[at] as F] = lineBreaks(this.texts[at] as string);
        break;
      case Role.Data:
        this.eventData.push({ name: this.names[at], value: this.value(at) });
        break;
      case Role.Binary:
        this.eventData.push({ name: "Binary", value: this.value(at) });
        break;
      case Role.UserNode:
        // A leaf (no element children) is flattened; wrappers of UserData's children never are.
        if (!(this.elementChildren[at] as boolean) && (this.roles[at - 1] as Role) === Role.UserNode) {
          const list = this.userData as RawDataItem[];
          const attributes = this.userAttributes[at];
          if (attributes !== undefined) for (const a of attributes) list.push(a);
          list.push({ name: this.localNames[at], value: this.value(at) });
        }
        break;
      case Role.Ignore:
      case Role.Root:
      case Role.System:
      case Role.EventData:
      case Role.UserData:
        break;
    }
  }

  private value(at: number): string | null {
    return (this.contents[at] as boolean) ? lineBreaks(this.texts[at] as string) : null;
  }

  text(text: string): void {
    const at = this.depth - 1;
    if (at < 0) return;
    this.texts[at] += text;
    if (text !== "") this.contents[at] = true;
  }
  cdata(text: string): void {
    this.textNode(text);
  }
  entity(name: string): void {
    this.textNode(entityText(name));
  }
  charRef(code: number): void {
    this.textNode(charRefText(code));
  }
  pi(): void {
    // Not text, and not content (as in toRawRecord).
  }

  private textNode(text: string): void {
    const at = this.depth - 1;
    if (at < 0) return;
    this.texts[at] += text;
    this.contents[at] = true;
  }

  /** The RawRecord, or undefined when the root element is not <Event>. */
  finish(origin: RecordOrigin = NO_ORIGIN): RawRecord | undefined {
    if (!this.isEvent) return undefined;
    const t = this.fieldText;
    const a = this.attributes;
    const system: { -readonly [K in keyof RawSystem]: RawSystem[K] } = {};
    if (a[A.ProviderName] !== undefined) system.providerName = a[A.ProviderName];
    if (a[A.ProviderGuid] !== undefined) system.providerGuid = a[A.ProviderGuid];
    if (a[A.EventSourceName] !== undefined) system.eventSourceName = a[A.EventSourceName];
    if (t[F.EventId] !== undefined) system.eventId = t[F.EventId];
    if (a[A.Qualifiers] !== undefined) system.qualifiers = a[A.Qualifiers];
    if (t[F.Version] !== undefined) system.version = t[F.Version];
    if (t[F.Level] !== undefined) system.level = t[F.Level];
    if (t[F.Task] !== undefined) system.task = t[F.Task];
    if (t[F.Opcode] !== undefined) system.opcode = t[F.Opcode];
    if (t[F.Keywords] !== undefined) system.keywords = t[F.Keywords];
    if (a[A.TimeCreated] !== undefined) system.timeCreated = a[A.TimeCreated];
    if (t[F.EventRecordId] !== undefined) system.eventRecordId = t[F.EventRecordId];
    if (a[A.ActivityId] !== undefined) system.activityId = a[A.ActivityId];
    if (a[A.RelatedActivityId] !== undefined) system.relatedActivityId = a[A.RelatedActivityId];
    if (a[A.ProcessId] !== undefined) system.processId = a[A.ProcessId];
    if (a[A.ThreadId] !== undefined) system.threadId = a[A.ThreadId];
    if (t[F.Channel] !== undefined) system.channel = t[F.Channel];
    if (t[F.Computer] !== undefined) system.computer = t[F.Computer];
    if (a[A.UserId] !== undefined) system.userId = a[A.UserId];
    const record: RawRecord = { origin, system, eventData: this.eventData };
    if (this.userData !== undefined) record.userData = this.userData;
    return record;
  }
}
