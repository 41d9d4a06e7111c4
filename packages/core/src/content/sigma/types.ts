/**
 * CONTRACT: the platform compilers depend on this.
 *
 * The parsed form of our Sigma content: detection rules (metadata, logsource, selections of field/modifier/value
 * items, the condition as a tree) and correlation rules (event_count, value_count, temporal, temporal_ordered).
 * The YAML is parsed and validated once, at generation time (scripts/generate-rules.mjs writes
 * rules.generated.ts), so every consumer (the local engine, the Elastic/Splunk/Sentinel compilers) reads the same
 * already-checked structure and none needs a YAML parser. Field names are Sigma field names (raw EventData names
 * as SigmaHQ writes them); `field-map.ts` says where each one lives in an NtlmEvent and in ECS, CIM and ASIM.
 *
 * Change this file only by adding optional members; anything else breaks the compilers.
 */

export type SigmaLevel = "informational" | "low" | "medium" | "high" | "critical";
export type SigmaStatus = "stable" | "test" | "experimental" | "deprecated" | "unsupported";
export type SigmaRelationType = "derived" | "obsolete" | "merged" | "renamed" | "similar";

/** Metadata shared by detection and correlation rules. Our loader requires what the schema leaves optional. */
export interface SigmaRuleMeta {
  /** UUID, unique across the rule set. */
  id: string;
  /** Sigma `name`: the handle correlation rules may use instead of the id. */
  name?: string;
  title: string;
  status?: SigmaStatus;
  description: string;
  author?: string;
  /** YYYY-MM-DD */
  date?: string;
  modified?: string;
  level: SigmaLevel;
  /** `attack.t1110`, `attack.credential-access`, ... (at least one ATT&CK tag per rule). */
  tags: readonly string[];
  falsepositives: readonly string[];
  references: readonly string[];
  related?: readonly { id: string; type: SigmaRelationType }[];
  /** SPDX id when the rule carries its own licence (SigmaHQ rules: DRL-1.1). */
  license?: string;
  /** Fields an analyst should see beside an alert (Sigma `fields`). */
  fields?: readonly string[];
  /** Where it was authored: the repository-relative YAML path and the document index inside the file. */
  source: { file: string; document: number };
}

export interface SigmaLogsource {
  product?: string;
  service?: string;
  category?: string;
  definition?: string;
}

/**
 * Modifiers as written after `|`. The engine and the compilers support exactly this set; the loader rejects any
 * other (base64, utf16, expand, the time modifiers...) at generation time: none of them means anything for NTLM
 * EventData. `i`, `m`, `s` are the `re` sub-modifiers.
 */
export type SigmaModifier =
  | "contains"
  | "startswith"
  | "endswith"
  | "all"
  | "re"
  | "i"
  | "m"
  | "s"
  | "cidr"
  | "windash"
  | "exists"
  | "cased"
  | "neq"
  | "lt"
  | "lte"
  | "gt"
  | "gte"
  | "fieldref";

export const SIGMA_MODIFIERS: readonly SigmaModifier[] = [
  "contains",
  "startswith",
  "endswith",
  "all",
  "re",
  "i",
  "m",
  "s",
  "cidr",
  "windash",
  "exists",
  "cased",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "fieldref",
];

/** One piece of a plain Sigma string: literal text, or an unescaped `*` / `?` wildcard. */
export type StringPart = { type: "text"; text: string } | { type: "wildcard"; char: "*" | "?" };

/**
 * A value of a detection item. `string` values are split into literal text and wildcards (Sigma escaping already
 * applied: `\*` is a literal star). `regex`, `cidr` and `fieldref` are the values of the `re`, `cidr` and
 * `fieldref` modifiers; `null` is Sigma's null (the field is absent, empty or a Windows placeholder).
 */
export type SigmaValue =
  | { kind: "string"; raw: string; parts: readonly StringPart[] }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "regex"; pattern: string; flags: { i: boolean; m: boolean; s: boolean } }
  | { kind: "cidr"; raw: string; family: 4 | 6; prefix: number; network: string }
  | { kind: "fieldref"; field: string };

/**
 * How the values of an item are compared, after the modifiers are read:
 * - equals: the whole value, with wildcards (plain items, strings and numbers, and null)
 * - contains/startswith/endswith: the string modifiers (wildcards inside the value still apply)
 * - re, cidr, exists, fieldref: the modifier of that name
 * - lt/lte/gt/gte: numeric comparison
 */
