import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "@ntlm-siem/core";
import { ECS_EMITTED, NTLM_FIELDS, WINLOG_FIELDS } from "../../src/assets/fields.js";
import { mappedType, type Properties } from "../../src/assets/mappings.js";
import { INDEX_PATTERN, NAMES } from "../../src/assets/names.js";
import {
  ecsComponent,
  ilmPolicy,
  indexTemplate,
  ntlmComponent,
  settingsComponent,
  winlogComponent,
} from "../../src/assets/templates.js";
import { GOLDEN_CASES_DIR, goldenEcsDocuments } from "./golden.js";

// The ECS definitions themselves (@elastic/ecs, a devDependency of core), not our generated copy of them.
const requireFromCore = createRequire(join(GOLDEN_CASES_DIR, "../../../package.json"));
const { EcsFlat } = requireFromCore("@elastic/ecs") as { EcsFlat: Record<string, { type: string }> };

const props = (c: { template: { mappings?: Record<string, unknown> } }): Properties =>
  (c.template.mappings?.properties ?? {}) as Properties;
const ecs = props(ecsComponent());
const winlog = props(winlogComponent());
const ntlm = props(ntlmComponent());

function typeOf(field: string): string | undefined {
  if (field.startsWith("winlog.event_data.")) return "keyword"; // the dynamic template
  return mappedType(ecs, field) ?? mappedType(winlog, field) ?? mappedType(ntlm, field);
}

function flatten(
  doc: JsonObject,
  prefix = "",
  out = new Map<string, JsonValue[]>(),
): Map<string, JsonValue[]> {
  for (const [k, v] of Object.entries(doc)) {
    const name = prefix === "" ? k : `${prefix}.${k}`;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v, name, out);
    else out.set(name, [...(out.get(name) ?? []), ...(Array.isArray(v) ? v : [v])]);
  }
  return out;
}

describe("index template mappings", () => {
  it("maps every ECS field we emit with its ECS type (from @elastic/ecs)", () => {
    for (const field of ECS_EMITTED) {
      const def = EcsFlat[field];
      expect(def, `${field} is an ECS field`).toBeDefined();
      expect(mappedType(ecs, field), field).toBe(def?.type);
    }
  });

  it("maps every field of every golden ECS document, with a type that fits its values", () => {
    const fields = new Map<string, JsonValue[]>();
    for (const g of goldenEcsDocuments())
      for (const [f, v] of flatten(g.doc)) fields.set(f, [...(fields.get(f) ?? []), ...v]);
    expect(fields.size).toBeGreaterThan(60);
    const unmapped = [...fields.keys()].filter((f) => typeOf(f) === undefined);
    expect(unmapped).toEqual([]);
    for (const [field, values] of fields) {
      const type = typeOf(field) as string;
      for (const v of values) {
        if (type === "long") expect(Number.isInteger(v), `${field}=${JSON.stringify(v)}`).toBe(true);
        else if (type === "boolean") expect(typeof v, field).toBe("boolean");
        else if (type === "ip")
          expect(typeof v === "string" && /^[0-9a-f.:]+$/i.test(v), `${field}=${JSON.stringify(v)}`).toBe(
            true,
          );
        else if (type === "date")
          expect(Number.isNaN(Date.parse(JSON.stringify(v).replace(/"/g, ""))), field).toBe(false);
        else expect(typeof v, `${field} (${type})`).toBe("string");
      }
    }
  });

  it("types ntlm.* by the values we emit: *.ip as ip, counts and codes as long", () => {
    for (const [field, type] of Object.entries(NTLM_FIELDS))
      if (field.endsWith(".ip")) expect(type, field).toBe("ip");
    expect(WINLOG_FIELDS["winlog.event_id"]).toBe("keyword");
    expect(winlogComponent().template.mappings?.dynamic_templates).toEqual([
      {
        winlog_event_data: {
          path_match: "winlog.event_data.*",
          mapping: { type: "keyword", ignore_above: 1024 },
        },
      },
    ]);
  });

  it("is a data stream template above the managed logs template, composed of our components", () => {
    const t = indexTemplate();
    expect(t.index_patterns).toEqual([INDEX_PATTERN]);
    expect(t.data_stream).toEqual({});
    expect(t.priority).toBeGreaterThan(100);
    expect(t.composed_of.slice(0, 4)).toEqual([
      NAMES.componentSettings,
      NAMES.componentEcs,
      NAMES.componentWinlog,
      NAMES.componentNtlm,
    ]);
    expect(settingsComponent().template.settings).toEqual({
      "index.default_pipeline": NAMES.pipeline,
      "index.lifecycle.name": NAMES.ilmPolicy,
    });
  });

  it("uses ILM by default and the data stream lifecycle when asked", () => {
    expect(ilmPolicy({ retentionDays: 30 }).policy.phases.delete).toEqual({
      min_age: "30d",
      actions: { delete: {} },
    });
    const dsl = indexTemplate({ lifecycle: "dsl", retentionDays: 90 });
    expect(dsl.template.lifecycle).toEqual({ data_retention: "90d" });
    expect(settingsComponent({ lifecycle: "dsl" }).template.settings).toEqual({
      "index.default_pipeline": NAMES.pipeline,
    });
  });
});
