/**
 * One conformance finding, whichever schema it is about. `code` is stable and machine-readable (tests and
 * summaries group by it); `message` is for people and always names the field and, where there is one, the
 * offending value.
 */
export type SchemaName = "ecs" | "cim" | "asim";

export type SchemaProblemSeverity = "error" | "warning";

export interface SchemaProblem {
  schema: SchemaName;
  /** Dotted path (ECS) or column name (CIM, ASIM) the problem is about. */
  field: string;
  code: string;
  severity: SchemaProblemSeverity;
  message: string;
}

const MAX_SHOWN = 80;

/** A short, unambiguous rendering of a JSON value for messages: strings quoted, long values cut. */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = "undefined";
  else if (typeof value === "number")
    text = String(value); // JSON.stringify would print NaN as null
  else if (typeof value === "bigint") text = `${value}n`;
  else if (typeof value === "function") text = "[function]";
  else if (typeof value === "symbol") text = value.toString();
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      // Cyclic structures cannot come from JSON, but a caller may still hand one in.
      text = "[unserializable]";
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** The JSON kind of a value, for "expected X, got Y" messages. */
export function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
