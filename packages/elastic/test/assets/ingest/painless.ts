/**
 * An interpreter for exactly the Painless subset the generated ingest pipeline uses (no Elasticsearch runs here).
 * It follows Java/Painless semantics where they differ from JavaScript and where our script could hit them:
 * `==` is equals() for strings, `+` with a string concatenates, integer division truncates, `substring`/`charAt`/
 * `List.get` throw out of bounds, `String.trim()` strips characters <= U+0020 only, functions do not see `ctx` or
 * `params`, declared types are checked on every store (a String variable cannot hold a Map, a long cannot be null).
 * Anything outside the subset is a parse or runtime error, so the script cannot quietly drift out of it.
 * Language reference: https://www.elastic.co/guide/en/elasticsearch/painless/current/painless-lang-spec.html
 */

export class PainlessError extends Error {}

// ---------------------------------------------------------------- tokens

type Tok =
  | { k: "id"; v: string; p: number }
  | { k: "num"; v: number; p: number }
  | { k: "str"; v: string; p: number }
  | { k: "op"; v: string; p: number }
  | { k: "eof"; v: ""; p: number };

const OPS = [">>>", "&&", "||", "==", "!=", "<=", ">=", "++", "--", "+=", "-=", "?.", ">>", "<<"];
const SINGLE = "(){}[],;.:?+-*/%<>!&|^=~";

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith("//", i)) {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new PainlessError("unterminated comment");
      i = end + 2;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j] as string)) j++;
      out.push({ k: "id", v: src.slice(i, j), p: i });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < src.length && /[0-9]/.test(src[j] as string)) j++;
      out.push({ k: "num", v: Number(src.slice(i, j)), p: i });
      if (src[j] === "L") j++;
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = "";
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\") {
          const e = src[j + 1];
          s += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : (e ?? "");
          j += 2;
        } else {
          s += src[j];
          j++;
        }
      }
      if (j >= src.length) throw new PainlessError(`unterminated string at ${i}`);
      out.push({ k: "str", v: s, p: i });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ k: "op", v: op, p: i });
      i += op.length;
      continue;
    }
    if (SINGLE.includes(c)) {
      out.push({ k: "op", v: c, p: i });
      i++;
      continue;
    }
    throw new PainlessError(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  out.push({ k: "eof", v: "", p: src.length });
  return out;
}

// ---------------------------------------------------------------- syntax tree

type Expr =
  | { t: "lit"; v: unknown }
  | { t: "var"; name: string }
  | { t: "member"; obj: Expr; name: string; safe: boolean }
  | { t: "index"; obj: Expr; idx: Expr }
  | { t: "call"; obj: Expr | undefined; name: string; args: Expr[]; safe: boolean }
  | { t: "static"; cls: string; name: string; args: Expr[] }
  | { t: "new"; cls: string; args: Expr[] }
  | { t: "list"; items: Expr[] }
  | { t: "map"; entries: [Expr, Expr][] }
  | { t: "unary"; op: string; e: Expr }
  | { t: "bin"; op: string; a: Expr; b: Expr }
  | { t: "cond"; c: Expr; a: Expr; b: Expr }
  | { t: "instanceof"; e: Expr; cls: string }
  | { t: "assign"; op: string; target: Expr; value: Expr }
  | { t: "incdec"; op: string; target: Expr; prefix: boolean };

type Stmt =
  | { s: "block"; body: Stmt[] }
  | { s: "decl"; type: string; name: string; init: Expr | undefined }
  | { s: "expr"; e: Expr }
  | { s: "if"; c: Expr; a: Stmt; b: Stmt | undefined }
  | { s: "for"; init: Stmt | undefined; c: Expr | undefined; upd: Expr | undefined; body: Stmt }
  | { s: "foreach"; type: string; name: string; coll: Expr; body: Stmt }
  | { s: "while"; c: Expr; body: Stmt }
  | { s: "return"; e: Expr | undefined }
  | { s: "break" }
  | { s: "continue" }
  | { s: "throw"; e: Expr };

