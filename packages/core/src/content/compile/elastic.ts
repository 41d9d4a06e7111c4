import type { CorrelationRule, DetectionRule, SigmaRule } from "../sigma/types.js";
import { attackOf } from "./attack.js";
import { planCorrelation, groupColumn, type CorrelationPlan } from "./correlation.js";
import { CompileError, Unexpressible, type CompileWarning } from "./errors.js";
import { eqlField, printEql } from "./eql.js";
import { esqlColumn, esqlString, printEsql } from "./esql.js";
import { detectionExpr, testsOf, type Expr } from "./ir.js";
import { printKql } from "./kql-kibana.js";
import {
  buildingBlocks,
  uniqueWarnings,
  describe,
  ELASTIC_SEVERITY,
  ruleIndex,
  scheduleOf,
  shortDuration,
} from "./meta.js";
import type { FieldTarget } from "./targets.js";

/** Our data stream (ECS_DATASET `windows.ntlm_operational`, any namespace): what every Elastic rule reads. */
export const ELASTIC_INDEX_PATTERN = "logs-windows.ntlm_operational-*";

export type ElasticLanguage = "kuery" | "eql" | "esql";

/**
 * A rule in the Kibana detection engine's import format (one NDJSON line of `POST
 * /api/detection_engine/rules/_import`; same body as the create-rule API).
 * https://www.elastic.co/docs/api/doc/kibana/group/endpoint-security-detections-api
 */
export interface ElasticRule {
  rule_id: string;
  name: string;
  description: string;
  risk_score: number;
  severity: string;
  type: "query" | "eql" | "esql";
  language: ElasticLanguage;
  query: string;
  /** Not for ES|QL rules: their query names the indices in FROM. */
  index?: string[];
  from: string;
  interval: string;
  enabled: boolean;
  tags: string[];
  threat: ElasticThreat[];
  references: string[];
  false_positives: string[];
  author: string[];
  license: string;
  version: number;
  max_signals: number;
  note: string;
  /** Building blocks feed correlations and are hidden from the alerts table by default. */
  building_block_type?: "default";
}

export interface ElasticThreat {
  framework: "MITRE ATT&CK";
  tactic: { id: string; name: string; reference: string };
  technique: {
    id: string;
    name: string;
    reference: string;
    subtechnique?: { id: string; name: string; reference: string }[];
  }[];
}

export interface ElasticArtifact {
  platform: "elastic";
  sigmaId: string;
  rule: ElasticRule;
  /** Every source field the query reads (for the field-existence tests). */
  fields: string[];
  warnings: CompileWarning[];
}

export interface ElasticOptions {
  /** Index pattern of our ECS data (default ELASTIC_INDEX_PATTERN). */
  index?: string;
}

export function compileElastic(
  rule: SigmaRule,
  rules: readonly SigmaRule[],
  options: ElasticOptions = {},
): ElasticArtifact {
  const index = options.index ?? ELASTIC_INDEX_PATTERN;
  const warnings: CompileWarning[] = [];
  const fields = new Set<string>();
  const q =
    rule.kind === "detection"
      ? detectionQuery(rule, index, warnings, fields)
      : correlationQuery(rule, rules, index, warnings, fields);
  const schedule = scheduleOf(rule);
  const sev = ELASTIC_SEVERITY[rule.meta.level];
  const out: ElasticRule = {
    rule_id: rule.meta.id,
    name: rule.meta.title,
    description: describe(rule.meta),
    risk_score: sev.risk,
    severity: sev.severity,
    type: q.language === "kuery" ? "query" : q.language,
    language: q.language,
    query: q.query,
    from: `now-${shortDuration(schedule.lookbackMs + (rule.kind === "detection" ? 60_000 : 0))}`,
    interval: shortDuration(schedule.intervalMs),
    enabled: true,
    tags: [...rule.meta.tags, "ntlm-siem", `sigma:${rule.meta.id}`],
    threat: threatOf(rule.meta.tags),
    references: [...rule.meta.references],
    false_positives: [...rule.meta.falsepositives],
    author: rule.meta.author === undefined ? [] : [rule.meta.author],
    license: rule.meta.license ?? "Apache-2.0",
    version: 1,
    max_signals: 100,
    note: noteOf(rule, uniqueWarnings(warnings)),
  };
  if (q.language !== "esql") out.index = [index];
  if (rule.kind === "detection" && buildingBlocks(rules).has(rule.meta.id))
    out.building_block_type = "default";
  // Key order of the import format: index right after query.
  const ordered: ElasticRule = reorder(out);
  return {
    platform: "elastic",
    sigmaId: rule.meta.id,
    rule: ordered,
    fields: [...fields].sort(),
    warnings: uniqueWarnings(warnings),
  };
}

