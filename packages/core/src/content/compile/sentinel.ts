import { ASIM_EVENT_PRODUCT, ASIM_EVENT_VENDOR } from "../../map/asim/asim.js";
import {
  ASIM_AUTHENTICATION_TABLE,
  ASIM_AUTHENTICATION_TABLE_COLUMNS,
} from "../../schema/asim-authentication.generated.js";
import type { CorrelationRule, SigmaRule } from "../sigma/types.js";
import { attackOf } from "./attack.js";
import { groupColumn, planCorrelation, type CorrelationPlan } from "./correlation.js";
import { CompileError, Unexpressible, type CompileWarning } from "./errors.js";
import { detectionExpr, testsOf, type Expr } from "./ir.js";
import { kustoString, kustoText, printKusto } from "./kusto.js";
import {
  buildingBlocks,
  uniqueWarnings,
  describe,
  isoDuration,
  ruleIndex,
  scheduleOf,
  SENTINEL_SEVERITY,
  shortDuration,
  stableGuid,
} from "./meta.js";
import type { FieldTarget } from "./targets.js";

/** The ASIM view every Sentinel query reads (parameterised so the parsers can pre-filter by time). */
export const ASIM_VIEW = "_Im_Authentication";

/**
 * How a query recognises our rows among everything else the Authentication parsers return. EventVendor and
 * EventProduct ("Microsoft" / "Security Events") are shared with the Windows 4624/4625 parsers, so they only
 * narrow the scan; `AdditionalFields.NtlmAction` (the event.action of our model) is on every row our ASIM mapper
 * writes and on no row of Microsoft's parsers.
 */
export const OUR_ROWS = `EventVendor == ${kustoString(ASIM_EVENT_VENDOR)} and EventProduct == ${kustoString(ASIM_EVENT_PRODUCT)} and isnotempty(tostring(AdditionalFields.NtlmAction))`;

/**
 * ASIM aliases our mapper writes that the Log Analytics table has no column for (the view computes them): the
 * expression rebuilding them from stored columns, exactly as map/asim/asim.ts fills them. Dvc is the reporting
 * host: DvcFQDN when the name is dotted, DvcHostname otherwise.
 */
const TABLE_ALIASES: Readonly<Record<string, string>> = { Dvc: "coalesce(DvcFQDN, DvcHostname)" };

const TABLE_COLUMNS: ReadonlySet<string> = new Set(ASIM_AUTHENTICATION_TABLE_COLUMNS.map(([name]) => name));

export type SentinelSource = "view" | "table";

/** `Microsoft.SecurityInsights/alertRules` (kind Scheduled) as an ARM resource; the connector sets the scope. */
export interface SentinelAlertRule {
  type: "Microsoft.SecurityInsights/alertRules";
  apiVersion: string;
  name: string;
  kind: "Scheduled";
  properties: {
    displayName: string;
    description: string;
    severity: string;
    enabled: boolean;
    query: string;
    queryFrequency: string;
    queryPeriod: string;
    triggerOperator: "GreaterThan";
    triggerThreshold: 0;
    suppressionDuration: string;
    suppressionEnabled: boolean;
    tactics: string[];
    techniques: string[];
    subTechniques: string[];
    entityMappings: SentinelEntityMapping[];
    customDetails?: Record<string, string>;
    eventGroupingSettings: { aggregationKind: "SingleAlert" | "AlertPerResult" };
    templateVersion: string;
  };
}

export interface SentinelEntityMapping {
  entityType: "Account" | "Host" | "IP";
  fieldMappings: { identifier: string; columnName: string }[];
}

export interface SentinelArtifact {
  platform: "sentinel";
  sigmaId: string;
  alertRule: SentinelAlertRule;
  /** The query over the ASIM view and over the raw table (undefined, with the reason, when it cannot be built). */
  queries: { view: string; table?: string; tableUnavailable?: string };
  fields: string[];
  warnings: CompileWarning[];
}

export interface SentinelOptions {
  /** Which query the alert rule runs (default: the ASIM view). */
  source?: SentinelSource;
}

// ARM API version with subTechniques on scheduled rules.
const API_VERSION = "2024-09-01";

