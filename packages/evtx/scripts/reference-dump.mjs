#!/usr/bin/env node
// Regenerates test/fixtures/reference/: what two independent EVTX readers print for every fixture, so the tests
// can compare this package's reader with them without the tools installed. Needs `evtxexport` (libevtx-utils)
// and python-evtx's `evtx_dump.py` (Debian: python3-evtx; set PYTHON if its module is not on the default
// python3). Outputs larger than 64 KiB are gzipped. Run: node scripts/reference-dump.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = join(root, "test", "fixtures");
const out = join(fixtures, "reference");

function evtxFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (full === out) continue;
    if (statSync(full).isDirectory()) files.push(...evtxFiles(full));
    else if (name.endsWith(".evtx")) files.push(full);
  }
  return files;
}

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, {
      maxBuffer: 512 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    }).toString("utf8");
  } catch (err) {
    // python-evtx stops with an exception on some fixtures: keep what it printed before.
    if (err.stdout) return err.stdout.toString("utf8");
    throw err;
  }
}

function pythonWithEvtx() {
  for (const candidate of [process.env.PYTHON, "python3", "/usr/bin/python3"].filter(Boolean)) {
    try {
      execFileSync(candidate, ["-c", "import Evtx"], { stdio: "ignore" });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error("no python3 with python-evtx (module Evtx) found; set PYTHON");
}

function write(base, text) {
  const raw = Buffer.from(text, "utf8");
  if (raw.length > 64 * 1024) writeFileSync(`${base}.gz`, gzipSync(raw, { level: 9 }));
  else writeFileSync(base, raw);
}

/**
 * Copies of damaged fixtures with the damage undone by hand, so evtxexport can show what the damaged records
 * hold. sample-with-zero-data-size-event.evtx: record 3 (chunk 0, offset 0x820) has 0 in its size field and
 * size copy; its Binary XML ends 232 bytes after its start, where record 4 begins.
 */
const REPAIRS = {
  "omerbenamram/sample-with-zero-data-size-event.evtx": [
    { offset: 4096 + 0x820 + 4, u32: 232 },
    { offset: 4096 + 0x820 + 232 - 4, u32: 232 },
  ],
};

const python = pythonWithEvtx();
const dump =
  ["/usr/bin/evtx_dump.py", "/usr/local/bin/evtx_dump.py"].find((p) => existsSync(p)) ?? "evtx_dump.py";
const manifest = { tools: {}, files: {} };
manifest.tools.evtxexport = run("evtxexport", ["-V"]).split("\n")[0].trim();
manifest.tools.pythonEvtx = run(python, [
  "-c",
  "import importlib.metadata as m; print(m.version('python-evtx'))",
]).trim();

for (const file of evtxFiles(fixtures)) {
  const rel = relative(fixtures, file);
  const base = join(out, rel);
  mkdirSync(dirname(base), { recursive: true });
  const libevtx = run("evtxexport", ["-f", "xml", file]);
  const pyevtx = run(python, [dump, file]);
  write(`${base}.evtxexport.xml`, libevtx);
  write(`${base}.python-evtx.xml`, pyevtx);
  manifest.files[rel] = {
    sha256: createHash("sha256").update(readFileSync(file)).digest("hex"),
    evtxexport: (libevtx.match(/<Event\b/g) ?? []).length,
    pythonEvtx: (pyevtx.match(/<Event\b/g) ?? []).length,
  };
  const repair = REPAIRS[rel];
  if (repair !== undefined) {
    const bytes = readFileSync(file);
    for (const { offset, u32 } of repair) bytes.writeUInt32LE(u32, offset);
    const tmp = mkdtempSync(join(tmpdir(), "evtx-repair-"));
    const copy = join(tmp, "repaired.evtx");
    writeFileSync(copy, bytes);
    const repaired = run("evtxexport", ["-f", "xml", copy]);
    rmSync(tmp, { recursive: true, force: true });
    write(`${base}.repaired.evtxexport.xml`, repaired);
    manifest.files[rel].repairedEvtxexport = (repaired.match(/<Event\b/g) ?? []).length;
  }
  console.log(rel, manifest.files[rel]);
}
writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
