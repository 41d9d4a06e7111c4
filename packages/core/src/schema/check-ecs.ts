/**
 * ECS conformance of one document as it would be indexed into Elasticsearch.
 *
 * The document is flattened the way Elasticsearch maps it: objects nest (and dotted keys are the same thing as
 * nested objects), arrays of objects contribute each element's fields under the same path, arrays of scalars are
 * one leaf. Every leaf outside the caller's custom namespaces must be an ECS field whose JSON value fits the ECS
 * type; the categorization fields must hold ECS allowed values, and each event.type must be one ECS expects for
 * at least one of the document's event.category values.
 *
 * Sources: field definitions from @elastic/ecs (see ecs-fields.generated.ts); type semantics from the
 * Elasticsearch field type reference; categorization rules from
 * https://www.elastic.co/guide/en/ecs/current/ecs-category-field-values-reference.html.
 */
import {
  ECS_FIELDS,
  ECS_REQUIRED_FIELDS,
  ECS_VERSION,
  type EcsFieldSpec,
  type EcsFieldType,
} from "./ecs-fields.generated.js";
import {
  isPlainObject,
  jsonKind,
  showValue,
  type SchemaProblem,
  type SchemaProblemSeverity,
} from "./problem.js";
import { isIpAddress, isIsoDateTime } from "./values.js";

export interface EcsCheckOptions {
  /**
   * Top-level (or dotted) namespaces the project owns, e.g. ["ntlm", "winlog"]: everything at or under them is
   * skipped. ECS asks custom fields to live under their own names so they never collide with future ECS fields.
   */
  customNamespaces: readonly string[];
}

/** What a JSON value must look like for an Elasticsearch field type. */
type ValueKind =
  | "string"
  | "byte"
  | "short"
  | "integer"
  | "long"
  | "unsigned_long"
  | "number"
  | "boolean"
  | "ip"
  | "date"
  | "geo_point"
  | "object";

// Covers the Elasticsearch types ECS uses today and the ones it could plausibly adopt; `kindOf` below only
// compiles while every EcsFieldType of the generated table is listed here.
const ES_TYPE_KIND = {
  keyword: "string",
  constant_keyword: "string",
  wildcard: "string",
  match_only_text: "string",
  text: "string",
  byte: "byte",
  short: "short",
  integer: "integer",
  long: "long",
  unsigned_long: "unsigned_long",
  half_float: "number",
  float: "number",
  scaled_float: "number",
  double: "number",
  boolean: "boolean",
  ip: "ip",
  date: "date",
  date_nanos: "date",
  geo_point: "geo_point",
  object: "object",
  nested: "object",
  flattened: "object",
} as const satisfies Record<string, ValueKind>;

function kindOf(type: EcsFieldType): ValueKind {
  return ES_TYPE_KIND[type];
}

const INTEGER_RANGE: Record<"byte" | "short" | "integer" | "long", readonly [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  // 2^63 - 1 is past double precision (it rounds to 2^63); the bound only catches plainly out-of-range values.
  long: [-(2 ** 63), 2 ** 63 - 1],
};

const UNSIGNED_LONG_MAX = 18446744073709551615n;

/** Fields with ECS sub-fields of their own (log.syslog, dns.answers, …): their objects are walked, not leaves. */
const HAS_SUBFIELDS: ReadonlySet<string> = (() => {
  const parents = new Set<string>();
  for (const name of ECS_FIELDS.keys()) {
    for (let i = name.indexOf("."); i !== -1; i = name.indexOf(".", i + 1)) {
      const prefix = name.slice(0, i);
      if (ECS_FIELDS.has(prefix)) parents.add(prefix);
    }
  }
  return parents;
})();

/** The fields with enforced allowed values (the event categorization fields). */
const ENUMERATED: readonly (readonly [string, readonly string[]])[] = [...ECS_FIELDS].flatMap(
  ([name, spec]) => (spec.allowed === undefined ? [] : [[name, spec.allowed] as const]),
);

interface TypeMismatch {
  code: "wrong-type" | "bad-ip" | "bad-date";
  expected: string;
}

