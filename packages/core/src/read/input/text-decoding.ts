/** Text encodings an input may use; Windows tools (wevtutil, PowerShell Out-File) often write UTF-16 with a BOM. */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be";

/**
 * Byte order marks (Unicode §23.8: EF BB BF, FF FE, FE FF) decide; without one, a NUL byte next to the first
 * ASCII character of a document (`<`, `{`, `[`, `-`) betrays BOM-less UTF-16.
 */
export function detectEncoding(head: Buffer): TextEncoding {
  const b0 = head[0];
  const b1 = head[1];
  if (b0 === 0xff && b1 === 0xfe) return "utf-16le";
  if (b0 === 0xfe && b1 === 0xff) return "utf-16be";
  if (b0 === 0xef && b1 === 0xbb && head[2] === 0xbf) return "utf-8";
  if (b0 !== undefined && b1 === 0 && b0 !== 0) return "utf-16le";
  if (b0 === 0 && b1 !== undefined && b1 !== 0) return "utf-16be";
  return "utf-8";
}

/** Decodes the head only, for sniffing (an incomplete trailing character is simply dropped). */
export function decodeHead(head: Buffer, encoding: TextEncoding): string {
  return new TextDecoder(encoding).decode(head, { stream: true });
}

/** Streams text; the decoder carries split multi-byte characters across chunks and drops the BOM. */
export async function* decodeChunks(
  chunks: AsyncIterable<Buffer>,
  encoding: TextEncoding,
): AsyncGenerator<string> {
  const decoder = encoding === "utf-8" ? new Utf8ChunkDecoder() : new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

const BOM = 0xfeff;

/**
 * UTF-8 in chunks, decoded exactly as `new TextDecoder("utf-8")` in streaming mode would, several times faster:
 * a streaming TextDecoder goes through ICU, while Buffer#toString uses V8's own UTF-8 decoder (WHATWG-conformant,
 * so malformed bytes become the same U+FFFD). A chunk is decoded up to its last complete character; the bytes of a
 * character split across chunks are carried over. Cutting just before a lead byte never changes the text: a
 * decoder meeting a lead byte ends any unfinished sequence there (one U+FFFD) and starts afresh, which is what
 * decoding the two parts separately does too.
 */
export class Utf8ChunkDecoder {
  private carry: Buffer | undefined;
  private atStart = true;

  decode(chunk?: Buffer, options?: { stream?: boolean }): string {
    let bytes = chunk ?? Buffer.alloc(0);
    if (this.carry !== undefined) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    let end = bytes.length;
    if (options?.stream === true) {
      end = completeLength(bytes);
      if (end < bytes.length) this.carry = Buffer.from(bytes.subarray(end));
    }
    const text = bytes.toString("utf8", 0, end);
    return this.withoutBom(text);
  }

  /** The byte order mark opening the stream is not text (TextDecoder drops it too). */
  private withoutBom(text: string): string {
    if (!this.atStart || text.length === 0) return text;
    this.atStart = false;
    return text.charCodeAt(0) === BOM ? text.slice(1) : text;
  }
}

/**
 * The length of the longest prefix that does not end inside a character: a trailing lead byte (0xC2-0xF4, RFC
 * 3629 §4) followed by fewer continuation bytes than it announces is left out. Other bytes are never held back.
 */
function completeLength(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back] ?? 0;
    if (b >= 0x80 && b <= 0xbf) continue; // a continuation byte: the lead is further back
    const needed = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1;
    return back < needed ? n - back : n;
  }
  return n;
}
