/**
 * Splits streamed JSON text into top-level documents without parsing them, so memory is bounded by the
 * largest document. Three layouts are recognised from the start of the input:
 * - a top-level array: its elements are the documents (the array itself is never held);
 * - NDJSON (the first line is a complete `{…}`): every non-blank line is a document, so a broken line costs
 *   only itself;
 * - concatenated or pretty-printed values: a small scanner tracks strings, escapes and depth.
 */

interface PiecePlace {
  /** 1-based line where the document starts. */
  line: number;
  /** 0-based index of the document in the file. */
  index: number;
  /** 0-based index within the top-level array, for array layouts. */
  element?: number;
}

export type JsonPiece =
  | ({ kind: "value"; text: string } & PiecePlace)
  | ({ kind: "malformed"; text: string; reason: string } & PiecePlace)
  | ({ kind: "too-large"; excerpt: string; chars: number } & PiecePlace);

type Layout = "detect" | "lines" | "scan";

const EXCERPT = 200;

export class JsonSplitter {
  private layout: Layout = "detect";
  private pending = "";
  private index = 0;
  private readonly scanner: ValueScanner;
  private readonly lines: LineSplitter;

  constructor(private readonly maxChars: number) {
    this.scanner = new ValueScanner(maxChars, () => this.index++);
    this.lines = new LineSplitter(maxChars, () => this.index++);
  }

  push(chunk: string): JsonPiece[] {
    if (this.layout === "detect") {
      this.pending += chunk;
      if (!this.detect(false)) return [];
      const text = this.pending;
      this.pending = "";
      return this.feed(text);
    }
    return this.feed(chunk);
  }

  end(): JsonPiece[] {
    const out: JsonPiece[] = [];
    if (this.layout === "detect") {
      this.detect(true);
      const text = this.pending;
      this.pending = "";
      out.push(...this.feed(text));
    }
    if (this.layout === "lines") out.push(...this.lines.end());
    else out.push(...this.scanner.end());
    return out;
  }

  private detect(ended: boolean): boolean {
    const first = /\S/.exec(this.pending);
    if (first === null) {
      if (ended) this.layout = "scan";
      return ended;
    }
    if (this.pending.charAt(first.index) !== "{") {
      this.layout = "scan";
      return true;
    }
    const newline = this.pending.indexOf("\n", first.index);
    if (newline === -1 && !ended && this.pending.length <= this.maxChars) return false;
    const firstLine = (newline === -1 ? this.pending : this.pending.slice(0, newline)).trim();
    this.layout = firstLine.endsWith("}") || this.pending.length > this.maxChars ? "lines" : "scan";
    return true;
  }

  private feed(text: string): JsonPiece[] {
    if (text.length === 0) return [];
    return this.layout === "lines" ? this.lines.push(text) : this.scanner.push(text);
  }
}

/** NDJSON: one document per line; a line over the limit is skipped without being kept. */
class LineSplitter {
  private parts: string[] = [];
  private partsChars = 0;
  private line = 1;
  private oversized = false;
  private excerpt = "";

  constructor(
    private readonly maxChars: number,
    private readonly nextIndex: () => number,
  ) {}

  push(chunk: string): JsonPiece[] {
    const out: JsonPiece[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", start);
      if (nl === -1) {
        this.append(chunk.slice(start));
        break;
      }
      if (this.partsChars === 0 && !this.oversized && nl - start <= this.maxChars) {
        // The usual case, a whole line inside the chunk: no parts to keep or join.
        this.emit(out, chunk.slice(start, nl));
      } else {
        this.append(chunk.slice(start, nl));
        this.flush(out);
      }
      this.line++;
      start = nl + 1;
    }
    return out;
  }

  end(): JsonPiece[] {
    const out: JsonPiece[] = [];
    this.flush(out);
    return out;
  }

  private append(piece: string): void {
    if (piece.length === 0) return;
    if (this.oversized) return;
    if (this.partsChars + piece.length > this.maxChars) {
      this.oversized = true;
      this.excerpt = (this.parts.join("") + piece).slice(0, EXCERPT);
      this.partsChars += piece.length;
      this.parts = [];
      return;
    }
    this.parts.push(piece);
    this.partsChars += piece.length;
  }

  private flush(out: JsonPiece[]): void {
    if (this.oversized) {
      out.push({
        kind: "too-large",
        excerpt: this.excerpt,
        line: this.line,
        index: this.nextIndex(),
        chars: this.partsChars,
      });
    } else if (this.parts.length > 0) {
      this.emit(out, this.parts.length === 1 ? (this.parts[0] ?? "") : this.parts.join(""));
    }
    this.parts = [];
    this.partsChars = 0;
    this.oversized = false;
    this.excerpt = "";
  }

