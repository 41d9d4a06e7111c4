import type { EventSink } from "../binxml/walk.js";
import { clean, escapeAttribute, escapeText } from "./render-xml.js";

/**
 * Event XML text straight from the walk (no event tree): the same text as `renderEvtxXml(content)` with its
 * default one-line layout. An element's start tag is finished when its first child arrives (`>`) or when it
 * closes without children (`/>`).
 */
export class XmlSink implements EventSink {
  xml = "";
  private pending = false;
  private readonly stack: string[] = [];

  reset(): void {
    this.xml = "";
    this.pending = false;
    this.stack.length = 0;
  }

  open(name: string): void {
    if (this.pending) this.xml += `><${name}`;
    else this.xml += `<${name}`;
    this.pending = true;
    this.stack.push(name);
  }
  attribute(name: string, value: string): void {
    this.xml += ` ${name}="${escapeAttribute(value)}"`;
  }
  close(): void {
    const name = this.stack.pop() as string;
    if (this.pending) {
      this.xml += "/>";
      this.pending = false;
    } else this.xml += `</${name}>`;
  }
  text(text: string): void {
    this.child(escapeText(text));
  }
  cdata(text: string): void {
    this.child(`<![CDATA[${clean(text).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`);
  }
  entity(name: string): void {
    this.child(`&${name};`);
  }
  charRef(code: number): void {
    this.child(`&#${code};`);
  }
  pi(target: string, data: string): void {
    this.child(`<?${target}${data === "" ? "" : ` ${clean(data)}`}?>`);
  }

  private child(text: string): void {
    if (this.pending) {
      this.xml += `>${text}`;
      this.pending = false;
    } else this.xml += text;
  }
}