function reorder(r: ElasticRule): ElasticRule {
  const { index, ...rest } = r;
  const out = {} as ElasticRule;
  for (const [k, v] of Object.entries(rest)) {
    (out as unknown as Record<string, unknown>)[k] = v;
    if (k === "query" && index !== undefined) out.index = index;
  }
  return out;
}

function noteOf(rule: SigmaRule, warnings: readonly CompileWarning[]): string {
  const lines = [`Compiled by ntlm-siem from Sigma rule ${rule.meta.id} (${rule.meta.source.file}).`];
  for (const w of warnings) lines.push(`- ${w.field === undefined ? "" : `${w.field}: `}${w.message}`);
  return lines.join("\n");
}

function threatOf(tags: readonly string[]): ElasticThreat[] {
  const attack = attackOf(tags);
  return attack.tactics.map((tactic) => {
    const techniques = attack.byTactic.get(tactic.id) ?? [];
    // Sub-techniques sit under their parent technique.
    const parents = new Map<string, ElasticThreat["technique"][number]>();
    for (const t of techniques) {
      const p = t.parent ?? { id: t.id, name: t.name, reference: t.reference };
      let entry = parents.get(p.id);
      if (!entry) {
        entry = { id: p.id, name: p.name, reference: p.reference };
        parents.set(p.id, entry);
      }
      if (t.parent) (entry.subtechnique ??= []).push({ id: t.id, name: t.name, reference: t.reference });
    }
    return {
      framework: "MITRE ATT&CK" as const,
      tactic: {
        id: tactic.id,
        name: tactic.name,
        reference: `https://attack.mitre.org/tactics/${tactic.id}/`,
      },
      technique: [...parents.values()],
    };
  });
}

function collectFields(e: Expr, fields: Set<string>, esql: boolean): void {
  for (const { f, test } of testsOf(e)) {
    addTarget(f, fields, esql);
    if (test.t === "fieldref") addTarget(test.other, fields, esql);
  }
}

function addTarget(f: FieldTarget, fields: Set<string>, esql: boolean): void {
  if (f.derived !== undefined) {
    // The derived column is computed; the fields it reads are the field map's `derived.from` targets.
    for (const m of f.derived.matchAll(/winlog\.event_data\.[A-Za-z0-9_]+/g)) fields.add(m[0]);
    return;
  }
  for (const p of esql ? f.paths.slice(0, 1) : f.paths) fields.add(p);
}

function rawWarning(e: Expr, warnings: CompileWarning[]): void {
  for (const { f } of testsOf(e))
    if (f.paths.length > 1 && !warnings.some((w) => w.field === f.sigma && w.message.startsWith("ES|QL")))
      warnings.push({
        field: f.sigma,
        message: `ES|QL fails on unmapped columns, so only ${f.paths[0] ?? ""} is read (not ${f.paths.slice(1).join(", ")})`,
      });
}

function derivedEvals(e: Expr): string[] {
  const out = new Set<string>();
  for (const { f, test } of testsOf(e)) {
    if (f.derived !== undefined) out.add(f.derived);
    if (test.t === "fieldref" && test.other.derived !== undefined) out.add(test.other.derived);
  }
  return [...out];
}

