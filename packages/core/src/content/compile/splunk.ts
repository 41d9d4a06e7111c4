import { CIM_APP } from "../../map/cim/cim.js";
import { CIM_AUTHENTICATION_FIELDS } from "../../schema/cim-authentication.js";
import type { CorrelationRule, DetectionRule, SigmaRule } from "../sigma/types.js";
import { attackOf } from "./attack.js";
import { groupColumn, planCorrelation, type CorrelationPlan } from "./correlation.js";
import { CompileError, Unexpressible, type CompileWarning } from "./errors.js";
import { and, detectionExpr, testsOf, type Expr } from "./ir.js";
import {
  buildingBlocks,
  uniqueWarnings,
  describe,
  ruleIndex,
  scheduleOf,
  shortDuration,
  SPLUNK_SEVERITY,
} from "./meta.js";
import { evalValue, printEval, printSearch, splField, splString } from "./spl.js";
import type { FieldTarget } from "./targets.js";

/**
 * The sourcetype our Splunk connector gives the CIM documents it sends through HEC. One constant, imported by the
 * connector, so the searches and the data agree.
 */
export const SPLUNK_SOURCETYPE = "ntlm-siem:cim";

/**
 * The base search every raw-event search starts with: our sourcetype and CIM `app` value. Not `source=`: HEC
 * sets `source` per token/input, the sourcetype is ours. `index=*` because the target index is a deployment
 * choice: pass `baseSearch` (for example `index=wineventlog sourcetype="ntlm-siem:cim" app="ntlm"` or a macro
 * such as `` `ntlm_siem` ``) to pin it.
 */
export const SPLUNK_DEFAULT_BASE_SEARCH = `index=* sourcetype=${splString(SPLUNK_SOURCETYPE)} app=${splString(CIM_APP)}`;

/**
 * Fields the Authentication data model carries (and so can be read by `tstats` from its summaries): the model's
 * own fields minus the src/dest aliases that are extraction sources, not model fields.
 * https://help.splunk.com/en/data-management/common-information-model/6.0/data-models/authentication
 */
const DATA_MODEL_FIELDS: ReadonlySet<string> = new Set(
  CIM_AUTHENTICATION_FIELDS.filter((f) => f.aliasOf === undefined).map((f) => f.name),
);

/**
 * Our CIM fields that are outside the data model but whose value a model field carries too. EventCode (the
 * field map's target of Sigma EventID) equals `signature_id`: the CIM mapper writes both from the event ID, and
 * test/content/compile/fields.test.ts checks it on every golden event. (The field map has no slot for a
 * data-model alternative; see README.)
 */
const DATA_MODEL_ALIASES: Readonly<Record<string, string>> = { EventCode: "signature_id" };

/** A scheduled alert as savedsearches.conf stanza settings (savedsearches.conf.spec, Splunk 10.0). */
export interface SplunkSavedSearch {
  name: string;
  search: string;
  description: string;
  disabled: 0 | 1;
  enableSched: 1;
  cron_schedule: string;
  "dispatch.earliest_time": string;
  "dispatch.latest_time": string;
  "alert.severity": number;
  "alert.track": 1;
  "alert.digest_mode": 0 | 1;
  "alert.suppress"?: 1;
  "alert.suppress.fields"?: string;
  "alert.suppress.period"?: string;
  counttype: "number of events";
  relation: "greater than";
  quantity: 0;
  "action.ntlm_siem.param.sigma_id": string;
  "action.ntlm_siem.param.mitre_attack": string;
}

export interface SplunkArtifact {
  platform: "splunk";
  sigmaId: string;
  /** tstats over the Authentication data model, or a search of the raw CIM events. */
  mode: "tstats" | "raw";
  savedSearch: SplunkSavedSearch;
  fields: string[];
  warnings: CompileWarning[];
}

export interface SplunkOptions {
  baseSearch?: string;
}

