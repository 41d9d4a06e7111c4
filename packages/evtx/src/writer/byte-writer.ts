/** A growable little-endian byte buffer: EVTX and its Binary XML are little-endian throughout (libevtx format doc, "Overview"). */
export class ByteWriter {
  private buf: Buffer;
  private len = 0;

  constructor(initialCapacity = 4096) {
    this.buf = Buffer.alloc(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  /** Grows the buffer for `n` more bytes and returns where they go (callers must read `this.buf` after this). */
  private reserve(n: number): number {
    const at = this.len;
    const need = at + n;
    if (need > this.buf.length) {
      const next = Buffer.alloc(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, at);
      this.buf = next;
    }
    this.len = need;
    return at;
  }

  u8(v: number): void {
    const at = this.reserve(1);
    this.buf.writeUInt8(v, at);
  }

  u16(v: number): void {
    const at = this.reserve(2);
    this.buf.writeUInt16LE(v, at);
  }

  u32(v: number): void {
    const at = this.reserve(4);
    this.buf.writeUInt32LE(v >>> 0, at);
  }

  u64(v: bigint): void {
    const at = this.reserve(8);
    this.buf.writeBigUInt64LE(v, at);
  }

  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  /** UTF-16 little-endian code units, no terminator. */
  utf16(s: string): void {
    const at = this.reserve(s.length * 2);
    this.buf.write(s, at, s.length * 2, "utf16le");
  }

  patchU16(at: number, v: number): void {
    this.buf.writeUInt16LE(v, at);
  }

  patchU32(at: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, at);
  }

  /** Empties the writer, keeping its buffer for reuse. */
  reset(): void {
    this.len = 0;
  }

  /** Drops everything from `length` on (used to undo a partly written record). */
  truncate(length: number): void {
    this.buf.fill(0, length, this.len);
    this.len = length;
  }

  /** A view of the written bytes (valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
