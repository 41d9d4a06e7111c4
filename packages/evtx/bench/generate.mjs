// Writes the large bench file from the real NTLM samples (core's carved XML), repeated with sequential record
// identifiers, with the test writer's streaming writeEvtxFile (one chunk in memory at a time). Kept in .bench/
// (git-ignored) and reused while its size and recipe match.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildEvtx, writeEvtxFile } from "../dist/writer/index.js";

const here = new URL(".", import.meta.url).pathname;
const CARVED = join(here, "../../core/test/fixtures/samples/carved");

function sampleEvents() {
  const events = [];
  for (const f of readdirSync(CARVED)
    .filter((n) => n.endsWith(".xml"))
    .sort()) {
    const text = readFileSync(join(CARVED, f), "utf8").replace(/<!--[\s\S]*?-->/g, "");
    events.push(...(text.match(/<Event[\s>][\s\S]*?<\/Event>/g) ?? []));
  }
  return events;
}

function* repeated(events, count) {
  for (let i = 0; i < count; i++) yield events[i % events.length];
}

/** Writes (or reuses) a file of about `megabytes` MB; returns its path and record count. */
export async function benchFile(dir, megabytes) {
  const events = sampleEvents();
  // Records per chunk, measured on a small run, gives the event count for the size wanted.
  const trial = buildEvtx([...repeated(events, 2000)], { recordIds: "sequential" });
  const perChunk = trial.summary.records / trial.summary.chunks.length;
  const chunks = Math.ceil((megabytes * 1_000_000) / 65536);
  const count = Math.floor(chunks * perChunk);
  const path = join(dir, `ntlm-${megabytes}mb.evtx`);
  const stamp = `${path}.json`;
  const recipe = JSON.stringify({ megabytes, count, samples: events.length });
  if (existsSync(path) && existsSync(stamp) && readFileSync(stamp, "utf8") === recipe) {
    return { path, records: count, bytes: statSync(path).size, generated: false };
  }
  const summary = await writeEvtxFile(path, repeated(events, count), { recordIds: "sequential" });
  writeFileSync(stamp, recipe);
  return { path, records: summary.records, bytes: statSync(path).size, generated: true };
}
