import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JsonObject } from "@ntlm-siem/core";

/** core's golden cases: every expected.ecs.json document (core's toEcs output, kept equal by core's own tests). */
export const GOLDEN_CASES_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../core/test/golden/cases",
);

export interface GoldenDoc {
  caseName: string;
  index: number;
  doc: JsonObject;
}

export function goldenEcsDocuments(): GoldenDoc[] {
  const out: GoldenDoc[] = [];
  for (const name of readdirSync(GOLDEN_CASES_DIR).sort()) {
    const docs = JSON.parse(
      readFileSync(join(GOLDEN_CASES_DIR, name, "expected.ecs.json"), "utf8"),
    ) as JsonObject[];
    docs.forEach((doc, index) => out.push({ caseName: name, index, doc }));
  }
  return out;
}
