import { CHUNK_RECORDS_OFFSET, Token, TOKEN_MORE_FLAG, ValueType } from "./constants.js";
import { EvtxFormatError } from "../problems.js";
import type { ChunkContext } from "./chunk-context.js";
import { PartKind } from "./nodes.js";
import type {
  AttributePart,
  ElementPart,
  InstancePart,
  Part,
  TemplateDefinition,
  ValuePart,
  ValueSlice,
} from "./nodes.js";
import { formatGuid } from "./format.js";
import { decodeUtf16 } from "./text.js";
import { decodeScalar, fixedSize } from "./values.js";

/**
 * Binary XML parser (libevtx "Binary XML", [MS-EVEN6] 3.1.4.7). Offsets are chunk-relative; `end` bounds every
 * read so a size or count from the file can never make the parser leave the structure it is in. Errors are
 * EvtxFormatError; the caller turns them into a rejected record.
 */

interface Cursor {
  pos: number;
  end: number;
}

function need(ctx: ChunkContext, c: Cursor, n: number, what: string): void {
  if (c.pos + n > c.end) {
    throw new EvtxFormatError(
      "evtx-binxml-truncated",
      `Binary XML ends inside ${what} (needs ${n} bytes at chunk offset ${c.pos}, ${Math.max(0, c.end - c.pos)} left)`,
      c.pos,
    );
  }
  void ctx;
}

function fail(code: string, message: string, at: number): never {
  throw new EvtxFormatError(code, message, at);
}

/**
 * A document or fragment sequence up to the end-of-stream token (libevtx "Document structure"): fragment
 * headers, processing instructions, elements and template instances. Returns its parts and where it ended.
 */
export function parseDocument(
  ctx: ChunkContext,
  start: number,
  end: number,
  depth: number,
): { content: Part[]; end: number } {
  if (depth > ctx.limits.maxDepth)
    fail("evtx-binxml-depth", `Binary XML nested deeper than ${ctx.limits.maxDepth}`, start);
  const c: Cursor = { pos: start, end };
  const content: Part[] = [];
  for (;;) {
    if (c.pos >= c.end) return { content, end: c.pos }; // a value fragment may end without an end-of-stream token
    const token = ctx.buf.readUInt8(c.pos);
    switch ((token & ~TOKEN_MORE_FLAG) as Token) {
      case Token.EndOfStream:
        if ((token as Token) !== Token.EndOfStream)
          fail("evtx-binxml-token", `unexpected token 0x${token.toString(16)}`, c.pos);
        return { content, end: c.pos + 1 };
      case Token.FragmentHeader:
        // 0x0f, major 1, minor 1, flags 0: only the size matters here.
        need(ctx, c, 4, "a fragment header");
        c.pos += 4;
        break;
      case Token.OpenStartElement:
        content.push(parseElement(ctx, c, depth + 1));
        break;
      case Token.TemplateInstance:
        content.push(parseInstance(ctx, c, depth + 1));
        break;
      case Token.PITarget:
        content.push(parsePI(ctx, c));
        break;
      case Token.CloseStartElement:
      case Token.CloseEmptyElement:
      case Token.EndElement:
      case Token.Value:
      case Token.Attribute:
      case Token.CDataSection:
      case Token.CharRef:
      case Token.EntityRef:
      case Token.PIData:
      case Token.NormalSubstitution:
      case Token.OptionalSubstitution:
      default:
        fail(
          "evtx-binxml-token",
          `unexpected token 0x${token.toString(16)} at document level (chunk offset ${c.pos})`,
          c.pos,
        );
    }
  }
}

/**
 * A name (libevtx "Name"): 4 bytes (next name in the hash chain), hash, character count, UTF-16 and a NUL.
 * Stored inline the first time a chunk uses it (the offset then points right behind the reference) and
 * referred to by offset afterwards.
 */
