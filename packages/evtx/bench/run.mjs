// EVTX bench: EVTX -> ECS NDJSON and EVTX -> XML with this package, side by side with evtxexport (libevtx) and
// python-evtx on the same files in the same run. Each case runs in its own process (peak memory = that run's).
// Usage: pnpm bench  (builds nothing: run `pnpm exec turbo run build` first)
//   BENCH_MB=300 (size of the generated file), BENCH_TILED_MB=200 (size of security.evtx's chunks repeated),
//   BENCH_MEMORY_MB=1000 (the generated file's chunks repeated, for peak memory against file size; 0 skips it),
//   BENCH_THREADS (threads of the parallel ECS row; default the cores, at most 4), BENCH_ONLY=ours (skip the reference tools),
//   BENCH_TREE=1 (also EVTX -> XML through the event tree: readEvtxEvents + renderEvtxXml)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { benchFile, tiledFile } from "./generate.mjs";

const here = new URL(".", import.meta.url).pathname;
const fixtures = join(here, "../test/fixtures/omerbenamram");
const benchDir = join(here, "../.bench");
const MB = Number(process.env.BENCH_MB ?? 300);
const TILED_MB = Number(process.env.BENCH_TILED_MB ?? 200);
/** Size of the memory run (the generated file's chunks repeated; ours only, the reference tools would take minutes). */
const MEMORY_MB = Number(process.env.BENCH_MEMORY_MB ?? 1000);
const THREADS = Number(process.env.BENCH_THREADS ?? Math.min(availableParallelism(), 4));
/** python-evtx does about 200 records/s: it is skipped on files larger than this. */
const PYTHON_EVTX_MAX_BYTES = 20 * 1024 * 1024;
const oursOnly = process.env.BENCH_ONLY === "ours";

function has(tool) {
  return spawnSync("which", [tool]).status === 0;
}
const HAS_EVTXEXPORT = !oursOnly && has("evtxexport");
const HAS_PYTHON_EVTX = !oursOnly && existsSync("/usr/bin/evtx_dump.py") && existsSync("/usr/bin/python3");

