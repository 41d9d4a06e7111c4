/**
 * A tiny YAML emitter for the package files (plain data: maps, lists, strings, numbers, booleans, null). Strings
 * are written double-quoted (JSON string syntax is valid YAML 1.2 double-quoted style), multi-line strings as
 * literal blocks so the Painless stays readable. YAML 1.2 spec: https://yaml.org/spec/1.2.2/
 */
type Yaml = string | number | boolean | null | undefined | Yaml[] | { [key: string]: Yaml };

function scalar(v: string | number | boolean | null): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.@-]*$/.test(k) ? k : JSON.stringify(k);
}

function block(s: string, indent: string): string | undefined {
  // A literal block needs every line free of tabs/CR and a first line that does not start with a space.
  if (!s.includes("\n") || /[\t\r]/.test(s) || s.startsWith(" ")) return undefined;
  const chomp = s.endsWith("\n") ? "" : "-";
  const body = s
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => (l === "" ? "" : `${indent}${l}`));
  return `|${chomp}\n${body.join("\n")}`;
}

function emit(v: Yaml, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return " []";
    return "\n" + v.map((item) => `${indent}-${emitItem(item, `${indent}  `)}`).join("\n");
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return " {}";
    return "\n" + entries.map(([k, x]) => `${indent}${key(k)}:${emit(x, `${indent}  `)}`).join("\n");
  }
  if (typeof v === "string") {
    const b = block(v, indent);
    if (b !== undefined) return ` ${b}`;
  }
  return ` ${scalar(v ?? null)}`;
}

function emitItem(v: Yaml, indent: string): string {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return " {}";
    const [first, ...rest] = entries.map(([k, x]) => `${key(k)}:${emit(x, `${indent}  `)}`);
    return ` ${first ?? ""}${rest.map((line) => `\n${indent}${line}`).join("")}`;
  }
  return emit(v, indent);
}

export function toYaml(value: Record<string, unknown> | unknown[]): string {
  return `${emit(value as Yaml, "").replace(/^\n/, "")}\n`;
}
