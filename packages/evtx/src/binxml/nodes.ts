/**
 * Two trees. The *template tree* is what Binary XML parses to: elements whose content and attribute values are
 * text, substitution slots and references; it is parsed once per template definition and cached per chunk.
 * The *event tree* (EvtxElement) is a template tree with the values of one record substituted: plain names,
 * attribute strings and text, which is what the XML rendering and the RawRecord are made from.
 */

export const enum PartKind {
  Text = 0,
  Substitution = 1,
  CharRef = 2,
  EntityRef = 3,
  CData = 4,
  Element = 5,
  PI = 6,
  Instance = 7,
}

export interface TextPart {
  k: PartKind.Text;
  v: string;
}
export interface SubstitutionPart {
  k: PartKind.Substitution;
  index: number;
  type: number;
  optional: boolean;
}
export interface CharRefPart {
  k: PartKind.CharRef;
  v: number;
}
export interface EntityRefPart {
  k: PartKind.EntityRef;
  name: string;
}
export interface CDataPart {
  k: PartKind.CData;
  v: string;
}
export interface PIPart {
  k: PartKind.PI;
  target: string;
  data: string;
}
export interface ElementPart {
  k: PartKind.Element;
  name: string;
  attributes: AttributePart[];
  content: Part[];
}
export interface AttributePart {
  name: string;
  value: ValuePart[];
}
/** A template instance: the definition it uses and where its values lie in the chunk. */
export interface InstancePart {
  k: PartKind.Instance;
  template: TemplateDefinition;
  values: ValueSlice[];
}

export type ValuePart = TextPart | SubstitutionPart | CharRefPart | EntityRefPart;
export type Part = ValuePart | CDataPart | ElementPart | PIPart | InstancePart;

export interface ValueSlice {
  type: number;
  /** chunk-relative offset of the value bytes */
  offset: number;
  size: number;
}

export interface TemplateDefinition {
  /** chunk-relative offset of the definition (the key records use to refer to it) */
  offset: number;
  guid: string;
  /** size of the definition's Binary XML (fragment header, element, end of stream) */
  dataSize: number;
  content: Part[];
}

/** Event tree: a rendered element. */
export interface EvtxElement {
  name: string;
  attributes: EvtxAttribute[];
  children: EvtxNode[];
}
export interface EvtxAttribute {
  name: string;
  value: string;
}
export type EvtxNode =
  | EvtxElement
  | string
  | { cdata: string }
  | { pi: { target: string; data: string } }
  | { entity: string }
  | { charRef: number };

export function isElement(node: EvtxNode): node is EvtxElement {
  return typeof node === "object" && "name" in node;
}
