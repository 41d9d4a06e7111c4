// Schema conformance layer: field tables for ECS, Splunk CIM Authentication and ASIM Authentication, and one
// checker per schema returning SchemaProblem lists.
export type { SchemaName, SchemaProblem, SchemaProblemSeverity } from "./problem.js";
export { isIpAddress, isIpv4, isIpv6, isIsoDateTime, isMacAddress, isoToEpochMs } from "./values.js";

export { ECS_FIELDS, ECS_REQUIRED_FIELDS, ECS_VERSION } from "./ecs-fields.generated.js";
export type { EcsFieldSpec, EcsFieldType } from "./ecs-fields.generated.js";
export { checkEcs, ecsField } from "./check-ecs.js";
export type { EcsCheckOptions } from "./check-ecs.js";

export {
  ASIM_AUTHENTICATION_FIELDS,
  ASIM_AUTHENTICATION_TABLE_COLUMNS,
} from "./asim-authentication.generated.js";
export type {
  AsimColumnType,
  AsimFieldClass,
  AsimFieldSpec,
  AsimKustoType,
} from "./asim-authentication.generated.js";
export {
  ASIM_AUTHENTICATION,
  ASIM_AUTHENTICATION_SCHEMA_NAME,
  ASIM_AUTHENTICATION_SCHEMA_VERSION,
  ASIM_AUTHENTICATION_TABLE,
  ASIM_CONDITIONAL_PAIRS,
  ASIM_MANDATORY_FIELDS,
  ASIM_RECOMMENDED_FIELDS,
  ASIM_SYSTEM_FIELDS,
} from "./asim-authentication.js";
export type { AsimConditionalPair, AsimField, AsimValueType } from "./asim-authentication.js";
export { checkAsim } from "./check-asim.js";
export type { AsimCheckOptions } from "./check-asim.js";

export {
  CIM_AUTHENTICATION_ACTIONS,
  CIM_AUTHENTICATION_DATASETS,
  CIM_AUTHENTICATION_FIELDS,
  CIM_AUTHENTICATION_TAG,
  DEFAULT_CIM_EXTRA_PREFIXES,
  SPLUNK_DEFAULT_FIELDS,
} from "./cim-authentication.js";
export type { CimConstraint, CimDataType, CimDataset, CimFieldSpec } from "./cim-authentication.js";
export { checkCim, cimDatasetsOf } from "./check-cim.js";
export type { CimCheckOptions } from "./check-cim.js";
