/** A JSON object built without undefined members: mappers assign freely and absent stays absent. */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * Drops undefined members and empty objects/arrays, recursively. Mappers build documents with optional values
 * everywhere; this keeps "absent" absent in the output instead of `null` or `{}`.
 */
export function compact(value: unknown): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return compactObject(value as Record<string, unknown>) ?? {};
}

// Hot path (every document of every schema): for-in and early returns, no Object.entries allocations.
function compactObject(value: Record<string, unknown>): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const key in value) {
    const c = compactValue(value[key]);
    if (c === undefined) continue;
    (out ??= {})[key] = c;
  }
  return out;
}

function compactValue(value: unknown): JsonValue | undefined {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        let items: JsonValue[] | undefined;
        for (const item of value) {
          const c = compactValue(item);
          if (c !== undefined) (items ??= []).push(c);
        }
        return items;
      }
      return compactObject(value as Record<string, unknown>);
    }
    case "undefined":
    case "bigint":
    case "function":
    case "symbol":
      return undefined;
  }
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