interface Fn {
  ret: string;
  name: string;
  params: { type: string; name: string }[];
  body: Stmt[];
}

/** The declarable types of the subset. */
const TYPES = new Set(["def", "void", "String", "Map", "List", "boolean", "int", "long"]);
/** Classes with static methods the subset calls. */
const STATICS = new Set(["Long", "String", "Integer"]);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(o = 0): Tok {
    return this.toks[this.i + o] ?? (this.toks[this.toks.length - 1] as Tok);
  }
  private next(): Tok {
    const t = this.peek();
    this.i++;
    return t;
  }
  private is(v: string, o = 0): boolean {
    const t = this.peek(o);
    return (t.k === "op" || t.k === "id") && t.v === v;
  }
  private eat(v: string): void {
    const t = this.next();
    if ((t.k !== "op" && t.k !== "id") || t.v !== v)
      throw new PainlessError(`expected ${v} at ${t.p}, found ${String(t.v)}`);
  }
  private ident(): string {
    const t = this.next();
    if (t.k !== "id") throw new PainlessError(`expected a name at ${t.p}`);
    return t.v;
  }

  program(): { fns: Map<string, Fn>; body: Stmt[] } {
    const fns = new Map<string, Fn>();
    const body: Stmt[] = [];
    while (this.peek().k !== "eof") {
      const t = this.peek();
      if (t.k === "id" && TYPES.has(t.v) && this.peek(1).k === "id" && this.is("(", 2)) {
        if (body.length > 0) throw new PainlessError(`function ${String(this.peek(1).v)} after statements`);
        const fn = this.fn();
        if (fns.has(fn.name)) throw new PainlessError(`function ${fn.name} declared twice`);
        fns.set(fn.name, fn);
      } else body.push(this.stmt());
    }
    return { fns, body };
  }

  private fn(): Fn {
    const ret = this.ident();
    const name = this.ident();
    this.eat("(");
    const params: Fn["params"] = [];
    while (!this.is(")")) {
      const type = this.ident();
      if (!TYPES.has(type)) throw new PainlessError(`unknown type ${type}`);
      params.push({ type, name: this.ident() });
      if (!this.is(")")) this.eat(",");
    }
    this.eat(")");
    const block = this.block();
    return { ret, name, params, body: block.s === "block" ? block.body : [block] };
  }

  private block(): Stmt {
    this.eat("{");
    const body: Stmt[] = [];
    while (!this.is("}")) body.push(this.stmt());
    this.eat("}");
    return { s: "block", body };
  }

  private isDecl(): boolean {
    const t = this.peek();
    return t.k === "id" && TYPES.has(t.v) && t.v !== "void" && this.peek(1).k === "id";
  }

  private decl(): Stmt {
    const type = this.ident();
    const name = this.ident();
    let init: Expr | undefined;
    if (this.is("=")) {
      this.next();
      init = this.expr();
    }
    return { s: "decl", type, name, init };
  }

  private stmt(): Stmt {
    if (this.is("{")) return this.block();
    if (this.is("if")) {
      this.next();
      this.eat("(");
      const c = this.expr();
      this.eat(")");
      const a = this.stmt();
      let b: Stmt | undefined;
      if (this.is("else")) {
        this.next();
        b = this.stmt();
      }
      return { s: "if", c, a, b };
    }
    if (this.is("for")) {
      this.next();
      this.eat("(");
      if (this.isDecl() && this.is(":", 2)) {
        const type = this.ident();
        const name = this.ident();
        this.eat(":");
        const coll = this.expr();
        this.eat(")");
        return { s: "foreach", type, name, coll, body: this.stmt() };
      }
      const init = this.is(";")
        ? undefined
        : this.isDecl()
          ? this.decl()
          : { s: "expr" as const, e: this.expr() };
      this.eat(";");
      const c = this.is(";") ? undefined : this.expr();
      this.eat(";");
      const upd = this.is(")") ? undefined : this.expr();
      this.eat(")");
      return { s: "for", init, c, upd, body: this.stmt() };
    }
    if (this.is("while")) {
      this.next();
      this.eat("(");
      const c = this.expr();
      this.eat(")");
      return { s: "while", c, body: this.stmt() };
    }
    if (this.is("return")) {
      this.next();
      const e = this.is(";") ? undefined : this.expr();
      this.eat(";");
      return { s: "return", e };
    }
    if (this.is("break") || this.is("continue")) {
      const v = this.ident();
      this.eat(";");
      return v === "break" ? { s: "break" } : { s: "continue" };
    }
    if (this.is("throw")) {
      this.next();
      const e = this.expr();
      this.eat(";");
      return { s: "throw", e };
    }
    if (this.isDecl()) {
      const d = this.decl();
      this.eat(";");
      return d;
    }
    const e = this.expr();
    this.eat(";");
    return { s: "expr", e };
  }

  expr(): Expr {
    const left = this.ternary();
    if (this.is("=") || this.is("+=") || this.is("-=")) {
      const op = this.next().v as string;
      if (left.t !== "var" && left.t !== "member" && left.t !== "index")
        throw new PainlessError("invalid assignment target");
      return { t: "assign", op, target: left, value: this.expr() };
    }
    return left;
  }

  private ternary(): Expr {
    const c = this.binary(0);
    if (!this.is("?")) return c;
    this.next();
    const a = this.expr();
    this.eat(":");
    const b = this.expr();
    return { t: "cond", c, a, b };
  }

  private static readonly LEVELS: string[][] = [
    ["||"],
    ["&&"],
    ["|"],
    ["^"],
    ["&"],
    ["==", "!="],
    ["<", "<=", ">", ">=", "instanceof"],
    ["<<", ">>", ">>>"],
    ["+", "-"],
    ["*", "/", "%"],
  ];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    let a = this.binary(level + 1);
    const ops = Parser.LEVELS[level] as string[];
    for (;;) {
      const t = this.peek();
      if ((t.k !== "op" && t.k !== "id") || !ops.includes(t.v)) return a;
      this.next();
      if (t.v === "instanceof") {
        a = { t: "instanceof", e: a, cls: this.ident() };
        continue;
      }
      a = { t: "bin", op: t.v, a, b: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    if (this.is("!") || this.is("-")) {
      const op = this.next().v as string;
      return { t: "unary", op, e: this.unary() };
    }
    if (this.is("++") || this.is("--")) {
      const op = this.next().v as string;
      return { t: "incdec", op, target: this.unary(), prefix: true };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.is(".") || this.is("?.")) {
        const safe = this.next().v === "?.";
        const name = this.ident();
        if (this.is("(")) e = { t: "call", obj: e, name, args: this.args(), safe };
        else e = { t: "member", obj: e, name, safe };
      } else if (this.is("[")) {
        this.next();
        const idx = this.expr();
        this.eat("]");
        e = { t: "index", obj: e, idx };
      } else if (this.is("++") || this.is("--")) {
        e = { t: "incdec", op: this.next().v as string, target: e, prefix: false };
      } else return e;
    }
  }

  private args(): Expr[] {
    this.eat("(");
    const out: Expr[] = [];
    while (!this.is(")")) {
      out.push(this.expr());
      if (!this.is(")")) this.eat(",");
    }
    this.eat(")");
    return out;
  }

  private primary(): Expr {
    const t = this.next();
    if (t.k === "num" || t.k === "str") return { t: "lit", v: t.v };
    if (t.k === "op" && t.v === "(") {
      const e = this.expr();
      this.eat(")");
      return e;
    }
    if (t.k === "op" && t.v === "[") {
      if (this.is(":")) {
        this.next();
        this.eat("]");
        return { t: "map", entries: [] };
      }
      if (this.is("]")) {
        this.next();
        return { t: "list", items: [] };
      }
      const first = this.expr();
      if (this.is(":")) {
        this.next();
        const entries: [Expr, Expr][] = [[first, this.expr()]];
        while (this.is(",")) {
          this.next();
          const k = this.expr();
          this.eat(":");
          entries.push([k, this.expr()]);
        }
        this.eat("]");
        return { t: "map", entries };
      }
      const items = [first];
      while (this.is(",")) {
        this.next();
        items.push(this.expr());
      }
      this.eat("]");
      return { t: "list", items };
    }
    if (t.k === "id") {
      if (t.v === "true" || t.v === "false") return { t: "lit", v: t.v === "true" };
      if (t.v === "null") return { t: "lit", v: null };
      if (t.v === "new") {
        const cls = this.ident();
        return { t: "new", cls, args: this.args() };
      }
      if (STATICS.has(t.v) && this.is(".")) {
        this.next();
        const name = this.ident();
        return { t: "static", cls: t.v, name, args: this.args() };
      }
      if (this.is("(")) return { t: "call", obj: undefined, name: t.v, args: this.args(), safe: false };
      return { t: "var", name: t.v };
    }
    throw new PainlessError(`unexpected ${String(t.v)} at ${t.p}`);
  }
}

