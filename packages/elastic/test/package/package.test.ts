import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JsonObject } from "@ntlm-siem/core";
import { ECS_FIELDS } from "@ntlm-siem/core";
import { ruleProblems } from "../../src/assets/kibana/rules.js";
import { buildIngestPipeline, type IngestPipeline } from "../../src/assets/pipeline/pipeline.js";
import { DATA_STREAM, PACKAGE_NAME, writePackage } from "../../src/package/build-package.js";
import { toYaml } from "../../src/package/yaml.js";
import { GOLDEN_CASES_DIR, goldenEcsDocuments } from "../assets/golden.js";
import { simulatePipeline } from "../assets/ingest/simulate.js";

// `yaml` is a devDependency of core: parse what our emitter writes with a real YAML parser.
const YAML = createRequire(join(GOLDEN_CASES_DIR, "../../../package.json"))("yaml") as {
  parse(text: string): unknown;
};

const byCase = new Map<string, JsonObject[]>();
for (const g of goldenEcsDocuments()) byCase.set(g.caseName, [...(byCase.get(g.caseName) ?? []), g.doc]);
const testCases = [...byCase].map(([name, documents]) => ({ name, documents }));

const out = mkdtempSync(join(tmpdir(), "ntlm-siem-package-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));
writePackage(out, { testCases });
const ds = join(out, "data_stream", DATA_STREAM);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [relative(out, p)];
  });
}
const read = (p: string): string => readFileSync(join(out, p), "utf8");
const yml = (p: string): unknown => YAML.parse(read(p));

