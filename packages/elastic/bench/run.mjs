// Shipping bench: events/s from an NDJSON corpus to the loopback test double (not Elasticsearch) with the default
// batch settings (1000 documents / 5 MiB, concurrency 2), through the real CLI in a child process, and that child's
// peak RSS. The corpus is core's bench corpus (real carved samples, varied). BENCH_EVENTS sets its size.
//
//   pnpm bench            (from packages/elastic; needs `pnpm exec turbo run build` first)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ensureCorpus } from "../../core/bench/corpus.mjs";
import { startElasticDouble } from "../dist/index.js";

const here = new URL(".", import.meta.url).pathname;
const cli = join(here, "../../../apps/cli/dist/cli.js");
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`pnpm exec turbo run build\` from the repository root first`);
  process.exit(2);
}
const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const dir = join(here, "../.bench");
const { json } = await ensureCorpus(dir, events);

const double = await startElasticDouble({ auth: { apiKey: "bench-key" }, recordBodies: false });
const checkpoint = join(dir, "bench.checkpoint.json");
await rm(checkpoint, { force: true });

function ship() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [join(here, "ship-child.mjs"), "ship", "elastic", json, "--checkpoint", checkpoint],
      {
        env: { PATH: process.env.PATH ?? "", ELASTIC_URL: double.url, ELASTIC_API_KEY: "bench-key" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`ship exited ${code}:\n${err}`));
      resolve({ seconds, ...JSON.parse(out.trim().split("\n").at(-1)) });
    });
  });
}

const first = await ship();
const stored = double.documents().length;
const bulks = double.bulkRequests().length;
await rm(checkpoint, { force: true });
const rerun = await ship(); // everything answers 409: the cost of an idempotent re-run without a checkpoint
await double.stop();

const mib = (kib) => (kib / 1024).toFixed(0);
console.log(
  `ship elastic -> loopback double, ${events.toLocaleString("en-US")} events, defaults (1000 docs / 5 MiB, concurrency 2)`,
);
console.log(
  `  first run : ${(events / first.seconds).toFixed(0)} events/s (${first.seconds.toFixed(2)} s wall, process start included), peak RSS ${mib(first.maxRssKiB)} MiB, ${bulks} bulk requests, ${stored} documents stored`,
);
console.log(
  `  re-run    : ${(events / rerun.seconds).toFixed(0)} events/s (all 409, already present), peak RSS ${mib(rerun.maxRssKiB)} MiB`,
);
if (stored !== events) {
  console.error(`expected ${events} documents in the double, found ${stored}`);
  process.exitCode = 1;
}