// ---------------------------------------------------------------- values and semantics

export type PValue = null | boolean | number | bigint | string | PMap | PValue[];
export type PMap = Map<string, PValue>;

class Signal {
  constructor(
    readonly kind: "return" | "break" | "continue",
    readonly value: PValue = null,
  ) {}
}

interface Slot {
  type: string;
  value: PValue;
}

class Scope {
  private readonly vars = new Map<string, Slot>();
  constructor(readonly parent: Scope | undefined) {}
  lookup(name: string): Slot | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
  declare(name: string, type: string, value: PValue): void {
    if (this.lookup(name)) throw new PainlessError(`variable ${name} is already defined`);
    this.vars.set(name, { type, value: check(type, value, name) });
  }
}

function typeName(v: PValue): string {
  if (v === null) return "null";
  if (v instanceof Map) return "Map";
  if (Array.isArray(v)) return "List";
  return typeof v;
}

function check(type: string, v: PValue, what: string): PValue {
  const ok =
    type === "def" ||
    (type === "String" && (v === null || typeof v === "string")) ||
    (type === "Map" && (v === null || v instanceof Map)) ||
    (type === "List" && (v === null || Array.isArray(v))) ||
    (type === "boolean" && typeof v === "boolean") ||
    ((type === "int" || type === "long") && (typeof v === "number" || typeof v === "bigint"));
  if (!ok) throw new PainlessError(`cannot store ${typeName(v)} in ${type} ${what}`);
  return v;
}

