import { describe, expect, it } from "vitest";
import { lintEql, lintEsql, lintKql, lintSpl } from "../../../src/content/compile/index.js";
import { NUMERIC_OUTPUT_FIELDS } from "../../../src/content/compile/targets.js";
import { FIELD_MAP } from "../../../src/content/field-map.js";
import { compiledRuleSet, flatPaths, goldenDocuments } from "./helpers.js";

/**
 * Field names come only from the field map, and the field map only names what our mappers write: every field a
 * compiled query reads must exist in our output for that schema, as the golden outputs of the core show it.
 */
function pathsOf(schema: "ecs" | "cim" | "asim"): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const doc of goldenDocuments(schema))
    for (const [path, value] of flatPaths(doc)) {
      const list = out.get(path) ?? [];
      list.push(value);
      out.set(path, list);
    }
  return out;
}

const ECS = pathsOf("ecs");
const CIM = pathsOf("cim");
const ASIM = pathsOf("asim");

// Raw EventData spellings the catalog accepts: real events carry one of them (the goldens carry some).
const RAW_SPELLINGS = new Set(
  [...FIELD_MAP.values()].flatMap((m) => m.rawNames.map((n) => `winlog.event_data.${n}`)),
);

describe("fields the compiled queries read exist in our output", () => {
  const compiled = compiledRuleSet();

  it("Elastic: ECS output fields (winlog.event_data.* by a catalog spelling)", () => {
    for (const c of compiled) {
      const rule = c.elastic.rule;
      const lint = rule.language === "kuery" ? lintKql : rule.language === "eql" ? lintEql : lintEsql;
      const read = new Set([...lint(rule.query).fields, ...c.elastic.fields]);
      for (const f of read)
        expect({ rule: c.slug, field: f, known: ECS.has(f) || RAW_SPELLINGS.has(f) }).toEqual({
          rule: c.slug,
          field: f,
          known: true,
        });
    }
  });

  it("Splunk: CIM output fields", () => {
    for (const c of compiled) {
      const read = new Set([...lintSpl(c.splunk.savedSearch.search).fields, ...c.splunk.fields]);
      for (const f of read)
        expect({ rule: c.slug, field: f, known: CIM.has(f) }).toEqual({
          rule: c.slug,
          field: f,
          known: true,
        });
    }
  });

  it("Sentinel: ASIM columns and AdditionalFields members we emit", () => {
    for (const c of compiled) {
      const members = [c.sentinel.queries.view, c.sentinel.queries.table ?? ""].flatMap((q) =>
        [...q.matchAll(/AdditionalFields\.([A-Za-z0-9_]+)/g)].map((m) => `AdditionalFields.${m[1] ?? ""}`),
      );
      for (const f of new Set([...members, ...c.sentinel.fields]))
        expect({ rule: c.slug, field: f, known: ASIM.has(f) }).toEqual({
          rule: c.slug,
          field: f,
          known: true,
        });
    }
  });

  it("the lint field extraction sees fields at all", () => {
    const all = compiled.flatMap((c) => lintSpl(c.splunk.savedSearch.search).fields);
    expect(all).toContain("EventCode");
  });
});

describe("facts the compilers rely on", () => {
  it("NUMERIC_OUTPUT_FIELDS are numbers in our output, and the fields of integer Sigma fields are not otherwise", () => {
    const schemas = { elastic: ECS, splunk: CIM, sentinel: ASIM } as const;
    for (const [platform, paths] of Object.entries(schemas) as [
      keyof typeof schemas,
      Map<string, unknown[]>,
    ][]) {
      for (const f of NUMERIC_OUTPUT_FIELDS[platform]) {
        const values = paths.get(f) ?? [];
        expect({ platform, f, seen: values.length > 0 }).toEqual({ platform, f, seen: true });
        for (const v of values)
          expect({ platform, f, type: typeof v }).toEqual({ platform, f, type: "number" });
      }
      const key = platform === "elastic" ? "ecs" : platform === "splunk" ? "cim" : "asim";
      for (const m of FIELD_MAP.values()) {
        const target = m[key]?.field;
        if (m.value !== "integer" || target === undefined || NUMERIC_OUTPUT_FIELDS[platform].has(target))
          continue;
        for (const v of paths.get(target) ?? [])
          expect({ platform, target, type: typeof v }).toEqual({ platform, target, type: "string" });
      }
    }
  });

  it("CIM EventCode equals signature_id on every event (tstats reads signature_id for EventID)", () => {
    for (const doc of goldenDocuments("cim")) expect(doc.signature_id).toBe(doc.EventCode);
  });

  it("every ASIM row we write carries AdditionalFields.NtlmAction (how Sentinel queries find our rows)", () => {
    for (const doc of goldenDocuments("asim")) {
      const af = doc.AdditionalFields as Record<string, unknown> | undefined;
      expect(typeof af?.NtlmAction).toBe("string");
      expect(doc.EventVendor).toBe("Microsoft");
    }
  });
});