export function compileSentinel(
  rule: SigmaRule,
  rules: readonly SigmaRule[],
  options: SentinelOptions = {},
): SentinelArtifact {
  const warnings: CompileWarning[] = [];
  const schedule = scheduleOf(rule);
  const lookback = shortDuration(schedule.lookbackMs);
  const view = `${ASIM_VIEW}(starttime=ago(${lookback}), endtime=now())`;
  let body: Body;
  try {
    body =
      rule.kind === "detection"
        ? detectionBody(rule.meta, detectionExpr(rule, "sentinel", warnings))
        : correlationBody(rule, rules, warnings);
  } catch (err) {
    if (err instanceof Unexpressible) throw new CompileError(rule.meta, "sentinel", err.message, err.field);
    throw err;
  }
  const viewQuery = body.render(view, []);
  const missing = [...body.columns].filter((c) => !TABLE_COLUMNS.has(c) && TABLE_ALIASES[c] === undefined);
  const queries: SentinelArtifact["queries"] = { view: viewQuery };
  if (missing.length === 0) {
    const aliases = Object.entries(TABLE_ALIASES).map(([name, expr]) => `${name} = ${expr}`);
    queries.table = body.render(ASIM_AUTHENTICATION_TABLE, [`extend ${aliases.join(", ")}`]);
  } else
    queries.tableUnavailable = `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not a column of ${ASIM_AUTHENTICATION_TABLE} (the ASIM view computes ${missing.length === 1 ? "it" : "them"})`;
  const source = options.source ?? "view";
  const query = source === "table" ? queries.table : viewQuery;
  if (query === undefined)
    throw new CompileError(rule.meta, "sentinel", queries.tableUnavailable ?? "no table query");
  const attack = attackOf(rule.meta.tags);
  const disabled = rule.kind === "detection" && buildingBlocks(rules).has(rule.meta.id);
  const alertRule: SentinelAlertRule = {
    type: "Microsoft.SecurityInsights/alertRules",
    apiVersion: API_VERSION,
    name: stableGuid(rule.meta.id),
    kind: "Scheduled",
    properties: {
      displayName: rule.meta.title,
      description: describe(rule.meta),
      severity: SENTINEL_SEVERITY[rule.meta.level],
      enabled: !disabled,
      query,
      queryFrequency: isoDuration(schedule.intervalMs),
      queryPeriod: isoDuration(schedule.lookbackMs),
      triggerOperator: "GreaterThan",
      triggerThreshold: 0,
      suppressionDuration: isoDuration(schedule.lookbackMs),
      suppressionEnabled: false,
      tactics: attack.tactics.map((t) => t.sentinel),
      techniques: [...new Set(attack.techniques.map((t) => t.parent?.id ?? t.id))],
      subTechniques: attack.techniques.filter((t) => t.parent !== undefined).map((t) => t.id),
      entityMappings: body.entities,
      eventGroupingSettings: {
        aggregationKind: rule.kind === "detection" ? "SingleAlert" : "AlertPerResult",
      },
      templateVersion: "1.0.0",
    },
  };
  if (body.customDetails !== undefined) alertRule.properties.customDetails = body.customDetails;
  return {
    platform: "sentinel",
    sigmaId: rule.meta.id,
    alertRule,
    queries,
    fields: [...body.fields].sort(),
    warnings: uniqueWarnings(warnings),
  };
}

interface Body {
  /** The query text for a source (the view call or the table name) and extra first steps. */
  render: (source: string, prelude: readonly string[]) => string;
  /** Top-level columns read (for the table check). */
  columns: Set<string>;
  /** Source fields read, AdditionalFields members as `AdditionalFields.X`. */
  fields: Set<string>;
  entities: SentinelEntityMapping[];
  customDetails?: Record<string, string>;
}

function addTarget(t: FieldTarget, fields: Set<string>, columns: Set<string>): void {
  if (t.derived !== undefined) {
    for (const m of t.derived.matchAll(/\b(TargetUsername|ActorUsername|SrcHostname|Dvc)\b/g)) {
      fields.add(m[0]);
      columns.add(m[0]);
    }
    return;
  }
  for (const p of t.paths) {
    fields.add(p);
    columns.add(p.split(".")[0] ?? p);
  }
}

function collect(e: Expr, fields: Set<string>, columns: Set<string>): void {
  for (const { f, test } of testsOf(e)) {
    addTarget(f, fields, columns);
    if (test.t === "fieldref") addTarget(test.other, fields, columns);
  }
}

function derivedSteps(exprs: readonly Expr[], extra: readonly FieldTarget[] = []): string[] {
  const out = new Set<string>();
  for (const e of exprs)
    for (const { f, test } of testsOf(e)) {
      if (f.derived !== undefined) out.add(f.derived);
      if (test.t === "fieldref" && test.other.derived !== undefined) out.add(test.other.derived);
    }
  for (const t of extra) if (t.derived !== undefined) out.add(t.derived);
  return [...out];
}

