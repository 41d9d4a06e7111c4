/**
 * Structural linters for the query languages we print. None of Kibana KQL, EQL, ES|QL or SPL has a parser on npm,
 * so the compilers build queries from typed printers (escaping in one place per language) and these checks
 * confirm the result: string literals closed, brackets balanced, pipeline commands and functions from an
 * allow-list, and the identifiers the query reads (the field-existence tests compare them with our output).
 * Kusto is checked for real by Microsoft's language service in the tests; lintKusto is the cheap runtime check.
 */
export interface LintResult {
  problems: string[];
  /** Field names the query reads (outside strings, not keywords, functions or columns the query creates). */
  fields: string[];
}

type Tok = { k: "id" | "str" | "num" | "op"; v: string };

interface Lexer {
  /** Identifier characters after the first (dots join field paths). */
  ident: RegExp;
  quotes: string;
  backtick?: boolean;
  /** Kusto verbatim strings @"...". */
  verbatim?: boolean;
}

function lex(text: string, lx: Lexer, problems: string[]): Tok[] {
  const out: Tok[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (lx.verbatim === true && c === "@" && text.charAt(i + 1) === '"') {
      let j = i + 2;
      let v = "";
      for (;;) {
        if (j >= text.length) {
          problems.push(`unterminated verbatim string at ${i}`);
          break;
        }
        if (text.charAt(j) === '"') {
          if (text.charAt(j + 1) === '"') {
            v += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        v += text.charAt(j++);
      }
      out.push({ k: "str", v });
      i = j;
      continue;
    }
    if (lx.quotes.includes(c) || (lx.backtick === true && c === "`")) {
      let j = i + 1;
      let v = "";
      let closed = false;
      while (j < text.length) {
        const d = text.charAt(j);
        if (d === "\\" && c !== "`") {
          v += text.charAt(j + 1);
          j += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          j++;
          break;
        }
        v += d;
        j++;
      }
      if (!closed) problems.push(`unterminated ${c} string at ${i}`);
      out.push({
        k: c === "`" ? "id" : c === "'" && lx.quotes === `"'` && lx.ident.source.includes("'") ? "id" : "str",
        v,
      });
      i = j;
      continue;
    }
    if (/[A-Za-z_@?]/.test(c)) {
      let j = i + 1;
      while (j < text.length && lx.ident.test(text.charAt(j))) j++;
      out.push({ k: "id", v: text.slice(i, j) });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9.a-zA-Z]/.test(text.charAt(j))) j++;
      out.push({ k: "num", v: text.slice(i, j) });
      i = j;
      continue;
    }
    if ("([{".includes(c)) stack.push(c);
    if (")]}".includes(c)) {
      const want = pairs[c];
      if (stack.pop() !== want) problems.push(`unbalanced ${c} at ${i}`);
    }
    const two = text.slice(i, i + 2);
    if (["==", "!=", "<=", ">=", "=~", "!~", "in~"].includes(two)) {
      out.push({ k: "op", v: two });
      i += 2;
      continue;
    }
    out.push({ k: "op", v: c });
    i++;
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join("")}`);
  return out;
}

/** Splits tokens on top-level `|` (pipes inside brackets belong to sub-queries). */
function pipeline(toks: readonly Tok[]): Tok[][] {
  const out: Tok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.k === "op" && "([{".includes(t.v)) depth++;
    if (t.k === "op" && ")]}".includes(t.v)) depth--;
    if (t.k === "op" && t.v === "|" && depth === 0) out.push([]);
    else out[out.length - 1]?.push(t);
  }
  return out.filter((s, i) => s.length > 0 || i > 0);
}

function result(problems: string[], fields: Iterable<string>): LintResult {
  return { problems, fields: [...new Set(fields)].sort() };
}

// ---------------------------------------------------------------------------------------------------------------

const KQL_WORDS = new Set(["and", "or", "not"]);

/** Kibana KQL: fields are the names before `:` or a range operator. */
export function lintKql(query: string): LintResult {
  const problems: string[] = [];
  const toks = lex(query, { ident: /[A-Za-z0-9_.@\\*]/, quotes: '"' }, problems);
  const fields: string[] = [];
  toks.forEach((t, i) => {
    const next = toks[i + 1];
    if (t.k === "id" && next?.k === "op" && [":", "<", ">", "<=", ">="].includes(next.v)) fields.push(t.v);
    if (t.k === "op" && t.v === "|") problems.push("pipe in KQL");
  });
  for (const t of toks)
    if (t.k === "id" && KQL_WORDS.has(t.v.toLowerCase()) && t.v !== t.v.toLowerCase())
      problems.push(`keyword ${t.v} not lower-case`);
  return result(problems, fields);
}

const EQL_KEYWORDS = new Set([
  "any",
  "where",
  "sequence",
  "by",
  "with",
  "maxspan",
  "until",
  "and",
  "or",
  "not",
  "in",
  "like",
  "regex",
  "null",
  "true",
  "false",
]);
const EQL_FUNCTIONS = new Set([
  "cidrMatch",
  "number",
  "startsWith",
  "endsWith",
  "stringContains",
  "length",
  "substring",
  "between",
  "concat",
  "add",
]);

/** EQL: known keywords and functions; fields are the other names (an optional `?` marker stripped). */
export function lintEql(query: string): LintResult {
  const problems: string[] = [];
  const toks = lex(query, { ident: /[A-Za-z0-9_.@]/, quotes: '"' }, problems);
  const fields: string[] = [];
  const first = toks[0];
  if (first?.k !== "id" || (first.v !== "any" && first.v !== "sequence"))
    problems.push("EQL query must start with `any` or `sequence`");
  toks.forEach((t, i) => {
    if (t.k !== "id") return;
    const next = toks[i + 1];
    const name = t.v.startsWith("?") ? t.v.slice(1) : t.v;
    if (EQL_KEYWORDS.has(name)) return;
    if (next?.k === "op" && next.v === "(") {
      if (!EQL_FUNCTIONS.has(t.v)) problems.push(`unknown EQL function ${t.v}`);
      return;
    }
    if (/^(regex|like|in)$/.test(name)) return;
    if (toks[i - 1]?.k === "op" && toks[i - 1]?.v === "=" && toks[i - 2]?.v === "maxspan") return;
    if (/^[a-z]/i.test(name) && (name.includes(".") || name.startsWith("@"))) fields.push(name);
    else if (!EQL_KEYWORDS.has(name)) problems.push(`unknown EQL word ${t.v}`);
  });
  if (/maxspan=(?!\d+[smhd]\b)/.test(query)) problems.push("bad maxspan");
  return result(problems, fields);
}

const ESQL_COMMANDS = new Set([
  "FROM",
  "WHERE",
  "EVAL",
  "STATS",
  "KEEP",
  "DROP",
  "SORT",
  "LIMIT",
  "RENAME",
  "MV_EXPAND",
]);
const ESQL_FUNCTIONS = new Set([
  "TO_LOWER",
  "TO_UPPER",
  "TO_STRING",
  "TO_LONG",
  "TO_DOUBLE",
  "TO_IP",
  "TRIM",
  "CIDR_MATCH",
  "CASE",
  "COUNT",
  "COUNT_DISTINCT",
  "MIN",
  "MAX",
  "SUM",
  "AVG",
  "CONCAT",
  "ENDS_WITH",
  "STARTS_WITH",
  "SUBSTRING",
  "LENGTH",
  "COALESCE",
]);
const ESQL_WORDS = new Set([
  "AND",
  "OR",
  "NOT",
  "IS",
  "NULL",
  "IN",
  "LIKE",
  "RLIKE",
  "BY",
  "METADATA",
  "TRUE",
  "FALSE",
]);

/** ES|QL: command and function allow-lists; columns created by EVAL/STATS are not source fields. */
export function lintEsql(query: string): LintResult {
  const problems: string[] = [];
  const toks = lex(query, { ident: /[A-Za-z0-9_.@*-]/, quotes: '"', backtick: true }, problems);
  const created = new Set<string>();
  const fields: string[] = [];
  pipeline(toks).forEach((seg, n) => {
    const cmd = seg[0];
    if (cmd?.k !== "id" || !ESQL_COMMANDS.has(cmd.v)) {
      problems.push(`unknown ES|QL command ${cmd?.v ?? "(empty)"}`);
      return;
    }
    if ((n === 0) !== (cmd.v === "FROM")) problems.push("FROM must come first, once");
    if (cmd.v === "FROM") {
      const meta = seg.findIndex((t) => t.v === "METADATA");
      if (meta >= 0)
        for (const t of seg.slice(meta + 1))
          if (t.k === "id" && !/^_(id|index|version)$/.test(t.v)) problems.push(`bad METADATA field ${t.v}`);
      return;
    }
    seg.slice(1).forEach((t, i, arr) => {
      if (t.k !== "id") return;
      const next = arr[i + 1];
      if (ESQL_WORDS.has(t.v.toUpperCase())) {
        if (t.v !== t.v.toUpperCase() && t.v.toLowerCase() !== "null")
          problems.push(`keyword ${t.v} not upper-case`);
        return;
      }
      if (next?.k === "op" && next.v === "(") {
        if (!ESQL_FUNCTIONS.has(t.v)) problems.push(`unknown ES|QL function ${t.v}`);
        return;
      }
      if ((cmd.v === "EVAL" || cmd.v === "STATS") && next?.k === "op" && next.v === "=") {
        created.add(t.v);
        return;
      }
      if (!created.has(t.v)) fields.push(t.v);
    });
  });
  return result(problems, fields);
}

const SPL_COMMANDS = new Set([
  "search",
  "where",
  "eval",
  "stats",
  "tstats",
  "rename",
  "transaction",
  "table",
  "fields",
  "sort",
  "bin",
  "dedup",
]);
const SPL_FUNCTIONS = new Set([
  "lower",
  "upper",
  "match",
  "like",
  "isnull",
  "isnotnull",
  "in",
  "tostring",
  "tonumber",
  "cidrmatch",
  "if",
  "case",
  "null",
  "mvindex",
  "split",
  "mvcount",
  "mvdedup",
  "replace",
  "count",
  "dc",
  "min",
  "max",
  "sum",
  "avg",
  "values",
  "eval",
]);
const SPL_WORDS = new Set([
  "AND",
  "OR",
  "NOT",
  "IN",
  "by",
  "as",
  "BY",
  "AS",
  "from",
  "where",
  "datamodel",
  "summariesonly",
  "fillnull_value",
  "maxspan",
  "startswith",
  "endswith",
  "mvlist",
  "count",
]);

/** SPL: pipeline commands from an allow-list, eval functions known, fields = names read (not created). */
export function lintSpl(query: string): LintResult {
  const problems: string[] = [];
  const toks = lex(query, { ident: /[A-Za-z0-9_.:*-]/, quotes: `"'` }, problems);
  const created = new Set<string>(["_time", "duration"]);
  const fields: string[] = [];
  const segs = pipeline(toks);
  segs.forEach((seg, n) => {
    const head = seg[0];
    const isSearch = n === 0 && head?.v !== "tstats";
    const cmd = isSearch ? "search" : head?.v;
    if (cmd === undefined || !SPL_COMMANDS.has(cmd)) {
      problems.push(`unknown SPL command ${cmd ?? "(empty)"}`);
      return;
    }
    const body = isSearch ? seg : seg.slice(1);
    body.forEach((t, i) => {
      if (t.k !== "id") return;
      const next = body[i + 1];
      const prev = body[i - 1];
      if (SPL_WORDS.has(t.v)) return;
      if (next?.k === "op" && next.v === "(") {
        if (!SPL_FUNCTIONS.has(t.v)) problems.push(`unknown SPL function ${t.v}`);
        return;
      }
      if (prev?.k === "id" && (prev.v === "as" || prev.v === "AS")) {
        created.add(t.v);
        return;
      }
      if (cmd === "eval" && next?.k === "op" && next.v === "=" && (prev === undefined || prev.v === ",")) {
        created.add(t.v);
        return;
      }
      if (
        prev?.k === "op" &&
        prev.v === "=" &&
        (body[i - 2]?.v === "datamodel" ||
          body[i - 2]?.v === "maxspan" ||
          body[i - 2]?.v === "mvlist" ||
          body[i - 2]?.v === "summariesonly")
      )
        return;
      if (
        cmd === "search" &&
        !(next?.k === "op" && ["=", "<", ">", "<=", ">=", "!="].includes(next.v)) &&
        next?.v !== "IN"
      )
        return;
      if (cmd === "tstats" && !t.v.startsWith("Authentication.") && t.v !== "_time") return;
      const name = t.v.replace(/^Authentication\./, "");
      if (name.endsWith("*")) return;
      if (!created.has(name) && !created.has(t.v)) fields.push(name);
    });
  });
  return result(
    problems,
    fields.filter((f) => f !== "index" && f !== "sourcetype"),
  );
}

const KUSTO_OPERATORS = new Set([
  "where",
  "extend",
  "summarize",
  "project",
  "join",
  "take",
  "sort",
  "order",
  "distinct",
  "count",
]);

/** Kusto: balanced brackets and strings, and tabular operators from an allow-list (the language service does the rest). */
export function lintKusto(query: string): LintResult {
  const problems: string[] = [];
  const toks = lex(query, { ident: /[A-Za-z0-9_]/, quotes: `"'`, verbatim: true }, problems);
  for (const seg of pipeline(toks).slice(1)) {
    const op = seg[0];
    if (op?.k !== "id" || !KUSTO_OPERATORS.has(op.v))
      problems.push(`unknown Kusto operator ${op?.v ?? "(empty)"}`);
  }
  return result(problems, []);
}
