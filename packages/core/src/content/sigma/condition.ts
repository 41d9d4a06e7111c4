import type { ConditionNode } from "./types.js";

/**
 * The Sigma condition language: identifiers, `and`, `or`, `not`, parentheses, and `1 of pattern` / `all of
 * pattern` / `1 of them` / `all of them` (pattern: an identifier with `*` wildcards). Precedence, lowest first:
 * or, and, not (the Sigma specification's order). The aggregation syntax of Sigma 1 (`| count() > 5`) is not
 * accepted: correlations are separate rules.
 */
export class ConditionError extends Error {
  override readonly name = "ConditionError";
}

type Token = { kind: "word"; text: string } | { kind: "lparen" } | { kind: "rparen" };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([A-Za-z0-9_*.-]+))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new ConditionError(`unexpected character at position ${pos + 1}: "${text.slice(pos)}"`);
    if (m[1] !== undefined) tokens.push({ kind: "lparen" });
    else if (m[2] !== undefined) tokens.push({ kind: "rparen" });
    else tokens.push({ kind: "word", text: m[3] ?? "" });
    pos = re.lastIndex;
  }
  return tokens;
}

/** Parses a condition; `selections` are the search identifiers the detection defines (in YAML order). */
export function parseCondition(text: string, selections: readonly string[]): ConditionNode {
  const tokens = tokenize(text);
  let i = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[i];
    return t?.kind === "word" ? t.text.toLowerCase() : undefined;
  };

  const parseOr = (): ConditionNode => {
    const operands = [parseAnd()];
    while (peekWord() === "or") {
      i++;
      operands.push(parseAnd());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { type: "or", operands };
  };
  const parseAnd = (): ConditionNode => {
    const operands = [parseNot()];
    while (peekWord() === "and") {
      i++;
      operands.push(parseNot());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { type: "and", operands };
  };
  const parseNot = (): ConditionNode => {
    if (peekWord() === "not") {
      i++;
      return { type: "not", operand: parseNot() };
    }
    return parseAtom();
  };
  const parseAtom = (): ConditionNode => {
    const t = tokens[i];
    if (t === undefined) throw new ConditionError("unexpected end of condition");
    if (t.kind === "lparen") {
      i++;
      const inner = parseOr();
      if (tokens[i]?.kind !== "rparen") throw new ConditionError("missing )");
      i++;
      return inner;
    }
    if (t.kind === "rparen") throw new ConditionError("unexpected )");
    const word = t.text;
    const lower = word.toLowerCase();
    if (lower === "and" || lower === "or") throw new ConditionError(`unexpected "${word}"`);
    const next = tokens[i + 1];
    if ((lower === "1" || lower === "all") && next?.kind === "word" && next.text.toLowerCase() === "of") {
      const target = tokens[i + 2];
      if (target?.kind !== "word") throw new ConditionError(`"${word} of" needs a pattern or "them"`);
      i += 3;
      return ofNode(lower === "all" ? "all" : "any", target.text, selections);
    }
    if (word.includes("*"))
      throw new ConditionError(`wildcard "${word}" is only allowed after "1 of" / "all of"`);
    if (!selections.includes(word)) throw new ConditionError(`unknown search identifier "${word}"`);
    i++;
    return { type: "selection", name: word };
  };

  const tree = parseOr();
  if (i !== tokens.length) throw new ConditionError(`unexpected token after position ${i}`);
  return tree;
}

function ofNode(quantifier: "any" | "all", pattern: string, selections: readonly string[]): ConditionNode {
  let names: string[];
  if (pattern.toLowerCase() === "them") {
    // pySigma: identifiers starting with "_" are helpers and not part of "them".
    names = selections.filter((s) => !s.startsWith("_"));
  } else {
    const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
    names = selections.filter((s) => re.test(s));
  }
  if (names.length === 0) throw new ConditionError(`"${pattern}" matches no search identifier`);
  return { type: "of", quantifier, pattern, selections: names };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
