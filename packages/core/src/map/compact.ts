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

/**
 * One level of a document: the members that are present (not undefined, not an empty array), or undefined when
 * none is, so the parent omits it. Mappers wrap each object literal in it as they build, which avoids a second,
 * recursive pass over the finished document (the hot path of every conversion).
 */
export function members(value: Record<string, JsonValue | undefined>): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const key in value) {
    const member = value[key];
    if (member === undefined || (Array.isArray(member) && member.length === 0)) continue;
    (out ??= {})[key] = member;
  }
  return out;
}

/** Unique, order-preserving, without undefined. Inputs are a handful of values: a linear scan beats a Set. */
export function unique<T>(values: readonly (T | undefined)[]): T[] {
  const out: T[] = [];
  for (const v of values) {
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out;
}
