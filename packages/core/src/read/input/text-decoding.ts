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
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}
