import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { decodeChunks, Utf8ChunkDecoder } from "../../src/read/input/text-decoding.js";

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes that stress a UTF-8 decoder: text of every sequence length, stray and truncated bytes, BOMs. */
function nastyBytes(next: () => number, length: number): Buffer {
  const pieces = ["a", "é", "€", "😀", "\uFEFF", '{"k":1}\n'].map((t) => Buffer.from(t, "utf8"));
  const out: number[] = [];
  while (out.length < length) {
    const r = next();
    if (r < 0.6) out.push(...(pieces[Math.floor(next() * pieces.length)] ?? []));
    else if (r < 0.8) out.push(Math.floor(next() * 256));
    else {
      // A character cut short.
      const piece = pieces[2 + Math.floor(next() * 2)] ?? Buffer.alloc(0);
      out.push(...piece.subarray(0, 1 + Math.floor(next() * (piece.length - 1))));
    }
  }
  return Buffer.from(out);
}

function splitAt(bytes: Buffer, next: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = Math.min(bytes.length, start + Math.floor(next() * 8));
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}

function decodeWith(
  decoder: { decode(b?: Buffer, o?: { stream?: boolean }): string },
  chunks: Buffer[],
): string {
  return chunks.map((c) => decoder.decode(c, { stream: true })).join("") + decoder.decode();
}

describe("Utf8ChunkDecoder", () => {
  it("decodes any bytes, split anywhere, exactly as a streaming TextDecoder", () => {
    const next = random(20260101);
    for (let round = 0; round < 2000; round++) {
      const bytes = nastyBytes(next, 1 + Math.floor(next() * 40));
      const chunks = splitAt(bytes, next);
      expect(decodeWith(new Utf8ChunkDecoder(), chunks)).toBe(decodeWith(new TextDecoder("utf-8"), chunks));
    }
  });

  it("drops one leading byte order mark, even split across chunks", () => {
    const bytes = Buffer.from("\uFEFF\uFEFF{}", "utf8");
    const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)];
    expect(decodeWith(new Utf8ChunkDecoder(), chunks)).toBe("\uFEFF{}");
  });

  it("is what decodeChunks uses for UTF-8", async () => {
    const bytes = Buffer.from("\uFEFFcafé €", "utf8");
    const oneByteChunks = Readable.from([...bytes].map((b) => Buffer.from([b])));
    const parts: string[] = [];
    for await (const text of decodeChunks(oneByteChunks, "utf-8")) parts.push(text);
    expect(parts.join("")).toBe("café €");
  });
});
