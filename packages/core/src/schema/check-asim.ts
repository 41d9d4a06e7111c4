/**
 * ASIM Authentication conformance of one row.
 *
 * Two targets: a normalized row as the ASIM parsers (imAuthentication) present it, which may carry the parser
 * aliases (Dvc, User, Dst, …) and EventSchema; or, with `tableOnly`, a row to ingest as is into the
 * ASimAuthenticationEventLogs table, which may only use that table's columns. The table has no EventSchema or
 * Dvc column: the built-in parser over the table adds them, so `tableOnly` does not ask for them.
 *
 * Sources: the Azure-Sentinel ASIM schema tester rows and the table definition (asim-authentication.generated.ts);
 * field rules from https://learn.microsoft.com/azure/sentinel/normalization-schema-authentication and
 * https://learn.microsoft.com/azure/sentinel/normalization-common-fields.
 */
import {
  ASIM_AUTHENTICATION,
  ASIM_AUTHENTICATION_SCHEMA_NAME,
  ASIM_AUTHENTICATION_SCHEMA_VERSION,
  ASIM_AUTHENTICATION_TABLE,
  ASIM_CONDITIONAL_PAIRS,
  ASIM_MANDATORY_FIELDS,
  ASIM_RECOMMENDED_FIELDS,
  ASIM_SYSTEM_FIELDS,
  type AsimField,
  type AsimValueType,
} from "./asim-authentication.js";
import {
  isPlainObject,
  jsonKind,
  showValue,
  type SchemaProblem,
  type SchemaProblemSeverity,
} from "./problem.js";
import { isIpAddress, isIsoDateTime, isMacAddress, isoToEpochMs } from "./values.js";

export interface AsimCheckOptions {
  /** Only ASimAuthenticationEventLogs columns are allowed (and only mandatory columns are required). */
  tableOnly?: boolean;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Empty in the KQL sense (isempty): missing, null or "". */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function expectedFor(
  type: AsimValueType,
  field: string,
  value: unknown,
): { code: string; expected: string } | undefined {
  switch (type) {
    case "string":
      return typeof value === "string" ? undefined : { code: "wrong-type", expected: "a string" };
    case "int":
      return typeof value === "number" && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX
        ? undefined
        : { code: "wrong-type", expected: "a 32-bit integer number" };
    case "real":
      return typeof value === "number" && Number.isFinite(value)
        ? undefined
        : { code: "wrong-type", expected: "a number" };
    case "bool":
      return typeof value === "boolean" ? undefined : { code: "wrong-type", expected: "a boolean" };
    case "datetime":
      if (typeof value !== "string") return { code: "wrong-type", expected: "an ISO-8601 date-time string" };
      return isIsoDateTime(value) ? undefined : { code: "bad-date", expected: "an ISO-8601 date-time" };
    case "dynamic":
      // AdditionalFields is a property bag by ASIM's definition; other dynamic columns take any JSON value.
      return field !== "AdditionalFields" || isPlainObject(value)
        ? undefined
        : { code: "wrong-type", expected: "an object (property bag)" };
  }
}

class AsimCheck {
  readonly problems: SchemaProblem[] = [];

  constructor(
    private readonly doc: Record<string, unknown>,
    private readonly tableOnly: boolean,
  ) {}

  report(field: string, code: string, severity: SchemaProblemSeverity, message: string): void {
    this.problems.push({ schema: "asim", field, code, severity, message });
  }

  /** Whether the field is expected in this mode (a table column when tableOnly). */
  applies(name: string): boolean {
    return !this.tableOnly || ASIM_AUTHENTICATION.get(name)?.column !== undefined;
  }

  fields(): void {
    for (const [name, value] of Object.entries(this.doc)) {
      const spec = ASIM_AUTHENTICATION.get(name);
      if (spec === undefined) {
        this.report(
          name,
          "unknown-field",
          "error",
          `${name} is not an ASIM Authentication field or ${ASIM_AUTHENTICATION_TABLE} column (value ${showValue(value)}); put extras in AdditionalFields`,
        );
      } else if (!this.applies(name)) {
        this.report(
          name,
          "not-a-table-column",
          "error",
          `${name} is not a column of ${ASIM_AUTHENTICATION_TABLE} (value ${showValue(value)}); the table's parser derives it or it has no place there`,
        );
      } else if (value !== undefined && value !== null) {
        this.value(spec, value);
      }
    }
  }

