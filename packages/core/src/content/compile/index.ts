// Detection compilers: parsed Sigma rules -> Elastic detection rules, Splunk saved searches, Sentinel analytics
// rules. See README.md in this directory.
export { compileRule, compileRules, type CompiledRule, type CompileOptions } from "./compile.js";
export { CompileError, type CompileWarning, type Platform } from "./errors.js";
export {
  compileElastic,
  ELASTIC_INDEX_PATTERN,
  type ElasticArtifact,
  type ElasticLanguage,
  type ElasticOptions,
  type ElasticRule,
  type ElasticThreat,
} from "./elastic.js";
export {
  compileSplunk,
  cronOf,
  SPLUNK_DEFAULT_BASE_SEARCH,
  SPLUNK_SOURCETYPE,
  toSavedSearchesConf,
  type SplunkArtifact,
  type SplunkOptions,
  type SplunkSavedSearch,
} from "./splunk.js";
export {
  ASIM_VIEW,
  compileSentinel,
  OUR_ROWS,
  type SentinelAlertRule,
  type SentinelArtifact,
  type SentinelEntityMapping,
  type SentinelOptions,
  type SentinelSource,
} from "./sentinel.js";
export { lintEql, lintEsql, lintKql, lintKusto, lintSpl, type LintResult } from "./lint.js";
export { ruleSlug, stableGuid } from "./meta.js";
export { toLuceneRegex } from "./regex.js";
