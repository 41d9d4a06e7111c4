/**
 * Splunk CIM Authentication conformance of one event's fields (as sent to HEC, or as extracted at search time).
 * Facts and their source: cim-authentication.ts.
 */
import {
  CIM_AUTHENTICATION_DATASETS,
  CIM_AUTHENTICATION_FIELDS,
  CIM_AUTHENTICATION_TAG,
  DEFAULT_CIM_EXTRA_PREFIXES,
  SPLUNK_DEFAULT_FIELDS,
  type CimFieldSpec,
} from "./cim-authentication.js";
import {
  isPlainObject,
  jsonKind,
  showValue,
  type SchemaProblem,
  type SchemaProblemSeverity,
} from "./problem.js";
import { isIpAddress } from "./values.js";

export interface CimCheckOptions {
  /** Prefixes that mark the project's own extra fields; default ["ntlm_", "vendor_"]. */
  extraPrefixes?: readonly string[];
}

const FIELDS: ReadonlyMap<string, CimFieldSpec> = new Map(CIM_AUTHENTICATION_FIELDS.map((f) => [f.name, f]));

/** Splunk fields may be multivalue: a JSON array of values stands for that. */
function valuesOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function stringsOf(value: unknown): string[] {
  return valuesOf(value).filter((v): v is string => typeof v === "string");
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)
  );
}

function fitsType(spec: CimFieldSpec, value: unknown): boolean {
  switch (spec.type) {
    case "string":
      return typeof value === "string";
    case "number":
      // Splunk types numbers at search time, so a numeric string still lands as a number in the model.
      return (
        (typeof value === "number" && Number.isFinite(value)) ||
        (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
      );
  }
}

/** Checks one event against the CIM Authentication data model. Never throws for bad input. */
export function checkCim(doc: Record<string, unknown>, options: CimCheckOptions = {}): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (field: string, code: string, severity: SchemaProblemSeverity, message: string): void => {
    problems.push({ schema: "cim", field, code, severity, message });
  };
  if (!isPlainObject(doc)) {
    report("", "not-an-object", "error", `a CIM event must be a JSON object, got ${jsonKind(doc)}`);
    return problems;
  }
  const prefixes = options.extraPrefixes ?? DEFAULT_CIM_EXTRA_PREFIXES;

  for (const [name, value] of Object.entries(doc)) {
    const spec = FIELDS.get(name);
    if (spec === undefined) {
      if (!SPLUNK_DEFAULT_FIELDS.includes(name) && !prefixes.some((p) => name.startsWith(p))) {
        report(
          name,
          "unknown-field",
          "error",
          `${name} is not a CIM Authentication field (value ${showValue(value)}); extras need one of the prefixes ${prefixes.join(", ")}`,
        );
      }
      continue;
    }
    if (value === undefined || value === null) continue;
    const wrong = valuesOf(value).filter((v) => !fitsType(spec, v));
    if (wrong.length > 0) {
      report(
        name,
        "wrong-type",
        "error",
        `${name} is CIM type ${spec.type}, got ${wrong.map((v) => `${jsonKind(v)} ${showValue(v)}`).join(", ")}`,
      );
      continue;
    }
    if (spec.expectedValues !== undefined) {
      for (const v of stringsOf(value)) {
        if (!spec.expectedValues.includes(v)) {
          report(
            name,
            "bad-enumeration",
            "error",
            `${name} value ${showValue(v)} is not one of ${spec.expectedValues.join(", ")}`,
          );
        }
      }
    }
    if (name === "src_ip" || name === "dest_ip") {
      for (const v of stringsOf(value)) {
        if (!isIpAddress(v))
          report(name, "bad-ip", "error", `${name} must be an IP address, got ${showValue(v)}`);
      }
    }
  }

  if (!stringsOf(doc["tag"]).includes(CIM_AUTHENTICATION_TAG)) {
    report(
      "tag",
      "missing-tag",
      "error",
      `tag must include "${CIM_AUTHENTICATION_TAG}", got ${showValue(doc["tag"])}`,
    );
  }
  for (const spec of CIM_AUTHENTICATION_FIELDS) {
    if (spec.recommended && isEmpty(doc[spec.name])) {
      report(
        spec.name,
        "missing-recommended",
        "warning",
        `${spec.name} is recommended and is ${showValue(doc[spec.name])}`,
      );
    }
  }
  return problems;
}

/** Names of the Authentication datasets an event falls into (root first), for docs and summaries. */
export function cimDatasetsOf(doc: Record<string, unknown>): string[] {
  const matched = new Set<string>();
  for (const dataset of CIM_AUTHENTICATION_DATASETS) {
    const inParent = dataset.parent === undefined || matched.has(dataset.parent);
    const values = stringsOf(doc[dataset.constraint.field]);
    if (inParent && values.some((v) => dataset.constraint.anyOf.includes(v))) matched.add(dataset.name);
  }
  return [...matched];
}
