// One measured run in its own process, so peak memory (maxRSS) belongs to this run alone.
// Usage: node case.mjs <ecs|xml> <file.evtx>   -> one JSON line of figures on stdout
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { convertItems, newConvertStats, readInputs } from "@ntlm-siem/core";
import { readEvtxEvents, registerEvtxReader, renderEvtxXml } from "../dist/index.js";

const [mode, file] = process.argv.slice(2);
// Output goes to /dev/null through a stream, so serialization and writing are paid as in real use.
const out = createWriteStream("/dev/null");
let pending = [];
let pendingBytes = 0;
let outBytes = 0;
async function put(text) {
  pending.push(text);
  pendingBytes += text.length;
  if (pendingBytes >= 1 << 20) await flush();
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
if (mode === "ecs") {
  registerEvtxReader();
  const stats = newConvertStats();
  for await (const item of convertItems(readInputs([file]), "ecs", stats)) {
    if (item.kind === "document") await put(`${JSON.stringify(item.document)}\n`);
  }
  records = stats.read;
  rejects = stats.rejected;
  warnings = stats.warnings;
  documents = stats.converted;
} else if (mode === "xml") {
  for await (const item of readEvtxEvents(file)) {
    if (item.kind === "event") {
      records += 1;
      await put(`${renderEvtxXml(item.event.content)}\n`);
    } else if (item.kind === "reject") rejects += 1;
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
console.log(
  JSON.stringify({
    records,
    rejects,
    warnings,
    documents,
    outBytes,
    seconds,
    maxRssKB: process.resourceUsage().maxRSS,
  }),
);
