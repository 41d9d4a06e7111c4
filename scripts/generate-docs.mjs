// Writes docs/mappings.md from the event catalog and the mapping code (run after `pnpm build`).
// With --check, exits 1 when the committed file differs from what the code generates (CI runs that).
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { decoderValueTables, normalize, readInputs, renderMappingsDoc } from "../packages/core/dist/index.js";

const root = new URL("..", import.meta.url).pathname;
const casesDir = join(root, "packages/core/test/golden/cases");
const target = join(root, "docs/mappings.md");

const inputs = readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(casesDir, d.name))
      .filter((f) => f.startsWith("input."))
      .map((f) => join(casesDir, d.name, f)),
  )
  .sort();
const events = [];
for await (const item of readInputs(inputs)) {
  if (item.kind !== "record") continue;
  const result = normalize(item.record);
  if (result.kind === "event") events.push(result.event);
}
const doc = renderMappingsDoc(events, decoderValueTables());

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== doc) {
    console.error("docs/mappings.md is stale: run `node scripts/generate-docs.mjs` and commit the result.");
    process.exit(1);
  }
  console.error(`docs/mappings.md is up to date (${events.length} example events).`);
} else {
  writeFileSync(target, doc);
  console.error(`wrote docs/mappings.md (${events.length} example events)`);
}
