import { canonical } from "../field-map.js";
import type {
  ConditionNode,
  DetectionItem,
  DetectionRule,
  SigmaRuleMeta,
  SigmaValue,
  StringPart,
} from "../sigma/types.js";
import { CompileError, type CompileWarning, type Platform } from "./errors.js";
import { resolveTarget, type FieldTarget } from "./targets.js";

/**
 * The platform-neutral form of a detection, after field resolution: a boolean tree over tests of one field. Each
 * backend prints it in its own language; none of them re-reads Sigma. Tests are two-valued by definition (an
 * absent field fails every test except `absent`), so printers guard tests that sit under a negation where the
 * language has three-valued logic (ES|QL, SPL eval, KQL numbers).
 */
export type TextMode = "equals" | "contains" | "startswith" | "endswith";

export type Test =
  | { t: "absent" }
  | { t: "present" }
  /** String comparison with Sigma wildcards; `cased` false = case-insensitive. */
  | { t: "text"; mode: TextMode; parts: readonly StringPart[]; cased: boolean }
  /** A regular expression in Sigma (PCRE-like) syntax, unanchored search semantics. */
  | { t: "regex"; pattern: string; i: boolean; m: boolean; s: boolean }
  | { t: "num"; op: "eq" | "lt" | "lte" | "gt" | "gte"; value: number }
  | { t: "cidr"; raw: string; family: 4 | 6; prefix: number; network: string }
  | { t: "fieldref"; other: FieldTarget; cased: boolean }
  /** Equality with any of several literal values (an OR of `eq`/literal `equals` tests, merged for readability). */
  | { t: "in"; values: readonly string[]; numeric: boolean; cased: boolean };

export type Expr =
  | { k: "and"; xs: readonly Expr[] }
  | { k: "or"; xs: readonly Expr[] }
  | { k: "not"; x: Expr }
  | { k: "test"; f: FieldTarget; test: Test };

/** The characters Sigma's `windash` makes interchangeable (pySigma's set). */
export const WINDASH_CHARS = "-/\u2013\u2014\u2015";

export function and(xs: readonly Expr[]): Expr {
  const flat = xs.flatMap((x) => (x.k === "and" ? x.xs : [x]));
  return flat.length === 1 && flat[0] !== undefined ? flat[0] : { k: "and", xs: flat };
}

export function or(xs: readonly Expr[]): Expr {
  const flat = mergeIn(xs.flatMap((x) => (x.k === "or" ? x.xs : [x])));
  return flat.length === 1 && flat[0] !== undefined ? flat[0] : { k: "or", xs: flat };
}

/** The literal values a test compares with by equality, or undefined for any other test. */
function equalities(test: Test): { values: string[]; numeric: boolean; cased: boolean } | undefined {
  if (test.t === "in") return { values: [...test.values], numeric: test.numeric, cased: test.cased };
  if (test.t === "num" && test.op === "eq")
    return { values: [String(test.value)], numeric: true, cased: true };
  if (test.t === "text" && test.mode === "equals") {
    const lit = literalOf(test.parts);
    if (lit !== undefined) return { values: [lit], numeric: false, cased: test.cased };
  }
  return undefined;
}

/** Merges OR-ed equality tests on the same field (same kind and case rule) into one `in` test, in order. */
function mergeIn(xs: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  for (const x of xs) {
    const eq = x.k === "test" ? equalities(x.test) : undefined;
    if (x.k === "test" && eq !== undefined) {
      const idx = out.findIndex((o) => {
        if (o.k !== "test" || o.f !== x.f) return false;
        const other = equalities(o.test);
        return other !== undefined && other.numeric === eq.numeric && other.cased === eq.cased;
      });
      const prev = idx >= 0 ? out[idx] : undefined;
      if (prev !== undefined && prev.k === "test") {
        const other = equalities(prev.test);
        if (other !== undefined) {
          const values = [...other.values, ...eq.values.filter((v) => !other.values.includes(v))];
          out[idx] = { k: "test", f: x.f, test: { t: "in", values, numeric: eq.numeric, cased: eq.cased } };
          continue;
        }
      }
    }
    out.push(x);
  }
  return out;
}

export function not(x: Expr): Expr {
  if (x.k === "not") return x.x;
  // not-absent is present (and back): keeps "field: null" filters from printing as double negations.
  if (x.k === "test" && (x.test.t === "absent" || x.test.t === "present"))
    return { k: "test", f: x.f, test: { t: x.test.t === "absent" ? "present" : "absent" } };
  return { k: "not", x };
}

/** Builds the expression of a detection rule for a platform. */
export function detectionExpr(rule: DetectionRule, platform: Platform, warnings: CompileWarning[]): Expr {
  const ctx: Ctx = { meta: rule.meta, platform, warnings, targets: new Map() };
  return conditionExpr(rule, rule.detection.condition, ctx);
}

