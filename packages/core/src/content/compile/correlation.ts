import type { CorrelationOperator, CorrelationRule, DetectionRule, SigmaRule } from "../sigma/types.js";
import { CompileError, type CompileWarning, type Platform } from "./errors.js";
import { detectionExpr, type Expr } from "./ir.js";
import { resolveTarget, type FieldTarget } from "./targets.js";

/** One referenced detection rule of a correlation, resolved for a platform. */
export interface CorrelationStep {
  rule: DetectionRule;
  expr: Expr;
  /** The group-by fields for this rule's events, aligned with `groupNames` (aliases resolved). */
  keys: FieldTarget[];
}

export interface CorrelationPlan {
  rule: CorrelationRule;
  steps: CorrelationStep[];
  /** Group-by names as written (field names or alias names), usable as result column names. */
  groupNames: string[];
  /** Per group name: the target when every step reads the same field (no alias), else undefined. */
  shared: (FieldTarget | undefined)[];
  /** value_count/value_sum/value_avg fields. */
  values: FieldTarget[];
  /** The comparisons on the aggregate (temporal without condition: all referenced rules). */
  condition: readonly { op: CorrelationOperator; value: number }[];
}

export function planCorrelation(
  rule: CorrelationRule,
  index: ReadonlyMap<string, SigmaRule>,
  platform: Platform,
  warnings: CompileWarning[],
): CorrelationPlan {
  const c = rule.correlation;
  if (c.rules.length === 0) throw new CompileError(rule.meta, platform, "correlation references no rule");
  const steps = c.rules.map((id): CorrelationStep => {
    const ref = index.get(id);
    if (ref === undefined)
      throw new CompileError(rule.meta, platform, `referenced rule ${id} is not in the rule set`);
    if (ref.kind !== "detection")
      throw new CompileError(
        rule.meta,
        platform,
        `referenced rule ${id} is a correlation: chained correlations are not supported`,
      );
    const expr = detectionExpr(ref, platform, warnings);
    const keys = c.groupBy.map((g) => resolveTarget(rule.meta, c.aliases[g]?.[id] ?? g, platform, warnings));
    return { rule: ref, expr, keys };
  });
  const shared = c.groupBy.map((_g, i) => {
    const first = steps[0]?.keys[i];
    return first !== undefined && steps.every((s) => s.keys[i]?.sigma === first.sigma) ? first : undefined;
  });
  const values = (c.valueFields ?? []).map((v) => resolveTarget(rule.meta, v, platform, warnings));
  if ((c.type === "value_count" || c.type === "value_sum" || c.type === "value_avg") && values.length === 0)
    throw new CompileError(rule.meta, platform, `${c.type} needs a condition field`);
  const condition =
    c.condition.length > 0
      ? c.condition
      : c.type === "temporal"
        ? [{ op: "gte" as const, value: c.rules.length }]
        : [];
  if (condition.length === 0 && c.type !== "temporal_ordered")
    throw new CompileError(rule.meta, platform, "correlation without a condition");
  return { rule, steps, groupNames: [...c.groupBy], shared, values, condition };
}

/** A column name for a group-by or alias name, safe in every query language. */
export function groupColumn(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(clean) ? clean : `g_${clean}`;
}