function num(v: PValue, what: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  throw new PainlessError(`${what}: expected a number, got ${typeName(v)}`);
}

function str(v: PValue, what: string): string {
  if (typeof v !== "string") throw new PainlessError(`${what}: expected a String, got ${typeName(v)}`);
  return v;
}

function bool(v: PValue, what: string): boolean {
  if (typeof v !== "boolean") throw new PainlessError(`${what}: expected a boolean, got ${typeName(v)}`);
  return v;
}

/** Java's string conversion (String.valueOf). */
function show(v: PValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  throw new PainlessError(`string conversion of a ${typeName(v)} is outside the subset`);
}

/** `==` on def values: equals() (numbers by value, strings by content, collections by reference). */
function equal(a: PValue, b: PValue): boolean {
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint"))
    return Number(a) === Number(b);
  return a === b;
}

function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

function bounds(i: number, max: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i > max) throw new PainlessError(`${what}: index ${i} out of bounds`);
}

function parseLong(s: string, radix: number): number | bigint {
  const re = radix === 16 ? /^[+-]?[0-9a-fA-F]+$/ : /^[+-]?[0-9]+$/;
  if (!re.test(s)) throw new PainlessError(`NumberFormatException: ${s}`);
  const neg = s.startsWith("-");
  const digits = s.replace(/^[+-]/, "");
  const big = BigInt(radix === 16 ? `0x${digits}` : digits) * (neg ? -1n : 1n);
  if (big > 0x7fffffffffffffffn || big < -0x8000000000000000n)
    throw new PainlessError(`NumberFormatException: ${s}`);
  return Number.isSafeInteger(Number(big)) ? Number(big) : big;
}

