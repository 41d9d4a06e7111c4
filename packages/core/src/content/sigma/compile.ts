import { decodeIpAddress } from "../../decode/ip.js";
import { isDecodeFailure } from "../../decode/result.js";
import { NtlmSiemError } from "../../errors.js";
import { resolveField } from "../field-map.js";
import { ConditionError, parseCondition } from "./condition.js";
import { parseSigmaString } from "./strings.js";
import { parseTimespan } from "./timespan.js";
import {
  SIGMA_MODIFIERS,
  type ConditionNode,
  type CorrelationOperator,
  type CorrelationRule,
  type CorrelationType,
  type DetectionItem,
  type DetectionRule,
  type GeneratedRuleSet,
  type Selection,
  type SigmaLevel,
  type SigmaMatch,
  type SigmaModifier,
  type SigmaRule,
  type SigmaRuleMeta,
  type SigmaValue,
} from "./types.js";

/**
 * Sigma documents (already YAML-parsed and checked against the Sigma JSON schemas by the generator) -> the typed
 * rules of types.ts. Everything the schemas leave open is checked here and fails with the file and document named:
 * project policy (description, level, ATT&CK tags, false positives, references), our logsource, supported
 * modifiers, the condition, correlation references, and every field against the field map.
 */
export interface RuleDocument {
  /** Repository-relative path of the YAML file. */
  file: string;
  /** Index of the YAML document inside the file (0-based). */
  document: number;
  data: unknown;
}

export function contentError(code: string, message: string): NtlmSiemError {
  return new NtlmSiemError(`content.${code}`, "config", message);
}

type Json = Record<string, unknown>;

const LEVELS: readonly SigmaLevel[] = ["informational", "low", "medium", "high", "critical"];
const CORRELATION_TYPES: readonly CorrelationType[] = [
  "event_count",
  "value_count",
  "temporal",
  "temporal_ordered",
  "value_sum",
  "value_avg",
];
const OPERATORS: readonly CorrelationOperator[] = ["gt", "gte", "lt", "lte", "eq", "neq"];

export function compileRuleSet(documents: readonly RuleDocument[]): GeneratedRuleSet {
  const rules: SigmaRule[] = [];
  const byId = new Map<string, SigmaRule>();
  const byName = new Map<string, SigmaRule>();
  for (const doc of documents) {
    const rule = compileDocument(doc);
    const where = describeSource(doc);
    if (byId.has(rule.meta.id))
      throw contentError("duplicate-id", `${where}: duplicate rule id ${rule.meta.id}`);
    byId.set(rule.meta.id, rule);
    if (rule.meta.name !== undefined) {
      if (byName.has(rule.meta.name))
        throw contentError("duplicate-name", `${where}: duplicate rule name ${rule.meta.name}`);
      byName.set(rule.meta.name, rule);
    }
    rules.push(rule);
  }
  const resolved = rules.map((rule) =>
    rule.kind === "correlation" ? resolveCorrelation(rule, byId, byName) : rule,
  );
  for (const rule of resolved) verifyRuleFields(rule);
  return { format: "ntlm-siem/sigma-rules@1", rules: resolved };
}

/** Every field a rule reads must be in the field map: run at generation and again when the rules load. */
export function verifyRuleFields(rule: SigmaRule): void {
  const where = `${rule.meta.source.file} (${rule.meta.title})`;
  for (const field of rule.fieldsUsed) resolveField(field, where);
}

function describeSource(doc: { file: string; document: number }): string {
  return doc.document === 0 ? doc.file : `${doc.file} document ${doc.document + 1}`;
}

function compileDocument(doc: RuleDocument): SigmaRule {
  const where = describeSource(doc);
  if (!isObject(doc.data)) throw contentError("invalid-rule", `${where}: not a YAML mapping`);
  const data = doc.data;
  const meta = compileMeta(data, doc, where);
  if ("correlation" in data) return compileCorrelation(data, meta, where);
  if ("detection" in data) return compileDetection(data, meta, where);
  throw contentError("invalid-rule", `${where}: neither a detection nor a correlation rule`);
}

