import { describe, expect, it } from "vitest";
import { SCHEMAS } from "../../src/map/index.js";
import { NtlmEventSchema } from "../../src/model/ntlm-event.js";
import { loadCases, runCase } from "./cases.js";

/**
 * Golden files: every case's input is read, normalized and mapped to each schema, and the documents are compared
 * with cases/<case>/expected.<schema>.json. Those files are generated, never hand-written: after a deliberate
 * change, run `pnpm exec vitest run test/golden -u` and review the diff like code.
 */
const cases = loadCases();
/** The schemas every case is snapshotted in (named here, not taken from SCHEMAS, so a new schema is a deliberate addition). */
const SCHEMA_KEYS = ["normalized", "ecs", "cim", "asim"] as const satisfies readonly (keyof typeof SCHEMAS)[];

describe("golden cases", () => {
  it("finds the cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    describe(c.name, () => {
      it("reads and normalizes without rejects, with the documents case.json lists", async () => {
        const run = await runCase(c);
        expect(run.rejects).toEqual([]);
        expect(run.events.map((e) => e.record.eventId)).toEqual(c.meta.eventIds);
        expect(run.skipped).toBe(c.meta.skipped ?? 0);
        for (const event of run.events) {
          expect(event.origin.file).toBe(c.input);
          expect(NtlmEventSchema.safeParse(event).error?.issues ?? []).toEqual([]);
          const unknown = c.meta.unknownEventIds ?? [];
          expect(event.event.known).toBe(!unknown.includes(event.record.eventId));
        }
      });

      for (const schema of SCHEMA_KEYS) {
        it(`matches expected.${schema}.json`, async () => {
          const run = await runCase(c);
          const docs = run.events.map((event) => SCHEMAS[schema](event));
          await expect(`${JSON.stringify(docs, null, 2)}\n`).toMatchFileSnapshot(
            `cases/${c.name}/expected.${schema}.json`,
          );
        });
      }
    });
  }
});