const BASE_FIELDS = ["EventVendor", "EventProduct", "AdditionalFields.NtlmAction", "TimeGenerated"];

// Detections map the entities of the row: the account, the reporting host and the client address.
const DETECTION_ENTITIES: SentinelEntityMapping[] = [
  { entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "TargetUsername" }] },
  { entityType: "Host", fieldMappings: [{ identifier: "FullName", columnName: "Dvc" }] },
  { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "SrcIpAddr" }] },
];

function detectionBody(_meta: SigmaRule["meta"], expr: Expr): Body {
  const fields = new Set<string>(BASE_FIELDS);
  const columns = new Set<string>(["EventVendor", "EventProduct", "AdditionalFields", "TimeGenerated"]);
  collect(expr, fields, columns);
  for (const e of DETECTION_ENTITIES)
    for (const m of e.fieldMappings) {
      fields.add(m.columnName);
      columns.add(m.columnName);
    }
  const steps = [...derivedSteps([expr]), `where ${printKusto(expr)}`];
  return {
    render: (source, prelude) => [source, ...prelude, `where ${OUR_ROWS}`, ...steps].join("\n| "),
    columns,
    fields,
    entities: DETECTION_ENTITIES,
  };
}

const OPS = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "==", neq: "!=" } as const;

/** Entity columns an aggregated result can carry: a shared group-by target on one of these columns. */
const ENTITY_COLUMNS: Readonly<
  Record<string, { entityType: SentinelEntityMapping["entityType"]; identifier: string }>
> = {
  Dvc: { entityType: "Host", identifier: "FullName" },
  SrcHostname: { entityType: "Host", identifier: "HostName" },
  TargetHostname: { entityType: "Host", identifier: "HostName" },
  TargetUsername: { entityType: "Account", identifier: "FullName" },
  ActorUsername: { entityType: "Account", identifier: "FullName" },
  SrcIpAddr: { entityType: "IP", identifier: "Address" },
  TargetIpAddr: { entityType: "IP", identifier: "Address" },
};

function correlationBody(
  rule: CorrelationRule,
  rules: readonly SigmaRule[],
  warnings: CompileWarning[],
): Body {
  const plan = planCorrelation(rule, ruleIndex(rules), "sentinel", warnings);
  const fields = new Set<string>(BASE_FIELDS);
  const columns = new Set<string>(["EventVendor", "EventProduct", "AdditionalFields", "TimeGenerated"]);
  for (const s of plan.steps) collect(s.expr, fields, columns);
  const groups = plan.groupNames.map(groupColumn);
  const keys = groups.length > 0 ? groups : ["ntlm_all"];
  const steps: string[] = [
    ...derivedSteps(
      plan.steps.map((s) => s.expr),
      [...plan.steps.flatMap((s) => s.keys), ...plan.values],
    ),
  ];
  steps.push(`where ${plan.steps.map((s) => `(${printKusto(s.expr)})`).join(" or ")}`);
  steps.push(
    `extend ntlm_rule = case(${plan.steps.map((s) => `${printKusto(s.expr)}, ${kustoString(s.rule.meta.id)}`).join(", ")}, "")`,
  );
  const evals = plan.groupNames.map((_g, i) => {
    const shared = plan.shared[i];
    if (shared !== undefined) {
      addTarget(shared, fields, columns);
      return `${groups[i] ?? ""} = tolower(${kustoText(shared)})`;
    }
    const branches = plan.steps.map((s) => {
      const k = s.keys[i];
      if (k === undefined) throw new Unexpressible("group-by key missing");
      addTarget(k, fields, columns);
      return `ntlm_rule == ${kustoString(s.rule.meta.id)}, tolower(${kustoText(k)})`;
    });
    return `${groups[i] ?? ""} = case(${branches.join(", ")}, "")`;
  });
  if (groups.length === 0) evals.push("ntlm_all = 1");
  steps.push(`extend ${evals.join(", ")}`);
  if (groups.length > 0) steps.push(`where ${groups.map((g) => `isnotempty(${g})`).join(" and ")}`);

  // Entities: original-case values of shared group-by columns that name an entity; aliased keys of IP kind.
  const carry: string[] = [];
  const entities: SentinelEntityMapping[] = [];
  plan.groupNames.forEach((_g, i) => {
    const shared = plan.shared[i];
    const col = shared?.paths[0];
    const entity = col === undefined ? undefined : ENTITY_COLUMNS[col];
    if (
      shared !== undefined &&
      col !== undefined &&
      entity !== undefined &&
      shared.part === "whole" &&
      !groups.includes(col)
    ) {
      carry.push(col);
      entities.push({
        entityType: entity.entityType,
        fieldMappings: [{ identifier: entity.identifier, columnName: col }],
      });
    } else if (shared === undefined && plan.steps.every((s) => s.keys[i]?.mapping.value === "ip"))
      entities.push({
        entityType: "IP",
        fieldMappings: [{ identifier: "Address", columnName: groups[i] ?? "" }],
      });
  });
  const customDetails: Record<string, string> = { NtlmValue: "ntlm_value", NtlmEvents: "ntlm_events" };
  const c = rule.correlation;
  const tail =
    c.type === "temporal_ordered"
      ? sequenceTail(plan, keys, carry)
      : countTail(plan, keys, carry, fields, columns);
  return {
    render: (source, prelude) => {
      const events = [source, ...prelude, `where ${OUR_ROWS}`, ...steps].join("\n| ");
      return c.type === "temporal_ordered"
        ? `let ntlm_events = materialize(${events});\n${tail.join("\n| ")}`
        : [events, ...tail].join("\n| ");
    },
    columns,
    fields,
    entities,
    customDetails,
  };
}

