import { Unexpressible } from "./errors.js";
import { caseless, literalOf, partsRegex, type Expr, type Test } from "./ir.js";
import { RAW_PLACEHOLDERS } from "./placeholders.js";
import { RegexTranslationError, toLuceneRegex } from "./regex.js";
import type { FieldTarget } from "./targets.js";

/**
 * Event Query Language printer. EQL's `:` compares case-insensitively with `*`/`?` wildcards, `==`/`like` are
 * case-sensitive, `regex`/`regex~` take Lucene regular expressions (whole-value match) and `cidrMatch` needs an
 * ip field. Fields EQL must tolerate being unmapped (the alternative raw EventData spellings) are written as
 * optional fields `?name`. https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
 */
export function eqlString(value: string): string {
  const body = value.replace(
    /[\\"\n\r\t]/g,
    (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? c,
  );
  return `"${body}"`;
}

export function eqlField(path: string, optional = false): string {
  if (!/^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(path))
    throw new Unexpressible(`field name ${path} needs escaping in EQL`);
  return optional ? `?${path}` : path;
}

/** Prints a boolean condition (the part after `any where`). */
export function printEql(e: Expr): string {
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
      return `not ${print(e.x, false, !negated)}`;
    case "test":
      return test(e.f, e.test, top, negated);
  }
}

/** The field paths of a target with EQL's optional marker on the alternative spellings. */
function fields(f: FieldTarget): string[] {
  return f.paths.map((p, i) => eqlField(p, i > 0));
}

function each(f: FieldTarget, one: (field: string) => string, top: boolean, negated: boolean): string {
  // Under a negation a comparison with a missing field must come out false, not null: guard it.
  const parts = fields(f).map((p) => (negated ? `(${p} != null and ${one(p)})` : one(p)));
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const body = parts.join(" or ");
  return top ? body : `(${body})`;
}

function absent(f: FieldTarget): string {
  const parts = fields(f).map((p) =>
    f.raw ? `(${p} == null or ${p} in (${RAW_PLACEHOLDERS.map(eqlString).join(", ")}))` : `${p} == null`,
  );
  return parts.length === 1 ? (parts[0] ?? "") : `(${parts.join(" and ")})`;
}

function wildcard(parts: Test & { t: "text" }): string | undefined {
  // EQL wildcards have no escape: a literal * or ? needs a regex.
  if (parts.parts.some((p) => p.type === "text" && /[*?]/.test(p.text))) return undefined;
  let body = parts.parts.map((p) => (p.type === "text" ? p.text : p.char)).join("");
  if (parts.mode === "contains" || parts.mode === "endswith") body = `*${body}`;
  if (parts.mode === "contains" || parts.mode === "startswith") body = `${body}*`;
  return body;
}

function lucene(pattern: string, ci: boolean, f: FieldTarget): string {
  try {
    return toLuceneRegex(pattern, ci);
  } catch (err) {
    if (err instanceof RegexTranslationError) throw new Unexpressible(`regex: ${err.message}`, f.sigma);
    throw err;
  }
}

function test(f: FieldTarget, t: Test, top: boolean, negated: boolean): string {
  if (f.derived !== undefined) throw new Unexpressible("derived fields need ES|QL", f.sigma);
  const hosts = f.raw && f.mapping.value === "host";
  switch (t.t) {
    case "absent":
      return absent(f);
    case "present":
      return `not ${absent(f)}`;
    case "in": {
      if (t.numeric && f.numeric) return each(f, (p) => `${p} in (${t.values.join(", ")})`, top, negated);
      if (f.numeric) throw new Unexpressible("string values against a numeric field", f.sigma);
      const values = t.values
        .flatMap((v) => (hosts ? [v, `\\\\${v}`] : [v]))
        .map(eqlString)
        .join(", ");
      const op = t.cased || t.values.every((v) => caseless([{ type: "text", text: v }])) ? "in" : "in~";
      return each(f, (p) => `${p} ${op} (${values})`, top, negated);
    }
    case "num": {
      if (f.numeric) return each(f, (p) => `${p} ${OPS[t.op]} ${t.value}`, top, negated);
      if (t.op !== "eq") throw new Unexpressible("range comparison on a keyword field", f.sigma);
      return each(f, (p) => `${p} == ${eqlString(String(t.value))}`, top, negated);
    }
    case "text": {
      if (f.numeric) throw new Unexpressible("string comparison on a numeric field", f.sigma);
      const lit = literalOf(t.parts);
      const prefixes = hosts && (t.mode === "equals" || t.mode === "startswith");
      if (lit !== undefined && t.mode === "equals") {
        const values = (prefixes ? [lit, `\\\\${lit}`] : [lit]).map(eqlString);
        const list = values.length === 1 ? (values[0] ?? "") : `(${values.join(", ")})`;
        const op =
          t.cased || caseless(t.parts)
            ? values.length === 1
              ? "=="
              : "in"
            : values.length === 1
              ? ":"
              : "in~";
        return each(f, (p) => `${p} ${op} ${list}`, top, negated);
      }
      const w = wildcard(t);
      if (w !== undefined) {
        const values = (prefixes ? [w, `\\\\${w}`] : [w]).map(eqlString);
        const list = values.length === 1 ? (values[0] ?? "") : `(${values.join(", ")})`;
        return each(f, (p) => `${p} ${t.cased ? "like" : ":"} ${list}`, top, negated);
      }
      const re = lucene(partsRegex(t.parts, t.mode), false, f);
      const full = prefixes ? `(\\\\\\\\)?${re}` : re;
      return each(f, (p) => `${p} ${t.cased ? "regex" : "regex~"} ${eqlString(full)}`, top, negated);
    }
    case "regex": {
      if (f.numeric) throw new Unexpressible("regex on a numeric field", f.sigma);
      const re = lucene(t.pattern, false, f);
      return each(f, (p) => `${p} ${t.i ? "regex~" : "regex"} ${eqlString(re)}`, top, negated);
    }
    case "cidr":
      if (!f.ipType) throw new Unexpressible("CIDR match on a field not mapped as ip", f.sigma);
      return each(f, (p) => `cidrMatch(${p}, ${eqlString(`${t.network}/${t.prefix}`)})`, top, negated);
    case "fieldref":
      throw new Unexpressible("EQL cannot compare two fields", f.sigma);
  }
}

const OPS = { eq: "==", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;