interface Ctx {
  meta: SigmaRuleMeta;
  platform: Platform;
  warnings: CompileWarning[];
  targets: Map<string, FieldTarget>;
}

function target(ctx: Ctx, field: string): FieldTarget {
  let t = ctx.targets.get(field);
  if (t === undefined) {
    t = resolveTarget(ctx.meta, field, ctx.platform, ctx.warnings);
    ctx.targets.set(field, t);
  }
  return t;
}

function conditionExpr(rule: DetectionRule, node: ConditionNode, ctx: Ctx): Expr {
  switch (node.type) {
    case "and":
      return and(node.operands.map((n) => conditionExpr(rule, n, ctx)));
    case "or":
      return or(node.operands.map((n) => conditionExpr(rule, n, ctx)));
    case "not":
      return not(conditionExpr(rule, node.operand, ctx));
    case "selection":
      return selectionExpr(rule, node.name, ctx);
    case "of": {
      const xs = node.selections.map((name) => selectionExpr(rule, name, ctx));
      return node.quantifier === "all" ? and(xs) : or(xs);
    }
  }
}

function selectionExpr(rule: DetectionRule, name: string, ctx: Ctx): Expr {
  const selection = rule.detection.selections[name];
  if (selection === undefined)
    throw new CompileError(ctx.meta, ctx.platform, `condition names unknown selection ${name}`);
  return or(selection.groups.map((items) => and(items.map((item) => itemExpr(item, ctx)))));
}

function itemExpr(item: DetectionItem, ctx: Ctx): Expr {
  const f = target(ctx, item.field);
  const tests = item.values.map((v): Expr => ({ k: "test", f, test: valueTest(item, v, f, ctx) }));
  const combined = item.combine === "all" ? and(tests) : or(tests);
  return item.negate ? not(combined) : combined;
}

function fail(ctx: Ctx, item: DetectionItem, message: string): never {
  throw new CompileError(ctx.meta, ctx.platform, message, item.field);
}

function valueTest(item: DetectionItem, v: SigmaValue, f: FieldTarget, ctx: Ctx): Test {
  switch (v.kind) {
    case "null":
      return { t: "absent" };
    case "boolean":
      if (item.match !== "exists") fail(ctx, item, "boolean values are only meaningful with |exists");
      return v.value ? { t: "present" } : { t: "absent" };
    case "number":
      return numberTest(item, v.value, f, ctx);
    case "string":
      return stringTest(item, v.raw, v.parts, f, ctx);
    case "regex":
      if (f.fidelity === "mapped")
        fail(ctx, item, `${f.paths[0]} holds normalized values: a regex cannot be translated`);
      return { t: "regex", pattern: v.pattern, i: v.flags.i, m: v.flags.m, s: v.flags.s };
    case "cidr":
      return { t: "cidr", raw: v.raw, family: v.family, prefix: v.prefix, network: v.network };
    case "fieldref":
      return { t: "fieldref", other: target(ctx, v.field), cased: item.caseSensitive };
  }
}

function numberTest(item: DetectionItem, n: number, f: FieldTarget, ctx: Ctx): Test {
  switch (item.match) {
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      if (f.fidelity === "mapped")
        fail(ctx, item, `${f.paths[0]} holds normalized values: no numeric comparison`);
      return { t: "num", op: item.match, value: n };
    case "equals":
      if (f.fidelity === "mapped") return mappedTest(item, String(n), f, ctx);
      return { t: "num", op: "eq", value: n };
    case "contains":
    case "startswith":
    case "endswith":
      return stringTest(item, String(n), [{ type: "text", text: String(n) }], f, ctx);
    case "re":
    case "cidr":
    case "exists":
    case "fieldref":
      return fail(ctx, item, `a number cannot be used with |${item.match}`);
  }
}

/**
 * Leading and trailing `*` become the match mode (`abc*` equals = startswith `abc`), which every language
 * writes more simply; the meaning is the same.
 */
function simplify(
  mode: TextMode,
  parts: readonly StringPart[],
): { mode: TextMode; parts: readonly StringPart[] } {
  const star = (p: StringPart | undefined): boolean => p?.type === "wildcard" && p.char === "*";
  let lead = mode === "contains" || mode === "endswith";
  let tail = mode === "contains" || mode === "startswith";
  let list = [...parts];
  while (list.length > 0 && star(list[0])) {
    lead = true;
    list = list.slice(1);
  }
  while (list.length > 0 && star(list[list.length - 1])) {
    tail = true;
    list = list.slice(0, -1);
  }
  if (list.length === 0) return { mode, parts };
  return {
    mode: lead && tail ? "contains" : lead ? "endswith" : tail ? "startswith" : "equals",
    parts: list,
  };
}