function compileMeta(data: Json, doc: RuleDocument, where: string): SigmaRuleMeta {
  const need = (key: string): string => {
    const v = data[key];
    if (typeof v !== "string" || v.trim() === "")
      throw contentError("missing-metadata", `${where}: "${key}" is required`);
    return v;
  };
  const list = (key: string): string[] => {
    const v = data[key];
    const items = typeof v === "string" ? [v] : Array.isArray(v) ? v : undefined;
    if (!items || items.length === 0 || !items.every((x): x is string => typeof x === "string"))
      throw contentError("missing-metadata", `${where}: "${key}" needs at least one entry`);
    return items;
  };
  const level = need("level");
  if (!LEVELS.includes(level as SigmaLevel)) throw contentError("invalid-rule", `${where}: level "${level}"`);
  const tags = list("tags");
  if (!tags.some((t) => /^attack\.t\d{4}(\.\d{3})?$/.test(t)))
    throw contentError("missing-metadata", `${where}: tags need an ATT&CK technique (attack.tNNNN)`);
  const meta: SigmaRuleMeta = {
    id: need("id"),
    title: need("title"),
    description: need("description").trim(),
    level: level as SigmaLevel,
    tags,
    falsepositives: list("falsepositives"),
    references: list("references"),
    source: { file: doc.file, document: doc.document },
  };
  const optional = ["name", "status", "author", "date", "modified", "license"] as const;
  for (const key of optional) {
    const v = data[key];
    if (typeof v === "string") (meta as unknown as Record<string, string>)[key] = v;
    else if (v instanceof Date)
      (meta as unknown as Record<string, string>)[key] = v.toISOString().slice(0, 10);
  }
  if (Array.isArray(data.related)) {
    meta.related = data.related.filter(isObject).map((r) => ({
      id: String(r.id),
      type: String(r.type) as NonNullable<SigmaRuleMeta["related"]>[number]["type"],
    }));
  }
  if (Array.isArray(data.fields)) meta.fields = data.fields.map(String);
  return meta;
}

function compileDetection(data: Json, meta: SigmaRuleMeta, where: string): DetectionRule {
  const logsource = data.logsource;
  if (!isObject(logsource) || logsource.product !== "windows" || logsource.service !== "ntlm")
    throw contentError("invalid-logsource", `${where}: logsource must be product: windows, service: ntlm`);
  const detection = data.detection;
  if (!isObject(detection)) throw contentError("invalid-rule", `${where}: detection is not a mapping`);
  const selections: Record<string, Selection> = {};
  const fields = new Set<string>();
  for (const [name, body] of Object.entries(detection)) {
    if (name === "condition" || name === "timeframe") continue;
    selections[name] = compileSelection(name, body, `${where}: ${name}`, fields);
  }
  const rawCondition = detection.condition;
  const conditionText = Array.isArray(rawCondition)
    ? rawCondition.map((c) => `(${String(c)})`).join(" or ")
    : typeof rawCondition === "string"
      ? rawCondition
      : "";
  if (conditionText === "") throw contentError("invalid-condition", `${where}: condition is missing`);
  if ("timeframe" in detection)
    throw contentError("invalid-rule", `${where}: timeframe is Sigma 1 syntax: write a correlation rule`);
  let condition: ConditionNode;
  try {
    condition = parseCondition(conditionText, Object.keys(selections));
  } catch (error) {
    if (error instanceof ConditionError)
      throw contentError("invalid-condition", `${where}: condition "${conditionText}": ${error.message}`);
    throw error;
  }
  const logsourceOut: DetectionRule["logsource"] = { product: "windows", service: "ntlm" };
  if (typeof logsource.definition === "string") logsourceOut.definition = logsource.definition;
  return {
    kind: "detection",
    meta,
    logsource: logsourceOut,
    detection: { selections, condition, conditionText },
    fieldsUsed: [...fields].sort(),
  };
}

function compileSelection(name: string, body: unknown, where: string, fields: Set<string>): Selection {
  const maps = Array.isArray(body) ? body : [body];
  const groups = maps.map((m) => {
    if (!isObject(m))
      throw contentError(
        "unsupported-keywords",
        `${where}: keyword (full-text) search is not supported; name the field`,
      );
    return Object.entries(m).map(([key, value]) => compileItem(key, value, where, fields));
  });
  if (groups.length === 0) throw contentError("invalid-rule", `${where}: empty search identifier`);
  return { name, groups };
}

