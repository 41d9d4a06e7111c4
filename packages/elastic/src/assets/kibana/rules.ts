import { compileRules, loadRules, type ElasticRule } from "@ntlm-siem/core";

/**
 * The detection rules, as core compiles them for Elastic (`compileRules(loadRules())` -> `.elastic.rule`): Kibana
 * detection-engine rule objects keyed by their stable `rule_id`, imported with
 * `POST /api/detection_engine/rules/_import?overwrite=true` (multipart NDJSON, one rule per line).
 * https://www.elastic.co/guide/en/security/current/rules-api-import.html
 */

/** Fields every rule needs, and the type-specific ones (create-rule API: description, name, risk_score, severity,
 * type; query + language for query/eql/esql rules). */
export const RULE_REQUIRED_FIELDS = ["description", "name", "risk_score", "severity", "type"] as const;

export function detectionRules(): ElasticRule[] {
  const { compiled, errors } = compileRules(loadRules());
  if (errors.length > 0)
    throw new Error(`rule compilation failed: ${errors.map((e) => e.message).join("; ")}`);
  return compiled.map((c) => c.elastic.rule);
}

/** Problems of one rule against the detection engine's requirements (empty = importable). */
export function ruleProblems(rule: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const f of RULE_REQUIRED_FIELDS)
    if (rule[f] === undefined || rule[f] === "") problems.push(`missing ${f}`);
  const risk = rule.risk_score;
  if (typeof risk !== "number" || risk < 0 || risk > 100) problems.push("risk_score must be 0-100");
  if (!["low", "medium", "high", "critical"].includes(String(rule.severity))) problems.push("bad severity");
  const type = String(rule.type);
  const language = rule.language;
  if (["query", "eql", "esql", "threshold", "threat_match", "new_terms"].includes(type) && !rule.query)
    problems.push(`${type} rule without query`);
  if (type === "eql" && language !== "eql") problems.push("eql rule needs language eql");
  if (type === "esql" && language !== "esql") problems.push("esql rule needs language esql");
  if (type === "query" && language !== "kuery" && language !== "lucene")
    problems.push("query rule needs kuery|lucene");
  if (type !== "esql" && !Array.isArray(rule.index)) problems.push("non-ES|QL rule without index");
  if (typeof rule.rule_id !== "string" || rule.rule_id === "") problems.push("missing rule_id (stable id)");
  return problems;
}