function stringTest(
  item: DetectionItem,
  raw: string,
  written: readonly StringPart[],
  f: FieldTarget,
  ctx: Ctx,
): Test {
  const { mode, parts } =
    item.windash || f.fidelity === "mapped"
      ? { mode: textMode(item, ctx), parts: written }
      : simplify(textMode(item, ctx), written);
  if (f.fidelity === "mapped") {
    if (mode !== "equals" || parts.some((p) => p.type === "wildcard") || item.windash)
      fail(ctx, item, `${f.paths[0]} holds normalized values: only plain equality can be translated`);
    return mappedTest(item, raw, f, ctx);
  }
  if (item.windash)
    return { t: "regex", pattern: windashRegex(parts, mode), i: !item.caseSensitive, m: false, s: true };
  const literal = parts.every((p) => p.type === "text")
    ? parts.map((p) => (p.type === "text" ? p.text : "")).join("")
    : undefined;
  // A whole decimal number against a field our output stores as a number: compare numerically.
  if (literal !== undefined && mode === "equals" && f.numeric && /^-?\d+$/.test(literal))
    return { t: "num", op: "eq", value: Number(literal) };
  // Our normalized output holds hex, NTSTATUS and IP values in one canonical spelling (the engine's): the rule
  // value in that spelling matches exactly, which spares the case-insensitive forms some languages lack.
  const kind = f.mapping.value;
  if (
    literal !== undefined &&
    mode === "equals" &&
    !f.raw &&
    (kind === "hex" || kind === "ntstatus" || kind === "ip")
  ) {
    const c = canonical(literal, kind);
    if (typeof c === "string") return { t: "text", mode, parts: [{ type: "text", text: c }], cased: true };
  }
  return { t: "text", mode, parts, cased: item.caseSensitive };
}

function textMode(item: DetectionItem, ctx: Ctx): TextMode {
  switch (item.match) {
    case "equals":
    case "contains":
    case "startswith":
    case "endswith":
      return item.match;
    case "re":
    case "cidr":
    case "exists":
    case "fieldref":
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return fail(ctx, item, `a string value cannot be used with |${item.match}`);
  }
}

function mappedTest(item: DetectionItem, raw: string, f: FieldTarget, ctx: Ctx): Test {
  const value = f.values?.[raw.trim().toLowerCase()];
  if (value === undefined)
    fail(
      ctx,
      item,
      `value "${raw}" is not in the value table of ${f.paths[0]} (known: ${Object.keys(f.values ?? {}).join(", ")})`,
    );
  if (typeof value === "number") return { t: "num", op: "eq", value };
  // Normalized enumerations are written in one spelling: exact comparison.
  return { t: "text", mode: "equals", parts: [{ type: "text", text: value }], cased: true };
}

/** Escapes text for a PCRE-style regex (the syntax `Test.regex` carries). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A Sigma string with wildcards as an unanchored-search regex anchored to the match mode. */
export function partsRegex(parts: readonly StringPart[], mode: TextMode, dash?: string): string {
  let body = "";
  for (const p of parts) {
    if (p.type === "wildcard") body += p.char === "*" ? ".*" : ".";
    else if (dash !== undefined)
      body += [...p.text].map((c) => (WINDASH_CHARS.includes(c) ? dash : escapeRegex(c))).join("");
    else body += escapeRegex(p.text);
  }
  const lead = mode === "equals" || mode === "startswith" ? "^" : "";
  const tail = mode === "equals" || mode === "endswith" ? "$" : "";
  return `${lead}${body}${tail}`;
}

function windashRegex(parts: readonly StringPart[], mode: TextMode): string {
  return partsRegex(parts, mode, `[${WINDASH_CHARS.replace("-", "\\-").replace("/", "\\/")}]`);
}

/** Every test in an expression (for the field-existence checks and for choosing a language). */
export function testsOf(e: Expr): { f: FieldTarget; test: Test }[] {
  switch (e.k) {
    case "and":
    case "or":
      return e.xs.flatMap(testsOf);
    case "not":
      return testsOf(e.x);
    case "test":
      return [{ f: e.f, test: e.test }];
  }
}

/** The literal text of parts without wildcards, or undefined. */
export function literalOf(parts: readonly StringPart[]): string | undefined {
  let out = "";
  for (const p of parts) {
    if (p.type === "wildcard") return undefined;
    out += p.text;
  }
  return out;
}

/** True when case folding cannot change whether the text matches (no letters with case). */
export function caseless(parts: readonly StringPart[]): boolean {
  return parts.every((p) => p.type === "wildcard" || p.text.toLowerCase() === p.text.toUpperCase());
}