function stringMethod(s: string, name: string, a: PValue[]): PValue {
  const arg = (i: number): PValue => a[i] ?? null;
  switch (name) {
    case "length":
      return s.length;
    case "charAt": {
      const i = num(arg(0), "charAt");
      bounds(i, s.length - 1, "charAt");
      return s.charCodeAt(i);
    }
    case "indexOf":
      return a.length > 1
        ? s.indexOf(str(arg(0), "indexOf"), num(arg(1), "indexOf"))
        : s.indexOf(str(arg(0), "indexOf"));
    case "lastIndexOf":
      return s.lastIndexOf(str(arg(0), "lastIndexOf"));
    case "substring": {
      const b = num(arg(0), "substring");
      const e = a.length > 1 ? num(arg(1), "substring") : s.length;
      bounds(e, s.length, "substring");
      bounds(b, e, "substring");
      return s.slice(b, e);
    }
    case "toLowerCase":
      return s.toLowerCase();
    case "toUpperCase":
      return s.toUpperCase();
    case "trim":
      return javaTrim(s);
    case "isEmpty":
      return s.length === 0;
    case "contains":
      return s.includes(str(arg(0), "contains"));
    case "startsWith":
      return s.startsWith(str(arg(0), "startsWith"));
    case "endsWith":
      return s.endsWith(str(arg(0), "endsWith"));
    case "equals":
      return s === arg(0);
    case "toString":
      return s;
    default:
      throw new PainlessError(`String.${name} is outside the subset`);
  }
}

function mapMethod(m: PMap, name: string, a: PValue[]): PValue {
  const key = (): string => str(a[0] ?? null, `Map.${name} key`);
  switch (name) {
    case "get":
      return m.get(key()) ?? null;
    case "put": {
      const old = m.get(key()) ?? null;
      m.set(key(), a[1] ?? null);
      return old;
    }
    case "containsKey":
      return m.has(key());
    case "remove": {
      const old = m.get(key()) ?? null;
      m.delete(key());
      return old;
    }
    case "keySet":
      return [...m.keys()];
    case "isEmpty":
      return m.size === 0;
    case "size":
      return m.size;
    case "putAll": {
      const other = a[0];
      if (!(other instanceof Map)) throw new PainlessError("Map.putAll needs a Map");
      for (const [k, v] of other) m.set(k, v);
      return null;
    }
    default:
      throw new PainlessError(`Map.${name} is outside the subset`);
  }
}

function listMethod(l: PValue[], name: string, a: PValue[]): PValue {
  switch (name) {
    case "add":
      l.push(a[0] ?? null);
      return true;
    case "size":
      return l.length;
    case "get": {
      const i = num(a[0] ?? null, "List.get");
      bounds(i, l.length - 1, "List.get");
      return l[i] ?? null;
    }
    case "contains":
      return l.some((x) => equal(x, a[0] ?? null));
    case "isEmpty":
      return l.length === 0;
    default:
      throw new PainlessError(`List.${name} is outside the subset`);
  }
}