function readNameRef(ctx: ChunkContext, c: Cursor, what: string): string {
  need(ctx, c, 4, what);
  const offset = ctx.buf.readUInt32LE(c.pos);
  c.pos += 4;
  if (offset === c.pos) {
    const name = readName(ctx, offset, c.end);
    c.pos += 8 + name.length * 2 + 2;
    return name;
  }
  if (offset < CHUNK_RECORDS_OFFSET || offset >= c.pos) {
    fail("evtx-binxml-name", `${what} name offset ${offset} points outside the chunk's data`, c.pos - 4);
  }
  return readName(ctx, offset, ctx.length);
}

function readName(ctx: ChunkContext, offset: number, end: number): string {
  const cached = ctx.names.get(offset);
  if (cached !== undefined) return cached;
  if (ctx.strict && offset + 8 <= end && !nameHashMatches(ctx, offset, end)) {
    fail(
      "evtx-binxml-name",
      `name at chunk offset ${offset} does not carry its NameHash (overwritten)`,
      offset,
    );
  }
  if (offset + 8 > end) fail("evtx-binxml-name", `name at chunk offset ${offset} is truncated`, offset);
  const count = ctx.buf.readUInt16LE(offset + 6);
  if (offset + 8 + count * 2 + 2 > end) {
    fail(
      "evtx-binxml-name",
      `name at chunk offset ${offset} (${count} characters) runs past its data`,
      offset,
    );
  }
  const name = decodeUtf16(ctx.buf, offset + 8, count * 2, ctx.warnings);
  if (name.length !== count) fail("evtx-binxml-name", `name at chunk offset ${offset} is malformed`, offset);
  ctx.names.set(offset, name);
  return name;
}

/**
 * [MS-EVEN6] 3.1.4.7.2: a name stores the low 16 bits of a multiplicative hash (factor 65599) of its UTF-16
 * code units. Checked only when carving, where it tells a surviving name from bytes written over it.
 */
function nameHashMatches(ctx: ChunkContext, offset: number, end: number): boolean {
  const count = ctx.buf.readUInt16LE(offset + 6);
  const stop = Math.min(end, offset + 8 + count * 2);
  let hash = 0;
  for (let p = offset + 8; p + 2 <= stop; p += 2)
    hash = (Math.imul(hash, 65599) + ctx.buf.readUInt16LE(p)) >>> 0;
  return (hash & 0xffff) === ctx.buf.readUInt16LE(offset + 4);
}

/** A name offset is plausible when it points right behind itself (inline) or back into the chunk's data. */
function plausibleNameOffset(ctx: ChunkContext, at: number, end: number): boolean {
  if (at + 4 > end) return false;
  const offset = ctx.buf.readUInt32LE(at);
  return offset === at + 4 || (offset >= CHUNK_RECORDS_OFFSET && offset < at);
}

/**
 * Element (libevtx "Element start"): token 0x01/0x41, dependency identifier (u16), data size (u32), name,
 * attribute list when 0x41, then close-empty (0x03) or close-start (0x02) + content + end-element (0x04).
 * libevtx notes the dependency identifier is absent in some Binary XML values; which layout applies is decided
 * by where the name offset points.
 */
