import { describe, expect, it } from "vitest";
import {
  CompileError,
  compileRule,
  lintEql,
  lintEsql,
  lintKql,
  lintKusto,
  lintSpl,
  stableGuid,
  toLuceneRegex,
  toSavedSearchesConf,
} from "../../../src/content/compile/index.js";
import { parseSigmaString } from "../../../src/content/sigma/strings.js";
import type { DetectionItem, DetectionRule, SigmaValue } from "../../../src/content/sigma/types.js";
import { compiledRuleSet } from "./helpers.js";

function rule(items: DetectionItem[], id = "00000000-0000-4000-8000-000000000001"): DetectionRule {
  return {
    kind: "detection",
    meta: {
      id,
      title: "Test rule",
      description: "test",
      level: "medium",
      tags: ["attack.credential-access", "attack.t1110"],
      falsepositives: [],
      references: [],
      source: { file: "test.yml", document: 0 },
    },
    logsource: { product: "windows", service: "ntlm" },
    detection: {
      selections: { selection: { name: "selection", groups: [items] } },
      condition: { type: "selection", name: "selection" },
      conditionText: "selection",
    },
    fieldsUsed: [...new Set(items.map((i) => i.field))].sort(),
  };
}

function item(field: string, values: SigmaValue[], extra: Partial<DetectionItem> = {}): DetectionItem {
  return {
    field,
    modifiers: [],
    match: "equals",
    combine: "any",
    negate: false,
    caseSensitive: false,
    windash: false,
    values,
    ...extra,
  };
}

const str = (raw: string): SigmaValue => ({ kind: "string", raw, parts: parseSigmaString(raw) });

describe("loud failures", () => {
  it("a field our CIM output does not carry fails for Splunk, naming rule, field and platform", () => {
    const r = rule([item("Provider_Name", [str("Microsoft-Windows-NTLM")])]);
    expect(() => compileRule(r, [r])).toThrow(CompileError);
    try {
      compileRule(r, [r]);
    } catch (err) {
      expect(err).toBeInstanceOf(CompileError);
      const e = err as CompileError;
      expect(e.message).toContain(r.meta.id);
      expect(e.message).toContain("Provider_Name");
      expect(e.platform).toBe("splunk");
    }
  });

  it("a value outside a mapped field's value table fails", () => {
    const r = rule([item("NtlmVersion", [str("NTLMv3")])]);
    expect(() => compileRule(r, [r])).toThrow(/NTLMv3.*not in the value table/);
  });

  it("an untranslatable regex fails for Elastic instead of changing meaning", () => {
    const r = rule([
      item("TargetName", [{ kind: "regex", pattern: "a(?=b)", flags: { i: false, m: false, s: false } }], {
        match: "re",
      }),
    ]);
    expect(() => compileRule(r, [r])).toThrow(/platform elastic/);
  });
});

describe("translation", () => {
  it("mapped values are translated through the value table", () => {
    const r = rule([item("MicStatus", [str("Unprotected")])]);
    const c = compileRule(r, [r]);
    expect(c.elastic.rule.query).toBe('ntlm.mic_status:"unprotected"');
    expect(c.sentinel.queries.view).toContain('tostring(AdditionalFields.MicStatus) == "unprotected"');
  });

  it("case-insensitive text leaves KQL for EQL; wildcards and escaping are per language", () => {
    const r = rule([item("ProcessName", [str('C:\\Temp\\"x"*')], { match: "startswith" })]);
    const c = compileRule(r, [r]);
    expect(c.elastic.rule.language).toBe("eql");
    expect(c.elastic.rule.query).toContain('winlog.event_data.ProcessName : "C:\\\\Temp\\\\\\"x\\"*"');
    expect(c.elastic.rule.query).toContain("?winlog.event_data.Name_of_client_process");
    expect(lintEql(c.elastic.rule.query).problems).toEqual([]);
    expect(c.splunk.savedSearch.search).toContain('process="C:\\\\Temp\\\\\\"x\\"*"');
    expect(c.sentinel.queries.view).toContain('ActingAppName startswith "C:\\\\Temp\\\\\\"x\\""');
    expect(lintKusto(c.sentinel.queries.view).problems).toEqual([]);
  });

  it("cased and ? wildcards use regex forms where the language needs them", () => {
    const r = rule([item("TargetName", [str("cifs/h?st")], { caseSensitive: true })]);
    const c = compileRule(r, [r]);
    expect(c.elastic.rule.query).toBe('any where ntlm.target.name like "cifs/h?st"');
    expect(c.sentinel.queries.view).toContain('LogonTarget matches regex "(?s)^cifs\\\\/h.st$"');
  });

  it("numbers, ranges and CIDR", () => {
    const r = rule([
      item("LogonType", [{ kind: "number", value: 3 }], { match: "gte" }),
      item("ClientIP", [{ kind: "cidr", raw: "10.0.0.0/8", family: 4, prefix: 8, network: "10.0.0.0" }], {
        match: "cidr",
      }),
    ]);
    const c = compileRule(r, [r]);
    expect(c.elastic.rule.query).toBe('ntlm.logon_type.code >= 3 and source.ip:"10.0.0.0/8"');
    expect(c.splunk.savedSearch.search).toContain('ntlm_logon_type>=3 src_ip="10.0.0.0/8"');
    expect(c.sentinel.queries.view).toContain(
      'tolong(AdditionalFields.LogonType) >= 3 and coalesce(ipv4_is_in_range(SrcIpAddr, "10.0.0.0/8"), false)',
    );
  });

  it("windash becomes a dash class", () => {
    const r = rule([item("ProcessName", [str("-x")], { match: "contains", windash: true })]);
    const c = compileRule(r, [r]);
    expect(c.sentinel.queries.view).toContain('matches regex "(?is)[\\\\-\\\\/\u2013\u2014\u2015]x"');
  });

  it("negated tests are guarded where the language is three-valued", () => {
    const r = rule([item("LogonType", [{ kind: "number", value: 3 }], { negate: true })]);
    const c = compileRule(r, [r]);
    expect(c.splunk.savedSearch.search).toContain('NOT ntlm_logon_type="3"');
    expect(c.sentinel.queries.view).toContain(
      "not((isnotnull(tolong(AdditionalFields.LogonType)) and tolong(AdditionalFields.LogonType) == 3))",
    );
  });
});