function staticCall(cls: string, name: string, a: PValue[]): PValue {
  const key = `${cls}.${name}/${a.length}`;
  switch (key) {
    case "Long.parseLong/1":
      return parseLong(str(a[0] ?? null, key), 10);
    case "Long.parseLong/2":
      return parseLong(str(a[0] ?? null, key), num(a[1] ?? null, key));
    case "Long.parseUnsignedLong/1": {
      const s = str(a[0] ?? null, key);
      if (!/^[0-9]+$/.test(s) || BigInt(s) > 0xffffffffffffffffn)
        throw new PainlessError(`NumberFormatException: ${s}`);
      return BigInt.asIntN(64, BigInt(s));
    }
    case "Long.toHexString/1": {
      const v = a[0] ?? null;
      if (typeof v === "number") return BigInt.asUintN(64, BigInt(v)).toString(16);
      if (typeof v === "bigint") return BigInt.asUintN(64, v).toString(16);
      throw new PainlessError(`${key}: expected a number, got ${typeName(v)}`);
    }
    case "String.valueOf/1":
      return show(a[0] ?? null);
    default:
      throw new PainlessError(`${key} is outside the subset`);
  }
}

// ---------------------------------------------------------------- evaluation

export interface CompiledScript {
  run(ctx: PMap, params: PMap): void;
}

export function compilePainless(source: string): CompiledScript {
  const program = new Parser(tokenize(source)).program();
  return {
    run(ctx, params) {
      const scope = new Scope(undefined);
      scope.declare("ctx", "Map", ctx);
      scope.declare("params", "Map", params);
      const interp = new Interpreter(program.fns);
      const signal = interp.block(program.body, scope, false);
      if (signal && signal.kind !== "return") throw new PainlessError(`${signal.kind} outside a loop`);
    },
  };
}

class Interpreter {
  private steps = 0;
  constructor(private readonly fns: Map<string, Fn>) {}

  block(body: Stmt[], parent: Scope, newScope = true): Signal | undefined {
    const scope = newScope ? new Scope(parent) : parent;
    for (const st of body) {
      const sig = this.stmt(st, scope);
      if (sig) return sig;
    }
    return undefined;
  }

  private stmt(st: Stmt, scope: Scope): Signal | undefined {
    // Painless's loop counter (max_loop_counter 1,000,000) stands behind this guard.
    if (++this.steps > 1_000_000) throw new PainlessError("too many statements");
    switch (st.s) {
      case "block":
        return this.block(st.body, scope);
      case "decl": {
        let v: PValue = st.init ? this.eval(st.init, scope) : null;
        if (st.init === undefined && (st.type === "int" || st.type === "long")) v = 0;
        if (st.init === undefined && st.type === "boolean") v = false;
        scope.declare(st.name, st.type, v);
        return undefined;
      }
      case "expr":
        this.eval(st.e, scope);
        return undefined;
      case "if":
        if (bool(this.eval(st.c, scope), "if")) return this.stmt(st.a, new Scope(scope));
        return st.b ? this.stmt(st.b, new Scope(scope)) : undefined;
      case "for": {
        const loop = new Scope(scope);
        if (st.init) this.stmt(st.init, loop);
        while (st.c === undefined || bool(this.eval(st.c, loop), "for")) {
          const sig = this.stmt(st.body, new Scope(loop));
          if (sig?.kind === "break") break;
          if (sig?.kind === "return") return sig;
          if (st.upd) this.eval(st.upd, loop);
        }
        return undefined;
      }
      case "foreach": {
        const coll = this.eval(st.coll, scope);
        const items = Array.isArray(coll) ? [...coll] : null;
        if (!items) throw new PainlessError(`cannot iterate over ${typeName(coll)}`);
        for (const item of items) {
          const inner = new Scope(scope);
          inner.declare(st.name, st.type, item);
          const sig = this.stmt(st.body, inner);
          if (sig?.kind === "break") break;
          if (sig?.kind === "return") return sig;
        }
        return undefined;
      }
      case "while":
        while (bool(this.eval(st.c, scope), "while")) {
          const sig = this.stmt(st.body, new Scope(scope));
          if (sig?.kind === "break") break;
          if (sig?.kind === "return") return sig;
        }
        return undefined;
      case "return":
        return new Signal("return", st.e ? this.eval(st.e, scope) : null);
      case "break":
        return new Signal("break");
      case "continue":
        return new Signal("continue");
      case "throw": {
        const e = this.eval(st.e, scope);
        throw new PainlessError(`script threw: ${show(e)}`);
      }
    }
  }