function parseElement(ctx: ChunkContext, c: Cursor, depth: number): ElementPart {
  if (depth > ctx.limits.maxDepth)
    fail("evtx-binxml-depth", `Binary XML nested deeper than ${ctx.limits.maxDepth}`, c.pos);
  const start = c.pos;
  const token = ctx.buf.readUInt8(start);
  if (plausibleNameOffset(ctx, start + 7, c.end)) c.pos = start + 7;
  else if (plausibleNameOffset(ctx, start + 5, c.end)) c.pos = start + 5;
  else fail("evtx-binxml-name", `element at chunk offset ${start} has no valid name offset`, start);
  const name = readNameRef(ctx, c, "element");
  const attributes: AttributePart[] = [];
  if ((token & TOKEN_MORE_FLAG) !== 0) {
    need(ctx, c, 4, "an attribute list size");
    c.pos += 4; // attribute list size: the attributes are read token by token instead
    while (c.pos < c.end) {
      const t = (ctx.buf.readUInt8(c.pos) & ~TOKEN_MORE_FLAG) as Token;
      if (t !== Token.Attribute) break;
      c.pos += 1;
      const attrName = readNameRef(ctx, c, "attribute");
      attributes.push({ name: attrName, value: parseValueParts(ctx, c) });
    }
  }
  need(ctx, c, 1, "an element start");
  const close = ctx.buf.readUInt8(c.pos) as Token;
  c.pos += 1;
  const element: ElementPart = { k: PartKind.Element, name, attributes, content: [] };
  if (close === Token.CloseEmptyElement) return element;
  if (close !== Token.CloseStartElement) {
    fail(
      "evtx-binxml-token",
      `element <${name}>: expected a close tag token, found 0x${close.toString(16)}`,
      c.pos - 1,
    );
  }
  parseContent(ctx, c, element, depth);
  return element;
}

/** Attribute data: value text, substitutions, character and entity references, read while they follow. */
function parseValueParts(ctx: ChunkContext, c: Cursor): ValuePart[] {
  const parts: ValuePart[] = [];
  while (c.pos < c.end) {
    const token = (ctx.buf.readUInt8(c.pos) & ~TOKEN_MORE_FLAG) as Token;
    if (token === Token.Value) parts.push(parseValueText(ctx, c));
    else if (token === Token.NormalSubstitution || token === Token.OptionalSubstitution)
      parts.push(parseSubstitution(ctx, c));
    else if (token === Token.CharRef) parts.push(parseCharRef(ctx, c));
    else if (token === Token.EntityRef) parts.push(parseEntityRef(ctx, c));
    else break;
  }
  return parts;
}

function parseContent(ctx: ChunkContext, c: Cursor, element: ElementPart, depth: number): void {
  const content = element.content;
  for (;;) {
    need(ctx, c, 1, `element <${element.name}>`);
    const raw = ctx.buf.readUInt8(c.pos);
    const token = (raw & ~TOKEN_MORE_FLAG) as Token;
    switch (token) {
      case Token.EndElement:
        c.pos += 1;
        return;
      case Token.OpenStartElement:
        content.push(parseElement(ctx, c, depth + 1));
        break;
      case Token.Value:
        content.push(parseValueText(ctx, c));
        break;
      case Token.NormalSubstitution:
      case Token.OptionalSubstitution:
        content.push(parseSubstitution(ctx, c));
        break;
      case Token.CharRef:
        content.push(parseCharRef(ctx, c));
        break;
      case Token.EntityRef:
        content.push(parseEntityRef(ctx, c));
        break;
      case Token.CDataSection: {
        need(ctx, c, 3, "a CDATA section");
        const count = ctx.buf.readUInt16LE(c.pos + 1);
        c.pos += 3;
        need(ctx, c, count * 2, "a CDATA section");
        content.push({ k: PartKind.CData, v: decodeUtf16(ctx.buf, c.pos, count * 2, ctx.warnings) });
        c.pos += count * 2;
        break;
      }
      case Token.PITarget:
        content.push(parsePI(ctx, c));
        break;
      case Token.TemplateInstance:
        content.push(parseInstance(ctx, c, depth + 1));
        break;
      case Token.EndOfStream:
      case Token.CloseStartElement:
      case Token.CloseEmptyElement:
      case Token.Attribute:
      case Token.PIData:
      case Token.FragmentHeader:
      default:
        fail(
          "evtx-binxml-token",
          `element <${element.name}>: unexpected token 0x${raw.toString(16)} at chunk offset ${c.pos}`,
          c.pos,
        );
    }
  }
}

