import { SaxesParser } from "saxes";

/** A parsed element: local name (namespace ignored), attributes by local name, child elements and own text. */
export interface XmlElement {
  local: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Concatenated character data (text and CDATA) directly inside this element. */
  text: string;
  /** True when the element had any content at all (text, CDATA or children): `<Data/>` and `<Data></Data>` have none. */
  hasContent: boolean;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly doctype: boolean,
    /** 1-based line inside the parsed text, when saxes reported one. */
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

const DECLARATION = /<!DOCTYPE|<!ENTITY/;

/**
 * Parses one XML document (or, with `fragment`, a sequence of elements) into a small tree. Only the five
 * predefined entities and character references are accepted: a DOCTYPE is refused before parsing, so no
 * entity declaration is ever read, and saxes reports any other entity reference as an error.
 */
export function parseXmlTree(xml: string, options: { fragment?: boolean } = {}): XmlElement {
  if (DECLARATION.test(xml)) {
    throw new XmlSyntaxError(
      "DOCTYPE/entity declarations are refused (entities are never expanded)",
      true,
      undefined,
    );
  }
  // Namespace-aware, so prefixed and default-namespace documents give the same local names.
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: XmlElement = {
    local: "#root",
    attributes: new Map(),
    children: [],
    text: "",
    hasContent: false,
  };
  const stack: XmlElement[] = [root];
  const top = (): XmlElement => stack[stack.length - 1] ?? root;
  parser.on("error", (err) => {
    throw new XmlSyntaxError(err.message, false, parser.line);
  });
  parser.on("doctype", () => {
    throw new XmlSyntaxError(
      "DOCTYPE/entity declarations are refused (entities are never expanded)",
      true,
      parser.line,
    );
  });
  parser.on("opentag", (tag) => {
    const attributes = new Map<string, string>();
    for (const attr of Object.values(tag.attributes)) {
      // Namespace declarations are not data.
      if (attr.prefix === "xmlns" || attr.name === "xmlns") continue;
      attributes.set(attr.local, attr.value);
    }
    const el: XmlElement = { local: tag.local, attributes, children: [], text: "", hasContent: false };
    const parent = top();
    parent.children.push(el);
    parent.hasContent = true;
    stack.push(el);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const addText = (text: string): void => {
    const el = top();
    if (el === root) return;
    el.text += text;
    el.hasContent = true;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  const body = options.fragment === true ? `<f>${xml.replace(/^\s*<\?xml[^>]*\?>/, "")}</f>` : xml;
  parser.write(body).close();
  if (options.fragment === true) {
    const wrapper = root.children[0];
    if (wrapper === undefined) throw new XmlSyntaxError("empty XML fragment", false, undefined);
    return wrapper;
  }
  const element = root.children[0];
  if (element === undefined) throw new XmlSyntaxError("no root element", false, undefined);
  return element;
}

export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}

export function children(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local);
}

/** Element text, or undefined when the element is absent; an empty element gives "". */
export function childText(el: XmlElement | undefined, local: string): string | undefined {
  if (el === undefined) return undefined;
  return child(el, local)?.text;
}

export function attribute(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attributes.get(name);
}
