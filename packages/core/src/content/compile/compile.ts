import type { SigmaRule } from "../sigma/types.js";
import { compileElastic, type ElasticArtifact, type ElasticOptions } from "./elastic.js";
import { CompileError } from "./errors.js";
import { ruleSlug } from "./meta.js";
import { compileSentinel, type SentinelArtifact, type SentinelOptions } from "./sentinel.js";
import { compileSplunk, type SplunkArtifact, type SplunkOptions } from "./splunk.js";

export interface CompileOptions {
  elastic?: ElasticOptions;
  splunk?: SplunkOptions;
  sentinel?: SentinelOptions;
}

/** One rule compiled for every platform. */
export interface CompiledRule {
  sigmaId: string;
  /** File-name stem of the artifacts (`<slug>.elastic.json`, ...). */
  slug: string;
  title: string;
  kind: SigmaRule["kind"];
  elastic: ElasticArtifact;
  splunk: SplunkArtifact;
  sentinel: SentinelArtifact;
}

/**
 * Compiles one rule for Elastic, Splunk and Sentinel. `rules` is the rule set correlations resolve their
 * references in. Throws a CompileError (naming rule, field and platform) when any platform cannot express it.
 * Pure: no I/O, no clock.
 */
export function compileRule(
  rule: SigmaRule,
  rules: readonly SigmaRule[],
  options: CompileOptions = {},
): CompiledRule {
  return {
    sigmaId: rule.meta.id,
    slug: ruleSlug(rule.meta),
    title: rule.meta.title,
    kind: rule.kind,
    elastic: compileElastic(rule, rules, options.elastic),
    splunk: compileSplunk(rule, rules, options.splunk),
    sentinel: compileSentinel(rule, rules, options.sentinel),
  };
}

/** Compiles a whole rule set; every failure is collected (the caller decides whether any is fatal). */
export function compileRules(
  rules: readonly SigmaRule[],
  options: CompileOptions = {},
): { compiled: CompiledRule[]; errors: CompileError[] } {
  const compiled: CompiledRule[] = [];
  const errors: CompileError[] = [];
  for (const rule of rules) {
    try {
      compiled.push(compileRule(rule, rules, options));
    } catch (err) {
      if (err instanceof CompileError) errors.push(err);
      else throw err;
    }
  }
  const slugs = new Map<string, string>();
  for (const c of compiled) {
    const other = slugs.get(c.slug);
    if (other !== undefined) c.slug = `${c.slug}_${c.sigmaId.slice(0, 8)}`;
    slugs.set(c.slug, c.sigmaId);
  }
  return { compiled, errors };
}
