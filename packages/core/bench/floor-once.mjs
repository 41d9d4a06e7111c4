// The floor the issue quotes: JSON.parse + JSON.stringify of every line, nothing else.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

const [file] = process.argv.slice(2);
let n = 0;
const started = process.hrtime.bigint();
for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
  if (!line) continue;
  JSON.stringify(JSON.parse(line));
  n++;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({
    file,
    events: n,
    seconds,
    eventsPerSecond: n / seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