export function compileSplunk(
  rule: SigmaRule,
  rules: readonly SigmaRule[],
  options: SplunkOptions = {},
): SplunkArtifact {
  const base = options.baseSearch ?? SPLUNK_DEFAULT_BASE_SEARCH;
  const warnings: CompileWarning[] = [];
  const fields = new Set<string>();
  let built: { mode: "tstats" | "raw"; search: string; suppress?: string[] };
  try {
    built =
      rule.kind === "detection"
        ? detectionSearch(rule, base, warnings, fields)
        : correlationSearch(rule, rules, base, warnings, fields);
  } catch (err) {
    if (err instanceof Unexpressible) throw new CompileError(rule.meta, "splunk", err.message, err.field);
    throw err;
  }
  const schedule = scheduleOf(rule);
  const attack = attackOf(rule.meta.tags);
  const saved: SplunkSavedSearch = {
    name: `ntlm-siem - ${rule.meta.title}`,
    search: built.search,
    description: describe(rule.meta),
    disabled: rule.kind === "detection" && buildingBlocks(rules).has(rule.meta.id) ? 1 : 0,
    enableSched: 1,
    cron_schedule: cronOf(schedule.intervalMs),
    // One minute of ingestion delay; consecutive runs tile the time line when lookback == interval.
    "dispatch.earliest_time": `-${shortDuration(schedule.lookbackMs + 60_000)}@m`,
    "dispatch.latest_time": "-1m@m",
    "alert.severity": SPLUNK_SEVERITY[rule.meta.level],
    "alert.track": 1,
    "alert.digest_mode": rule.kind === "detection" ? 1 : 0,
    counttype: "number of events",
    relation: "greater than",
    quantity: 0,
    "action.ntlm_siem.param.sigma_id": rule.meta.id,
    "action.ntlm_siem.param.mitre_attack": attack.techniques.map((t) => t.id).join(","),
  };
  if (built.suppress !== undefined && built.suppress.length > 0) {
    saved["alert.suppress"] = 1;
    saved["alert.suppress.fields"] = built.suppress.join(",");
    saved["alert.suppress.period"] = shortDuration(schedule.lookbackMs);
  }
  return {
    platform: "splunk",
    sigmaId: rule.meta.id,
    mode: built.mode,
    savedSearch: saved,
    fields: [...fields].sort(),
    warnings: uniqueWarnings(warnings),
  };
}

/** cron for an interval: minutes dividing an hour, hours dividing a day, else daily. */
export function cronOf(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `*/${Math.max(1, minutes)} * * * *`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
  return "0 0 * * *";
}

function collect(e: Expr, fields: Set<string>): void {
  for (const { f, test } of testsOf(e)) {
    addTarget(f, fields);
    if (test.t === "fieldref") addTarget(test.other, fields);
  }
}

function addTarget(f: FieldTarget, fields: Set<string>): void {
  if (f.derived !== undefined) {
    // The derived column reads the CIM fields its eval names (field map `derived.spl`).
    for (const m of f.derived.matchAll(/\b(?:user|src|dest|src_user)\b/g)) fields.add(m[0]);
    return;
  }
  for (const p of f.paths) fields.add(p);
}

function derivedEvals(e: Expr): string[] {
  const out = new Set<string>();
  for (const { f, test } of testsOf(e)) {
    if (f.derived !== undefined) out.add(f.derived);
    if (test.t === "fieldref" && test.other.derived !== undefined) out.add(test.other.derived);
  }
  return [...out];
}

/** Top-level conjuncts that search terms can express go before the first pipe; the rest into `| where`. */
function split(e: Expr): { search: string[]; rest: Expr[] } {
  const conjuncts = e.k === "and" ? e.xs : [e];
  const search: string[] = [];
  const rest: Expr[] = [];
  for (const c of conjuncts) {
    try {
      const s = printSearch(c);
      search.push(e.k === "and" && c.k === "or" ? `(${s})` : s);
    } catch (err) {
      if (!(err instanceof Unexpressible)) throw err;
      rest.push(c);
    }
  }
  return { search, rest };
}