/** Our case in a child process; `seconds` is the process wall time (Node start-up included, as for the tools). */
function ours(mode, file, threads = 1) {
  const started = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [join(here, "case.mjs"), mode, file, String(threads)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const r = JSON.parse(out.trim().split("\n").pop());
  return { ...r, readSeconds: r.seconds, seconds: wall };
}

function reference(args) {
  const out = execFileSync("/usr/bin/python3", [join(here, "measure.py"), ...args], { encoding: "utf8" });
  return JSON.parse(out.trim());
}

const rows = [];
function row(file, bytes, tool, r, note = "") {
  const mb = bytes / 1_000_000;
  rows.push({
    file,
    tool,
    records: r.records,
    seconds: r.seconds,
    recordsPerSecond: r.records / r.seconds,
    mbPerSecond: mb / r.seconds,
    peakMB: r.maxRssKB / 1024,
    note,
  });
  const fmt = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(
    `${file.padEnd(44)} ${tool.padEnd(24)} ${fmt(r.records).padStart(9)} rec ${fmt(r.seconds, 2).padStart(7)} s ${fmt(
      r.records / r.seconds,
    ).padStart(
      9,
    )} rec/s ${fmt(mb / r.seconds, 1).padStart(6)} MB/s ${fmt(r.maxRssKB / 1024).padStart(5)} MB peak${note ? `  ${note}` : ""}`,
  );
}

mkdirSync(benchDir, { recursive: true });
console.log(`generating/reusing the ${MB} MB bench file in ${benchDir} …`);
const started = Date.now();
const big = await benchFile(benchDir, MB);
console.log(
  `  ${big.path}: ${(big.bytes / 1e6).toFixed(0)} MB, ${big.records} records (${big.generated ? `written in ${((Date.now() - started) / 1000).toFixed(0)} s` : "reused"})`,
);

const tiled = tiledFile(benchDir, join(fixtures, "security.evtx"), TILED_MB);
console.log(
  `  ${tiled.path}: ${(tiled.bytes / 1e6).toFixed(0)} MB, security.evtx's chunks repeated (${tiled.generated ? "written" : "reused"})`,
);

const files = [
  { name: "security.evtx", path: join(fixtures, "security.evtx") },
  {
    name: "sample-with-irregular-bool-values.evtx",
    path: join(fixtures, "sample-with-irregular-bool-values.evtx"),
  },
  { name: big.path.split("/").pop(), path: big.path, expected: big.records, large: true },
  { name: tiled.path.split("/").pop(), path: tiled.path, large: true },
];

console.log(`\n${"file".padEnd(44)} ${"tool".padEnd(24)}   records   seconds   rec/s     MB/s   peak RSS`);
const summary = [];
for (const f of files) {
  const bytes = statSync(f.path).size;
  const ecs = ours("ecs", f.path);
  const inProcess = (r) =>
    `${Math.round(r.records / r.readSeconds).toLocaleString("en-US")} rec/s in-process, ${r.cpuSeconds.toFixed(2)} s CPU, RSS ${r.rssFirstTenthMB.toFixed(0)} MB after the first tenth of the records`;
  row(
    f.name,
    bytes,
    "ntlm-siem evtx -> ECS",
    ecs,
    `${ecs.documents} ECS docs, ${ecs.rejects} rejects; ${inProcess(ecs)}`,
  );
  let ecsThreads;
  if (f.large && THREADS > 1) {
    ecsThreads = ours("ecs", f.path, THREADS);
    row(
      f.name,
      bytes,
      `ntlm-siem ECS ${THREADS} threads`,
      ecsThreads,
      `${ecsThreads.documents} ECS docs; ${inProcess(ecsThreads)}`,
    );
  }
  const xml = ours("xml", f.path);
  row(
    f.name,
    bytes,
    "ntlm-siem evtx -> XML",
    xml,
    `${xml.rejects} rejects, ${xml.warnings} warnings; ${inProcess(xml)}`,
  );
  if (process.env.BENCH_TREE === "1") {
    const tree = ours("xml-tree", f.path);
    row(
      f.name,
      bytes,
      "ntlm-siem evtx -> XML tree",
      tree,
      `readEvtxEvents + renderEvtxXml; ${inProcess(tree)}`,
    );
  }
  let ref;
  if (HAS_EVTXEXPORT) {
    ref = reference(["evtxexport", "-f", "xml", f.path]);
    row(f.name, bytes, "evtxexport -f xml", ref);
  } else console.log(`${f.name.padEnd(44)} evtxexport: not installed, skipped`);
  if (HAS_PYTHON_EVTX && bytes <= PYTHON_EVTX_MAX_BYTES) {
    row(
      f.name,
      bytes,
      "python-evtx evtx_dump.py",
      reference(["/usr/bin/python3", "/usr/bin/evtx_dump.py", f.path]),
    );
  } else if (HAS_PYTHON_EVTX) {
    console.log(
      `${f.name.padEnd(44)} python-evtx: skipped (file over ${PYTHON_EVTX_MAX_BYTES / 1048576} MB; it reads ~200 records/s, this would take hours)`,
    );
  } else if (!oursOnly) console.log(`${f.name.padEnd(44)} python-evtx: not installed, skipped`);
  summary.push({ f, bytes, ecs, ecsThreads, xml, ref });
}

console.log("\nTargets:");
for (const { f, ecs, ecsThreads, xml, ref } of summary) {
  if (ref === undefined) continue;
  const refRate = ref.records / ref.seconds;
  const x = (r) =>
    `${(r.records / r.seconds / refRate).toFixed(1)}x (${r.records / r.seconds >= 5 * refRate ? "met" : "NOT met"})`;
  const threaded = ecsThreads === undefined ? "" : `, ECS on ${THREADS} threads ${x(ecsThreads)}`;
  console.log(
    `  ${f.name}: >= 5x evtxexport records/s: ECS ${x(ecs)}${threaded}, XML ${x(xml)} (process wall times)`,
  );
}
// Memory: V8 sizes its heap to the allocation rate, so peak RSS climbs for the first ~100 MB read and then stays
// put. The test of "independent of file size" is the same peak for a file several times larger.
const bigRun = summary.find((s) => s.f.expected !== undefined);
if (MEMORY_MB > 0 && bigRun !== undefined) {
  const huge = tiledFile(benchDir, big.path, MEMORY_MB);
  const hugeName = huge.path.split("/").pop();
  const hugeEcs = ours("ecs", huge.path);
  row(
    hugeName,
    huge.bytes,
    "ntlm-siem evtx -> ECS",
    hugeEcs,
    `memory run (${huge.generated ? "written" : "reused"})`,
  );
  const hugeXml = ours("xml", huge.path);
  row(hugeName, huge.bytes, "ntlm-siem evtx -> XML", hugeXml, "memory run");
  // Within one run (no run-to-run noise of V8's heap sizing): the peak once half the file is read against the peak
  // over the whole file. Memory that grew with the file would grow as much again in the second half.
  const runs = [
    ["ECS", hugeEcs],
    ["XML", hugeXml],
  ];
  const grew = Math.max(...runs.map(([, r]) => r.rssPeakMB / r.rssByTenthMB[4]));
  console.log(
    `  peak memory independent of file size (${(huge.bytes / 1e6).toFixed(0)} MB file): ${runs
      .map(([label, r]) => `${label} peak RSS by tenths of the file ${r.rssByTenthMB.join(" / ")} MB`)
      .join(
        "; ",
      )} (${grew <= 1.05 ? "met" : "NOT met"}: the second half of the file adds ${((grew - 1) * 100).toFixed(1)}% at most)`,
  );
}
for (const { f, xml, ecs } of summary) {
  if (f.expected === undefined) continue;
  const accounted = xml.records + xml.rejects;
  console.log(
    `  no record dropped without a report (${f.name}): ${f.expected} written, XML ${xml.records} read + ${xml.rejects} rejected, ECS ${ecs.records} read (${accounted === f.expected && ecs.records === f.expected ? "met" : "NOT met"})`,
  );
}
