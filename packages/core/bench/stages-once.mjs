// Where the time goes: cumulative passes over one file, each adding one stage (read; + normalize; + map;
// + JSON.stringify), so each stage's cost per event is the difference between neighbouring passes.
// Usage: node stages-once.mjs <file> [schema]   -> prints one JSON line of microseconds per event
import { normalize, readInputs, SCHEMAS } from "@ntlm-siem/core";

const [file, schema = "ecs"] = process.argv.slice(2);
const map = SCHEMAS[schema];

async function pass(depth) {
  let n = 0;
  const started = process.hrtime.bigint();
  for await (const item of readInputs([file])) {
    if (item.kind !== "record") continue;
    n++;
    if (depth < 1) continue;
    const result = normalize(item.record);
    if (result.kind !== "event" || depth < 2) continue;
    const doc = map(result.event);
    if (depth < 3) continue;
    JSON.stringify(doc);
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / n;
}

const totals = [];
for (let depth = 0; depth < 4; depth++) totals.push(await pass(depth));
const [read, normalized, mapped, stringified] = totals;
console.log(
  JSON.stringify({
    file,
    schema,
    readUs: read,
    normalizeUs: normalized - read,
    mapUs: mapped - normalized,
    stringifyUs: stringified - mapped,
    totalUs: stringified,
  }),
);
