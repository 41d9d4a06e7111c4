/** A JSON object built without undefined members: mappers assign freely and absent stays absent. */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * Drops undefined members and empty objects/arrays, recursively. Mappers build documents with optional values
 * everywhere; this keeps "absent" absent in the output instead of `null` or `{}`.
 */
export function compact(value: unknown): JsonObject {
  const out = compactValue(value);
  return out !== undefined && typeof out === "object" && !Array.isArray(out) && out !== null ? out : {};
}

function compactValue(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value) {
      const c = compactValue(item);
      if (c !== undefined) items.push(c);
    }
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === "object") {
    const out: JsonObject = {};
    let any = false;
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      const c = compactValue(member);
      if (c !== undefined) {
        out[key] = c;
        any = true;
      }
    }
    return any ? out : undefined;
  }
  return undefined;
}

/** Unique, order-preserving, without undefined. */
export function unique<T>(values: readonly (T | undefined)[]): T[] {
  const seen = new Set<T>();
  const out: T[] = [];
  for (const v of values) {
    if (v === undefined || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}
