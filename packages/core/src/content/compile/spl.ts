import { Unexpressible } from "./errors.js";
import { caseless, literalOf, partsRegex, type Expr, type Test } from "./ir.js";
import { re2Unsupported } from "./regex.js";
import type { FieldTarget } from "./targets.js";

/**
 * SPL printers: search-command terms (what can be filtered before the pipeline, case-insensitive by Splunk's
 * search semantics, `*` wildcard inside quotes) and eval expressions for `| where` (everything else: regex via
 * match() with PCRE, case via lower(), CIDR via cidrmatch()). Eval is three-valued, so a test under a negation
 * is guarded with isnotnull(). Escaping: quoted strings escape `\` and `"` in both.
 * https://help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/evaluation-functions
 */
export function splString(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** A field name in eval: bare when it is a plain identifier, single-quoted otherwise. */
export function splField(path: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(path)) return path;
  if (path.includes("'")) throw new Unexpressible(`field name ${path} cannot be quoted in SPL`);
  return `'${path}'`;
}

/** A field name in a search term (dotted data-model names are fine there). */
function searchField(path: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(path))
    throw new Unexpressible(`field name ${path} is not a plain search field`);
  return path;
}

function only(f: FieldTarget): string {
  const p = f.paths[0];
  if (p === undefined || f.paths.length !== 1) throw new Unexpressible("field with several paths", f.sigma);
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// Search terms

/**
 * Prints an expression as search-command terms, or throws Unexpressible. `rename` maps our CIM field to the
 * name to search (tstats: `Authentication.<field>`).
 */
export function printSearch(e: Expr, rename: (path: string) => string = (p) => p, top = true): string {
  switch (e.k) {
    case "and":
      return wrap(e.xs.map((x) => printSearch(x, rename, false)).join(" "), top);
    case "or":
      return wrap(e.xs.map((x) => printSearch(x, rename, false)).join(" OR "), top);
    case "not":
      return `NOT ${printSearch(e.x, rename, false)}`;
    case "test":
      return searchTest(e.f, e.test, rename);
  }
}

function wrap(body: string, top: boolean): string {
  return top ? body : `(${body})`;
}

function searchValue(f: FieldTarget, t: Test & { t: "text" }): string {
  if (t.cased && !caseless(t.parts)) throw new Unexpressible("search terms are case-insensitive", f.sigma);
  let body = "";
  for (const p of t.parts) {
    if (p.type === "wildcard") {
      if (p.char === "?") throw new Unexpressible("search has no single-character wildcard", f.sigma);
      body += "*";
    } else {
      if (p.text.includes("*")) throw new Unexpressible("search cannot match a literal *", f.sigma);
      body += p.text;
    }
  }
  if (t.mode === "contains" || t.mode === "endswith") body = `*${body}`;
  if (t.mode === "contains" || t.mode === "startswith") body = `${body}*`;
  return splString(body);
}

function searchTest(f: FieldTarget, t: Test, rename: (path: string) => string): string {
  if (f.derived !== undefined || f.part !== "whole") throw new Unexpressible("computed field", f.sigma);
  const name = searchField(rename(only(f)));
  switch (t.t) {
    case "absent":
      return `NOT ${name}=*`;
    case "present":
      return `${name}=*`;
    case "in":
      if (t.cased && !t.values.every((v) => caseless([{ type: "text", text: v }])))
        throw new Unexpressible("search terms are case-insensitive", f.sigma);
      if (t.values.some((v) => v.includes("*")))
        throw new Unexpressible("search cannot match a literal *", f.sigma);
      return `${name} IN (${t.values.map(splString).join(", ")})`;
    case "num":
      if (t.op === "eq") return `${name}=${splString(String(t.value))}`;
      return `${name}${RANGE[t.op]}${t.value}`;
    case "text":
      return `${name}=${searchValue(f, t)}`;
    case "cidr":
      return `${name}=${splString(`${t.network}/${t.prefix}`)}`;
    case "regex":
    case "fieldref":
      throw new Unexpressible(`${t.t} needs | where`, f.sigma);
  }
}

const RANGE = { lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

// ---------------------------------------------------------------------------------------------------------------
// Eval expressions

/** The value of a target in eval: the field, or the part of `DOMAIN\name` the Sigma field stands for. */
export function evalValue(f: FieldTarget): string {
  const col = splField(only(f));
  switch (f.part) {
    case "whole":
      return col;
    case "name":
      return `mvindex(split(${col}, "\\\\"), -1)`;
    case "domain":
      return `if(mvcount(split(${col}, "\\\\"))>1, mvindex(split(${col}, "\\\\"), 0), null())`;
  }
}

export function printEval(e: Expr): string {
  return evalExpr(e, true, false);
}

function evalExpr(e: Expr, top: boolean, negated: boolean): string {
  switch (e.k) {
    case "and":
    case "or": {
      const body = e.xs.map((x) => evalExpr(x, false, negated)).join(` ${e.k.toUpperCase()} `);
      return top ? body : `(${body})`;
    }
    case "not":
      return `NOT ${evalExpr(e.x, false, !negated)}`;
    case "test":
      return evalTest(e.f, e.test, negated);
  }
}

function guard(v: string, expr: string, negated: boolean): string {
  return negated ? `(isnotnull(${v}) AND ${expr})` : expr;
}

function regexLiteral(pattern: string, flags: { i: boolean; m: boolean; s: boolean }): string {
  const f = `${flags.i ? "i" : ""}${flags.m ? "m" : ""}${flags.s ? "s" : ""}`;
  return splString(`${f === "" ? "" : `(?${f})`}${pattern}`);
}

function evalTest(f: FieldTarget, t: Test, negated: boolean): string {
  const v = evalValue(f);
  switch (t.t) {
    case "absent":
      return `isnull(${v})`;
    case "present":
      return `isnotnull(${v})`;
    case "in": {
      const values = t.cased || t.numeric ? t.values : t.values.map((x) => x.toLowerCase());
      const subject = t.numeric ? `tostring(${v})` : t.cased ? v : `lower(${v})`;
      return guard(v, `in(${subject}, ${values.map(splString).join(", ")})`, negated);
    }
    case "num":
      if (t.op === "eq") return guard(v, `tostring(${v})==${splString(String(t.value))}`, negated);
      return guard(v, `tonumber(${v})${RANGE[t.op]}${t.value}`, negated);
    case "text": {
      const lit = literalOf(t.parts);
      if (lit !== undefined && t.mode === "equals")
        return guard(
          v,
          t.cased ? `${v}==${splString(lit)}` : `lower(${v})==${splString(lit.toLowerCase())}`,
          negated,
        );
      return guard(
        v,
        `match(${v}, ${regexLiteral(partsRegex(t.parts, t.mode), { i: !t.cased, m: false, s: true })})`,
        negated,
      );
    }
    case "regex": {
      const bad = re2Unsupported(t.pattern);
      if (bad !== undefined && /\\[GZ]/.test(bad)) throw new Unexpressible(`regex construct ${bad}`, f.sigma);
      return guard(v, `match(${v}, ${regexLiteral(t.pattern, t)})`, negated);
    }
    case "cidr":
      return guard(v, `cidrmatch(${splString(`${t.network}/${t.prefix}`)}, ${v})`, negated);
    case "fieldref": {
      const o = evalValue(t.other);
      const cmp = t.cased ? `${v}==${o}` : `lower(${v})==lower(${o})`;
      return `(isnotnull(${v}) AND isnotnull(${o}) AND ${cmp})`;
    }
  }
}
