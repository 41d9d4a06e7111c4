/**
 * Finds `<Event …>…</Event>` elements in streamed XML text without holding more than one event (bounded by
 * maxRecordChars) in memory. It understands just enough XML to do that safely: comments, CDATA sections and
 * processing instructions are skipped, so an `</Event>` inside them does not end an event, and a DOCTYPE or
 * ENTITY declaration stops the file (entity declarations are never read, let alone expanded). Windows never
 * nests Event elements, so an `<Event` seen inside an unfinished event means the first one was truncated.
 */

export type SplitItem =
  | { kind: "event"; text: string; record: number; line: number }
  | { kind: "truncated"; text: string; record: number; line: number }
  | { kind: "too-large"; excerpt: string; record: number; line: number; chars: number }
  | { kind: "doctype"; line: number; excerpt: string };

// `Event` with an optional namespace prefix, and nothing else (not Events, EventData, EventID, …).
const EVENT_OPEN = /<(?:[A-Za-z_][\w.-]*:)?Event(?=[\s/>])/y;
const EVENT_CLOSE = /<\/(?:[A-Za-z_][\w.-]*:)?Event\s*>/y;
const EVENT_OPEN_OR_CLOSE = /<(?:[A-Za-z_][\w.-]*:)?Event(?=[\s/>])|<\/(?:[A-Za-z_][\w.-]*:)?Event\s*>/g;
/** Enough characters after a `<` to tell what it starts (`<!DOCTYPE`, `<![CDATA[`, a prefixed `</x:Event >`). */
const LOOKAHEAD = 48;

type Mode = "outside" | "event" | "skip-event" | "stopped";

export class EventSplitter {
  private buf = "";
  private pos = 0;
  private mode: Mode = "outside";
  private eventStart = 0;
  private eventLine = 0;
  private eventRecord = 0;
  private startTagClosed = false;
  private oversizedChars = 0;
  private records = 0;
  /** Line number of the character at `lineIndex`. */
  private lineNo = 1;
  private lineIndex = 0;
  private ended = false;

  constructor(private readonly maxRecordChars: number) {}

  push(chunk: string): SplitItem[] {
    if (this.mode === "stopped") return [];
    this.buf += chunk;
    const out: SplitItem[] = [];
    this.run(out);
    return out;
  }

  end(): SplitItem[] {
    if (this.mode === "stopped") return [];
    this.ended = true;
    const out: SplitItem[] = [];
    this.run(out);
    if (this.mode === "event") {
      out.push({
        kind: "truncated",
        text: this.buf.slice(this.eventStart),
        record: this.eventRecord,
        line: this.eventLine,
      });
    }
    this.buf = "";
    this.mode = "stopped";
    return out;
  }

  private run(out: SplitItem[]): void {
    for (;;) {
      const progressed =
        this.mode === "outside"
          ? this.stepOutside(out)
          : this.mode === "event"
            ? this.stepEvent(out)
            : this.mode === "skip-event"
              ? this.stepSkip(out)
              : false;
      if (!progressed) break;
    }
    this.compact();
  }

  /** Advances the line counter to `index` (always forward) and returns the line there. */
  private lineAt(index: number): number {
    let i = this.buf.indexOf("\n", this.lineIndex);
    while (i !== -1 && i < index) {
      this.lineNo++;
      i = this.buf.indexOf("\n", i + 1);
    }
    this.lineIndex = index;
    return this.lineNo;
  }

  /** Drops text no longer needed, so memory stays bounded by one event. */
  private compact(): void {
    const keep =
      this.mode === "event" ? this.eventStart : this.mode === "stopped" ? this.buf.length : this.pos;
    if (keep <= 0) return;
    this.lineAt(keep);
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    this.eventStart -= keep;
    this.lineIndex -= keep;
  }

  /** True when the text at `i` cannot be classified yet because the stream may still add to it. */
  private needMore(i: number, n = LOOKAHEAD): boolean {
    return !this.ended && this.buf.length - i < n;
  }

  private stepOutside(out: SplitItem[]): boolean {
    const i = this.buf.indexOf("<", this.pos);
    if (i === -1) {
      this.pos = this.buf.length;
      return false;
    }
    this.pos = i;
    if (this.needMore(i)) return false;
    const skipTo = this.skipMarkup(i, out);
    if (skipTo === "stop") return false;
    if (skipTo === "wait") return false;
    if (skipTo !== undefined) {
      this.pos = skipTo;
      return true;
    }
    EVENT_OPEN.lastIndex = i;
    if (EVENT_OPEN.test(this.buf)) {
      this.beginEvent(i);
      return true;
    }
    // Any other tag (<Events>, </Events>, …): skip past it.
    const gt = this.buf.indexOf(">", i);
    if (gt === -1) {
      if (this.ended) this.pos = this.buf.length;
      return this.ended;
    }
    this.pos = gt + 1;
    return true;
  }

