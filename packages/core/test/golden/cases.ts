import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NtlmEvent } from "../../src/model/ntlm-event.js";
import { normalize } from "../../src/normalize/normalize.js";
import { readInputs } from "../../src/read/index.js";

/**
 * The golden cases: one folder per case under cases/, each with a case.json and exactly one input file. Shared by
 * golden.test.ts (snapshots) and coverage.test.ts (catalog coverage, format twins).
 */
export const GOLDEN_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CASES_DIR = path.join(GOLDEN_DIR, "cases");

export type CaseKind = "real" | "synthetic" | "format" | "edge";

export interface CaseMeta {
  description: string;
  kind: CaseKind;
  /** Event ID of every converted document, in input order (so its length is the expected document count). */
  eventIds: number[];
  synthetic: boolean;
  /** Provenance: file + record for real data, the documents a synthetic input was built from. */
  source: string;
  /** Format cases: the case holding the same record as Windows Event XML. */
  twin?: string;
  /** Records that must be skipped as other channels (mixed inputs). */
  skipped?: number;
  /** IDs the catalog does not know, expected to pass through as unknown events. */
  unknownEventIds?: number[];
}

export interface GoldenCase {
  name: string;
  dir: string;
  /** The input's file name, relative to the case folder (what origin.file carries). */
  input: string;
  meta: CaseMeta;
}

const INPUT_NAMES = ["input.xml", "input.json", "input.ndjson"] as const;
const KINDS: readonly CaseKind[] = ["real", "synthetic", "format", "edge"];

export function loadCases(): GoldenCase[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(CASES_DIR, name);
      const inputs = INPUT_NAMES.filter((f) => existsSync(path.join(dir, f)));
      if (inputs.length !== 1)
        throw new Error(`golden case ${name}: expected exactly one input file, found ${inputs.length}`);
      const input = inputs[0] as string;
      return { name, dir, input, meta: parseMeta(name, readFileSync(path.join(dir, "case.json"), "utf8")) };
    });
}

function parseMeta(name: string, text: string): CaseMeta {
  const raw = JSON.parse(text) as Partial<CaseMeta>;
  const fail = (what: string): never => {
    throw new Error(`golden case ${name}: case.json ${what}`);
  };
  if (typeof raw.description !== "string" || raw.description === "") fail("needs a description");
  if (typeof raw.source !== "string" || raw.source === "") fail("needs a source");
  if (typeof raw.synthetic !== "boolean") fail("needs synthetic: true|false");
  if (!KINDS.includes(raw.kind as CaseKind)) fail(`kind must be one of ${KINDS.join(", ")}`);
  if (!Array.isArray(raw.eventIds) || !raw.eventIds.every((id) => Number.isInteger(id)))
    fail("needs eventIds: number[]");
  if (raw.kind === "format" && typeof raw.twin !== "string") fail("of a format case needs a twin");
  return raw as CaseMeta;
}

export interface CaseRun {
  events: NtlmEvent[];
  rejects: string[];
  skipped: number;
}

/** Reads a case's input as the CLI would (origin.file is the case-relative name) and normalizes every record. */
export async function runCase(c: GoldenCase): Promise<CaseRun> {
  const run: CaseRun = { events: [], rejects: [], skipped: 0 };
  for await (const item of readInputs([c.input], { cwd: c.dir })) {
    if (item.kind !== "record") {
      run.rejects.push(`${item.error.code}: ${item.error.message}`);
      continue;
    }
    const result = normalize(item.record);
    if (result.kind === "event") run.events.push(result.event);
    else if (result.kind === "skip") run.skipped += 1;
    else run.rejects.push(`${result.error.code}: ${result.error.message}`);
  }
  return run;
}