function mismatch(kind: ValueKind, value: unknown): TypeMismatch | undefined {
  switch (kind) {
    case "string":
      return typeof value === "string" ? undefined : { code: "wrong-type", expected: "a string" };
    case "byte":
    case "short":
    case "integer":
    case "long": {
      const [min, max] = INTEGER_RANGE[kind];
      return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
        ? undefined
        : { code: "wrong-type", expected: `an integer number in the ${kind} range` };
    }
    case "unsigned_long": {
      let big: bigint | undefined;
      if (typeof value === "number" && Number.isInteger(value)) big = BigInt(value);
      else if (typeof value === "string" && /^\d{1,20}$/.test(value)) big = BigInt(value);
      return big !== undefined && big >= 0n && big <= UNSIGNED_LONG_MAX
        ? undefined
        : { code: "wrong-type", expected: "a non-negative integer (number or decimal string) below 2^64" };
    }
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? undefined
        : { code: "wrong-type", expected: "a number" };
    case "boolean":
      return typeof value === "boolean" ? undefined : { code: "wrong-type", expected: "a boolean" };
    case "ip":
      if (typeof value !== "string") return { code: "wrong-type", expected: "an IP address string" };
      return isIpAddress(value) ? undefined : { code: "bad-ip", expected: "an IPv4 or IPv6 address" };
    case "date":
      if (typeof value !== "string") return { code: "wrong-type", expected: "an ISO-8601 date string" };
      return isIsoDateTime(value) ? undefined : { code: "bad-date", expected: "an ISO-8601 date-time" };
    case "geo_point": {
      if (!isPlainObject(value)) return { code: "wrong-type", expected: "a {lat, lon} object" };
      const { lat, lon } = value;
      return typeof lat === "number" && typeof lon === "number" && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
        ? undefined
        : { code: "wrong-type", expected: "a {lat, lon} object with lat in ±90 and lon in ±180" };
    }
    case "object":
      return isPlainObject(value) ? undefined : { code: "wrong-type", expected: "an object" };
  }
}

/** Arrays of arrays are flattened by Elasticsearch; nulls are skipped as if absent. */
function elementsOf(values: readonly unknown[]): unknown[] {
  return values.flat(Infinity).filter((v) => v !== null && v !== undefined);
}

class EcsWalk {
  readonly problems: SchemaProblem[] = [];
  /** Values seen per ECS leaf field (arrays spread), for the cross-field rules. */
  readonly values = new Map<string, unknown[]>();

  constructor(private readonly custom: readonly string[]) {}

  report(field: string, code: string, severity: SchemaProblemSeverity, message: string): void {
    this.problems.push({ schema: "ecs", field, code, severity, message });
  }

  isCustom(path: string): boolean {
    return this.custom.some((ns) => path === ns || path.startsWith(`${ns}.`));
  }

  /** `repeated`: inside an array of objects, where each element legitimately repeats the same paths. */
  visitMembers(path: string, object: Record<string, unknown>, repeated: boolean): void {
    for (const [key, value] of Object.entries(object)) {
      this.visit(path === "" ? key : `${path}.${key}`, value, repeated);
    }
  }