  private callFn(name: string, args: PValue[]): PValue {
    const fn = this.fns.get(name);
    if (!fn) throw new PainlessError(`unknown function ${name}`);
    if (fn.params.length !== args.length) throw new PainlessError(`${name}: wrong argument count`);
    // Functions see their parameters only: not ctx, params or the body's variables (as in Painless).
    const scope = new Scope(undefined);
    fn.params.forEach((p, i) => scope.declare(p.name, p.type, args[i] ?? null));
    const sig = this.block(fn.body, scope, false);
    const value = sig?.kind === "return" ? sig.value : null;
    if (fn.ret === "void") return null;
    if (sig?.kind !== "return") throw new PainlessError(`${name}: missing return`);
    return check(fn.ret, value, `return of ${name}`);
  }

  private store(target: Expr, value: PValue, scope: Scope): void {
    if (target.t === "var") {
      const slot = scope.lookup(target.name);
      if (!slot) throw new PainlessError(`unknown variable ${target.name}`);
      slot.value = check(slot.type, value, target.name);
      return;
    }
    if (target.t === "member") {
      const obj = this.eval(target.obj, scope);
      if (!(obj instanceof Map)) throw new PainlessError(`cannot set .${target.name} on ${typeName(obj)}`);
      obj.set(target.name, value);
      return;
    }
    if (target.t === "index") {
      const obj = this.eval(target.obj, scope);
      const idx = this.eval(target.idx, scope);
      if (obj instanceof Map) obj.set(str(idx, "map key"), value);
      else throw new PainlessError(`cannot index-assign ${typeName(obj)}`);
      return;
    }
    throw new PainlessError("invalid assignment target");
  }