  /**
   * Handles the markup that is never part of an event's structure. Returns the index after it, undefined when
   * `i` starts something else, "wait" when its end has not arrived, "stop" after a DOCTYPE.
   */
  private skipMarkup(i: number, out: SplitItem[]): number | "wait" | "stop" | undefined {
    const b = this.buf;
    if (b.startsWith("<!DOCTYPE", i) || b.startsWith("<!ENTITY", i)) {
      out.push({ kind: "doctype", line: this.lineAt(i), excerpt: b.slice(i, i + 200) });
      this.mode = "stopped";
      return "stop";
    }
    const terminator = b.startsWith("<!--", i)
      ? "-->"
      : b.startsWith("<![CDATA[", i)
        ? "]]>"
        : b.startsWith("<?", i)
          ? "?>"
          : undefined;
    if (terminator === undefined) return undefined;
    const end = b.indexOf(terminator, i + 2);
    if (end === -1) {
      if (!this.ended) return "wait";
      return b.length;
    }
    return end + terminator.length;
  }

  private beginEvent(i: number): void {
    this.records++;
    this.eventRecord = this.records;
    this.eventLine = this.lineAt(i);
    this.eventStart = i;
    this.pos = i + 1;
    this.startTagClosed = false;
    this.mode = "event";
  }

  private stepEvent(out: SplitItem[]): boolean {
    const progressed = this.scanEvent(out);
    if (progressed || this.mode !== "event") return progressed;
    // Waiting for more text: the event so far is already over the limit, so stop keeping it.
    if (this.buf.length - this.eventStart > this.maxRecordChars) {
      this.oversize(out);
      return true;
    }
    return false;
  }

  private scanEvent(out: SplitItem[]): boolean {
    if (!this.startTagClosed) {
      // Attribute values cannot hold a raw `<`, and Windows never puts `>` in the ones on <Event>.
      const gt = this.buf.indexOf(">", this.pos);
      if (gt === -1) return this.truncateIfEnded(out);
      this.startTagClosed = true;
      this.pos = gt + 1;
      if (this.buf.charAt(gt - 1) === "/") {
        this.finishEvent(gt + 1, out);
      }
      return true;
    }
    const k = this.buf.indexOf("<", this.pos);
    if (k === -1) {
      this.pos = this.buf.length;
      return this.truncateIfEnded(out);
    }
    this.pos = k;
    if (this.needMore(k)) return false;
    const skipTo = this.skipMarkup(k, out);
    if (skipTo === "stop") return false;
    if (skipTo === "wait") return false;
    if (skipTo !== undefined) {
      this.pos = skipTo;
      return true;
    }
    EVENT_CLOSE.lastIndex = k;
    if (EVENT_CLOSE.test(this.buf)) {
      this.finishEvent(EVENT_CLOSE.lastIndex, out);
      return true;
    }
    EVENT_OPEN.lastIndex = k;
    if (EVENT_OPEN.test(this.buf)) {
      out.push({
        kind: "truncated",
        text: this.buf.slice(this.eventStart, k),
        record: this.eventRecord,
        line: this.eventLine,
      });
      this.beginEvent(k);
      return true;
    }
    this.pos = k + 1;
    return true;
  }

  private truncateIfEnded(out: SplitItem[]): boolean {
    if (!this.ended) return false;
    out.push({
      kind: "truncated",
      text: this.buf.slice(this.eventStart),
      record: this.eventRecord,
      line: this.eventLine,
    });
    this.pos = this.buf.length;
    this.mode = "outside";
    return false;
  }

  private finishEvent(end: number, out: SplitItem[]): void {
    const chars = end - this.eventStart;
    if (chars > this.maxRecordChars) {
      out.push({
        kind: "too-large",
        excerpt: this.buf.slice(this.eventStart, this.eventStart + 200),
        record: this.eventRecord,
        line: this.eventLine,
        chars,
      });
    } else {
      out.push({
        kind: "event",
        text: this.buf.slice(this.eventStart, end),
        record: this.eventRecord,
        line: this.eventLine,
      });
    }
    this.pos = end;
    this.mode = "outside";
  }

  private oversize(out: SplitItem[]): void {
    this.oversizedChars = this.buf.length - this.eventStart;
    out.push({
      kind: "too-large",
      excerpt: this.buf.slice(this.eventStart, this.eventStart + 200),
      record: this.eventRecord,
      line: this.eventLine,
      chars: this.oversizedChars,
    });
    this.pos = Math.max(this.pos, this.eventStart + 1);
    this.mode = "skip-event";
  }

  /** After an oversized event: look only for its end (or the next event), keeping nothing of it. */
  private stepSkip(_out: SplitItem[]): boolean {
    EVENT_OPEN_OR_CLOSE.lastIndex = this.pos;
    const m = EVENT_OPEN_OR_CLOSE.exec(this.buf);
    if (m === null) {
      // Keep a short tail: a closing tag may be split across chunks.
      this.pos = Math.max(this.pos, this.buf.length - LOOKAHEAD);
      if (this.ended) this.pos = this.buf.length;
      return false;
    }
    if (m[0].startsWith("</")) {
      this.pos = m.index + m[0].length;
      this.mode = "outside";
    } else {
      this.mode = "outside";
      this.pos = m.index;
    }
    return true;
  }
}