describe("integration package", () => {
  it("has the package-spec layout", () => {
    const files = walk(out);
    for (const required of [
      "manifest.yml",
      "changelog.yml",
      "docs/README.md",
      `data_stream/${DATA_STREAM}/manifest.yml`,
      `data_stream/${DATA_STREAM}/agent/stream/winlog.yml.hbs`,
      `data_stream/${DATA_STREAM}/elasticsearch/ingest_pipeline/default.yml`,
      `data_stream/${DATA_STREAM}/sample_event.json`,
    ])
      expect(files, required).toContain(required);
    expect(files.filter((f) => f.includes("/fields/"))).toHaveLength(4);
    expect(
      files.filter((f) => /_dev\/test\/pipeline\/test-.*\.json$/.test(f) && !f.endsWith("-expected.json")),
    ).toHaveLength(testCases.length);
    // Kibana assets (other than security rules) are named <package>-*.json.
    for (const f of files.filter((x) => x.startsWith("kibana/") && !x.startsWith("kibana/security_rule/")))
      expect(f.split("/").pop(), f).toMatch(new RegExp(`^${PACKAGE_NAME}-.+\\.json$`));
    expect(read(`data_stream/${DATA_STREAM}/agent/stream/winlog.yml.hbs`)).toMatch(
      /^name: Microsoft-Windows-NTLM\/Operational$/m,
    );
  });

  it("writes a manifest with the keys package-spec requires", () => {
    const m = yml("manifest.yml") as Record<string, unknown>;
    for (const k of [
      "format_version",
      "name",
      "title",
      "description",
      "version",
      "type",
      "owner",
      "categories",
      "conditions",
      "policy_templates",
    ])
      expect(m, k).toHaveProperty(k);
    expect(m.type).toBe("integration");
    expect(m.name).toMatch(/^[a-z0-9_]+$/);
    const inputs = (m.policy_templates as { inputs: { type: string }[] }[])[0]?.inputs;
    expect(inputs?.[0]?.type).toBe("winlog");
    const dsm = yml(`data_stream/${DATA_STREAM}/manifest.yml`) as {
      type: string;
      dataset: string;
      streams: { input: string; template_path: string }[];
    };
    expect(dsm).toMatchObject({ type: "logs", dataset: "windows.ntlm_operational" });
    expect(dsm.streams[0]).toMatchObject({ input: "winlog", template_path: "winlog.yml.hbs" });
    expect((yml("changelog.yml") as { changes: { link: string }[] }[])[0]?.changes[0]?.link).toMatch(
      /^https:/,
    );
  });

  it("ships the generated pipeline unchanged (YAML round trip)", () => {
    expect(yml(`data_stream/${DATA_STREAM}/elasticsearch/ingest_pipeline/default.yml`)).toEqual(
      buildIngestPipeline(),
    );
  });

  it("has pipeline tests whose expected documents are core's, and the pipeline produces them", () => {
    const pipeline = yml(
      `data_stream/${DATA_STREAM}/elasticsearch/ingest_pipeline/default.yml`,
    ) as IngestPipeline;
    let events = 0;
    for (const c of testCases) {
      const input = JSON.parse(read(`data_stream/${DATA_STREAM}/_dev/test/pipeline/test-${c.name}.json`)) as {
        events: JsonObject[];
      };
      const expected = JSON.parse(
        read(`data_stream/${DATA_STREAM}/_dev/test/pipeline/test-${c.name}.json-expected.json`),
      ) as { expected: JsonObject[] };
      expect(input.events).toHaveLength(c.documents.length);
      input.events.forEach((e, i) => {
        expect(Object.keys(e.winlog as object).length).toBeGreaterThan(3);
        expect(e).not.toHaveProperty("ntlm");
        expect(simulatePipeline(pipeline, e).doc, `${c.name}#${i}`).toEqual(expected.expected[i]);
        events += 1;
      });
    }
    expect(events).toBe(goldenEcsDocuments().length);
  });

  it("declares a field for every field of the expected documents, ECS ones with ECS types", () => {
    const declared = new Map<string, string>();
    for (const f of ["base-fields", "ecs", "winlog", "ntlm"])
      for (const e of yml(`data_stream/${DATA_STREAM}/fields/${f}.yml`) as { name: string; type: string }[])
        declared.set(e.name, e.type);
    for (const [name, type] of declared) {
      const ecs = ECS_FIELDS.get(name);
      if (ecs) expect(type, name).toBe(ecs.type);
    }
    const sample = JSON.parse(readFileSync(join(ds, "sample_event.json"), "utf8")) as JsonObject;
    const names: string[] = [];
    const flat = (o: JsonObject, p: string): void => {
      for (const [k, v] of Object.entries(o)) {
        const n = p === "" ? k : `${p}.${k}`;
        if (n === "winlog.event_data") continue;
        if (v !== null && typeof v === "object" && !Array.isArray(v)) flat(v, n);
        else names.push(n);
      }
    };
    for (const g of goldenEcsDocuments()) flat(g.doc, "");
    flat(sample, "");
    expect([...new Set(names)].filter((n) => !declared.has(n))).toEqual([]);
    expect(declared.get("winlog.event_data")).toBe("object");
  });

  it("ships importable security rules and dashboards whose references resolve inside the package", () => {
    const files = walk(out);
    const rules = files.filter((f) => f.startsWith("kibana/security_rule/"));
    expect(rules.length).toBeGreaterThan(10);
    for (const f of rules) {
      const asset = JSON.parse(read(f)) as { type: string; attributes: Record<string, unknown> };
      expect(asset.type).toBe("security-rule");
      expect(ruleProblems(asset.attributes), f).toEqual([]);
    }
    const ids = new Set(
      files
        .filter((f) => f.startsWith("kibana/") && !f.includes("security_rule"))
        .map((f) => (JSON.parse(read(f)) as { id: string }).id),
    );
    for (const f of files.filter((x) => x.startsWith("kibana/dashboard/") || x.startsWith("kibana/lens/")))
      for (const r of (JSON.parse(read(f)) as { references: { id: string }[] }).references)
        expect(ids, `${f} -> ${r.id}`).toContain(r.id);
  });
});

describe("YAML emitter", () => {
  it("round-trips awkward strings and nesting", () => {
    const value = {
      a: ["x", { b: "multi\nline\n", c: "  leading", d: "tab\tin", e: 'quote " and \\' }, []],
      "odd key": { n: 1.5, t: true, z: null, empty: {} },
      code: "if (x) {\n  y();\n}",
    };
    expect(YAML.parse(toYaml(value))).toEqual(value);
  });
});
