/**
 * Sigma regular expressions (PCRE syntax, search semantics: the pattern may match anywhere unless anchored) for
 * the languages whose regex engine is Lucene's (EQL `regex`, ES|QL `RLIKE`): Lucene matches the whole value, has
 * no anchors, no `\d`-style shorthands in older releases and no case-insensitive flag.
 * https://www.elastic.co/docs/reference/query-languages/query-dsl/regexp-syntax
 *
 * The translation parses the supported subset (literals, `.`, classes, the `\d\w\s` shorthands, groups,
 * alternation, greedy and lazy quantifiers, `^`/`$` where they can be moved to the ends) and rejects the rest
 * (look-arounds, back-references, word boundaries, inline flags) with an error naming the construct.
 */

export class RegexTranslationError extends Error {}

type Node =
  | { n: "lit"; c: string }
  | { n: "any" }
  | { n: "class"; neg: boolean; items: ClassItem[] }
  | { n: "group"; alt: Seq[] }
  | { n: "anchor"; a: "^" | "$" }
  | { n: "quant"; x: Node; q: string };
type Seq = Node[];
type ClassItem = { c: string } | { from: string; to: string };

const SHORTHAND: Readonly<Record<string, ClassItem[]>> = {
  d: [{ from: "0", to: "9" }],
  w: [{ from: "0", to: "9" }, { from: "A", to: "Z" }, { from: "a", to: "z" }, { c: "_" }],
  s: [" ", "\t", "\n", "\r", "\f", "\v"].map((c) => ({ c })),
};
const CONTROL: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", f: "\f", v: "\v" };

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Seq[] {
    const alt = this.alt();
    if (this.i < this.src.length) throw new RegexTranslationError(`unbalanced ")" at ${this.i}`);
    return alt;
  }

  private peek(): string | undefined {
    return this.i < this.src.length ? this.src.charAt(this.i) : undefined;
  }

  private alt(): Seq[] {
    const alts: Seq[] = [this.seq()];
    while (this.peek() === "|") {
      this.i++;
      alts.push(this.seq());
    }
    return alts;
  }

  private seq(): Seq {
    const out: Seq = [];
    for (let c = this.peek(); c !== undefined && c !== "|" && c !== ")"; c = this.peek()) {
      let atom = this.atom();
      const q = this.quantifier();
      if (q !== undefined) {
        if (atom.n === "anchor") throw new RegexTranslationError("quantified anchor");
        atom = { n: "quant", x: atom, q };
      }
      out.push(atom);
    }
    return out;
  }

  private quantifier(): string | undefined {
    const c = this.peek();
    let q: string | undefined;
    if (c === "*" || c === "+" || c === "?") {
      q = c;
      this.i++;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new RegexTranslationError(`bad quantifier at ${this.i}`);
      q = m[0];
      this.i += m[0].length;
    }
    // Lazy and possessive suffixes change which match is found, not whether one exists: drop them.
    if (q !== undefined && (this.peek() === "?" || this.peek() === "+")) this.i++;
    return q;
  }

  private atom(): Node {
    const c = this.src.charAt(this.i++);
    switch (c) {
      case "(": {
        if (this.src.startsWith("?:", this.i)) this.i += 2;
        else if (this.peek() === "?")
          throw new RegexTranslationError(`unsupported group "(${this.src.slice(this.i, this.i + 3)}"`);
        const alt = this.alt();
        if (this.src.charAt(this.i++) !== ")") throw new RegexTranslationError("unclosed group");
        return { n: "group", alt };
      }
      case "[":
        return this.charClass();
      case ".":
        return { n: "any" };
      case "^":
      case "$":
        return { n: "anchor", a: c };
      case "\\":
        return this.escape(false) as Node;
      case "*":
      case "+":
      case "?":
      case "{":
        throw new RegexTranslationError(`nothing to repeat at ${this.i - 1}`);
      default:
        return { n: "lit", c };
    }
  }

  /** After a backslash: a shorthand class, a control character or a literal. */
  private escape(inClass: boolean): Node | ClassItem[] {
    const c = this.src.charAt(this.i++);
    if (c === "") throw new RegexTranslationError("trailing backslash");
    const sh = SHORTHAND[c];
    if (sh !== undefined) return inClass ? sh : { n: "class", neg: false, items: sh };
    const upper = SHORTHAND[c.toLowerCase()];
    if (upper !== undefined) {
      if (inClass) throw new RegexTranslationError(`negated shorthand \\${c} inside a class`);
      return { n: "class", neg: true, items: upper };
    }
    const ctl = CONTROL[c];
    if (ctl !== undefined) return inClass ? [{ c: ctl }] : { n: "lit", c: ctl };
    if (/[0-9bBAzZGkpPQEx]/.test(c)) throw new RegexTranslationError(`unsupported escape \\${c}`);
    return inClass ? [{ c }] : { n: "lit", c };
  }

  private charClass(): Node {
    let neg = false;
    if (this.peek() === "^") {
      neg = true;
      this.i++;
    }
    const items: ClassItem[] = [];
    let first = true;
    for (;;) {
      const c = this.src.charAt(this.i++);
      if (c === "") throw new RegexTranslationError("unclosed class");
      if (c === "]" && !first) break;
      first = false;
      let item: ClassItem[];
      if (c === "\\") item = this.escape(true) as ClassItem[];
      else if (c === "[" && this.peek() === ":")
        throw new RegexTranslationError("POSIX classes are not supported");
      else item = [{ c }];
      const single = item.length === 1 && item[0] !== undefined && "c" in item[0] ? item[0].c : undefined;
      if (single !== undefined && this.peek() === "-" && this.src.charAt(this.i + 1) !== "]") {
        this.i++;
        let to = this.src.charAt(this.i++);
        if (to === "\\") {
          const esc = this.escape(true) as ClassItem[];
          const e = esc[0];
          if (esc.length !== 1 || e === undefined || !("c" in e))
            throw new RegexTranslationError("bad range");
          to = e.c;
        }
        items.push({ from: single, to });
      } else items.push(...item);
    }
    return { n: "class", neg, items };
  }
}

