// One measured conversion in its own process, so peak memory (maxRSS) belongs to this run alone.
// Usage: node convert-once.mjs <file> <schema>   -> prints one JSON line of figures
import { convertItems, newConvertStats, readInputs } from "@ntlm-siem/core";

const [file, schema] = process.argv.slice(2);
const stats = newConvertStats();
let bytes = 0;
const started = process.hrtime.bigint();
for await (const item of convertItems(readInputs([file]), schema, stats)) {
  if (item.kind === "document") bytes += JSON.stringify(item.document).length + 1;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({
    file,
    schema,
    events: stats.converted,
    rejected: stats.rejected,
    seconds,
    eventsPerSecond: stats.converted / seconds,
    outputMB: bytes / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
