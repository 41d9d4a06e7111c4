import { Unexpressible } from "./errors.js";
import { caseless, literalOf, type Expr, type Test } from "./ir.js";
import { RAW_PLACEHOLDERS } from "./placeholders.js";
import type { FieldTarget } from "./targets.js";

/**
 * Kibana Query Language (KQL, `language: kuery`) printer. KQL has no regex, no `?` wildcard, no field-to-field
 * comparison and, on keyword fields, no case-insensitive match: such tests throw Unexpressible and the Elastic
 * backend uses EQL or ES|QL instead. https://www.elastic.co/docs/reference/query-languages/kql
 *
 * Escaping lives here only: quoted values escape `\` and `"`; unquoted (wildcard) values escape KQL's special
 * characters `\ ( ) : < > " *` and whitespace, so a literal star stays literal.
 */
export function kqlQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

function kqlBare(value: string): string {
  return value.replace(/[\\():<>"*{}\s]/g, (c) => `\\${c}`);
}

export function kqlField(path: string): string {
  if (!/^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(path))
    throw new Unexpressible(`field name ${path} needs quoting in KQL`);
  return path;
}

export function printKql(e: Expr): string {
  return print(e, true);
}

function print(e: Expr, top: boolean): string {
  switch (e.k) {
    case "and":
    case "or": {
      const body = e.xs.map((x) => print(x, false)).join(` ${e.k} `);
      return top ? body : `(${body})`;
    }
    case "not":
      return `not ${print(e.x, false)}`;
    case "test":
      return test(e.f, e.test, top);
  }
}

function anyPath(f: FieldTarget, one: (path: string) => string, top: boolean): string {
  if (f.paths.length === 1 && f.paths[0] !== undefined) return one(f.paths[0]);
  const body = f.paths.map(one).join(" or ");
  return top ? body : `(${body})`;
}

function absent(f: FieldTarget): string {
  const each = f.paths.map((p) =>
    f.raw
      ? `(not ${kqlField(p)}:* or ${kqlField(p)}:(${RAW_PLACEHOLDERS.map(kqlQuote).join(" or ")}))`
      : `not ${kqlField(p)}:*`,
  );
  return each.length === 1 ? (each[0] ?? "") : `(${each.join(" and ")})`;
}

function checkTarget(f: FieldTarget): void {
  if (f.derived !== undefined) throw new Unexpressible("derived fields need ES|QL", f.sigma);
}

function test(f: FieldTarget, t: Test, top: boolean): string {
  checkTarget(f);
  switch (t.t) {
    case "absent":
      return absent(f);
    case "present":
      return `not ${absent(f)}`;
    case "in": {
      if (!t.numeric && !t.cased && !t.values.every((v) => caseless([{ type: "text", text: v }])))
        throw new Unexpressible("KQL cannot compare keywords case-insensitively", f.sigma);
      const values = t.values.flatMap((v) => hostForms(f, v)).map(kqlQuote);
      return anyPath(f, (p) => `${kqlField(p)}:(${values.join(" or ")})`, top);
    }
    case "num":
      if (t.op === "eq") return anyPath(f, (p) => `${kqlField(p)}:${kqlQuote(String(t.value))}`, top);
      if (!f.numeric) throw new Unexpressible("range comparison on a keyword field", f.sigma);
      {
        const op = RANGE[t.op];
        return anyPath(f, (p) => `${kqlField(p)} ${op} ${t.value}`, top);
      }
    case "text": {
      if (!t.cased && !caseless(t.parts))
        throw new Unexpressible("KQL cannot compare keywords case-insensitively", f.sigma);
      if (t.parts.some((p) => p.type === "wildcard" && p.char === "?"))
        throw new Unexpressible("KQL has no single-character wildcard", f.sigma);
      const lit = literalOf(t.parts);
      if (lit !== undefined && t.mode === "equals") {
        const values = hostForms(f, lit).map(kqlQuote);
        return anyPath(
          f,
          (p) => `${kqlField(p)}:${values.length === 1 ? values[0] : `(${values.join(" or ")})`}`,
          top,
        );
      }
      let body = t.parts.map((p) => (p.type === "text" ? kqlBare(p.text) : "*")).join("");
      if (t.mode === "contains" || t.mode === "endswith") body = `*${body}`;
      if (t.mode === "contains" || t.mode === "startswith") body = `${body}*`;
      if (body === "" || /^\\?\s/.test(body))
        throw new Unexpressible("empty or blank-leading wildcard value", f.sigma);
      const forms =
        f.raw && f.mapping.value === "host" && (t.mode === "equals" || t.mode === "startswith")
          ? [body, `\\\\\\\\${body}`]
          : [body];
      return anyPath(f, (p) => forms.map((b) => `${kqlField(p)}:${b}`).join(" or "), top);
    }
    case "cidr":
      if (!f.ipType) throw new Unexpressible("CIDR match on a field not mapped as ip", f.sigma);
      return anyPath(f, (p) => `${kqlField(p)}:${kqlQuote(`${t.network}/${t.prefix}`)}`, top);
    case "regex":
      throw new Unexpressible("KQL has no regular expressions", f.sigma);
    case "fieldref":
      throw new Unexpressible("KQL cannot compare two fields", f.sigma);
  }
}

const RANGE = { lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

/**
 * Raw host names may keep the leading `\\` the engine strips (8004 `\\WS07`): equality accepts both forms. The
 * backslashes are doubled once here: kqlQuote escapes them for the query string.
 */
export function hostForms(f: FieldTarget, value: string): string[] {
  return f.raw && f.mapping.value === "host" ? [value, `\\\\${value}`] : [value];
}