/** Value text (libevtx "Value text"): token, value type, then the value; strings carry a u16 character count. */
function parseValueText(ctx: ChunkContext, c: Cursor): ValuePart {
  need(ctx, c, 2, "a value");
  const type = ctx.buf.readUInt8(c.pos + 1);
  c.pos += 2;
  if ((type as ValueType) === ValueType.WString) {
    need(ctx, c, 2, "a value string");
    const count = ctx.buf.readUInt16LE(c.pos);
    c.pos += 2;
    need(ctx, c, count * 2, "a value string");
    const v = decodeUtf16(ctx.buf, c.pos, count * 2, ctx.warnings);
    c.pos += count * 2;
    return { k: PartKind.Text, v };
  }
  const size = fixedSize(type);
  if (size === 0 || (type & 0x80) !== 0) {
    fail("evtx-binxml-value", `value token of type 0x${type.toString(16)} has no known size`, c.pos - 2);
  }
  need(ctx, c, size, "a value");
  // Decoded like a substitution value, so every type reads the same wherever it appears.
  const v = decodeScalar(ctx.buf, type, c.pos, size, ctx.warnings);
  c.pos += size;
  return { k: PartKind.Text, v };
}

/** Normal (0x0d) and optional (0x0e) substitution: token, value index (u16), value type (u8). */
function parseSubstitution(ctx: ChunkContext, c: Cursor): ValuePart {
  need(ctx, c, 4, "a substitution");
  const optional = (ctx.buf.readUInt8(c.pos) as Token) === Token.OptionalSubstitution;
  const index = ctx.buf.readUInt16LE(c.pos + 1);
  const type = ctx.buf.readUInt8(c.pos + 3);
  c.pos += 4;
  return { k: PartKind.Substitution, index, type, optional };
}

function parseCharRef(ctx: ChunkContext, c: Cursor): ValuePart {
  need(ctx, c, 3, "a character reference");
  const v = ctx.buf.readUInt16LE(c.pos + 1);
  c.pos += 3;
  return { k: PartKind.CharRef, v };
}

function parseEntityRef(ctx: ChunkContext, c: Cursor): ValuePart {
  c.pos += 1;
  return { k: PartKind.EntityRef, name: readNameRef(ctx, c, "entity reference") };
}

/** PI target (0x0a, name) followed by PI data (0x0b, u16 count, UTF-16). */
function parsePI(ctx: ChunkContext, c: Cursor): Part {
  c.pos += 1;
  const target = readNameRef(ctx, c, "processing instruction");
  let data = "";
  if (c.pos < c.end && (ctx.buf.readUInt8(c.pos) as Token) === Token.PIData) {
    need(ctx, c, 3, "processing instruction data");
    const count = ctx.buf.readUInt16LE(c.pos + 1);
    c.pos += 3;
    need(ctx, c, count * 2, "processing instruction data");
    data = decodeUtf16(ctx.buf, c.pos, count * 2, ctx.warnings);
    c.pos += count * 2;
  }
  return { k: PartKind.PI, target, data };
}

/** Size of a template definition's header: next offset (4), GUID (16), data size (4). */
const TEMPLATE_HEADER_SIZE = 24;

/**
 * Template instance (libevtx "Template instance"): token 0x0c, 1 unknown byte, template identifier (u32),
 * definition offset (u32). When the offset points right behind itself the definition follows inline (first
 * use in the chunk); otherwise it is one defined earlier in the chunk. Then the instance data: value count,
 * one (size u16, type u8, 0) descriptor per value, and the values back to back.
 */