  value(spec: AsimField, value: unknown): void {
    const { name } = spec;
    const bad = expectedFor(spec.type, name, value);
    if (bad !== undefined) {
      this.report(
        name,
        bad.code,
        "error",
        `${name} must be ${bad.expected}, got ${jsonKind(value)} ${showValue(value)}`,
      );
      return;
    }
    if (name === "EventCount" && typeof value === "number" && value < 1) {
      this.report(name, "bad-value", "error", `EventCount must be at least 1, got ${showValue(value)}`);
    }
    if (typeof value !== "string" || value === "") return;
    if (name === "EventSchema") {
      if (value !== ASIM_AUTHENTICATION_SCHEMA_NAME) {
        this.report(
          name,
          "wrong-schema",
          "error",
          `EventSchema must be "${ASIM_AUTHENTICATION_SCHEMA_NAME}", got ${showValue(value)}`,
        );
      }
      return;
    }
    if (name === "EventSchemaVersion" && value !== ASIM_AUTHENTICATION_SCHEMA_VERSION) {
      this.report(
        name,
        "wrong-schema-version",
        "error",
        `EventSchemaVersion must be "${ASIM_AUTHENTICATION_SCHEMA_VERSION}" (current Authentication schema), got ${showValue(value)}`,
      );
    }
    if (spec.values !== undefined && !spec.values.includes(value)) {
      const near = spec.values.find((v) => v.toLowerCase() === value.toLowerCase());
      const hint = near === undefined ? "" : ` (did you mean "${near}"? values are case-sensitive)`;
      this.report(
        name,
        "bad-enumeration",
        "error",
        `${name} value ${showValue(value)} is not one of ${spec.values.join(" | ")}${hint}`,
      );
    }
    if (spec.logicalType === "IP Address" && !isIpAddress(value)) {
      this.report(
        name,
        "bad-ip",
        "error",
        `${name} must be an IPv4 or IPv6 address, got ${showValue(value)}`,
      );
    }
    if (spec.logicalType === "MAC address" && !isMacAddress(value)) {
      this.report(
        name,
        "bad-mac",
        "error",
        `${name} must be a MAC address (six hex octets), got ${showValue(value)}`,
      );
    }
  }

  presence(): void {
    for (const name of ASIM_MANDATORY_FIELDS) {
      if (this.applies(name) && isEmpty(this.doc[name])) {
        this.report(
          name,
          "missing-mandatory",
          "error",
          `${name} is mandatory and is ${showValue(this.doc[name])}`,
        );
      }
    }
    for (const name of ASIM_RECOMMENDED_FIELDS) {
      if (ASIM_SYSTEM_FIELDS.includes(name) || !this.applies(name)) continue;
      if (isEmpty(this.doc[name])) {
        this.report(
          name,
          "missing-recommended",
          "warning",
          `${name} is recommended and is ${showValue(this.doc[name])}`,
        );
      }
    }
    for (const { typeField, valueField, typeRequired } of ASIM_CONDITIONAL_PAIRS) {
      const hasType = !isEmpty(this.doc[typeField]);
      const hasValue = !isEmpty(this.doc[valueField]);
      if (hasType && !hasValue) {
        this.report(
          typeField,
          "conditional-without-base",
          "error",
          `${typeField} is ${showValue(this.doc[typeField])} but ${valueField}, the field it describes, is empty`,
        );
      } else if (typeRequired && hasValue && !hasType) {
        this.report(
          typeField,
          "missing-conditional",
          "error",
          `${typeField} is required when ${valueField} is set (${valueField} is ${showValue(this.doc[valueField])})`,
        );
      }
    }
  }

  timeOrder(): void {
    const start = this.doc["EventStartTime"];
    const end = this.doc["EventEndTime"];
    if (typeof start !== "string" || typeof end !== "string") return;
    const s = isoToEpochMs(start);
    const e = isoToEpochMs(end);
    if (s !== undefined && e !== undefined && s > e) {
      this.report(
        "EventStartTime",
        "time-order",
        "warning",
        `EventStartTime ${showValue(start)} is after EventEndTime ${showValue(end)}`,
      );
    }
  }
}

/** Checks one row against the ASIM Authentication schema (see the module comment). Never throws for bad input. */
export function checkAsim(doc: Record<string, unknown>, options: AsimCheckOptions = {}): SchemaProblem[] {
  const check = new AsimCheck(doc, options.tableOnly === true);
  if (!isPlainObject(doc)) {
    check.report("", "not-an-object", "error", `an ASIM row must be a JSON object, got ${jsonKind(doc)}`);
    return check.problems;
  }
  check.fields();
  check.presence();
  check.timeOrder();
  return check.problems;
}
