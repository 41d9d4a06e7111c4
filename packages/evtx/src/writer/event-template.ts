import { ValueType } from "../binxml/constants.js";
import type {
  SubstitutionValue,
  TemplateElement,
  TemplateInstance,
  TemplatePiece,
  TemplateRegistry,
} from "./template-model.js";
import { NULL_VALUE, inferValue, typedOrString, wstring } from "./values.js";
import type { TypedValue } from "./values.js";
import { elementChildren, localName } from "./xml-input.js";
import type { XmlNode } from "./xml-input.js";

/**
 * Event XML → template instance, laid out as Windows (Vista and later) lays out manifest-provider events. Checked
 * against the Security-Auditing records of omerbenamram/evtx `samples/new-user-security.evtx` and the real
 * Microsoft-Windows-NTLM 8002 record left in the slack of mdecrevoisier `ID5124-OCSP…evtx` (this package's
 * test/fixtures):
 *
 * - the outer template is `<Event>` with its `xmlns`, the whole `<System>` and one optional BinXml substitution
 *   (index 17) where `<EventData>`/`<UserData>` stands; System values are optional substitutions at Windows' fixed
 *   indexes ({@link SYSTEM_TEXT}, {@link SYSTEM_ATTRIBUTES}); `<Computer>` is static text in the template;
 * - the EventData/UserData element is a nested template instance (the BinXml value), whose leaf values are normal
 *   substitutions and whose attributes (`Name="…"`, `xmlns`) are static text.
 *
 * The optional System attributes (EventID Qualifiers, Correlation ActivityID/RelatedActivityID, Security UserID,
 * Provider Guid) are always in the template, with a NULL value when the input lacks them, because that is how one
 * Windows template serves events with and without them (a NULL optional substitution drops the attribute).
 */

interface Slot {
  index: number;
  type: ValueType;
}

/** Substitution index and type of System element text (Windows' System template). */
export const SYSTEM_TEXT: Readonly<Record<string, Slot>> = {
  EventID: { index: 3, type: ValueType.UInt16 },
  Version: { index: 11, type: ValueType.UInt8 },
  Level: { index: 0, type: ValueType.UInt8 },
  Task: { index: 2, type: ValueType.UInt16 },
  Opcode: { index: 1, type: ValueType.UInt8 },
  Keywords: { index: 5, type: ValueType.HexInt64 },
  EventRecordID: { index: 10, type: ValueType.UInt64 },
  Channel: { index: 16, type: ValueType.WString },
};

/** Substitution index and type of System attributes, in Windows' attribute order per element. */
export const SYSTEM_ATTRIBUTES: Readonly<Record<string, ReadonlyArray<readonly [string, Slot]>>> = {
  Provider: [
    ["Name", { index: 14, type: ValueType.WString }],
    ["Guid", { index: 15, type: ValueType.Guid }],
  ],
  EventID: [["Qualifiers", { index: 4, type: ValueType.UInt16 }]],
  TimeCreated: [["SystemTime", { index: 6, type: ValueType.FileTime }]],
  Correlation: [
    ["ActivityID", { index: 7, type: ValueType.Guid }],
    ["RelatedActivityID", { index: 13, type: ValueType.Guid }],
  ],
  Execution: [
    ["ProcessID", { index: 8, type: ValueType.UInt32 }],
    ["ThreadID", { index: 9, type: ValueType.UInt32 }],
  ],
  Security: [["UserID", { index: 12, type: ValueType.Sid }]],
};

const EVENT_RECORD_ID_INDEX = 10;
/** First index after Windows' System slots: the EventData/UserData BinXml value. */
export const FIRST_BODY_INDEX = 17;

export interface BuildOptions {
  /** Infer EventData/UserData value types from their text ({@link inferValue}); false writes every value as a string. */
  inferDataTypes: boolean;
  /** Record identifier to store as EventRecordID (it may differ from the input's, see `recordIds`). */
  recordId: bigint;
}

export function buildEventInstance(
  event: XmlNode,
  registry: TemplateRegistry,
  options: BuildOptions,
): TemplateInstance {
  const values: SubstitutionValue[] = [];
  const setValue = (index: number, value: SubstitutionValue): void => {
    while (values.length < index) values.push(NULL_VALUE);
    values[index] = value;
  };
  const content: TemplateElement["content"] = [];
  let bodyIndex = FIRST_BODY_INDEX;
  for (const piece of event.content) {
    if (typeof piece === "string") {
      if (piece.trim() !== "") content.push({ kind: "text", text: piece });
      continue;
    }
    const local = localName(piece.name);
    if (local === "System") {
      content.push(systemElement(piece, setValue, options));
    } else if (local === "RenderingInfo") {
      // Rendered text (wevtutil /f:RenderedXml, Event Viewer) is computed from message files; no .evtx stores it.
      continue;
    } else {
      const index = bodyIndex++;
      setValue(index, { type: ValueType.BinXml, instance: nestedInstance(piece, registry, options) });
      content.push({ kind: "substitution", index, type: ValueType.BinXml, optional: true });
    }
  }
  while (values.length < FIRST_BODY_INDEX) values.push(NULL_VALUE);
  const root: TemplateElement = {
    kind: "element",
    name: event.name,
    attributes: event.attributes.map((a) => ({ name: a.name, value: { kind: "text", text: a.value } })),
    content,
  };
  return { template: registry.intern(root), values };
}

