// Detections as code: the Sigma rule contract, the field map, the rule set and the local engine.
export type * from "./sigma/types.js";
export { SIGMA_MODIFIERS } from "./sigma/types.js";
export {
  FIELD_MAP,
  ENUM_CANONICAL,
  resolveField,
  readField,
  canonical,
  type FieldMapping,
  type FieldValue,
  type PlatformField,
  type Fidelity,
  type ValueKind,
} from "./field-map.js";
export { compileRuleSet, verifyRuleFields, type RuleDocument } from "./sigma/compile.js";
export { parseCondition } from "./sigma/condition.js";
export { loadRules } from "./rules.js";
export type { Alert, AlertEvent } from "./alert.js";
export { DetectionEngine, UnorderedDetector, detectAll, type DetectionStats } from "./engine/engine.js";
export * from "./compile/index.js";
export * from "./dashboards/index.js";
