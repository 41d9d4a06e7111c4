import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileRules, type CompiledRule } from "../../../src/content/compile/index.js";
import { GENERATED_RULES } from "../../../src/content/rules.generated.js";

const here = dirname(fileURLToPath(import.meta.url));
export const GOLDEN_DIR = join(here, "golden");
const CASES = join(here, "..", "..", "golden", "cases");

let cache: CompiledRule[] | undefined;

/** The current rule set, compiled once per test file. */
export function compiledRuleSet(): CompiledRule[] {
  if (cache === undefined) {
    const { compiled, errors } = compileRules(GENERATED_RULES.rules);
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
    cache = compiled;
  }
  return cache;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every document of one schema in the golden outputs of the core (test/golden/cases/<case>/expected.<schema>.json). */
export function goldenDocuments(schema: "ecs" | "cim" | "asim"): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  for (const name of readdirSync(CASES)) {
    let text: string;
    try {
      text = readFileSync(join(CASES, name, `expected.${schema}.json`), "utf8");
    } catch {
      continue;
    }
    const parsed = JSON.parse(text) as Json;
    for (const doc of Array.isArray(parsed) ? parsed : [parsed])
      if (doc !== null && typeof doc === "object" && !Array.isArray(doc)) out.push(doc);
  }
  return out;
}

/** Dotted paths of the leaves (and objects) of a document; `winlog.event_data` members included. */
export function flatPaths(
  doc: Record<string, Json>,
  prefix = "",
  out = new Map<string, Json>(),
): Map<string, Json> {
  for (const [k, v] of Object.entries(doc)) {
    const path = prefix === "" ? k : `${prefix}.${k}`;
    out.set(path, v);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatPaths(v, path, out);
  }
  return out;
}
