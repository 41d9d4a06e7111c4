// Writes docs/mappings.md (event catalog, mapping code) and docs/detections.md (rules, compilers); run after
// `pnpm build`.
// With --check, exits 1 when the committed file differs from what the code generates (CI runs that).
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  compileRules,
  decoderValueTables,
  loadRules,
  normalize,
  readInputs,
  renderDetectionsDoc,
  renderMappingsDoc,
} from "../packages/core/dist/index.js";

const root = new URL("..", import.meta.url).pathname;
const casesDir = join(root, "packages/core/test/golden/cases");

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
const rules = loadRules();
const { compiled, errors } = compileRules(rules);
if (errors.length > 0) {
  for (const e of errors) console.error(String(e.message ?? e));
  process.exit(1);
}
const docs = [
  [join(root, "docs/mappings.md"), renderMappingsDoc(events, decoderValueTables())],
  [join(root, "docs/detections.md"), renderDetectionsDoc(rules, compiled)],
];

if (process.argv.includes("--check")) {
  let stale = false;
  for (const [target, doc] of docs) {
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      // missing counts as stale
    }
    if (current !== doc) {
      console.error(
        `${target.slice(root.length)} is stale: run \`node scripts/generate-docs.mjs\` and commit the result.`,
      );
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.error(`docs are up to date (${events.length} example events, ${rules.length} rules).`);
} else {
  for (const [target, doc] of docs) writeFileSync(target, doc);
  console.error(
    `wrote docs/mappings.md and docs/detections.md (${events.length} example events, ${rules.length} rules)`,
  );
}