function parseInstance(ctx: ChunkContext, c: Cursor, depth: number): InstancePart {
  if (depth > ctx.limits.maxDepth)
    fail("evtx-binxml-depth", `Binary XML nested deeper than ${ctx.limits.maxDepth}`, c.pos);
  need(ctx, c, 10, "a template instance");
  const templateId = ctx.buf.readUInt32LE(c.pos + 2);
  const defOffset = ctx.buf.readUInt32LE(c.pos + 6);
  c.pos += 10;
  // The identifier is the first 4 bytes of the definition's GUID (so in every fixture record); a mismatch
  // means the definition was overwritten, which only matters for records outside the live area.
  if (ctx.strict && (defOffset + 8 > ctx.length || ctx.buf.readUInt32LE(defOffset + 4) !== templateId)) {
    fail(
      "evtx-template-missing",
      `template 0x${templateId.toString(16)} is no longer at chunk offset ${defOffset} (overwritten)`,
      c.pos - 10,
    );
  }
  let template: TemplateDefinition;
  if (defOffset === c.pos) {
    need(ctx, c, TEMPLATE_HEADER_SIZE, "a template definition");
    const dataSize = ctx.buf.readUInt32LE(c.pos + 20);
    need(ctx, c, TEMPLATE_HEADER_SIZE + dataSize, "a template definition");
    template = templateAt(ctx, defOffset, depth);
    c.pos += TEMPLATE_HEADER_SIZE + dataSize;
  } else {
    template = templateAt(ctx, defOffset, depth);
  }
  need(ctx, c, 4, "template instance data");
  const count = ctx.buf.readUInt32LE(c.pos);
  c.pos += 4;
  if (count > ctx.limits.maxSubstitutions) {
    fail(
      "evtx-substitution-count",
      `template instance declares ${count} values (limit ${ctx.limits.maxSubstitutions})`,
      c.pos - 4,
    );
  }
  need(ctx, c, count * 4, "value descriptors");
  const values: ValueSlice[] = new Array<ValueSlice>(count);
  let offset = c.pos + count * 4;
  for (let i = 0; i < count; i++) {
    const size = ctx.buf.readUInt16LE(c.pos + i * 4);
    const type = ctx.buf.readUInt8(c.pos + i * 4 + 2);
    values[i] = { type, offset, size };
    offset += size;
  }
  c.pos += count * 4;
  need(ctx, c, offset - c.pos, "substitution values");
  c.pos = offset;
  return { k: PartKind.Instance, template, values };
}

/** The template definition at a chunk offset, parsed once per chunk. */
export function templateAt(ctx: ChunkContext, offset: number, depth: number): TemplateDefinition {
  const cached = ctx.templates.get(offset);
  if (cached !== undefined) {
    if (cached instanceof Error) throw cached;
    return cached;
  }
  if (ctx.parsing.has(offset))
    fail("evtx-template-recursive", `template at chunk offset ${offset} refers to itself`, offset);
  let result: TemplateDefinition | Error;
  ctx.parsing.add(offset);
  try {
    result = parseTemplate(ctx, offset, depth);
  } catch (err) {
    if (!(err instanceof EvtxFormatError)) throw err;
    result = err;
  } finally {
    ctx.parsing.delete(offset);
  }
  ctx.templates.set(offset, result);
  if (result instanceof Error) throw result;
  return result;
}

function parseTemplate(ctx: ChunkContext, offset: number, depth: number): TemplateDefinition {
  if (offset < CHUNK_RECORDS_OFFSET || offset + TEMPLATE_HEADER_SIZE + 4 > ctx.length) {
    fail("evtx-template-missing", `template reference points nowhere (chunk offset ${offset})`, offset);
  }
  const dataSize = ctx.buf.readUInt32LE(offset + 20);
  const start = offset + TEMPLATE_HEADER_SIZE;
  if (start + dataSize > ctx.length || (ctx.buf.readUInt8(start) as Token) !== Token.FragmentHeader) {
    fail(
      "evtx-template-missing",
      `template reference points nowhere (no template definition at chunk offset ${offset})`,
      offset,
    );
  }
  const guid = formatGuid(ctx.buf, offset + 4);
  const { content } = parseDocument(ctx, start, start + dataSize, depth);
  return { offset, guid, dataSize, content };
}
