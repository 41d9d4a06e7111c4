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
const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"]/;

function clean(text: string): string {
  return text.replace(INVALID_XML, "\uFFFD");
}

export function escapeText(text: string): string {
  const t = clean(text);
  return TEXT_SPECIAL.test(t) ? t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : t;
}

export function escapeAttribute(text: string): string {
  const t = clean(text);
  return ATTR_SPECIAL.test(t)
    ? t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    : t;
}

export function renderEvtxXml(nodes: EvtxElement | EvtxNode[], options: RenderXmlOptions = {}): string {
  const indent = options.indent ?? 0;
  const out: string[] = [];
  const list = Array.isArray(nodes) ? nodes : [nodes];
  for (const node of list) renderNode(node, out, indent, 0);
  return out.join("");
}

function renderNode(node: EvtxNode, out: string[], indent: number, level: number): void {
  if (typeof node === "string") out.push(escapeText(node));
  else if (isElement(node)) renderElement(node, out, indent, level);
  else if ("cdata" in node) out.push(`<![CDATA[${clean(node.cdata).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`);
  else if ("entity" in node) out.push(`&${node.entity};`);
  else if ("charRef" in node) out.push(`&#${node.charRef};`);
  else out.push(`<?${node.pi.target}${node.pi.data === "" ? "" : ` ${clean(node.pi.data)}`}?>`);
}

function renderElement(el: EvtxElement, out: string[], indent: number, level: number): void {
  const pad = indent > 0 ? " ".repeat(indent * level) : "";
  if (indent > 0 && level > 0) out.push("\n", pad);
  out.push("<", el.name);
  for (const a of el.attributes) out.push(" ", a.name, '="', escapeAttribute(a.value), '"');
  if (el.children.length === 0) {
    out.push("/>");
    return;
  }
  out.push(">");
  let hadElement = false;
  for (const c of el.children) {
    if (isElement(c)) hadElement = true;
    renderNode(c, out, indent, level + 1);
  }
  if (indent > 0 && hadElement) out.push("\n", pad);
  out.push("</", el.name, ">");
}
