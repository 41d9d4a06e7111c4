import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EcsFlat } from "@elastic/ecs";
import { describe, expect, it } from "vitest";
import { checkDocument } from "../../src/pipeline/check.js";
import type { JsonObject } from "../../src/map/compact.js";

/**
 * Schema conformance of every document the golden cases produce: each ECS, CIM and ASIM output passes the
 * project's checkers with no error, and ECS fields outside the custom namespaces also exist in Elastic's own
 * package (@elastic/ecs) with the same type.
 */
const casesDir = join(import.meta.dirname, "../golden/cases");
const cases = readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function expected(caseName: string, schema: string): JsonObject[] {
  return JSON.parse(
    readFileSync(join(casesDir, caseName, `expected.${schema}.json`), "utf8"),
  ) as JsonObject[];
}

function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe("schema conformance of the golden outputs", () => {
  it("has golden cases to check", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const schema of ["ecs", "cim", "asim"] as const) {
    it(`every ${schema} document passes the ${schema} checker`, () => {
      const errors: string[] = [];
      let documents = 0;
      for (const name of cases) {
        for (const doc of expected(name, schema)) {
          documents += 1;
          for (const p of checkDocument(schema, doc))
            if (p.severity === "error") errors.push(`${name}: ${p.field}: ${p.message}`);
        }
      }
      expect(documents).toBeGreaterThan(40);
      expect(errors).toEqual([]);
    });
  }

  it("every ECS field outside winlog.* and ntlm.* is defined by @elastic/ecs with a matching JSON type", () => {
    const flat = EcsFlat as Record<string, { type: string }>;
    const problems: string[] = [];
    const used = new Set<string>();
    for (const name of cases) {
      for (const doc of expected(name, "ecs")) {
        for (const [path, value] of leaves(doc)) {
          if (path.startsWith("winlog.") || path.startsWith("ntlm.")) continue;
          used.add(path);
          const def = flat[path];
          if (!def) {
            problems.push(`${name}: ${path} is not an ECS field`);
            continue;
          }
          const values = Array.isArray(value) ? (value as unknown[]) : [value];
          const numeric = ["long", "integer", "short", "byte", "float", "double", "scaled_float"].includes(
            def.type,
          );
          for (const v of values) {
            if (numeric ? typeof v !== "number" : typeof v !== "string")
              problems.push(`${name}: ${path} (${def.type}) holds ${JSON.stringify(v)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // The mapping really uses the ECS fields the issue names.
    for (const field of [
      "@timestamp",
      "event.category",
      "event.outcome",
      "host.name",
      "user.name",
      "source.ip",
      "destination.domain",
      "process.pid",
      "related.user",
    ]) {
      expect(used).toContain(field);
    }
  });

  it("audit events never claim an outcome in any schema", () => {
    for (const name of cases) {
      const normalized = expected(name, "normalized") as unknown as {
        event: { mode: string; outcome: string };
        record: { eventId: number };
      }[];
      const ecs = expected(name, "ecs") as unknown as { event: { outcome: string } }[];
      const cim = expected(name, "cim") as unknown as { action?: string }[];
      const asim = expected(name, "asim") as unknown as { EventResult: string }[];
      normalized.forEach((n, i) => {
        if (![8001, 8002, 8003, 8004, 8005, 8006].includes(n.record.eventId)) return;
        expect(n.event.outcome).toBe("unknown");
        expect(ecs[i]?.event.outcome).toBe("unknown");
        expect(cim[i]?.action).toBeUndefined();
        expect(asim[i]?.EventResult).toBe("NA");
      });
    }
  });
});
