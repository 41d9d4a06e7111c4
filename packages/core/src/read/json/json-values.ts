import type { RawDataItem } from "../../raw/raw-record.js";
import { parseEventDataXml } from "../xml/parse-event-xml.js";
import { isJsonNumber, NUMBER_MARK, numberText, parseJsonExact } from "./json-numbers.js";

export type JsonObject = Record<string, unknown>;

/** A document field has the wrong JSON type; the reader turns it into a located rejection. */
export class JsonFieldError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (isJsonNumber(v)) return "a number";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

export function invalid(path: string, expected: string, v: unknown): JsonFieldError {
  return new JsonFieldError("json-invalid-field", `${path} must be ${expected}, not ${typeName(v)}`);
}

/** An optional object field; absent and null give undefined, any other non-object is an error. */
export function optionalObject(v: unknown, path: string): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalid(path, "an object", v);
  return v;
}

/** Strings as given, numbers as their source text, booleans as "true"/"false", null as null. */
export function scalarText(v: unknown, path: string): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === "string") return isJsonNumber(v) ? numberText(v) : v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  throw invalid(path, "a string, a number or a boolean", v);
}

/** A scalar field of a flat JSON shape: null and absent both give undefined; objects and arrays are errors. */
export function plainText(v: unknown, path: string): string | undefined {
  const text = scalarText(v, path);
  return text === null ? undefined : text;
}

/** A System-like value: a scalar, or an evtx-dump style element object (`#text` / `Value`). */
export function systemText(v: unknown, path: string): string | undefined {
  if (isObject(v)) return systemText(elementText(v), path);
  const text = scalarText(v, path);
  return text === null ? undefined : text;
}

/** Text of an element rendered as JSON: `#text` (evtx_dump, xmltodict), `Value` or `value`. */
export function elementText(v: JsonObject): unknown {
  return v["#text"] ?? v.Value ?? v.value;
}

/**
 * An attribute of an element rendered as JSON, in the conventions seen in the wild: a plain key (`Name`),
 * an `@` prefix (`@Name`, xmltodict) or an `#attributes` object (the Rust evtx_dump JSON output).
 */
export function attributeOf(el: unknown, name: string): unknown {
  if (!isObject(el)) return undefined;
  const plain = el[name];
  if (plain !== undefined && plain !== null) return plain;
  const prefixed = el[atKey(name)];
  if (prefixed !== undefined && prefixed !== null) return prefixed;
  const attrs = el["#attributes"];
  return isObject(attrs) ? attrs[name] : undefined;
}

/** "@Name" for "Name", built once per name rather than once per record (the readers ask for a few dozen). */
const AT_KEYS = new Map<string, string>();
const AT_KEYS_KEPT = 256;
function atKey(name: string): string {
  let key = AT_KEYS.get(name);
  if (key === undefined) {
    key = `@${name}`;
    if (AT_KEYS.size < AT_KEYS_KEPT) AT_KEYS.set(name, key);
  }
  return key;
}

/** An attribute's text; `path` names the element (the attribute's own path is only spelled out in an error). */
export function attributeText(el: unknown, name: string, path: string): string | undefined {
  const v = attributeOf(el, name);
  // Absent attributes and strings cannot be invalid: the attribute's path is only built when it may be needed.
  if (v === undefined) return undefined;
  if (typeof v === "string") return isJsonNumber(v) ? numberText(v) : v;
  return systemText(v, `${path}.${name}`);
}

/** Any JSON value as data text: nested objects and arrays are kept as compact JSON rather than dropped. */
export function dataText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return isJsonNumber(v) ? numberText(v) : v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v, (_k, value: unknown) =>
    typeof value === "string" && value.startsWith(NUMBER_MARK) ? numberText(value) : value,
  );
}

/**
 * Keywords given as a JSON number (decimal, possibly above 2^53: kept from the source text) are written the way
 * Windows Event XML renders the HexInt64 Keywords element, e.g. 9223372036854775808 → "0x8000000000000000".
 * A negative number is read as the signed view of the same 64 bits.
 */
export function keywordsText(v: unknown, path: string): string | undefined {
  if (isJsonNumber(v)) {
    const digits = numberText(v);
    if (/^-?\d+$/.test(digits)) return `0x${BigInt.asUintN(64, BigInt(digits)).toString(16)}`;
    return digits;
  }
  return systemText(v, path);
}

function namedItem(v: unknown, path: string): RawDataItem[] {
  if (isObject(v)) {
    const name = attributeOf(v, "Name");
    const text = elementText(v);
    if (Array.isArray(text)) return text.map((t) => ({ name: undefined, value: dataText(t) }));
    return [
      {
        name:
          name === undefined || name === null ? undefined : (scalarText(name, `${path}.Name`) ?? undefined),
        value: dataText(text),
      },
    ];
  }
  return [{ name: undefined, value: dataText(v) }];
}

/**
 * EventData in its JSON renderings: `{name: value}` (evtx dumps, Winlogbeat, Sentinel WindowsEvent),
 * `{"Data": [{"@Name"/"Name"/"#attributes", "#text"}…]}` (XML converted to JSON), an array of such items,
 * a JSON string of an object, or Event XML text.
 */
export function eventDataFromJson(v: unknown, path: string): RawDataItem[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") {
    const trimmed = v.trimStart();
    if (trimmed.startsWith("<")) return parseEventDataXml(v).eventData;
    if (trimmed.startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = parseJsonExact(v);
      } catch {
        throw new JsonFieldError(
          "json-invalid-field",
          `${path} is a string that is neither a JSON object nor XML`,
        );
      }
      return eventDataFromJson(parsed, path);
    }
    if (trimmed === "") return [];
    throw new JsonFieldError(
      "json-invalid-field",
      `${path} is a string that is neither a JSON object nor XML`,
    );
  }
  if (Array.isArray(v)) return v.flatMap((item, i) => namedItem(item, `${path}[${i}]`));
  if (!isObject(v)) throw invalid(path, "an object, an array or a string", v);
  const items: RawDataItem[] = [];
  for (const key in v) {
    if (key === "#attributes" || key.startsWith("@")) continue;
    const value = v[key];
    if (key === "Data" && (Array.isArray(value) || isObject(value))) {
      const list: unknown[] = Array.isArray(value) ? value : [value];
      list.forEach((item, i) => items.push(...namedItem(item, `${path}.Data[${i}]`)));
    } else {
      items.push({ name: key, value: dataText(value) });
    }
  }
  return items;
}

/** UserData (one provider-defined wrapper element) flattened to its leaves, named by their own key. */
export function userDataFromJson(v: unknown, path: string): RawDataItem[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return parseEventDataXml(v).userData ?? [];
  if (!isObject(v)) throw invalid(path, "an object", v);
  const items: RawDataItem[] = [];
  const walk = (obj: JsonObject): void => {
    for (const [key, value] of Object.entries(obj)) {
      if (key === "#attributes" || key.startsWith("@xmlns") || key === "xmlns") continue;
      if (isObject(value)) walk(value);
      else items.push({ name: key, value: dataText(value) });
    }
  };
  walk(v);
  return items;
}