function countTail(
  plan: CorrelationPlan,
  keys: readonly string[],
  carry: readonly string[],
  fields: Set<string>,
  columns: Set<string>,
): string[] {
  const c = plan.rule.correlation;
  const out: string[] = [];
  let agg: string;
  switch (c.type) {
    case "value_count": {
      for (const v of plan.values) addTarget(v, fields, columns);
      const key = plan.values.map((v) => `tolower(${kustoText(v)})`).join(`, "|", `);
      out.push(`extend ntlm_value_key = ${plan.values.length > 1 ? `strcat(${key})` : key}`);
      // Exact distinct count (dcount is an estimate); empty values are absent and do not count.
      agg = "count_distinctif(ntlm_value_key, isnotempty(ntlm_value_key))";
      break;
    }
    case "value_sum":
    case "value_avg": {
      const v = plan.values[0];
      if (v === undefined) throw new Unexpressible("value field missing");
      addTarget(v, fields, columns);
      out.push(`extend ntlm_value_num = todouble(${kustoText(v)})`);
      agg = c.type === "value_sum" ? "sum(ntlm_value_num)" : "avg(ntlm_value_num)";
      break;
    }
    case "temporal":
      agg = "count_distinct(ntlm_rule)";
      break;
    case "event_count":
    case "temporal_ordered":
      agg = "count()";
      break;
  }
  const carried = carry.map((col) => `${col} = take_any(${col})`);
  out.push(
    `summarize ${[`ntlm_value = ${agg}`, "ntlm_events = count()", "StartTime = min(TimeGenerated)", "EndTime = max(TimeGenerated)", "ntlm_rules = make_set(ntlm_rule)", ...carried].join(", ")} by ${keys.join(", ")}`,
  );
  out.push(`where ${plan.condition.map((x) => `ntlm_value ${OPS[x.op]} ${x.value}`).join(" and ")}`);
  return out;
}

/**
 * temporal_ordered: each referenced rule's events joined to the next one's on the group keys, each at or after the
 * previous, all within the timespan of the first.
 */
function sequenceTail(plan: CorrelationPlan, keys: readonly string[], carry: readonly string[]): string[] {
  const span = shortDuration(plan.rule.correlation.timespan.ms);
  const keep = [...keys, ...carry];
  const pick = (i: number, withCarry: boolean): string => {
    const id = plan.steps[i]?.rule.meta.id ?? "";
    const cols = withCarry ? keep : keys;
    return `ntlm_events | where ntlm_rule == ${kustoString(id)} | project ${[...cols, `T${i + 1} = TimeGenerated`].join(", ")}`;
  };
  const out = [pick(0, true)];
  for (let i = 1; i < plan.steps.length; i++) {
    out.push(`join kind=inner (${pick(i, false)}) on ${keys.join(", ")}`);
    out.push(`where T${i + 1} >= T${i} and T${i + 1} - T1 <= ${span}`);
  }
  const n = plan.steps.length;
  const carried = carry.map((col) => `${col} = take_any(${col})`);
  out.push(
    `summarize ${["ntlm_events = count()", "StartTime = min(T1)", `EndTime = max(T${n})`, ...carried].join(", ")} by ${keys.join(", ")}`,
  );
  out.push(`extend ntlm_value = ${n}`);
  return out;
}
