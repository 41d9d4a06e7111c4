/**
 * Facts about the ASIM Authentication schema derived from the generated tester/table tables, in the shape the
 * checker (and docs generation) needs: one entry per known field, the mandatory and recommended lists, and the
 * pairs of a value field and the field that names its type.
 */
import {
  ASIM_AUTHENTICATION_FIELDS,
  ASIM_AUTHENTICATION_TABLE,
  ASIM_AUTHENTICATION_TABLE_COLUMNS,
  type AsimFieldClass,
  type AsimKustoType,
} from "./asim-authentication.generated.js";

/**
 * The current ASIM Authentication schema version, the value EventSchemaVersion must carry.
 *
 * Source (looked up 2026-11-23): Microsoft Learn, "Advanced Security Information Model (ASIM) schemas"
 * (https://learn.microsoft.com/azure/sentinel/normalization-about-schemas), whose schema table lists
 * Authentication Event at 0.1.4 (GA), the version the "Authentication normalization schema reference"
 * (https://learn.microsoft.com/azure/sentinel/normalization-schema-authentication) documents. Older localized
 * copies of the overview still say 0.1.3; Azure/Azure-Sentinel pull request #14041 (merged 2026-04-10) moved
 * parsers still emitting 0.1.3 to 0.1.4, calling 0.1.3 incorrect.
 */
export const ASIM_AUTHENTICATION_SCHEMA_VERSION = "0.1.4";

/** The value EventSchema must carry. */
export const ASIM_AUTHENTICATION_SCHEMA_NAME = "Authentication";

/** JSON value types the checker distinguishes (Kusto scalar types, lower case). */
export type AsimValueType = "string" | "int" | "real" | "bool" | "datetime" | "dynamic";

// Exhaustive over the generated Kusto types: a new column type upstream fails compilation here.
const KUSTO_VALUE_TYPE: Record<AsimKustoType, AsimValueType> = {
  Bool: "bool",
  DateTime: "datetime",
  Dynamic: "dynamic",
  Int: "int",
  Real: "real",
  String: "string",
};

export interface AsimField {
  readonly name: string;
  readonly type: AsimValueType;
  /** Class in the schema tester; absent for table columns the tester does not list. */
  readonly class?: AsimFieldClass;
  readonly logicalType?: string;
  readonly values?: readonly string[];
  /** Conditional fields: the field this one describes. */
  readonly aliased?: string;
  /** The column type in the ASimAuthenticationEventLogs table, when the field is a column. */
  readonly column?: AsimKustoType;
}

/** Every field the checker knows: tester rows, then table-only columns, by name. */
export const ASIM_AUTHENTICATION: ReadonlyMap<string, AsimField> = (() => {
  const columns = new Map(ASIM_AUTHENTICATION_TABLE_COLUMNS);
  const fields = new Map<string, AsimField>();
  for (const row of ASIM_AUTHENTICATION_FIELDS) {
    const column = columns.get(row.name);
    fields.set(row.name, column === undefined ? row : { ...row, column });
  }
  for (const [name, column] of columns) {
    if (!fields.has(name)) fields.set(name, { name, type: KUSTO_VALUE_TYPE[column], column });
  }
  return fields;
})();

export { ASIM_AUTHENTICATION_TABLE };

/**
 * Columns Log Analytics fills itself (the resource id and the table name): never sent by a producer, so their
 * absence is not worth a warning.
 */
export const ASIM_SYSTEM_FIELDS: readonly string[] = ["_ResourceId", "Type"];

function namesOfClass(klass: AsimFieldClass): string[] {
  return ASIM_AUTHENTICATION_FIELDS.filter((f) => f.class === klass).map((f) => f.name);
}

export const ASIM_MANDATORY_FIELDS: readonly string[] = namesOfClass("Mandatory");
export const ASIM_RECOMMENDED_FIELDS: readonly string[] = namesOfClass("Recommended");

export interface AsimConditionalPair {
  /** The field naming a type (TargetUsernameType). */
  readonly typeField: string;
  /** The field it describes (TargetUsername). */
  readonly valueField: string;
  /** True when the type must be given whenever the value is. */
  readonly typeRequired: boolean;
}

// ASIM entity guidance: a username, user id or domain is only meaningful with its type ("TargetUsernameType is
// required if TargetUsername is used"), so those pairs go both ways. For the device-id pairs the type is only
// "if known".
const TYPE_REQUIRED_SUFFIXES = ["Username", "UserId", "Domain"];

/**
 * Conditional pairs: every Conditional tester row with the field its Aliased column names, plus every
 * …Username/…UserId/…Domain field with a known …Type companion (DvcDomain/DvcDomainType is Recommended in the
 * tester but follows the same rule).
 */
export const ASIM_CONDITIONAL_PAIRS: readonly AsimConditionalPair[] = (() => {
  const pairs = new Map<string, AsimConditionalPair>();
  const requiresType = (valueField: string) => TYPE_REQUIRED_SUFFIXES.some((s) => valueField.endsWith(s));
  for (const row of ASIM_AUTHENTICATION_FIELDS) {
    if (row.class === "Conditional" && row.aliased !== undefined) {
      pairs.set(row.name, {
        typeField: row.name,
        valueField: row.aliased,
        typeRequired: requiresType(row.aliased),
      });
    }
  }
  for (const name of ASIM_AUTHENTICATION.keys()) {
    const typeField = `${name}Type`;
    if (requiresType(name) && ASIM_AUTHENTICATION.has(typeField) && !pairs.has(typeField)) {
      pairs.set(typeField, { typeField, valueField: name, typeRequired: true });
    }
  }
  return [...pairs.values()];
})();
