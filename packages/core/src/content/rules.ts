import { GENERATED_RULES } from "./rules.generated.js";
import { verifyRuleFields } from "./sigma/compile.js";
import type { SigmaRule } from "./sigma/types.js";

/**
 * The rule set, compiled from content/detections/rules/*.yml at generation time. Loading re-checks every field
 * against the field map, so a field-map change that drops a field the rules use fails here, loudly, not as a rule
 * that silently never matches.
 */
export function loadRules(rules: readonly SigmaRule[] = GENERATED_RULES.rules): readonly SigmaRule[] {
  for (const rule of rules) verifyRuleFields(rule);
  return rules;
}
