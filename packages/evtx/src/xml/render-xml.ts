import { isElement } from "../binxml/nodes.js";
import type { EvtxElement, EvtxNode } from "../binxml/nodes.js";

/**
 * Event XML text of a record's event tree, for `EVTX -> XML` and comparisons. Text and attribute values are
 * escaped (&, <, > and, in attributes, "), CDATA stays CDATA, entity and character references are written as
 * references. Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF) are
 * written as U+FFFD so the output always parses; the RawRecord keeps them.
 */
export interface RenderXmlOptions {
  /** Indent nested elements by this many spaces per level (default 0: one line, as Windows renders). */
  indent?: number;
}

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const HAS_INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** Anything that needs a look: a character to escape or one XML cannot carry (one test for the common clean case). */
const TEXT_SPECIAL = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ATTR_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function clean(text: string): string {
  return HAS_INVALID_XML.test(text) ? text.replace(INVALID_XML, "\uFFFD") : text;
}

export function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return clean(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttribute(text: string): string {
  if (!ATTR_SPECIAL.test(text)) return text;
  return clean(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function renderEvtxXml(nodes: EvtxElement | EvtxNode[], options: RenderXmlOptions = {}): string {
  const indent = options.indent ?? 0;
  const list = Array.isArray(nodes) ? nodes : [nodes];
  let out = "";
  for (const node of list) out += renderNode(node, indent, 0);
  return flatString(out);
}

/**
 * The text as one flat string: built by concatenation it is a tree of pieces (a rope) until first read, which
 * costs the garbage collector dearly while texts are kept (buffered output). Converting it to a number makes
 * V8 flatten it once (the number itself is not used).
 */
export function flatString(text: string): string {
  void Number(text);
  return text;
}

// Strings are concatenated rather than pushed and joined: V8 builds ropes, which is cheaper for short records.
function renderNode(node: EvtxNode, indent: number, level: number): string {
  if (typeof node === "string") return escapeText(node);
  if (isElement(node)) return renderElement(node, indent, level);
  if ("cdata" in node) return `<![CDATA[${clean(node.cdata).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
  if ("entity" in node) return `&${node.entity};`;
  if ("charRef" in node) return `&#${node.charRef};`;
  return `<?${node.pi.target}${node.pi.data === "" ? "" : ` ${clean(node.pi.data)}`}?>`;
}

function renderElement(el: EvtxElement, indent: number, level: number): string {
  const pad = indent > 0 ? " ".repeat(indent * level) : "";
  let out = indent > 0 && level > 0 ? `\n${pad}<${el.name}` : `<${el.name}`;
  for (const a of el.attributes) out += ` ${a.name}="${escapeAttribute(a.value)}"`;
  if (el.children.length === 0) return `${out}/>`;
  out += ">";
  let hadElement = false;
  for (const c of el.children) {
    if (typeof c !== "string" && isElement(c)) hadElement = true;
    out += renderNode(c, indent, level + 1);
  }
  if (indent > 0 && hadElement) out += `\n${pad}`;
  return `${out}</${el.name}>`;
}