/** Simple rules: KQL when it means the same, else EQL, else ES|QL (see README: what each cannot express). */
function detectionQuery(
  rule: DetectionRule,
  index: string,
  warnings: CompileWarning[],
  fields: Set<string>,
): { language: ElasticLanguage; query: string } {
  const expr = detectionExpr(rule, "elastic", warnings);
  const reasons: string[] = [];
  try {
    const query = printKql(expr);
    collectFields(expr, fields, false);
    return { language: "kuery", query };
  } catch (err) {
    if (!(err instanceof Unexpressible)) throw err;
    reasons.push(`KQL: ${err.message}`);
  }
  try {
    const query = `any where ${printEql(expr)}`;
    collectFields(expr, fields, false);
    return { language: "eql", query };
  } catch (err) {
    if (!(err instanceof Unexpressible)) throw err;
    reasons.push(`EQL: ${err.message}`);
  }
  try {
    const lines = [`FROM ${index} METADATA _id, _index, _version`];
    for (const d of derivedEvals(expr)) lines.push(`| ${d}`);
    lines.push(`| WHERE ${printEsql(expr)}`);
    rawWarning(expr, warnings);
    collectFields(expr, fields, true);
    return { language: "esql", query: lines.join("\n") };
  } catch (err) {
    if (!(err instanceof Unexpressible)) throw err;
    reasons.push(`ES|QL: ${err.message}`);
    throw new CompileError(
      rule.meta,
      "elastic",
      `no Elastic language can express it (${reasons.join("; ")})`,
      err.field,
    );
  }
}

function correlationQuery(
  rule: CorrelationRule,
  rules: readonly SigmaRule[],
  index: string,
  warnings: CompileWarning[],
  fields: Set<string>,
): { language: ElasticLanguage; query: string } {
  const plan = planCorrelation(rule, ruleIndex(rules), "elastic", warnings);
  try {
    return rule.correlation.type === "temporal_ordered"
      ? { language: "eql", query: eqlSequence(plan, fields, warnings) }
      : { language: "esql", query: esqlStats(plan, index, fields, warnings) };
  } catch (err) {
    if (err instanceof Unexpressible) throw new CompileError(rule.meta, "elastic", err.message, err.field);
    throw err;
  }
}

/**
 * temporal_ordered -> `sequence ... with maxspan=`: group-by fields every step shares go into `sequence by`,
 * aliased ones into each step's own `by` (EQL joins them positionally).
 * https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-sequences
 */
function eqlSequence(plan: CorrelationPlan, fields: Set<string>, warnings: CompileWarning[]): string {
  const c = plan.rule.correlation;
  const keyField = (t: FieldTarget): string => {
    if (t.derived !== undefined) throw new Unexpressible("derived group-by field", t.sigma);
    if (t.paths.length > 1)
      warnings.push({
        field: t.sigma,
        message: `EQL joins on one field: ${t.paths[0] ?? ""} (other spellings ignored)`,
      });
    return eqlField(t.paths[0] ?? "");
  };
  const shared = plan.shared.flatMap((t) => (t === undefined ? [] : [keyField(t)]));
  const lines = [
    `sequence${shared.length > 0 ? ` by ${shared.join(", ")}` : ""} with maxspan=${shortDuration(c.timespan.ms)}`,
  ];
  for (const step of plan.steps) {
    const own = step.keys.filter((_k, i) => plan.shared[i] === undefined).map(keyField);
    // Events without a group-by value never correlate (engine rule): require every key.
    const present = step.keys.map((k) => `${keyField(k)} != null`);
    collectFields(step.expr, fields, false);
    for (const k of step.keys) fields.add(k.paths[0] ?? "");
    lines.push(
      `  [any where (${printEql(step.expr)}) and ${present.join(" and ")}]${own.length > 0 ? ` by ${own.join(", ")}` : ""}`,
    );
  }
  warnings.push({ message: "EQL compares join keys case-sensitively (the engine folds case)" });
  return lines.join("\n");
}

const OPS = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "==", neq: "!=" } as const;

/** A column as lower-case text, the engine's group and distinct-value key. */
function keyExpr(t: FieldTarget): string {
  return `TO_LOWER(TO_STRING(${esqlColumn(t)}))`;
}

