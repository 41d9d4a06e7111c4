import { RECORD_SIGNATURE, TOKEN_MORE_FLAG, Token, ValueType } from "../binxml/constants.js";
import type { ByteWriter } from "./byte-writer.js";
import { nameHash } from "./chunk-tables.js";
import type { ChunkTables } from "./chunk-tables.js";
import type { TemplateElement, TemplateInstance, TemplatePiece } from "./template-model.js";

/**
 * Binary XML encoding of one event record into a chunk (libevtx format doc, "Event record", "Binary XML";
 * [MS-EVEN6] 3.1.4.7). Name and template offsets are chunk offsets, so the encoder is told where in the chunk the
 * record starts (`base`) and which names/templates the chunk already holds.
 */

const NO_DEPENDENCY = 0xffff;
/** Records are padded to 8 bytes, as Windows writes them (every record size in the real fixtures is a multiple of 8). */
const RECORD_ALIGNMENT = 8;

class Encoder {
  constructor(
    private readonly w: ByteWriter,
    private readonly base: number,
    private readonly tables: ChunkTables,
  ) {}

  private here(): number {
    return this.base + this.w.length;
  }

  /** Name reference; the name itself (next-in-bucket, hash, length, UTF-16 with terminator) on first use. */
  name(name: string): void {
    const known = this.tables.nameOffset(name);
    if (known !== undefined) {
      this.w.u32(known);
      return;
    }
    const offset = this.here() + 4;
    this.w.u32(offset);
    const previous = this.tables.addName(name, offset);
    this.w.u32(previous);
    this.w.u16(nameHash(name));
    this.w.u16(name.length);
    this.w.utf16(name);
    this.w.u16(0);
  }

  piece(p: TemplatePiece): void {
    if (p.kind === "text") {
      if (p.text.length > 0xffff) throw new RangeError("value text longer than 65535 UTF-16 code units");
      this.w.u8(Token.Value);
      this.w.u8(ValueType.WString);
      this.w.u16(p.text.length);
      this.w.utf16(p.text);
    } else {
      this.w.u8(p.optional ? Token.OptionalSubstitution : Token.NormalSubstitution);
      this.w.u16(p.index);
      this.w.u8(p.type);
    }
  }

  element(el: TemplateElement): void {
    const start = this.w.length;
    // Windows puts the index of an optional substitution that is the element's own content in the dependency
    // identifier (EventID → 3, Level → 0, Event → 17 in real records), 0xffff otherwise.
    const dependency = el.content.find(
      (c): c is Extract<TemplatePiece, { kind: "substitution" }> => c.kind === "substitution" && c.optional,
    );
    this.w.u8(el.attributes.length > 0 ? Token.OpenStartElement | TOKEN_MORE_FLAG : Token.OpenStartElement);
    this.w.u16(dependency?.index ?? NO_DEPENDENCY);
    const sizeAt = this.w.length;
    this.w.u32(0);
    this.name(el.name);
    if (el.attributes.length > 0) {
      const listAt = this.w.length;
      this.w.u32(0);
      el.attributes.forEach((a, i) => {
        const last = i === el.attributes.length - 1;
        this.w.u8(last ? Token.Attribute : Token.Attribute | TOKEN_MORE_FLAG);
        this.name(a.name);
        this.piece(a.value);
      });
      this.w.patchU32(listAt, this.w.length - listAt - 4);
    }
    if (el.content.length === 0) {
      this.w.u8(Token.CloseEmptyElement);
    } else {
      this.w.u8(Token.CloseStartElement);
      for (const c of el.content) {
        if (c.kind === "element") this.element(c);
        else this.piece(c);
      }
      this.w.u8(Token.EndElement);
    }
    // The size excludes the token, dependency identifier and the size itself (7 bytes).
    this.w.patchU32(sizeAt, this.w.length - start - 7);
  }

  /** Template instance: definition inline on first use in the chunk, else a reference; then the values. */
  instance(inst: TemplateInstance): void {
    const { template } = inst;
    this.w.u8(Token.TemplateInstance);
    this.w.u8(1);
    this.w.u32(template.id);
    const known = this.tables.templateOffset(template);
    if (known !== undefined) {
      this.w.u32(known);
    } else {
      // The definition offset points just past itself when the definition follows inline.
      const offset = this.here() + 4;
      this.w.u32(offset);
      const previous = this.tables.addTemplate(template, offset);
      this.w.u32(previous);
      this.w.bytes(template.guid);
      const sizeAt = this.w.length;
      this.w.u32(0);
      this.fragmentHeader();
      this.element(template.root);
      this.w.u8(Token.EndOfStream);
      this.w.patchU32(sizeAt, this.w.length - sizeAt - 4);
    }
    const values = inst.values;
    this.w.u32(values.length);
    const descriptorsAt = this.w.length;
    for (let i = 0; i < values.length; i++) this.w.u32(0);
    values.forEach((v, i) => {
      const start = this.w.length;
      if ("instance" in v) {
        // A nested BinXml value is a bare template instance plus end-of-stream, as in real NTLM records.
        this.instance(v.instance);
        this.w.u8(Token.EndOfStream);
      } else {
        this.w.bytes(v.bytes);
      }
      const size = this.w.length - start;
      if (size > 0xffff) throw new RangeError(`substitution value ${i} is ${size} bytes, over 65535`);
      this.w.patchU16(descriptorsAt + 4 * i, size);
      this.w.patchU16(descriptorsAt + 4 * i + 2, v.type);
    });
  }

  fragmentHeader(): void {
    this.w.u8(Token.FragmentHeader);
    this.w.u8(1);
    this.w.u8(1);
    this.w.u8(0);
  }
}

/**
 * One event record (signature, size, identifier, written time, Binary XML, padding, size copy) encoded for chunk
 * offset `base`; names and templates it introduces are added to `tables`. The bytes are a view of `w`, valid
 * until its next use.
 */
export function encodeRecord(
  w: ByteWriter,
  tables: ChunkTables,
  base: number,
  instance: TemplateInstance,
  recordId: bigint,
  written: bigint,
): Buffer {
  w.reset();
  w.u32(RECORD_SIGNATURE);
  w.u32(0);
  w.u64(recordId);
  w.u64(written);
  const enc = new Encoder(w, base, tables);
  enc.fragmentHeader();
  enc.instance(instance);
  w.u8(Token.EndOfStream);
  while ((w.length + 4) % RECORD_ALIGNMENT !== 0) w.u8(0);
  const size = w.length + 4;
  w.u32(size);
  w.patchU32(4, size);
  return w.view();
}