function textOf(node: XmlNode): string | undefined {
  const texts = node.content.filter((c): c is string => typeof c === "string");
  return texts.length === 0 ? undefined : texts.join("");
}

function slotPiece(slot: Slot, value: TypedValue): TemplatePiece {
  // A NULL value keeps the slot's declared type in the template, so the template does not depend on absence.
  const type = value.type === ValueType.Null ? slot.type : value.type;
  return { kind: "substitution", index: slot.index, type, optional: true };
}

function systemValue(slot: Slot, text: string | undefined, options: BuildOptions): TypedValue {
  if (text === undefined || text === "") return NULL_VALUE;
  if (slot.index === EVENT_RECORD_ID_INDEX) {
    return typedOrString(slot.type, options.recordId.toString(), false);
  }
  return typedOrString(slot.type, text, false);
}

function systemElement(
  system: XmlNode,
  setValue: (index: number, value: SubstitutionValue) => void,
  options: BuildOptions,
): TemplateElement {
  const content: TemplateElement["content"] = [];
  for (const piece of system.content) {
    if (typeof piece === "string") {
      if (piece.trim() !== "") content.push({ kind: "text", text: piece });
      continue;
    }
    const local = localName(piece.name);
    const known = SYSTEM_ATTRIBUTES[local] ?? [];
    const attributes: TemplateElement["attributes"] = [];
    for (const [name, slot] of known) {
      const value = systemValue(slot, piece.attributes.find((a) => a.name === name)?.value, options);
      setValue(slot.index, value);
      attributes.push({ name, value: slotPiece(slot, value) });
    }
    // Attributes Windows does not substitute (EventSourceName, Execution ProcessorID…) stay static text.
    for (const a of piece.attributes) {
      if (!known.some(([name]) => name === a.name)) {
        attributes.push({ name: a.name, value: { kind: "text", text: a.value } });
      }
    }
    const inner: TemplateElement["content"] = [];
    const textSlot = SYSTEM_TEXT[local];
    const text = textOf(piece);
    if (textSlot !== undefined) {
      const value = systemValue(textSlot, text, options);
      setValue(textSlot.index, value);
      inner.push(slotPiece(textSlot, value));
    } else if (text !== undefined && (elementChildren(piece).length === 0 || text.trim() !== "")) {
      // Computer (and any System text Windows has no slot for) is static text in the template.
      inner.push({ kind: "text", text });
    }
    content.push({ kind: "element", name: piece.name, attributes, content: inner });
  }
  return { kind: "element", name: system.name, attributes: [], content };
}

/**
 * EventData/UserData (or any other body element) as its own template: leaf text becomes normal substitutions in
 * document order, attribute values stay static (Windows' EventData templates carry `Name="…"` as text).
 */
function nestedInstance(body: XmlNode, registry: TemplateRegistry, options: BuildOptions): TemplateInstance {
  const values: SubstitutionValue[] = [];
  const substitute = (text: string | undefined): TemplatePiece => {
    // An empty element is an empty string value (0 bytes): libfwevt refuses a NULL value in a normal substitution.
    const value: TypedValue =
      text === undefined || text === ""
        ? wstring("", false)
        : options.inferDataTypes
          ? inferValue(text)
          : wstring(text, true);
    values.push(value);
    return { kind: "substitution", index: values.length - 1, type: value.type, optional: false };
  };
  const convert = (node: XmlNode): TemplateElement => {
    const attributes = node.attributes.map((a) => ({
      name: a.name,
      value: { kind: "text", text: a.value } satisfies TemplatePiece,
    }));
    const children = elementChildren(node);
    const content: TemplateElement["content"] = [];
    if (children.length === 0) {
      content.push(substitute(textOf(node)));
    } else {
      for (const piece of node.content) {
        if (typeof piece !== "string") content.push(convert(piece));
        else if (piece.trim() !== "") content.push(substitute(piece));
      }
    }
    return { kind: "element", name: node.name, attributes, content };
  };
  const root = convert(body);
  return { template: registry.intern(root), values };
}