function compileItem(key: string, value: unknown, where: string, fields: Set<string>): DetectionItem {
  const [field = "", ...mods] = key.split("|");
  if (field === "") throw contentError("invalid-rule", `${where}: "${key}" has no field name`);
  const modifiers: SigmaModifier[] = [];
  for (const m of mods) {
    if (!SIGMA_MODIFIERS.includes(m as SigmaModifier))
      throw contentError("unsupported-modifier", `${where}: modifier "${m}" of "${key}" is not supported`);
    modifiers.push(m as SigmaModifier);
  }
  fields.add(field);
  const has = (m: SigmaModifier): boolean => modifiers.includes(m);
  const matches = (
    [
      "contains",
      "startswith",
      "endswith",
      "re",
      "cidr",
      "exists",
      "fieldref",
      "lt",
      "lte",
      "gt",
      "gte",
    ] as const
  ).filter(has);
  if (matches.length > 1)
    throw contentError("invalid-modifier", `${where}: "${key}" combines ${matches.join(" and ")}`);
  const match: SigmaMatch = matches[0] ?? "equals";
  if ((has("i") || has("m") || has("s")) && match !== "re")
    throw contentError("invalid-modifier", `${where}: "${key}": i/m/s only follow re`);
  const rawValues = Array.isArray(value) ? value : [value];
  if (rawValues.length === 0) throw contentError("invalid-rule", `${where}: "${key}" has an empty list`);
  if (has("all") && rawValues.length < 2)
    throw contentError("invalid-modifier", `${where}: "${key}": all needs a list of values (Sigma spec)`);
  const values = rawValues.map((v) => compileValue(v, match, modifiers, `${where}: "${key}"`));
  for (const v of values) if (v.kind === "fieldref") fields.add(v.field);
  return {
    field,
    modifiers,
    match,
    combine: has("all") ? "all" : "any",
    negate: has("neq"),
    caseSensitive: has("cased"),
    windash: has("windash"),
    values,
  };
}

function compileValue(
  v: unknown,
  match: SigmaMatch,
  modifiers: readonly SigmaModifier[],
  where: string,
): SigmaValue {
  switch (match) {
    case "exists":
      if (typeof v !== "boolean") throw contentError("invalid-value", `${where}: exists takes true or false`);
      return { kind: "boolean", value: v };
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      if (typeof v !== "number") throw contentError("invalid-value", `${where}: ${match} takes a number`);
      return { kind: "number", value: v };
    case "re": {
      if (typeof v !== "string") throw contentError("invalid-value", `${where}: re takes a string`);
      const flags = { i: modifiers.includes("i"), m: modifiers.includes("m"), s: modifiers.includes("s") };
      try {
        new RegExp(v);
      } catch (error) {
        throw contentError("invalid-value", `${where}: bad regular expression: ${(error as Error).message}`);
      }
      return { kind: "regex", pattern: v, flags };
    }
    case "cidr":
      if (typeof v !== "string") throw contentError("invalid-value", `${where}: cidr takes a string`);
      return compileCidr(v, where);
    case "fieldref":
      if (typeof v !== "string") throw contentError("invalid-value", `${where}: fieldref names a field`);
      return { kind: "fieldref", field: v };
    case "equals":
    case "contains":
    case "startswith":
    case "endswith":
      if (v === null) {
        if (match !== "equals") throw contentError("invalid-value", `${where}: null with ${match}`);
        return { kind: "null" };
      }
      if (typeof v === "number") return { kind: "number", value: v };
      if (typeof v === "boolean")
        return { kind: "string", raw: String(v), parts: [{ type: "text", text: String(v) }] };
      if (typeof v !== "string")
        throw contentError("invalid-value", `${where}: unsupported value ${JSON.stringify(v)}`);
      return { kind: "string", raw: v, parts: parseSigmaString(v) };
  }
}

function compileCidr(text: string, where: string): SigmaValue {
  const [address = "", bits = ""] = text.split("/");
  const ip = decodeIpAddress(address);
  const prefix = Number(bits);
  if (ip === undefined || isDecodeFailure(ip) || ip.port !== undefined || !/^\d+$/.test(bits))
    throw contentError("invalid-value", `${where}: "${text}" is not a CIDR range`);
  if (prefix > (ip.version === 4 ? 32 : 128))
    throw contentError("invalid-value", `${where}: "${text}" prefix too long`);
  return { kind: "cidr", raw: text, family: ip.version, prefix, network: ip.ip };
}

