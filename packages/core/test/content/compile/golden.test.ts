import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { lintEql, lintEsql, lintKql, lintKusto, lintSpl } from "../../../src/content/compile/index.js";
import { GENERATED_RULES } from "../../../src/content/rules.generated.js";
import { compiledRuleSet, GOLDEN_DIR } from "./helpers.js";

/**
 * Golden files: every rule's compiled artifact per platform. CI never writes them: under CI=true vitest fails
 * on a missing file snapshot instead of creating it (`vitest -u` locally to accept a change).
 */
async function pretty(value: unknown, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(value, null, 2), { ...options, parser: "json", filepath: file });
}

describe("compiled rules", () => {
  const compiled = compiledRuleSet();

  it("covers every rule of the rule set", () => {
    expect(compiled.map((c) => c.sigmaId).sort()).toEqual(GENERATED_RULES.rules.map((r) => r.meta.id).sort());
    expect(new Set(compiled.map((c) => c.slug)).size).toBe(compiled.length);
  });

  for (const c of compiled) {
    describe(c.slug, () => {
      for (const platform of ["elastic", "splunk", "sentinel"] as const) {
        it(`${platform} artifact matches its golden file`, async () => {
          const file = join(GOLDEN_DIR, `${c.slug}.${platform}.json`);
          await expect(await pretty(c[platform], file)).toMatchFileSnapshot(file);
        });
      }

      it("queries pass their linters", () => {
        const rule = c.elastic.rule;
        const lint = rule.language === "kuery" ? lintKql : rule.language === "eql" ? lintEql : lintEsql;
        expect(lint(rule.query).problems).toEqual([]);
        expect(lintSpl(c.splunk.savedSearch.search).problems).toEqual([]);
        expect(lintKusto(c.sentinel.queries.view).problems).toEqual([]);
        if (c.sentinel.queries.table !== undefined)
          expect(lintKusto(c.sentinel.queries.table).problems).toEqual([]);
      });

      it("uses each platform's scheduling rules", () => {
        const p = c.sentinel.alertRule.properties;
        const iso = (d: string): number => {
          const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d);
          if (!m) throw new Error(`bad duration ${d}`);
          return (
            ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)
          );
        };
        expect(iso(p.queryFrequency)).toBeGreaterThanOrEqual(300);
        expect(iso(p.queryPeriod)).toBeGreaterThanOrEqual(iso(p.queryFrequency));
        expect(iso(p.queryPeriod)).toBeLessThanOrEqual(14 * 86_400);
        expect(c.elastic.rule.risk_score).toBeGreaterThanOrEqual(0);
        expect(c.elastic.rule.risk_score).toBeLessThanOrEqual(100);
        expect(c.elastic.rule.index === undefined).toBe(c.elastic.rule.language === "esql");
        expect(c.elastic.rule.threat.length).toBeGreaterThan(0);
      });
    });
  }
});