export type SigmaMatch =
  | "equals"
  | "contains"
  | "startswith"
  | "endswith"
  | "re"
  | "cidr"
  | "exists"
  | "fieldref"
  | "lt"
  | "lte"
  | "gt"
  | "gte";

/** `field|mod1|mod2: value(s)`, one key of a selection map. */
export interface DetectionItem {
  /** Sigma field name as written (a key of FIELD_MAP: unmapped names fail at generation and at load). */
  field: string;
  /** The modifiers as written, in order. */
  modifiers: readonly SigmaModifier[];
  match: SigmaMatch;
  /** `all`: every value must match (default: any value). */
  combine: "any" | "all";
  /**
   * `neq` (Sigma v2.1): the item is the negation of the match, as pySigma compiles it (`not field=value`), so an
   * absent field matches.
   */
  negate: boolean;
  /** `cased`: compare case-sensitively (default: case-insensitive). `re` is case-sensitive unless `i`. */
  caseSensitive: boolean;
  /** `windash`: `-` `/` and the dashes are interchangeable in the values. */
  windash: boolean;
  /** At least one; a YAML list under the key is OR (AND with `all`). */
  values: readonly SigmaValue[];
}

/**
 * A search identifier. A YAML map is one AND-group; a YAML list of maps is OR over its groups. (Keyword lists,
 * full-text values without a field, are rejected: an NtlmEvent has no free text to search.)
 */
export interface Selection {
  name: string;
  groups: readonly (readonly DetectionItem[])[];
}

/** The condition as a tree. `of` keeps the pattern as written and the selection names it resolved to. */
export type ConditionNode =
  | { type: "and"; operands: readonly ConditionNode[] }
  | { type: "or"; operands: readonly ConditionNode[] }
  | { type: "not"; operand: ConditionNode }
  | { type: "selection"; name: string }
  | { type: "of"; quantifier: "any" | "all"; pattern: string; selections: readonly string[] };

export interface SigmaDetection {
  /** Every search identifier by name (including the `filter*` and `_`-prefixed ones). */
  selections: Readonly<Record<string, Selection>>;
  condition: ConditionNode;
  /** The condition text as written (a YAML list of conditions is joined with `or`). */
  conditionText: string;
}

export interface DetectionRule {
  kind: "detection";
  meta: SigmaRuleMeta;
  logsource: SigmaLogsource;
  detection: SigmaDetection;
  /** Every Sigma field the detection reads (items and fieldref targets), sorted: what the compilers must map. */
  fieldsUsed: readonly string[];
}

export type CorrelationType =
  "event_count" | "value_count" | "temporal" | "temporal_ordered" | "value_sum" | "value_avg";

export type CorrelationOperator = "gt" | "gte" | "lt" | "lte" | "eq" | "neq";

export interface CorrelationRule {
  kind: "correlation";
  meta: SigmaRuleMeta;
  correlation: {
    type: CorrelationType;
    /** The referenced rules, resolved to rule ids, in the order written (temporal_ordered: this order). */
    rules: readonly string[];
    /** The references exactly as written (ids or names). */
    ruleRefs: readonly string[];
    /** Fields (or alias names) the state is keyed on; events with an absent group-by value never correlate. */
    groupBy: readonly string[];
    /**
     * Sigma `aliases`: alias name -> (rule id -> that rule's field). Lets two rules whose events name the same
     * thing differently (4023 ClientIP, 4021 TargetIP) share a group-by key.
     */
    aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
    timespan: { text: string; ms: number };
    /**
     * All comparisons must hold (`{gte: 5, lte: 10}` is a range). event_count: the number of events;
     * value_count: distinct values of `valueFields`; value_sum/value_avg: sum/average of `valueFields[0]`;
     * temporal*: the number of distinct referenced rules that matched (default: all of them).
     */
    condition: readonly { op: CorrelationOperator; value: number }[];
    /** value_count/value_sum/value_avg: `condition.field` (a list counts distinct combinations). */
    valueFields?: readonly string[];
    /** Sigma `generate`: the referenced detection rules also alert on their own. Default false. */
    generate: boolean;
  };
  /** Every Sigma field the correlation reads (group-by after alias resolution, value fields), sorted. */
  fieldsUsed: readonly string[];
}

export type SigmaRule = DetectionRule | CorrelationRule;

/** What scripts/generate-rules.mjs writes into rules.generated.ts. */
export interface GeneratedRuleSet {
  /** Identifies the generator format; bumped on incompatible change. */
  format: "ntlm-siem/sigma-rules@1";
  rules: readonly SigmaRule[];
}
