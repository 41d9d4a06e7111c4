// One measured run in its own process, so peak memory (maxRSS) belongs to this run alone.
// Usage: node case.mjs <ecs|xml|xml-tree|raw> <file.evtx> [threads]   -> one JSON line of figures on stdout
//   ecs: what `ntlm-siem convert FILE --to ecs --threads N` does (core's convertToNdjson with the EVTX reader)
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { getHeapStatistics } from "node:v8";
import { convertToNdjson, newConvertStats } from "@ntlm-siem/core";
import { readEvtx, readEvtxEvents, readEvtxXml, registerEvtxReader, renderEvtxXml } from "../dist/index.js";

const [mode, file, threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 1);
// Output goes to /dev/null through a stream (buffering up to 4 MiB, as the CLI buffers 1 MiB for a file), so
// serialization and writing are paid as in real use.
const out = createWriteStream("/dev/null", { highWaterMark: 4 << 20 });
let pending = [];
let pendingBytes = 0;
let outBytes = 0;
async function put(text) {
  pending.push(text);
  pendingBytes += text.length;
  if (pendingBytes >= 1 << 20) await flush();
}
async function putBytes(bytes) {
  await flush();
  outBytes += bytes.length;
  if (!out.write(bytes)) await once(out, "drain");
}
async function flush() {
  if (pending.length === 0) return;
  const text = pending.join("");
  outBytes += Buffer.byteLength(text);
  pending = [];
  pendingBytes = 0;
  if (!out.write(text)) await once(out, "drain");
}

let records = 0;
let rejects = 0;
let warnings = 0;
let documents = 0;
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
// Peak V8 heap, sampled (used and reserved), next to the process's peak RSS.
let peakHeapUsed = 0;
let peakHeapTotal = 0;
const sampleHeap = () => {
  const h = getHeapStatistics();
  peakHeapUsed = Math.max(peakHeapUsed, h.used_heap_size);
  peakHeapTotal = Math.max(peakHeapTotal, h.total_heap_size);
};
// RSS against progress (records read so far), to tell memory that grows with the file from V8 warming up.
const curve = [];
const sampleAll = () => {
  sampleHeap();
  curve.push([progress(), process.memoryUsage.rss()]);
};
let progress = () => records;
const sampler = setInterval(sampleAll, 20);
if (mode === "ecs") {
  registerEvtxReader();
  const stats = newConvertStats();
  progress = () => stats.read;
  for await (const batch of convertToNdjson([file], "ecs", stats, { threads })) {
    if (typeof batch.ndjson === "string") await put(batch.ndjson);
    else await putBytes(batch.ndjson);
  }
  records = stats.read;
  rejects = stats.rejected;
  warnings = stats.warnings;
  documents = stats.converted;
} else if (mode === "xml") {
  // Event XML written straight from the Binary XML (no event tree).
  for await (const item of readEvtxXml(file)) {
    if (item.kind === "xml") {
      records += 1;
      await put(`${item.event.xml}\n`);
    } else if (item.kind === "reject") rejects += 1;
    else warnings += 1;
  }
  documents = records;
} else if (mode === "xml-tree") {
  // The event tree of each record, rendered (readEvtxEvents + renderEvtxXml).
  for await (const item of readEvtxEvents(file)) {
    if (item.kind === "event") {
      records += 1;
      await put(`${renderEvtxXml(item.event.content)}\n`);
    } else if (item.kind === "reject") rejects += 1;
    else warnings += 1;
  }
  documents = records;
} else if (mode === "raw") {
  // RawRecords only (readEvtx), without core's normalization: the reader's own share of EVTX -> ECS.
  for await (const item of readEvtx(file)) {
    if (item.kind === "record") records += 1;
    else if (item.kind === "reject") rejects += 1;
    else warnings += 1;
  }
  documents = records;
} else {
  throw new Error(`unknown mode ${mode}`);
}
await flush();
out.end();
await once(out, "finish");
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStart);
clearInterval(sampler);
sampleAll();
// Peak RSS while the first tenth of the records was read, against the peak over the whole run.
const peakWhile = (fraction) =>
  Math.max(0, ...curve.filter(([n]) => n <= fraction * records).map(([, rss]) => rss)) / 1048576;
console.log(
  JSON.stringify({
    records,
    rejects,
    warnings,
    documents,
    outBytes,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssKB: process.resourceUsage().maxRSS,
    peakHeapUsedMB: peakHeapUsed / 1048576,
    peakHeapTotalMB: peakHeapTotal / 1048576,
    threads,
    rssFirstTenthMB: peakWhile(0.1),
    rssPeakMB: peakWhile(1),
    // Peak RSS up to 10%, 20% … 100% of the records.
    rssByTenthMB: Array.from({ length: 10 }, (_, i) => Math.round(peakWhile((i + 1) / 10))),
  }),
);