  visit(path: string, value: unknown, repeated: boolean): void {
    if (value === undefined || this.isCustom(path)) return;
    const spec = ECS_FIELDS.get(path);
    if (spec === undefined) {
      if (isPlainObject(value)) return this.visitMembers(path, value, repeated);
      if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
        for (const element of value) this.visitMembers(path, element, true);
        return;
      }
      this.report(
        path,
        "unknown-field",
        "error",
        `${path} is not an ECS ${ECS_VERSION} field (value ${showValue(value)})`,
      );
      return;
    }
    if (
      HAS_SUBFIELDS.has(path) &&
      (isPlainObject(value) || (Array.isArray(value) && value.every(isPlainObject)))
    ) {
      this.checkArrayShape(path, spec, value);
      if (Array.isArray(value)) for (const element of value) this.visitMembers(path, element, true);
      else this.visitMembers(path, value, repeated);
      return;
    }
    this.leaf(path, spec, value, repeated);
  }

  checkArrayShape(path: string, spec: EcsFieldSpec, value: unknown): void {
    if (spec.array && !Array.isArray(value)) {
      this.report(
        path,
        "array-not-normalized",
        "warning",
        `${path} should be an array (ECS normalize: array), got ${showValue(value)}`,
      );
    } else if (!spec.array && Array.isArray(value) && value.length > 1) {
      this.report(
        path,
        "unexpected-array",
        "warning",
        `${path} holds one value in ECS, got the array ${showValue(value)}`,
      );
    }
  }

  leaf(path: string, spec: EcsFieldSpec, value: unknown, repeated: boolean): void {
    if (value === null) return; // Elasticsearch indexes null as "no value"
    this.checkArrayShape(path, spec, value);
    const elements = Array.isArray(value) ? elementsOf(value) : [value];
    const kind = kindOf(spec.type);
    elements.forEach((element, index) => {
      const problem = mismatch(kind, element);
      if (problem === undefined) return;
      const where = Array.isArray(value) ? `${path}[${index}]` : path;
      this.report(
        path,
        problem.code,
        "error",
        `${where} is ECS type ${spec.type} and must be ${problem.expected}, got ${jsonKind(element)} ${showValue(element)}`,
      );
    });
    const seen = this.values.get(path);
    if (seen === undefined) this.values.set(path, elements);
    else if (repeated) seen.push(...elements);
    else {
      // Reachable when a document spells the same field both as nested objects and as a dotted key.
      this.report(
        path,
        "duplicate-field",
        "warning",
        `${path} is given more than once (${showValue(elements)} again)`,
      );
      seen.push(...elements);
    }
  }

  /** Allowed values of the categorization fields, and event.type against event.category. */
  categorization(): void {
    const valid = new Map<string, string[]>();
    for (const [name, allowed] of ENUMERATED) {
      const good: string[] = [];
      for (const value of this.values.get(name) ?? []) {
        if (typeof value !== "string") continue; // already reported as wrong-type
        if (allowed.includes(value)) good.push(value);
        else {
          this.report(
            name,
            "bad-enumeration",
            "error",
            `${name} value ${showValue(value)} is not an ECS allowed value (${allowed.join(", ")})`,
          );
        }
      }
      valid.set(name, good);
    }
    const categories = valid.get("event.category") ?? [];
    const expected = ECS_FIELDS.get("event.category")?.expectedTypes ?? {};
    if (categories.length === 0) return;
    for (const type of valid.get("event.type") ?? []) {
      if (categories.some((c) => expected[c]?.includes(type) === true)) continue;
      const options = [...new Set(categories.flatMap((c) => expected[c] ?? []))];
      this.report(
        "event.type",
        "unexpected-event-type",
        "error",
        `event.type ${showValue(type)} is not expected for event.category ${showValue(categories)} (expected: ${options.join(", ")})`,
      );
    }
  }

  required(): void {
    for (const name of ECS_REQUIRED_FIELDS) {
      if (this.isCustom(name)) continue;
      if ((this.values.get(name) ?? []).length === 0) {
        this.report(name, "missing-required", "error", `${name} is required by ECS and is missing`);
      }
    }
    const version = this.values.get("ecs.version")?.[0];
    if (typeof version === "string" && version !== ECS_VERSION) {
      this.report(
        "ecs.version",
        "ecs-version-mismatch",
        "warning",
        `ecs.version ${showValue(version)} differs from ${ECS_VERSION}, the version this check knows`,
      );
    }
  }
}

/** Checks one document against ECS (see the module comment for what is checked). Never throws for bad input. */
export function checkEcs(doc: object, options: EcsCheckOptions): SchemaProblem[] {
  const walk = new EcsWalk(options.customNamespaces);
  if (!isPlainObject(doc)) {
    walk.report("", "not-an-object", "error", `an ECS document must be a JSON object, got ${jsonKind(doc)}`);
    return walk.problems;
  }
  walk.visitMembers("", doc, false);
  walk.categorization();
  walk.required();
  return walk.problems;
}

/** The ECS definition of one flat field name, if ECS has it. */
export function ecsField(name: string): EcsFieldSpec | undefined {
  return ECS_FIELDS.get(name);
}