function dataModelName(path: string): string {
  const name = DATA_MODEL_ALIASES[path] ?? path;
  if (!DATA_MODEL_FIELDS.has(name))
    throw new Unexpressible(`${path} is not in the Authentication data model`);
  return `Authentication.${name}`;
}

// The entity fields an analyst needs beside a detection (all Authentication data-model fields).
const TSTATS_BY = [
  "Authentication.signature_id",
  "Authentication.src",
  "Authentication.user",
  "Authentication.dest",
];

function detectionSearch(
  rule: DetectionRule,
  base: string,
  warnings: CompileWarning[],
  fields: Set<string>,
): { mode: "tstats" | "raw"; search: string } {
  const expr = detectionExpr(rule, "splunk", warnings);
  collect(expr, fields);
  // tstats when the whole condition is search terms over data-model fields (absent/present excluded: a model
  // summary cannot tell a null field from an unextracted one).
  const tstatsable = testsOf(expr).every(
    ({ test }) => test.t !== "absent" && test.t !== "present" && test.t !== "cidr",
  );
  if (tstatsable) {
    try {
      const where = printSearch(expr, dataModelName);
      fields.add("app");
      for (const f of ["signature_id", "src", "user", "dest"]) fields.add(f);
      return {
        mode: "tstats",
        search: [
          `| tstats summariesonly=false fillnull_value="unknown" count min(_time) as firstTime max(_time) as lastTime from datamodel=Authentication where Authentication.app=${splString(CIM_APP)} (${where}) by ${TSTATS_BY.join(" ")}`,
          `| rename Authentication.* as *`,
        ].join("\n"),
      };
    } catch (err) {
      if (!(err instanceof Unexpressible)) throw err;
    }
  }
  const { search, rest } = split(expr);
  const lines = [[base, ...search].join(" ")];
  for (const d of derivedEvals(expr)) lines.push(`| ${d}`);
  if (rest.length > 0) lines.push(`| where ${printEval(and(rest))}`);
  return { mode: "raw", search: lines.join("\n") };
}

const OPS = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "==", neq: "!=" } as const;

function keyEval(t: FieldTarget): string {
  return `lower(${evalValue(t)})`;
}