  eval(e: Expr, scope: Scope): PValue {
    switch (e.t) {
      case "lit":
        return e.v as PValue;
      case "var": {
        const slot = scope.lookup(e.name);
        if (!slot) throw new PainlessError(`unknown variable ${e.name}`);
        return slot.value;
      }
      case "member": {
        const obj = this.eval(e.obj, scope);
        if (obj === null) {
          if (e.safe) return null;
          throw new PainlessError(`NullPointerException reading .${e.name}`);
        }
        if (!(obj instanceof Map)) throw new PainlessError(`.${e.name} on a ${typeName(obj)}`);
        return obj.get(e.name) ?? null;
      }
      case "index": {
        const obj = this.eval(e.obj, scope);
        const idx = this.eval(e.idx, scope);
        if (obj instanceof Map) return obj.get(str(idx, "map key")) ?? null;
        if (Array.isArray(obj)) return listMethod(obj, "get", [idx]);
        throw new PainlessError(`cannot index a ${typeName(obj)}`);
      }
      case "call": {
        const args = e.args.map((a) => this.eval(a, scope));
        if (e.obj === undefined) return this.callFn(e.name, args);
        const obj = this.eval(e.obj, scope);
        if (obj === null) {
          if (e.safe) return null;
          throw new PainlessError(`NullPointerException calling ${e.name}()`);
        }
        if (typeof obj === "string") return stringMethod(obj, e.name, args);
        if (obj instanceof Map) return mapMethod(obj, e.name, args);
        if (Array.isArray(obj)) return listMethod(obj, e.name, args);
        if (e.name === "toString") return show(obj);
        throw new PainlessError(`${e.name}() on a ${typeName(obj)}`);
      }
      case "static":
        return staticCall(
          e.cls,
          e.name,
          e.args.map((a) => this.eval(a, scope)),
        );
      case "new": {
        const args = e.args.map((a) => this.eval(a, scope));
        if (e.cls === "ArrayList") {
          const src = args[0];
          if (src === undefined) return [];
          if (Array.isArray(src)) return [...src];
          throw new PainlessError("new ArrayList(collection) needs a List");
        }
        if (e.cls === "HashMap" && args.length === 0) return new Map();
        if (e.cls === "IllegalArgumentException") return show(args[0] ?? null);
        throw new PainlessError(`new ${e.cls} is outside the subset`);
      }
      case "list":
        return e.items.map((x) => this.eval(x, scope));
      case "map": {
        const m: PMap = new Map();
        for (const [k, v] of e.entries) m.set(str(this.eval(k, scope), "map key"), this.eval(v, scope));
        return m;
      }
      case "unary": {
        const v = this.eval(e.e, scope);
        return e.op === "!" ? !bool(v, "!") : -num(v, "-");
      }
      case "instanceof": {
        const v = this.eval(e.e, scope);
        if (e.cls === "Map") return v instanceof Map;
        if (e.cls === "String") return typeof v === "string";
        if (e.cls === "List") return Array.isArray(v);
        throw new PainlessError(`instanceof ${e.cls} is outside the subset`);
      }
      case "cond":
        return bool(this.eval(e.c, scope), "?:") ? this.eval(e.a, scope) : this.eval(e.b, scope);
      case "assign": {
        let v = this.eval(e.value, scope);
        if (e.op !== "=") {
          const cur = this.eval(e.target, scope);
          v = this.binop(e.op === "+=" ? "+" : "-", cur, v);
        }
        this.store(e.target, v, scope);
        return v;
      }
      case "incdec": {
        const cur = num(this.eval(e.target, scope), e.op);
        const v = e.op === "++" ? cur + 1 : cur - 1;
        this.store(e.target, v, scope);
        return e.prefix ? v : cur;
      }
      case "bin": {
        if (e.op === "&&") return bool(this.eval(e.a, scope), "&&") && bool(this.eval(e.b, scope), "&&");
        if (e.op === "||") return bool(this.eval(e.a, scope), "||") || bool(this.eval(e.b, scope), "||");
        return this.binop(e.op, this.eval(e.a, scope), this.eval(e.b, scope));
      }
    }
  }

  private binop(op: string, a: PValue, b: PValue): PValue {
    switch (op) {
      case "+":
        if (typeof a === "string" || typeof b === "string") return show(a) + show(b);
        return num(a, "+") + num(b, "+");
      case "-":
        return num(a, "-") - num(b, "-");
      case "*":
        return num(a, "*") * num(b, "*");
      case "/": {
        const d = num(b, "/");
        if (d === 0) throw new PainlessError("ArithmeticException: / by zero");
        return Math.trunc(num(a, "/") / d);
      }
      case "%":
        return num(a, "%") % num(b, "%");
      case "&":
        return Number(BigInt(num(a, "&")) & BigInt(num(b, "&")));
      case "|":
        return Number(BigInt(num(a, "|")) | BigInt(num(b, "|")));
      case "==":
        return equal(a, b);
      case "!=":
        return !equal(a, b);
      case "<":
        return num(a, "<") < num(b, "<");
      case "<=":
        return num(a, "<=") <= num(b, "<=");
      case ">":
        return num(a, ">") > num(b, ">");
      case ">=":
        return num(a, ">=") >= num(b, ">=");
      default:
        throw new PainlessError(`operator ${op} is outside the subset`);
    }
  }
}

// ---------------------------------------------------------------- JSON bridge

/** JSON value -> Painless value (objects become Maps, as ingest's ctx and params are). */
export function toPainless(v: unknown): PValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(toPainless);
  if (typeof v === "object") {
    const m: PMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, toPainless(x));
    return m;
  }
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  throw new PainlessError(`cannot convert ${typeof v}`);
}

/** Painless value -> JSON value. */
export function fromPainless(v: PValue): unknown {
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[k] = fromPainless(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(fromPainless);
  if (typeof v === "bigint") return Number(v);
  return v;
}