/**
 * event_count / value_count / value_sum / value_avg / temporal -> ES|QL `STATS ... BY` over the rule's lookback
 * window, then a WHERE on the aggregate. Each referenced rule's condition tags its events in `ntlm_rule`.
 * https://www.elastic.co/docs/reference/query-languages/esql/commands/processing-commands#esql-stats-by
 */
function esqlStats(
  plan: CorrelationPlan,
  index: string,
  fields: Set<string>,
  warnings: CompileWarning[],
): string {
  const c = plan.rule.correlation;
  const lines = [`FROM ${index}`];
  const derived = new Set<string>();
  for (const s of plan.steps) for (const d of derivedEvals(s.expr)) derived.add(d);
  for (const t of [...plan.steps.flatMap((s) => s.keys), ...plan.values])
    if (t.derived !== undefined) derived.add(t.derived);
  for (const d of derived) lines.push(`| ${d}`);
  const tag = plan.steps.map((s) => `(${printEsql(s.expr)}), ${esqlString(s.rule.meta.id)}`).join(", ");
  lines.push(`| EVAL ntlm_rule = CASE(${tag}, null)`);
  lines.push(`| WHERE ntlm_rule IS NOT NULL`);
  for (const s of plan.steps) {
    rawWarning(s.expr, warnings);
    collectFields(s.expr, fields, true);
  }
  const groupCols = plan.groupNames.map(groupColumn);
  const evals = plan.groupNames.map((_g, i) => {
    const shared = plan.shared[i];
    const col = groupCols[i] ?? "";
    if (shared !== undefined) {
      addTarget(shared, fields, true);
      return `${col} = ${keyExpr(shared)}`;
    }
    const branches = plan.steps.map((s) => {
      const k = s.keys[i];
      if (k === undefined) throw new Unexpressible("group-by key missing");
      addTarget(k, fields, true);
      return `ntlm_rule == ${esqlString(s.rule.meta.id)}, ${keyExpr(k)}`;
    });
    return `${col} = CASE(${branches.join(", ")}, null)`;
  });
  if (evals.length > 0) {
    lines.push(`| EVAL ${evals.join(", ")}`);
    lines.push(`| WHERE ${groupCols.map((g) => `${g} IS NOT NULL`).join(" AND ")}`);
  }
  let agg: string;
  switch (c.type) {
    case "event_count":
      agg = "COUNT(*)";
      break;
    case "value_count": {
      for (const v of plan.values) addTarget(v, fields, true);
      const key =
        plan.values.length === 1 && plan.values[0] !== undefined
          ? keyExpr(plan.values[0])
          : `CONCAT(${plan.values.map((v) => keyExpr(v)).join(', "|", ')})`;
      lines.push(`| EVAL ntlm_value_key = ${key}`);
      agg = "COUNT_DISTINCT(ntlm_value_key)";
      break;
    }
    case "value_sum":
    case "value_avg": {
      const v = plan.values[0];
      if (v === undefined) throw new Unexpressible("value field missing");
      addTarget(v, fields, true);
      lines.push(`| EVAL ntlm_value_num = TO_DOUBLE(${esqlColumn(v)})`);
      agg = c.type === "value_sum" ? "SUM(ntlm_value_num)" : "AVG(ntlm_value_num)";
      break;
    }
    case "temporal":
      agg = "COUNT_DISTINCT(ntlm_rule)";
      break;
    case "temporal_ordered":
      throw new Unexpressible("temporal_ordered needs an EQL sequence");
  }
  fields.add("@timestamp");
  const by = groupCols.length > 0 ? ` BY ${groupCols.join(", ")}` : "";
  lines.push(
    `| STATS ntlm_value = ${agg}, ntlm_events = COUNT(*), first_seen = MIN(@timestamp), last_seen = MAX(@timestamp)${by}`,
  );
  lines.push(`| WHERE ${plan.condition.map((x) => `ntlm_value ${OPS[x.op]} ${x.value}`).join(" AND ")}`);
  return lines.join("\n");
}