function correlationSearch(
  rule: CorrelationRule,
  rules: readonly SigmaRule[],
  base: string,
  warnings: CompileWarning[],
  fields: Set<string>,
): { mode: "raw"; search: string; suppress: string[] } {
  const plan = planCorrelation(rule, ruleIndex(rules), "splunk", warnings);
  const c = rule.correlation;
  // Pre-filter: each step's search-term conjuncts, OR-ed (only when every step has some).
  const pre = plan.steps.map((s) => split(s.expr).search);
  const prefilter = pre.every((p) => p.length > 0)
    ? plan.steps.length === 1
      ? ` ${(pre[0] ?? []).join(" ")}`
      : ` (${pre.map((p) => `(${p.join(" ")})`).join(" OR ")})`
    : "";
  const lines = [`${base}${prefilter}`];
  const derived = new Set<string>();
  for (const s of plan.steps) for (const d of derivedEvals(s.expr)) derived.add(d);
  for (const t of [...plan.steps.flatMap((s) => s.keys), ...plan.values])
    if (t.derived !== undefined) derived.add(t.derived);
  for (const d of derived) lines.push(`| ${d}`);
  for (const s of plan.steps) collect(s.expr, fields);
  lines.push(
    `| eval ntlm_rule=case(${plan.steps.map((s) => `${printEval(s.expr)}, ${splString(s.rule.meta.id)}`).join(", ")})`,
  );
  lines.push(`| where isnotnull(ntlm_rule)`);
  const groups = plan.groupNames.map(groupColumn);
  const evals = plan.groupNames.map((_g, i) => {
    const shared = plan.shared[i];
    if (shared !== undefined) {
      addTarget(shared, fields);
      return `${groups[i] ?? ""}=${keyEval(shared)}`;
    }
    const branches = plan.steps.map((s) => {
      const k = s.keys[i];
      if (k === undefined) throw new Unexpressible("group-by key missing");
      addTarget(k, fields);
      return `ntlm_rule==${splString(s.rule.meta.id)}, ${keyEval(k)}`;
    });
    return `${groups[i] ?? ""}=case(${branches.join(", ")})`;
  });
  if (evals.length > 0) {
    lines.push(`| eval ${evals.join(", ")}`);
    lines.push(`| where ${groups.map((g) => `isnotnull(${g})`).join(" AND ")}`);
  }
  const by = groups.length > 0 ? ` by ${groups.join(" ")}` : "";
  switch (c.type) {
    case "temporal_ordered":
      lines.push(...sequence(plan, groups));
      break;
    case "event_count":
    case "value_count":
    case "value_sum":
    case "value_avg":
    case "temporal": {
      let agg: string;
      if (c.type === "value_count") {
        for (const v of plan.values) addTarget(v, fields);
        lines.push(`| eval ntlm_value_key=${plan.values.map(keyEval).join(` . "|" . `)}`);
        agg = "dc(ntlm_value_key)";
      } else if (c.type === "value_sum" || c.type === "value_avg") {
        const v = plan.values[0];
        if (v === undefined) throw new Unexpressible("value field missing");
        addTarget(v, fields);
        lines.push(`| eval ntlm_value_num=tonumber(${evalValue(v)})`);
        agg = c.type === "value_sum" ? "sum(ntlm_value_num)" : "avg(ntlm_value_num)";
      } else agg = c.type === "temporal" ? "dc(ntlm_rule)" : "count";
      lines.push(
        `| stats ${agg} as ntlm_value count as ntlm_events min(_time) as firstTime max(_time) as lastTime values(ntlm_rule) as ntlm_rules${by}`,
      );
      lines.push(`| where ${plan.condition.map((x) => `ntlm_value${OPS[x.op]}${x.value}`).join(" AND ")}`);
      break;
    }
  }
  return { mode: "raw", search: lines.join("\n"), suppress: groups };
}

/**
 * temporal_ordered -> `transaction` per group within maxspan, starting with the first rule's event and ending
 * with the last one's; every rule must occur. For more than two rules the order of the middle ones is not
 * checked (transaction keeps no reliable event order in its multivalue fields). Splunk: transaction command.
 */
function sequence(plan: CorrelationPlan, groups: readonly string[]): string[] {
  const n = plan.steps.length;
  const step = plan.steps.map((s, i) => `ntlm_rule==${splString(s.rule.meta.id)}, ${i + 1}`).join(", ");
  const fields = groups.map(splField).join(" ");
  return [
    `| eval ntlm_step=case(${step})`,
    `| transaction ${fields} maxspan=${shortDuration(plan.rule.correlation.timespan.ms)} startswith=eval(ntlm_step==1) endswith=eval(ntlm_step==${n}) mvlist=ntlm_step`,
    `| where mvcount(mvdedup(ntlm_step))==${n}`,
    `| eval ntlm_value=${n}, firstTime=_time, lastTime=_time+duration`,
  ];
}

/** savedsearches.conf text for artifacts: one stanza each, multi-line searches continued with `\`. */
export function toSavedSearchesConf(artifacts: readonly SplunkArtifact[]): string {
  const out: string[] = [];
  for (const a of artifacts) {
    out.push(`[${a.savedSearch.name.replace(/[[\]]/g, "")}]`);
    for (const [k, v] of Object.entries(a.savedSearch)) {
      if (k === "name") continue;
      const text = String(v).split("\n").join(" \\\n");
      out.push(`${k} = ${text}`);
    }
    out.push("");
  }
  return out.join("\n");
}
