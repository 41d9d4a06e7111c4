/**
 * JSON.parse turns every number into a double, which silently changes integers above 2^53 (Keywords
 * 9223372036854775808 would come back as 9223372036854776000) and rewrites literals such as `1.0`. Before
 * parsing, number literals whose double does not print back to the same text are rewritten as strings carrying
 * NUMBER_MARK, so the exact source digits survive and the value is still known to have been a number.
 */
export const NUMBER_MARK = "\u0000#num:";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/**
 * Cheap pre-check: only a number literal in value position (after `:`, `,` or `[`) that is long, has a fraction or
 * an exponent, or is -0 can print back differently. Times and IPs inside strings ("08:41:10.35Z") do not end in a
 * JSON delimiter, so they no longer force the slow path; a false positive only costs the exact scan.
 */
const MAYBE_INEXACT = /[:,[]\s*(?:-?\d{16}|-?\d+[.eE][-+\d.eE]*\s*[,}\]]|-0[\s,}\]])/;

export function parseJsonExact(text: string): unknown {
  return JSON.parse(MAYBE_INEXACT.test(text) ? protectNumbers(text) : text);
}

export function protectNumbers(text: string): string {
  let out = "";
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, honouring escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m === null) {
        i++;
        continue;
      }
      const literal = m[0];
      if (String(Number(literal)) !== literal) {
        out += `${text.slice(copied, i)}"\\u0000#num:${literal}"`;
        copied = i + literal.length;
      }
      i += literal.length;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** True for a JSON number, including one kept as its source text by protectNumbers. */
export function isJsonNumber(v: unknown): v is number | string {
  // The NUL test first: it settles almost every string without a startsWith call.
  return (
    typeof v === "number" || (typeof v === "string" && v.charCodeAt(0) === 0 && v.startsWith(NUMBER_MARK))
  );
}

/** The number's text exactly as written in the source. */
export function numberText(v: number | string): string {
  return typeof v === "number" ? String(v) : v.startsWith(NUMBER_MARK) ? v.slice(NUMBER_MARK.length) : v;
}
