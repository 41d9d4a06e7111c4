import { Unexpressible } from "./errors.js";
import { literalOf, partsRegex, type Expr, type Test } from "./ir.js";
import { re2Unsupported } from "./regex.js";
import type { FieldTarget } from "./targets.js";

/**
 * Kusto (KQL) printer for Sentinel. String columns are never null in Kusto (absent = empty), members of the
 * dynamic AdditionalFields column are read with tostring()/tolong(), and numeric values can be null, so tests on
 * them are guarded under a negation. Case rules map directly: `=~`/`in~`/`contains`/`startswith`/`endswith` are
 * case-insensitive, their `==`/`in`/`_cs` twins case-sensitive; `matches regex` takes RE2.
 * https://learn.microsoft.com/kusto/query/datatypes-string-operators
 *
 * Escaping lives here: string literals escape `\` and `"` (and control characters).
 */
export function kustoString(value: string): string {
  const body = value.replace(
    /[\\"\n\r\t]/g,
    (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? c,
  );
  return `"${body}"`;
}

export function kustoColumn(path: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path)) return path;
  throw new Unexpressible(`column ${path} needs bracket quoting`);
}

/** The value of a target as a string expression. */
export function kustoText(f: FieldTarget): string {
  const path = f.paths[0];
  if (path === undefined) throw new Unexpressible("field without a path", f.sigma);
  const col = kustoColumn(path);
  const base = f.dynamic || f.numeric ? `tostring(${col})` : col;
  switch (f.part) {
    case "whole":
      return base;
    case "name":
      return `tostring(split(${base}, "\\\\")[-1])`;
    case "domain":
      return `iff(${base} contains "\\\\", tostring(split(${base}, "\\\\")[0]), "")`;
  }
}

/** The value of a target as a number (null when it is not one). */
function kustoNumber(f: FieldTarget): string {
  const path = f.paths[0];
  if (path === undefined) throw new Unexpressible("field without a path", f.sigma);
  if (f.part !== "whole") throw new Unexpressible("numeric comparison on part of an account name", f.sigma);
  const col = kustoColumn(path);
  return f.numeric && !f.dynamic ? col : `tolong(${col})`;
}

export function printKusto(e: Expr): string {
  return print(e, true, false);
}

function print(e: Expr, top: boolean, negated: boolean): string {
  switch (e.k) {
    case "and":
    case "or": {
      const body = e.xs.map((x) => print(x, false, negated)).join(` ${e.k} `);
      return top ? body : `(${body})`;
    }
    case "not":
      return `not(${print(e.x, true, !negated)})`;
    case "test":
      return test(e.f, e.test, negated);
  }
}

function regexLiteral(
  pattern: string,
  flags: { i: boolean; m: boolean; s: boolean },
  f: FieldTarget,
): string {
  const bad = re2Unsupported(pattern);
  if (bad !== undefined) throw new Unexpressible(`RE2 has no ${bad}`, f.sigma);
  const fl = `${flags.i ? "i" : ""}${flags.m ? "m" : ""}${flags.s ? "s" : ""}`;
  return kustoString(`${fl === "" ? "" : `(?${fl})`}${pattern}`);
}

const TEXT_OPS = {
  contains: ["contains", "contains_cs"],
  startswith: ["startswith", "startswith_cs"],
  endswith: ["endswith", "endswith_cs"],
} as const;

function test(f: FieldTarget, t: Test, negated: boolean): string {
  switch (t.t) {
    case "absent":
      return `isempty(${kustoText(f)})`;
    case "present":
      return `isnotempty(${kustoText(f)})`;
    case "in": {
      if (t.numeric && f.numeric) {
        const n = kustoNumber(f);
        const cmp = `${n} in (${t.values.join(", ")})`;
        return negated ? `(isnotnull(${n}) and ${cmp})` : cmp;
      }
      return `${kustoText(f)} ${t.cased || t.numeric ? "in" : "in~"} (${t.values.map(kustoString).join(", ")})`;
    }
    case "num": {
      if (!f.numeric && t.op === "eq") return `${kustoText(f)} == ${kustoString(String(t.value))}`;
      const n = kustoNumber(f);
      const cmp = `${n} ${OPS[t.op]} ${t.value}`;
      return negated ? `(isnotnull(${n}) and ${cmp})` : cmp;
    }
    case "text": {
      const v = kustoText(f);
      const lit = literalOf(t.parts);
      if (lit !== undefined) {
        if (t.mode === "equals") return `${v} ${t.cased ? "==" : "=~"} ${kustoString(lit)}`;
        if (lit === "") return `isnotempty(${v})`;
        return `${v} ${TEXT_OPS[t.mode][t.cased ? 1 : 0]} ${kustoString(lit)}`;
      }
      return `${v} matches regex ${regexLiteral(partsRegex(t.parts, t.mode), { i: !t.cased, m: false, s: true }, f)}`;
    }
    case "regex":
      return `${kustoText(f)} matches regex ${regexLiteral(t.pattern, t, f)}`;
    case "cidr": {
      const fn = t.family === 4 ? "ipv4_is_in_range" : "ipv6_is_in_range";
      // The range functions return null for text that is not an address of the family: make that false.
      return `coalesce(${fn}(${kustoText(f)}, ${kustoString(`${t.network}/${t.prefix}`)}), false)`;
    }
    case "fieldref": {
      const a = kustoText(f);
      const b = kustoText(t.other);
      return `(isnotempty(${a}) and isnotempty(${b}) and ${a} ${t.cased ? "==" : "=~"} ${b})`;
    }
  }
}

const OPS = { eq: "==", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;
