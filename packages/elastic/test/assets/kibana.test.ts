import { describe, expect, it } from "vitest";
import { DASHBOARD_FIELDS, NTLM_DASHBOARDS } from "@ntlm-siem/core";
import { allFieldTypes } from "../../src/assets/fields.js";
import { dataViews } from "../../src/assets/kibana/data-views.js";
import { dashboardSavedObjects, kqlOf } from "../../src/assets/kibana/lens.js";
import { detectionRules, ruleProblems } from "../../src/assets/kibana/rules.js";

describe("detection rules", () => {
  const rules = detectionRules();
  it("carry every field the detection engine requires, per rule type", () => {
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) expect(ruleProblems(r as unknown as Record<string, unknown>), r.name).toEqual([]);
  });
  it("have unique stable rule_ids", () => {
    expect(new Set(rules.map((r) => r.rule_id)).size).toBe(rules.length);
  });
  it("flags a rule missing what Kibana requires", () => {
    expect(ruleProblems({ name: "x", type: "eql", language: "kuery", query: "a" })).toEqual(
      expect.arrayContaining(["missing description", "missing risk_score", "eql rule needs language eql"]),
    );
  });
});

describe("dashboards", () => {
  const objects = dashboardSavedObjects();
  const views = dataViews("default");
  const ids = new Set([...objects, ...views].map((o) => `${o.type}/${o.id}`));
  const mapped = allFieldTypes();

  it("render every platform-neutral panel as a Lens visualization on a dashboard", () => {
    const panels = NTLM_DASHBOARDS.flatMap((d) => d.panels);
    expect(objects.filter((o) => o.type === "lens")).toHaveLength(panels.length);
    expect(objects.filter((o) => o.type === "dashboard")).toHaveLength(NTLM_DASHBOARDS.length);
    for (const o of objects)
      for (const r of o.references)
        expect(ids, `${o.id} -> ${r.type}/${r.id}`).toContain(`${r.type}/${r.id}`);
  });

  it("read only mapped fields of our data stream (alerts panels: the alerts index)", () => {
    for (const o of objects.filter((x) => x.type === "lens")) {
      const layers = (
        o.attributes.state as {
          datasourceStates: {
            formBased: { layers: Record<string, { columns: Record<string, { sourceField: string }> }> };
          };
        }
      ).datasourceStates.formBased.layers;
      const alerts = o.references[0]?.id === views[1]?.id;
      for (const layer of Object.values(layers))
        for (const c of Object.values(layer.columns)) {
          if (c.sourceField === "___records___" || alerts) continue;
          expect(mapped, `${o.id}: ${c.sourceField}`).toHaveProperty([c.sourceField]);
        }
    }
    for (const [field, target] of Object.entries(DASHBOARD_FIELDS))
      if (!target.ecs.startsWith("kibana.")) expect(mapped, field).toHaveProperty([target.ecs]);
  });

  it("answer the KB5064479 and defender questions", () => {
    const questions = NTLM_DASHBOARDS.flatMap((d) => d.panels.map((p) => p.question)).join(" ");
    for (const q of [
      "Who uses NTLM",
      "processes",
      "Why",
      "machines",
      "NTLMv1",
      "MIC",
      "blocked",
      "domain controllers",
      "detections",
    ])
      expect(questions).toContain(q);
  });

  it("compiles panel filters to KQL", () => {
    expect(
      kqlOf([
        { field: "event.insecureReasons", in: ["mic-missing", "channel-binding-missing"] },
        { field: "process.name", exists: true },
      ]),
    ).toBe('ntlm.insecure_reasons:("mic-missing" or "channel-binding-missing") and process.name:*');
    expect(kqlOf([{ field: "event.insecure", in: [true] }])).toBe("ntlm.insecure:true");
  });
});