// Lucene reserves these (with the optional operators enabled, as ES|QL RLIKE and EQL regex do).
const LUCENE_RESERVED = new Set([...'\\.?+*|{}[]()"#@&<>~']);

function luceneChar(c: string): string {
  return LUCENE_RESERVED.has(c) ? `\\${c}` : c;
}

function luceneClassChar(c: string): string {
  return /[\]\\\-^[]/.test(c) || LUCENE_RESERVED.has(c) ? `\\${c}` : c;
}

const isLetter = (c: string): boolean => c.toLowerCase() !== c.toUpperCase();

function caseItems(items: readonly ClassItem[]): ClassItem[] {
  const out: ClassItem[] = [...items];
  for (const it of items) {
    if ("c" in it) {
      if (isLetter(it.c))
        out.push({ c: it.c === it.c.toLowerCase() ? it.c.toUpperCase() : it.c.toLowerCase() });
    } else if (/^[a-z]$/.test(it.from) && /^[a-z]$/.test(it.to))
      out.push({ from: it.from.toUpperCase(), to: it.to.toUpperCase() });
    else if (/^[A-Z]$/.test(it.from) && /^[A-Z]$/.test(it.to))
      out.push({ from: it.from.toLowerCase(), to: it.to.toLowerCase() });
    else if (/[A-Za-z]/.test(`${it.from}${it.to}`) || (it.from < "A" && it.to > "z"))
      throw new RegexTranslationError(
        `case-insensitive range ${it.from}-${it.to} mixes letters and other characters`,
      );
  }
  return out;
}

function printClass(neg: boolean, items: readonly ClassItem[]): string {
  const body = items.map((it) =>
    "c" in it ? luceneClassChar(it.c) : `${luceneClassChar(it.from)}-${luceneClassChar(it.to)}`,
  );
  return `[${neg ? "^" : ""}${body.join("")}]`;
}

function printNode(node: Node, ci: boolean): string {
  switch (node.n) {
    case "lit":
      return ci && isLetter(node.c) ? `[${node.c.toLowerCase()}${node.c.toUpperCase()}]` : luceneChar(node.c);
    case "any":
      return ".";
    case "class":
      return printClass(node.neg, ci ? caseItems(node.items) : node.items);
    case "group":
      return printAlt(node.alt, ci, true);
    case "quant":
      return `${printNode(node.x, ci)}${node.q}`;
    case "anchor":
      throw new RegexTranslationError(`anchor ${node.a} in the middle of the pattern`);
  }
}

function printAlt(alt: readonly Seq[], ci: boolean, grouped: boolean): string {
  const nonEmpty = alt.filter((s) => s.length > 0).map((s) => s.map((n) => printNode(n, ci)).join(""));
  if (nonEmpty.length === alt.length) {
    const body = nonEmpty.join("|");
    return grouped || alt.length > 1 ? `(${body})` : body;
  }
  // An empty alternative (left by a removed anchor): Lucene writes it as an optional group.
  if (nonEmpty.length === 0) return "";
  return `(${nonEmpty.join("|")})?`;
}

const ANY: Node = { n: "quant", x: { n: "any" }, q: "*" };

/** Makes a search-semantics sequence full-match: `.*` at the open ends, anchors consumed. */
function anchorSeq(seq: Seq, side: "lead" | "tail"): Seq {
  const idx = side === "lead" ? 0 : seq.length - 1;
  const edge = seq[idx];
  const want = side === "lead" ? "^" : "$";
  if (edge === undefined) return side === "lead" ? [ANY] : [ANY];
  if (edge.n === "anchor" && edge.a === want) return side === "lead" ? seq.slice(1) : seq.slice(0, -1);
  if (edge.n === "group") {
    const inner: Node = { n: "group", alt: edge.alt.map((s) => anchorSeq(s, side)) };
    return side === "lead" ? [inner, ...seq.slice(1)] : [...seq.slice(0, -1), inner];
  }
  return side === "lead" ? [ANY, ...seq] : [...seq, ANY];
}

/**
 * A Sigma regex as a Lucene regex with the same matches (whole-value semantics). `caseInsensitive` expands
 * letters into both cases, since Lucene has no flag for it.
 */
export function toLuceneRegex(pattern: string, caseInsensitive: boolean): string {
  const alt = new Parser(pattern).parse().map((s) => anchorSeq(anchorSeq(s, "lead"), "tail"));
  const out = printAlt(alt, caseInsensitive, false);
  return out === "" ? ".*" : out;
}

/**
 * Checks a Sigma regex for constructs RE2 (Kusto `matches regex`) does not have: look-arounds and
 * back-references. Returns the offending construct, or undefined.
 */
export function re2Unsupported(pattern: string): string | undefined {
  const m = /\(\?<?[=!]|\\[1-9]|\(\?>|\\[GZ]/.exec(pattern);
  return m?.[0];
}
