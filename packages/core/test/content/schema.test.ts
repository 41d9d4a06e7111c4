import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { FIELD_MAP, resolveField } from "../../src/content/field-map.js";
import { loadRules } from "../../src/content/rules.js";
import { compileRuleSet, type RuleDocument } from "../../src/content/sigma/compile.js";
import type { SigmaRule } from "../../src/content/sigma/types.js";
import { EVENT_CATALOG } from "../../src/catalog/registry.js";
import { NtlmSiemError } from "../../src/errors.js";

interface Generator {
  readRuleDocuments: () => Promise<RuleDocument[]>;
  generateRules: (c: { compileRuleSet: typeof compileRuleSet }) => Promise<{ file: string; content: string }>;
}
// A plain Node script (it runs before any build): loaded by URL so the type checker needs no declarations.
const generatorUrl = new URL("../../scripts/generate-rules.mjs", import.meta.url);
const packageUrl = new URL("../../", import.meta.url);
const generator = async () => (await import(generatorUrl.href)) as Generator;

describe("rule files", () => {
  it("every YAML document validates against the Sigma JSON schemas and compiles", async () => {
    const docs = await (await generator()).readRuleDocuments();
    expect(docs.length).toBeGreaterThanOrEqual(22);
    const { rules } = compileRuleSet(docs);
    expect(rules).toHaveLength(docs.length);
    for (const rule of rules) {
      expect(rule.meta.description.length, rule.meta.title).toBeGreaterThan(20);
      expect(
        rule.meta.tags.some((t) => /^attack\.t\d{4}/.test(t)),
        rule.meta.title,
      ).toBe(true);
      if (rule.kind === "detection")
        expect(rule.logsource).toMatchObject({ product: "windows", service: "ntlm" });
    }
  });

  it("rules.generated.ts is up to date with the YAML (run node scripts/generate-rules.mjs)", async () => {
    const { file, content } = await (await generator()).generateRules({ compileRuleSet });
    const committed = await readFile(new URL(file, packageUrl), "utf8");
    expect(
      committed === content,
      `${file} is stale: run node scripts/generate-rules.mjs in packages/core`,
    ).toBe(true);
  });

  it("the committed files never point at machine-local paths", async () => {
    const docs = await (await generator()).readRuleDocuments();
    expect(JSON.stringify(docs)).not.toMatch(/\/work\//);
  });
});

describe("Sigma schema validation", () => {
  it("the schemas reject what Sigma forbids (bad level, non-uuid id, correlation without rules)", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const addFormats = (await import("ajv-formats")).default as unknown as (
      a: InstanceType<typeof Ajv2020>,
    ) => void;
    const load = async (name: string) => {
      const schema = JSON.parse(
        await readFile(new URL(`schema-sources/sigma/${name}`, packageUrl), "utf8"),
      ) as Record<string, unknown>;
      delete schema.$schema;
      const ajv = new Ajv2020({ strict: false });
      addFormats(ajv);
      return ajv.compile(schema);
    };
    const detection = await load("sigma-detection-rule-schema.json");
    const correlation = await load("sigma-correlation-rules-schema.json");
    const good = {
      title: "t",
      id: "17221aa5-969c-4474-9b75-adf79370fcf2",
      level: "low",
      logsource: { product: "windows" },
      detection: { a: { EventID: 1 }, condition: "a" },
    };
    expect(detection(good)).toBe(true);
    expect(detection({ ...good, level: "severe" })).toBe(false);
    expect(detection({ ...good, id: "not-a-uuid" })).toBe(false);
    expect(detection({ ...good, detection: { a: { EventID: 1 } } })).toBe(false);
    expect(
      correlation({
        title: "t",
        correlation: { type: "event_count", timespan: "1h", "group-by": ["x"], condition: { gte: 1 } },
      }),
    ).toBe(false);
    expect(
      correlation({
        title: "t",
        correlation: {
          type: "value_count",
          rules: ["base_rule"],
          timespan: "1h",
          "group-by": ["x"],
          condition: { gte: 1, field: "y" },
        },
      }),
    ).toBe(true);
  });
});

describe("field map", () => {
  it("maps every catalog field name and the fields the rules use", () => {
    for (const spec of EVENT_CATALOG)
      for (const f of spec.fields) expect(FIELD_MAP.has(f.name), f.name).toBe(true);
    for (const rule of loadRules())
      for (const f of rule.fieldsUsed) expect(FIELD_MAP.has(f), `${rule.meta.title}: ${f}`).toBe(true);
  });

  it("names an ECS field for every Sigma field; mapped fields carry their value tables", () => {
    for (const m of FIELD_MAP.values()) {
      expect(m.ecs.field, m.sigma).not.toBe("");
      for (const p of [m.ecs, m.cim, m.asim])
        if (p?.fidelity === "mapped") expect(p.values, `${m.sigma} ${p.field}`).toBeDefined();
    }
    expect(FIELD_MAP.get("NtlmVersion")?.cim?.values).toEqual({
      ntlmv2: "ntlmv2",
      ntlmv1: "ntlmv1",
      lm: "lm",
    });
  });

  it("an unmapped field fails loudly at generation (compile) and at load", () => {
    const doc: RuleDocument = {
      file: "bad.yml",
      document: 0,
      data: {
        title: "bad",
        id: "00000000-0000-4000-8000-0000000000ff",
        description: "uses a field the map does not know",
        level: "low",
        tags: ["attack.t1110"],
        falsepositives: ["none"],
        references: ["none"],
        logsource: { product: "windows", service: "ntlm" },
        detection: { selection: { Workstation_name: "x" }, condition: "selection" },
      },
    };
    expect(() => compileRuleSet([doc])).toThrow(/Sigma field "Workstation_name" is not in the field map/);
    // A rule set generated before a field left the map: loading refuses it.
    const stale: SigmaRule[] = loadRules().map((r) =>
      r.kind === "detection" ? { ...r, fieldsUsed: [...r.fieldsUsed, "NoSuchField"] } : r,
    );
    let error: unknown;
    try {
      loadRules(stale);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NtlmSiemError);
    expect((error as NtlmSiemError).code).toBe("content.unmapped-field");
    expect(() => resolveField("workstationname")).toThrow(/did you mean "WorkstationName"/);
  });

  it("rejects unsupported modifiers, keyword searches and other logsources", () => {
    const base = {
      title: "x",
      id: "00000000-0000-4000-8000-0000000000ee",
      description: "d",
      level: "low",
      tags: ["attack.t1110"],
      falsepositives: ["n"],
      references: ["n"],
      logsource: { product: "windows", service: "ntlm" },
    };
    const compile = (data: Record<string, unknown>) => () =>
      compileRuleSet([{ file: "x.yml", document: 0, data: { ...base, ...data } }]);
    expect(compile({ detection: { s: { "UserName|base64": "x" }, condition: "s" } })).toThrow(
      /modifier "base64"/,
    );
    expect(compile({ detection: { s: ["mimikatz"], condition: "s" } })).toThrow(/keyword/);
    expect(
      compile({
        logsource: { product: "windows", service: "security" },
        detection: { s: { EventID: 1 }, condition: "s" },
      }),
    ).toThrow(/logsource/);
    expect(
      compile({ tags: ["attack.credential-access"], detection: { s: { EventID: 1 }, condition: "s" } }),
    ).toThrow(/ATT&CK technique/);
  });
});
