import type { RecordWarning } from "../problems.js";

/**
 * UTF-16LE and ANSI string decoding for Binary XML (libevtx "Unicode text string", value types 0x01/0x02).
 * Lone surrogates are replaced with U+FFFD and reported, as a conforming XML rendering cannot carry them.
 */

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function decodeUtf16(
  buf: Buffer,
  start: number,
  byteLength: number,
  warnings: RecordWarning[] | undefined,
): string {
  let length = byteLength;
  if ((length & 1) !== 0) {
    length -= 1;
    warnings?.push({
      code: "evtx-utf16-malformed",
      message: `UTF-16 string of odd byte length ${byteLength}; last byte ignored`,
    });
  }
  const text = buf.toString("utf16le", start, start + length);
  return SURROGATE.test(text) ? fixSurrogates(text, warnings) : text;
}

function fixSurrogates(text: string, warnings: RecordWarning[] | undefined): string {
  let replaced = 0;
  const fixed = text.replace(LONE_SURROGATE, () => {
    replaced++;
    return "\uFFFD";
  });
  if (replaced > 0) {
    warnings?.push({
      code: "evtx-utf16-malformed",
      message: `malformed UTF-16: ${replaced} unpaired surrogate(s) replaced with U+FFFD`,
    });
  }
  return fixed;
}

/** Strings in values may carry their terminating NUL (and anything after it): the text ends at the first NUL. */
export function cutAtNul(text: string): string {
  const nul = text.indexOf("\0");
  return nul < 0 ? text : text.slice(0, nul);
}

/**
 * ANSI strings are stored in the writer's code page, which the file does not record; Latin-1 keeps every byte
 * as one character, so nothing is lost or invented (Windows-1252 differs only in 0x80-0x9F).
 */
export function decodeAnsi(buf: Buffer, start: number, byteLength: number): string {
  return buf.toString("latin1", start, start + byteLength);
}
