import { createHash } from "node:crypto";
import type { ValueType } from "../binxml/constants.js";
import type { TypedValue } from "./values.js";

/**
 * A template as the writer models it before encoding: element structure with static text and substitution slots
 * (libevtx format doc, "Template definition"; [MS-EVEN6] 3.1.4.7.4 TemplateInstance).
 */

/** Static value text, or a substitution: `optional` (token 0x0e, omitted when its value is NULL) or normal (0x0d). */
export type TemplatePiece =
  | { kind: "text"; text: string }
  | { kind: "substitution"; index: number; type: ValueType; optional: boolean };

export interface TemplateElement {
  kind: "element";
  name: string;
  attributes: Array<{ name: string; value: TemplatePiece }>;
  content: Array<TemplateElement | TemplatePiece>;
}

export interface Template {
  root: TemplateElement;
  /** Structural identity: two events share a template exactly when their keys are equal. */
  key: string;
  /** Template identifier GUID; its first 4 bytes (little-endian) are the template id, as in real files. */
  guid: Uint8Array;
  id: number;
}

/** A substitution value: plain typed bytes, or (type BinXml) a nested template instance. */
export type SubstitutionValue = TypedValue | { type: ValueType.BinXml; instance: TemplateInstance };

export interface TemplateInstance {
  template: Template;
  values: SubstitutionValue[];
}

/**
 * Interns templates by structure so each distinct one is hashed once. The GUID is an MD5 of the structure:
 * Windows derives its template GUIDs from the template too (the same template has the same GUID in every chunk
 * and file), and a stable GUID keeps written files byte-for-byte reproducible.
 */
export class TemplateRegistry {
  private readonly byKey = new Map<string, Template>();

  intern(root: TemplateElement): Template {
    const key = templateKey(root);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const guid = new Uint8Array(createHash("md5").update(key).digest());
    const id = Buffer.from(guid).readUInt32LE(0);
    const template: Template = { root, key, guid, id };
    this.byKey.set(key, template);
    return template;
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** A compact structural key (JSON.stringify of the tree dominated the cost of writing bench files). */
function templateKey(el: TemplateElement): string {
  let key = `<${el.name}`;
  for (const a of el.attributes) key += ` ${a.name}=${pieceKey(a.value)}`;
  key += ">";
  for (const c of el.content) key += c.kind === "element" ? templateKey(c) : pieceKey(c);
  return `${key}</>`;
}

function pieceKey(p: TemplatePiece): string {
  // Text is length-prefixed so no text can imitate markup of the key.
  return p.kind === "text" ? `t${p.text.length}:${p.text}` : `${p.optional ? "o" : "n"}${p.index}.${p.type};`;
}
