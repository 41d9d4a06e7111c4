/**
 * A deliberately small XML reader for the writer's input: one Windows `<Event>` document. It keeps what a template
 * needs and core's tree drops (qualified names, attribute order, the `xmlns` declaration, text/element order), and
 * refuses DTDs like core does (no entity is ever declared or expanded beyond the five predefined ones and
 * character references). Not a general XML parser: no external entities, no encoding other than the JS string.
 */

export interface XmlNode {
  /** Qualified name as written (`Event`, `ns:Foo`). */
  name: string;
  /** Attributes in document order, values with entities decoded; `xmlns` declarations included. */
  attributes: Array<{ name: string; value: string }>;
  /** Element children and text pieces in document order; adjacent text (incl. CDATA) is merged. */
  content: Array<XmlNode | string>;
}

export class XmlInputError extends Error {}

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.\u00b7\u00c0-\uffff]*/y;

export function parseXmlDocument(xml: string): XmlNode {
  const p = new Parser(xml.replace(/\r\n?/g, "\n"));
  p.skipMisc();
  const root = p.element();
  p.skipMisc();
  if (!p.done()) p.fail("content after the root element");
  return root;
}

class Parser {
  private pos = 0;

  constructor(private readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  done(): boolean {
    return this.pos >= this.s.length;
  }

  fail(message: string): never {
    throw new XmlInputError(`${message} at offset ${this.pos}`);
  }

  private startsWith(t: string): boolean {
    return this.s.startsWith(t, this.pos);
  }

  private skipWs(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.pos);
      // XML white space (S production): space, tab, line feed (carriage returns are normalized away).
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a) return;
      this.pos++;
    }
  }

  private until(t: string): string {
    const end = this.s.indexOf(t, this.pos);
    if (end < 0) this.fail(`unterminated construct, expected "${t}"`);
    const text = this.s.slice(this.pos, end);
    this.pos = end + t.length;
    return text;
  }

  /** Whitespace, comments, processing instructions (the XML declaration) around and inside the prolog. */
  skipMisc(): void {
    for (;;) {
      this.skipWs();
      if (this.startsWith("<!--")) this.until("-->");
      else if (this.startsWith("<?")) this.until("?>");
      else if (this.startsWith("<!DOCTYPE") || this.startsWith("<!ENTITY")) this.fail("DTDs are refused");
      else return;
    }
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (m === null) this.fail("expected a name");
    this.pos += m[0].length;
    return m[0];
  }

  element(): XmlNode {
    if (!this.startsWith("<")) this.fail("expected an element");
    this.pos++;
    const node: XmlNode = { name: this.name(), attributes: [], content: [] };
    for (;;) {
      this.skipWs();
      if (this.startsWith("/>")) {
        this.pos += 2;
        return node;
      }
      if (this.startsWith(">")) {
        this.pos++;
        break;
      }
      const name = this.name();
      this.skipWs();
      if (!this.startsWith("=")) this.fail("expected '='");
      this.pos++;
      this.skipWs();
      const quote = this.s.charAt(this.pos);
      if (quote !== '"' && quote !== "'") this.fail("expected a quoted attribute value");
      this.pos++;
      // Attribute-value normalization (XML 1.0 §3.3.3): literal whitespace characters become spaces.
      const raw = this.until(quote).replace(/[\t\n]/g, " ");
      if (raw.includes("<")) this.fail("'<' in an attribute value");
      node.attributes.push({ name, value: decodeEntities(raw, this) });
    }
    let text = "";
    const flush = (): void => {
      if (text !== "") node.content.push(text);
      text = "";
    };
    for (;;) {
      if (this.done()) this.fail(`unclosed <${node.name}>`);
      if (this.startsWith("</")) {
        this.pos += 2;
        const close = this.name();
        if (close !== node.name) this.fail(`</${close}> closes <${node.name}>`);
        this.skipWs();
        if (!this.startsWith(">")) this.fail("expected '>'");
        this.pos++;
        flush();
        return node;
      }
      if (this.startsWith("<![CDATA[")) {
        this.pos += 9;
        text += this.until("]]>");
      } else if (this.startsWith("<!--")) {
        this.until("-->");
      } else if (this.startsWith("<?")) {
        this.until("?>");
      } else if (this.startsWith("<")) {
        flush();
        node.content.push(this.element());
      } else {
        const end = this.s.indexOf("<", this.pos);
        const raw = this.s.slice(this.pos, end < 0 ? this.s.length : end);
        this.pos += raw.length;
        text += decodeEntities(raw, this);
      }
    }
  }
}

function decodeEntities(raw: string, p: Parser): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) p.fail(`bare '&' in "${raw}"`);
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (m === null) p.fail(`unknown entity &${ref};`);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] ?? "", 10);
    if (!(code > 0 && code <= 0x10ffff)) p.fail(`bad character reference &${ref};`);
    return String.fromCodePoint(code);
  });
}

export function elementChildren(node: XmlNode): XmlNode[] {
  return node.content.filter((c): c is XmlNode => typeof c !== "string");
}

/** Local part of a qualified name. */
export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}
