import { crc32 } from "../../src/crc32.js";

/**
 * A small hand assembler for Binary XML and chunks, independent of the package's test writer, so unit tests can
 * state tokens byte by byte (libevtx "Binary XML"). Offsets are chunk-relative: `base` is where the bytes go.
 */
export class Asm {
  readonly bytes: number[] = [];
  readonly names = new Map<string, number>();

  constructor(readonly base: number) {}

  here(): number {
    return this.base + this.bytes.length;
  }
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.bytes.push(bytes[i] as number);
    return this;
  }
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this;
  }
  patch32(at: number, v: number): void {
    const i = at - this.base;
    for (let k = 0; k < 4; k++) this.bytes[i + k] = (v >>> (8 * k)) & 0xff;
  }
  /** A name reference: inline the first time, by offset afterwards. */
  name(s: string): this {
    const known = this.names.get(s);
    if (known !== undefined) return this.u32(known);
    const at = this.here() + 4;
    this.names.set(s, at);
    return this.u32(at).u32(0).u16(0).u16(s.length).utf16(s).u16(0);
  }
  fragmentHeader(): this {
    return this.raw([0x0f, 0x01, 0x01, 0x00]);
  }
  /** Element with optional attributes (each a callback writing value tokens) and content. */
  element(
    name: string,
    attrs: [string, (a: Asm) => void][] = [],
    content?: (a: Asm) => void,
    options: { dependency?: boolean } = {},
  ): this {
    this.u8(attrs.length > 0 ? 0x41 : 0x01);
    if (options.dependency !== false) this.u16(0xffff);
    const sizeAt = this.here();
    this.u32(0).name(name);
    if (attrs.length > 0) {
      const listAt = this.here();
      this.u32(0);
      attrs.forEach(([n, write], i) => {
        this.u8(i < attrs.length - 1 ? 0x46 : 0x06).name(n);
        write(this);
      });
      this.patch32(listAt, this.here() - listAt - 4);
    }
    if (content === undefined) this.u8(0x03);
    else {
      this.u8(0x02);
      content(this);
      this.u8(0x04);
    }
    this.patch32(sizeAt, this.here() - sizeAt - 4);
    return this;
  }
  text(s: string, more = false): this {
    return this.u8(more ? 0x45 : 0x05)
      .u8(0x01)
      .u16(s.length)
      .utf16(s);
  }
  sub(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d)
      .u16(index)
      .u8(type);
  }
  /** Template instance with its definition inline (`body` writes the fragment's element) and its values. */
  instance(body: (a: Asm) => void, values: [number, number[]][], defOffset?: number): this {
    this.u8(0x0c).u8(0x01).u32(0x1234);
    if (defOffset !== undefined) this.u32(defOffset);
    else {
      const def = this.here() + 4;
      this.u32(def).u32(0).raw(new Array<number>(16).fill(0xab));
      const sizeAt = this.here();
      this.u32(0).fragmentHeader();
      body(this);
      this.u8(0x00);
      this.patch32(sizeAt, this.here() - sizeAt - 4);
    }
    this.u32(values.length);
    for (const [type, bytes] of values) this.u16(bytes.length).u8(type).u8(0);
    for (const [, bytes] of values) this.raw(bytes);
    return this;
  }
}

/** Bytes of one event record at chunk offset `at` whose Binary XML `body` writes (without the trailing EOF). */
export function record(at: number, id: number, body: (a: Asm) => void, names?: Map<string, number>): Asm {
  const a = new Asm(at);
  if (names !== undefined) for (const [k, v] of names) a.names.set(k, v);
  a.u32(0x2a2a).u32(0).u32(id).u32(0).u32(0xd53e8000).u32(0x01d1a2b3);
  a.fragmentHeader();
  body(a);
  a.u8(0x00);
  while ((a.bytes.length + 4) % 8 !== 0) a.u8(0);
  a.u32(a.bytes.length + 4);
  a.patch32(at + 4, a.bytes.length);
  return a;
}

/** A whole chunk holding the given record bodies one after the other, with valid header and checksums. */
export function chunk(bodies: ((a: Asm) => void)[], firstId = 1): Buffer {
  const buf = Buffer.alloc(65536);
  buf.write("ElfChnk\0", 0, "latin1");
  let at = 512;
  const names = new Map<string, number>();
  bodies.forEach((body, i) => {
    const r = record(at, firstId + i, body, names);
    for (const [k, v] of r.names) names.set(k, v);
    Buffer.from(r.bytes).copy(buf, at);
    at += r.bytes.length;
  });
  finishChunk(buf, firstId, firstId + bodies.length - 1, at);
  return buf;
}

export function finishChunk(buf: Buffer, firstId: number, lastId: number, free: number): void {
  buf.writeUInt32LE(firstId, 8);
  buf.writeUInt32LE(lastId, 16);
  buf.writeUInt32LE(firstId, 24);
  buf.writeUInt32LE(lastId, 32);
  buf.writeUInt32LE(128, 40);
  buf.writeUInt32LE(512, 44);
  buf.writeUInt32LE(free, 48);
  buf.writeUInt32LE(crc32(buf, 512, free), 52);
  buf.writeUInt32LE(crc32(buf, 128, 512, crc32(buf, 0, 120)), 124);
}

/** A file: header (valid checksum, `chunkCount` chunks, flags) followed by the chunks. */
export function evtxFile(chunks: Buffer[], options: { chunkCount?: number; flags?: number } = {}): Buffer {
  const head = Buffer.alloc(4096);
  head.write("ElfFile\0", 0, "latin1");
  head.writeUInt32LE(0, 8);
  head.writeUInt32LE(Math.max(0, chunks.length - 1), 16);
  head.writeUInt32LE(1000, 24);
  head.writeUInt32LE(128, 32);
  head.writeUInt16LE(1, 36);
  head.writeUInt16LE(3, 38);
  head.writeUInt16LE(4096, 40);
  head.writeUInt16LE(options.chunkCount ?? chunks.length, 42);
  head.writeUInt32LE(options.flags ?? 0, 120);
  head.writeUInt32LE(crc32(head, 0, 120), 124);
  return Buffer.concat([head, ...chunks]);
}

/** An <Event> with System (Provider Name, EventID, TimeCreated, EventRecordID, Channel) and EventData. */
export function simpleEvent(a: Asm, data: (a: Asm) => void): void {
  a.element(
    "Event",
    [["xmlns", (x) => x.text("http://schemas.microsoft.com/win/2004/08/events/event")]],
    (e) => {
      e.element("System", [], (s) => {
        s.element("Provider", [["Name", (x) => x.text("Test-Provider")]]);
        s.element("EventID", [], (x) => x.text("4624"));
        s.element("Channel", [], (x) => x.text("Security"));
      });
      e.element("EventData", [], data);
    },
  );
}
