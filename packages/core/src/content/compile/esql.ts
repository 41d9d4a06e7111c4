import { Unexpressible } from "./errors.js";
import { literalOf, type Expr, type Test } from "./ir.js";
import { RAW_PLACEHOLDERS } from "./placeholders.js";
import { RegexTranslationError, toLuceneRegex } from "./regex.js";
import type { FieldTarget } from "./targets.js";

/**
 * ES|QL expression printer (the WHERE/EVAL language). ES|QL is three-valued (a comparison with null is null and
 * WHERE drops the row), so a test under a negation is guarded with `IS NOT NULL`. Case-insensitive text compares
 * TO_LOWER of the field with the lower-cased literal; LIKE takes `*`/`?` wildcards (backslash escapes them);
 * RLIKE takes Lucene regexes. ES|QL fails on a column the index does not map, so only the primary raw EventData
 * spelling is queried. https://www.elastic.co/docs/reference/query-languages/esql
 */
export function esqlString(value: string): string {
  const body = value.replace(
    /[\\"\n\r\t]/g,
    (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? c,
  );
  return `"${body}"`;
}

export function esqlField(path: string): string {
  if (/^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(path)) return path;
  if (path.includes("`")) throw new Unexpressible(`field name ${path} cannot be quoted in ES|QL`);
  return `\`${path}\``;
}

export function printEsql(e: Expr): string {
  return print(e, true, false);
}

function print(e: Expr, top: boolean, negated: boolean): string {
  switch (e.k) {
    case "and":
    case "or": {
      const body = e.xs.map((x) => print(x, false, negated)).join(` ${e.k.toUpperCase()} `);
      return top ? body : `(${body})`;
    }
    case "not":
      return `NOT ${print(e.x, false, !negated)}`;
    case "test":
      return test(e.f, e.test, negated);
  }
}

/** The column to read: derived fields by their EVAL name, raw fields by their primary spelling. */
export function esqlColumn(f: FieldTarget): string {
  const path = f.paths[0];
  if (path === undefined) throw new Unexpressible("field without a path", f.sigma);
  return esqlField(path);
}

function guard(col: string, expr: string, negated: boolean): string {
  return negated ? `(${col} IS NOT NULL AND ${expr})` : expr;
}

/** The column as a string (ip and numeric fields cannot take string functions directly). */
function asText(f: FieldTarget, col: string): string {
  return f.numeric || f.ipType ? `TO_STRING(${col})` : col;
}

function likePattern(t: Test & { t: "text" }, lower: boolean): string {
  let body = t.parts
    .map((p) => (p.type === "wildcard" ? p.char : p.text.replace(/[\\*?]/g, "\\$&")))
    .join("");
  if (t.mode === "contains" || t.mode === "endswith") body = `*${body}`;
  if (t.mode === "contains" || t.mode === "startswith") body = `${body}*`;
  return lower ? body.toLowerCase() : body;
}

function test(f: FieldTarget, t: Test, negated: boolean): string {
  const col = esqlColumn(f);
  const hosts = f.raw && f.mapping.value === "host";
  switch (t.t) {
    case "absent":
      return f.raw
        ? `(${col} IS NULL OR TRIM(${col}) IN (${RAW_PLACEHOLDERS.map(esqlString).join(", ")}))`
        : `${col} IS NULL`;
    case "present":
      return f.raw
        ? `(${col} IS NOT NULL AND NOT TRIM(${col}) IN (${RAW_PLACEHOLDERS.map(esqlString).join(", ")}))`
        : `${col} IS NOT NULL`;
    case "in": {
      if (t.numeric && f.numeric) return guard(col, `${col} IN (${t.values.join(", ")})`, negated);
      const values = t.values.flatMap((v) => (hosts ? [v, `\\\\${v}`] : [v]));
      const subject = t.cased ? asText(f, col) : `TO_LOWER(${asText(f, col)})`;
      const list = values.map((v) => esqlString(t.cased ? v : v.toLowerCase())).join(", ");
      return guard(col, `${subject} IN (${list})`, negated);
    }
    case "num":
      if (f.numeric) return guard(col, `${col} ${OPS[t.op]} ${t.value}`, negated);
      if (t.op === "eq") return guard(col, `${col} == ${esqlString(String(t.value))}`, negated);
      return guard(col, `TO_LONG(${col}) ${OPS[t.op]} ${t.value}`, negated);
    case "text": {
      const subject = t.cased ? asText(f, col) : `TO_LOWER(${asText(f, col)})`;
      const lit = literalOf(t.parts);
      const prefixes = hosts && (t.mode === "equals" || t.mode === "startswith");
      if (lit !== undefined && t.mode === "equals") {
        const values = (prefixes ? [lit, `\\\\${lit}`] : [lit]).map((v) =>
          esqlString(t.cased ? v : v.toLowerCase()),
        );
        const cmp =
          values.length === 1 ? `${subject} == ${values[0] ?? ""}` : `${subject} IN (${values.join(", ")})`;
        return guard(col, cmp, negated);
      }
      const pattern = likePattern(t, !t.cased);
      const forms = prefixes ? [pattern, `\\\\\\\\${pattern}`] : [pattern];
      const cmp = forms.map((p) => `${subject} LIKE ${esqlString(p)}`).join(" OR ");
      return guard(col, forms.length > 1 ? `(${cmp})` : cmp, negated);
    }
    case "regex": {
      let re: string;
      try {
        re = toLuceneRegex(t.pattern, t.i);
      } catch (err) {
        if (err instanceof RegexTranslationError) throw new Unexpressible(`regex: ${err.message}`, f.sigma);
        throw err;
      }
      return guard(col, `${asText(f, col)} RLIKE ${esqlString(re)}`, negated);
    }
    case "cidr":
      return guard(
        col,
        `CIDR_MATCH(${f.ipType ? col : `TO_IP(${col})`}, ${esqlString(`${t.network}/${t.prefix}`)})`,
        negated,
      );
    case "fieldref": {
      const other = esqlColumn(t.other);
      const a = t.cased ? asText(f, col) : `TO_LOWER(${asText(f, col)})`;
      const b = t.cased ? asText(t.other, other) : `TO_LOWER(${asText(t.other, other)})`;
      // Both sides present, as the engine requires; two-valued even outside a negation.
      return `(${col} IS NOT NULL AND ${other} IS NOT NULL AND ${a} == ${b})`;
    }
  }
}

const OPS = { eq: "==", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;
