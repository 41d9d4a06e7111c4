// Writes the large bench file from the real NTLM samples (core's carved XML), repeated with sequential record
// identifiers, with the test writer's streaming writeEvtxFile (one chunk in memory at a time). Kept in .bench/
// (git-ignored) and reused while its size and recipe match.
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, join } from "node:path";
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, crc32 } from "../dist/index.js";
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

/**
 * Writes (or reuses) a file of about `megabytes` MB made of a real file's chunks repeated: real Windows content
 * (templates, value mix, record sizes) at bench size. Every chunk carries its own string and template tables, so
 * a chunk copied elsewhere in a file is still a valid chunk; the file header is rewritten for the chunk count.
 * Record identifiers repeat (once per copy), which no reader here depends on.
 */
export function tiledFile(dir, source, megabytes) {
  const name = `${basename(source, ".evtx")}-tiled-${megabytes}mb.evtx`;
  const path = join(dir, name);
  const count = Math.min(0xffff, Math.ceil((megabytes * 1_000_000) / CHUNK_SIZE));
  const bytes = FILE_HEADER_BLOCK_SIZE + count * CHUNK_SIZE;
  if (existsSync(path) && statSync(path).size === bytes) return { path, bytes, generated: false };
  // One chunk in memory at a time: a bench process that grew would pass its peak RSS on to the runs it starts
  // (Linux keeps the larger maxrss across fork and exec).
  const src = openSync(source, "r");
  const out = openSync(path, "w");
  try {
    const head = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
    readSync(src, head, 0, head.length, 0);
    const offsets = [];
    const chunk = Buffer.alloc(CHUNK_SIZE);
    const sourceChunks = Math.floor((statSync(source).size - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE);
    for (let i = 0; i < sourceChunks; i++) {
      const at = FILE_HEADER_BLOCK_SIZE + i * CHUNK_SIZE;
      readSync(src, chunk, 0, 8, at);
      if (chunk.toString("latin1", 0, 8) === "ElfChnk\0") offsets.push(at);
    }
    head.writeBigUInt64LE(0n, 8); // first chunk number
    head.writeBigUInt64LE(BigInt(count - 1), 16); // last chunk number
    head.writeUInt16LE(count, 42); // chunk count
    head.writeUInt32LE(head.readUInt32LE(120) & ~1, 120); // not dirty
    head.writeUInt32LE(crc32(head.subarray(0, 120)) >>> 0, 124);
    writeSync(out, head);
    for (let i = 0; i < count; i++) {
      readSync(src, chunk, 0, CHUNK_SIZE, offsets[i % offsets.length]);
      writeSync(out, chunk);
    }
  } finally {
    closeSync(src);
    closeSync(out);
  }
  return { path, bytes, generated: true };
}