function compileCorrelation(data: Json, meta: SigmaRuleMeta, where: string): CorrelationRule {
  const c = data.correlation;
  if (!isObject(c)) throw contentError("invalid-rule", `${where}: correlation is not a mapping`);
  const type = c.type as CorrelationType;
  if (!CORRELATION_TYPES.includes(type))
    throw contentError("unsupported-correlation", `${where}: correlation type "${String(c.type)}"`);
  const ruleRefs = Array.isArray(c.rules) ? c.rules.map(String) : [];
  if (ruleRefs.length === 0) throw contentError("invalid-rule", `${where}: correlation.rules is empty`);
  const timespanText = typeof c.timespan === "string" ? c.timespan : "";
  const ms = parseTimespan(timespanText);
  if (ms === undefined) throw contentError("invalid-rule", `${where}: timespan "${timespanText}"`);
  const groupBy = Array.isArray(c["group-by"]) ? c["group-by"].map(String) : [];
  if (groupBy.length === 0)
    throw contentError(
      "invalid-rule",
      `${where}: group-by is required (unkeyed state would grow without bound)`,
    );
  const aliases: Record<string, Record<string, string>> = {};
  if (isObject(c.aliases)) {
    for (const [alias, perRule] of Object.entries(c.aliases)) {
      if (!isObject(perRule)) throw contentError("invalid-rule", `${where}: alias ${alias} is not a mapping`);
      aliases[alias] = Object.fromEntries(Object.entries(perRule).map(([k, v]) => [k, String(v)]));
    }
  }
  const condition: { op: CorrelationOperator; value: number }[] = [];
  let valueFields: string[] | undefined;
  if (isObject(c.condition)) {
    for (const [key, v] of Object.entries(c.condition)) {
      if (key === "field") {
        valueFields = Array.isArray(v) ? v.map(String) : [String(v)];
        continue;
      }
      if (!OPERATORS.includes(key as CorrelationOperator) || typeof v !== "number")
        throw contentError("invalid-rule", `${where}: condition ${key}: ${JSON.stringify(v)}`);
      condition.push({ op: key as CorrelationOperator, value: v });
    }
  }
  const temporal = type === "temporal" || type === "temporal_ordered";
  if (!temporal && condition.length === 0)
    throw contentError("invalid-rule", `${where}: ${type} needs a condition`);
  // The engine decides as events arrive, so a count must be able to grow into the condition.
  if (condition.length > 0 && !condition.some((x) => x.op === "gt" || x.op === "gte" || x.op === "eq"))
    throw contentError(
      "unsupported-correlation",
      `${where}: the condition needs a lower bound (gt, gte or eq): the engine alerts as counts grow`,
    );
  const needsField = type === "value_count" || type === "value_sum" || type === "value_avg";
  if (needsField && valueFields === undefined)
    throw contentError("invalid-rule", `${where}: ${type} needs condition.field`);
  const rule: CorrelationRule = {
    kind: "correlation",
    meta,
    correlation: {
      type,
      rules: ruleRefs,
      ruleRefs,
      groupBy,
      aliases,
      timespan: { text: timespanText, ms },
      condition,
      generate: c.generate === true,
    },
    fieldsUsed: [],
  };
  if (valueFields !== undefined) rule.correlation.valueFields = valueFields;
  return rule;
}

function resolveCorrelation(
  rule: CorrelationRule,
  byId: ReadonlyMap<string, SigmaRule>,
  byName: ReadonlyMap<string, SigmaRule>,
): CorrelationRule {
  const where = describeSource(rule.meta.source);
  const refToId = new Map<string, string>();
  const ids = rule.correlation.ruleRefs.map((ref) => {
    const target = byId.get(ref) ?? byName.get(ref);
    if (!target) throw contentError("unknown-rule", `${where}: correlation refers to unknown rule "${ref}"`);
    if (target.kind !== "detection")
      throw contentError(
        "unsupported-correlation",
        `${where}: "${ref}" is a correlation (chaining is not supported)`,
      );
    refToId.set(ref, target.meta.id);
    return target.meta.id;
  });
  const aliases: Record<string, Record<string, string>> = {};
  for (const [alias, perRule] of Object.entries(rule.correlation.aliases)) {
    const out: Record<string, string> = {};
    for (const [ref, field] of Object.entries(perRule)) {
      const id = refToId.get(ref);
      if (id === undefined)
        throw contentError(
          "unknown-rule",
          `${where}: alias ${alias} names "${ref}", not a rule of this correlation`,
        );
      out[id] = field;
    }
    for (const id of ids)
      if (!(id in out))
        throw contentError("invalid-rule", `${where}: alias ${alias} has no field for rule ${id}`);
    aliases[alias] = out;
  }
  const fields = new Set<string>();
  for (const g of rule.correlation.groupBy) {
    const perRule = aliases[g];
    if (perRule) for (const f of Object.values(perRule)) fields.add(f);
    else fields.add(g);
  }
  for (const f of rule.correlation.valueFields ?? []) fields.add(f);
  return {
    ...rule,
    correlation: { ...rule.correlation, rules: ids, aliases },
    fieldsUsed: [...fields].sort(),
  };
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
