// pnpm bench: XML -> ECS and JSON -> ECS on a generated corpus of 200,000 events, events/s and peak memory, plus
// the JSON.parse+stringify floor and a 50,000-event run to show memory does not grow with input size.
// Figures are printed, never asserted: performance targets live here, not in tests.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ensureCorpus } from "./corpus.mjs";

const here = new URL(".", import.meta.url).pathname;
const dir = join(here, "../.bench");
const big = Number(process.env.BENCH_EVENTS ?? 200_000);
const small = Math.round(big / 4);

function run(script, args) {
  const out = execFileSync(process.execPath, [join(here, script), ...args], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop());
}

const corpora = { [big]: await ensureCorpus(dir, big), [small]: await ensureCorpus(dir, small) };
const rows = [];
rows.push({ case: `floor: JSON.parse+stringify (${big})`, ...run("floor-once.mjs", [corpora[big].json]) });
for (const n of [small, big]) {
  rows.push({ case: `JSON -> ECS (${n})`, ...run("convert-once.mjs", [corpora[n].json, "ecs"]) });
  rows.push({ case: `XML -> ECS (${n})`, ...run("convert-once.mjs", [corpora[n].xml, "ecs"]) });
}
rows.push({ case: `JSON -> CIM (${big})`, ...run("convert-once.mjs", [corpora[big].json, "cim"]) });
rows.push({ case: `JSON -> ASIM (${big})`, ...run("convert-once.mjs", [corpora[big].json, "asim"]) });

console.log(`node ${process.version}, one process per case (single-threaded)\n`);
console.log(
  "case".padEnd(38),
  "events".padStart(8),
  "seconds".padStart(8),
  "events/s".padStart(10),
  "peak RSS MB".padStart(12),
);
for (const r of rows) {
  console.log(
    r.case.padEnd(38),
    String(r.events).padStart(8),
    r.seconds.toFixed(2).padStart(8),
    Math.round(r.eventsPerSecond).toLocaleString("en-US").padStart(10),
    r.peakRssMB.toFixed(0).padStart(12),
  );
}