  private emit(out: JsonPiece[], text: string): void {
    if (!isBlank(text)) out.push({ kind: "value", text, line: this.line, index: this.nextIndex() });
  }
}

/** True when the text holds no JSON; a line usually starts with "{", which settles it without a regex. */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return !/\S/.test(text);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Scans concatenated values and top-level arrays. A value ends when its depth returns to the level it started
 * at. A raw newline inside a string cannot occur in valid JSON (RFC 8259 §7: control characters must be
 * escaped), so it marks the value as broken and scanning resynchronises at the next line.
 */
class ValueScanner {
  /** Depth at which documents start: 1 inside a top-level array, 0 otherwise. */
  private base = 0;
  private inArray = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inValue = false;
  private sawDocument = false;
  private scalar = false;
  private parts: string[] = [];
  private partsChars = 0;
  private oversized = false;
  private excerpt = "";
  private valueLine = 0;
  private line = 1;
  private element = 0;

  constructor(
    private readonly maxChars: number,
    private readonly nextIndex: () => number,
  ) {}

  push(chunk: string): JsonPiece[] {
    const out: JsonPiece[] = [];
    let valueFrom = this.inValue ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inValue) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) {
            this.inString = false;
            if (this.scalar && this.depth === this.base) {
              this.collect(chunk, valueFrom, i + 1);
              this.finish(out, undefined);
              valueFrom = -1;
            }
          } else if (c === NEWLINE) {
            this.collect(chunk, valueFrom, i);
            this.finish(out, "unterminated string (raw line break inside a string)");
            valueFrom = -1;
            this.depth = this.base;
            this.line++;
          }
          continue;
        }
        if (this.scalar) {
          if (
            isSpace(c) ||
            c === COMMA ||
            c === CLOSE_BRACKET ||
            c === CLOSE_BRACE ||
            c === OPEN_BRACE ||
            c === OPEN_BRACKET
          ) {
            this.collect(chunk, valueFrom, i);
            this.finish(out, undefined);
            valueFrom = -1;
            i--;
            continue;
          }
          if (c === QUOTE) this.inString = true;
          continue;
        }
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          this.depth--;
          if (this.depth === this.base) {
            this.collect(chunk, valueFrom, i + 1);
            this.finish(out, undefined);
            valueFrom = -1;
          }
        } else if (c === NEWLINE) this.line++;
        continue;
      }
      // Between documents.
      if (c === NEWLINE) {
        this.line++;
        continue;
      }
      if (isSpace(c)) continue;
      if (this.inArray && c === COMMA) continue;
      if (this.inArray && c === CLOSE_BRACKET) {
        this.inArray = false;
        this.base = 0;
        this.depth = 0;
        continue;
      }
      if (!this.inArray && this.base === 0 && c === OPEN_BRACKET && !this.sawDocument) {
        this.inArray = true;
        this.base = 1;
        this.depth = 1;
        this.element = 0;
        continue;
      }
      this.inValue = true;
      this.sawDocument = true;
      this.valueLine = this.line;
      valueFrom = i;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.scalar = false;
        this.depth = this.base + 1;
      } else {
        this.scalar = true;
        if (c === QUOTE) this.inString = true;
      }
    }
    if (this.inValue && valueFrom >= 0) this.collect(chunk, valueFrom, n);
    return out;
  }

  end(): JsonPiece[] {
    const out: JsonPiece[] = [];
    if (this.inValue) {
      this.finish(out, this.scalar && !this.inString ? undefined : "truncated value at the end of the input");
    }
    return out;
  }

  private collect(chunk: string, from: number, to: number): void {
    if (to <= from || this.oversized) {
      if (this.oversized) this.partsChars += to - from;
      return;
    }
    const piece = chunk.slice(from, to);
    if (this.partsChars + piece.length > this.maxChars) {
      this.oversized = true;
      this.excerpt = (this.parts.join("") + piece).slice(0, EXCERPT);
      this.parts = [];
    } else {
      this.parts.push(piece);
    }
    this.partsChars += piece.length;
  }

  private finish(out: JsonPiece[], problem: string | undefined): void {
    const place: PiecePlace = { line: this.valueLine, index: this.nextIndex() };
    if (this.inArray) place.element = this.element++;
    if (this.oversized) {
      out.push({ kind: "too-large", excerpt: this.excerpt, chars: this.partsChars, ...place });
    } else {
      const text = this.parts.join("");
      out.push(
        problem === undefined
          ? { kind: "value", text, ...place }
          : { kind: "malformed", text, reason: problem, ...place },
      );
    }
    this.parts = [];
    this.partsChars = 0;
    this.oversized = false;
    this.excerpt = "";
    this.inValue = false;
    this.inString = false;
    this.escaped = false;
    this.scalar = false;
  }
}