describe("regex to Lucene", () => {
  it.each([
    ["^[A-Za-z0-9]{16}$", false, "[A-Za-z0-9]{16}"],
    ["(^|/)(\\d{1,3}\\.){3}\\d{1,3}(:\\d+)?$", false, "(.*/)?([0-9]{1,3}\\.){3}[0-9]{1,3}(:[0-9]+)?"],
    ["abc", false, ".*abc.*"],
    ["^a|b$", false, "(a.*|.*b)"],
    ["^Ab$", true, "[aA][bB]"],
    ["^x@y\\s$", false, "x\\@y[ \t\n\r\f\u000b]"],
    ["^[a-c]+?$", true, "[a-cA-C]+"],
  ])("%s (i=%s)", (pattern, ci, want) => {
    expect(toLuceneRegex(pattern, ci)).toBe(want);
  });

  it("rejects what Lucene cannot match the same way", () => {
    expect(() => toLuceneRegex("a(?=b)", false)).toThrow();
    expect(() => toLuceneRegex("a^b", false)).toThrow();
    expect(() => toLuceneRegex("\\bword", false)).toThrow();
  });
});

describe("linters catch malformed queries", () => {
  it("KQL", () => {
    expect(lintKql('a:"x').problems).not.toEqual([]);
    expect(lintKql("(a:x").problems).not.toEqual([]);
    expect(lintKql('event.code:"1" and source.ip:*').fields).toEqual(["event.code", "source.ip"]);
  });
  it("EQL", () => {
    expect(lintEql("any where foo(event.code)").problems).toContain("unknown EQL function foo");
    expect(lintEql("process where x.y == 1").problems).not.toEqual([]);
    expect(lintEql('any where ?winlog.event_data.User : "x"').fields).toEqual(["winlog.event_data.User"]);
  });
  it("ES|QL", () => {
    expect(lintEsql("FROM x | SELECT a").problems).toContain("unknown ES|QL command SELECT");
    expect(lintEsql("FROM x | WHERE NOPE(a)").problems).toContain("unknown ES|QL function NOPE");
    expect(
      lintEsql("FROM x | EVAL k = TO_LOWER(host.name) | STATS n = COUNT(*) BY k | WHERE n > 1").fields,
    ).toEqual(["host.name"]);
  });
  it("SPL", () => {
    expect(lintSpl("index=* | delete").problems).toContain("unknown SPL command delete");
    expect(lintSpl('index=* x="a | where y==1').problems).not.toEqual([]);
    expect(lintSpl("index=* [search foo").problems).not.toEqual([]);
  });
  it("Kusto", () => {
    expect(lintKusto("T | drop x").problems).toContain("unknown Kusto operator drop");
    expect(lintKusto('T | where x == @"a""b"').problems).toEqual([]);
  });
});

describe("artifacts", () => {
  it("stable ids", () => {
    expect(stableGuid("abc")).toBe(stableGuid("abc"));
    expect(stableGuid("abc")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    for (const c of compiledRuleSet()) {
      expect(c.elastic.rule.rule_id).toBe(c.sigmaId);
      expect(c.sentinel.alertRule.name).toBe(stableGuid(c.sigmaId));
    }
  });

  it("savedsearches.conf rendering continues multi-line values", () => {
    const conf = toSavedSearchesConf(compiledRuleSet().map((c) => c.splunk));
    expect(conf).toMatch(/^\[ntlm-siem - /m);
    for (const line of conf.split("\n")) if (line.startsWith("| ")) expect(line).not.toBe("| ");
    expect(conf).toContain(" \\\n| where");
  });
});
