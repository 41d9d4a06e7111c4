import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parseEventXml } from "@ntlm-siem/core";
import type { RawRecord } from "@ntlm-siem/core";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
export const REFERENCE = join(FIXTURES, "reference");

/** Every .evtx fixture, as a path relative to test/fixtures. */
export function fixtureFiles(dir = FIXTURES): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (full === REFERENCE) continue;
    if (statSync(full).isDirectory()) files.push(...fixtureFiles(full));
    else if (name.endsWith(".evtx")) files.push(relative(FIXTURES, full));
  }
  return files;
}

export type ReferenceTool = "evtxexport" | "python-evtx" | "repaired.evtxexport";

/** The XML a reference tool printed for a fixture (written by scripts/reference-dump.mjs). */
export function referenceXml(fixture: string, tool: ReferenceTool): string {
  const base = join(REFERENCE, `${fixture}.${tool}.xml`);
  if (existsSync(base)) return readFileSync(base, "utf8");
  return gunzipSync(readFileSync(`${base}.gz`)).toString("utf8");
}

export function hasReference(fixture: string, tool: ReferenceTool): boolean {
  const base = join(REFERENCE, `${fixture}.${tool}.xml`);
  return existsSync(base) || existsSync(`${base}.gz`);
}

interface Manifest {
  files: Record<
    string,
    { sha256: string; evtxexport: number; pythonEvtx: number; repairedEvtxexport?: number }
  >;
}

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(REFERENCE, "manifest.json"), "utf8")) as Manifest;
}

/** evtxexport's records as RawRecords, parsed by core's XML reader. */
export function evtxexportRecords(fixture: string, tool: ReferenceTool = "evtxexport"): RawRecord[] {
  const xml = referenceXml(fixture, tool);
  // evtxexport writes control characters of ANSI strings as they are, which XML 1.0 cannot carry.
  const events = xml.replace(XML_DISALLOWED, "\uFFFD").match(/<Event\b[\s\S]*?<\/Event>/g) ?? [];
  return events.map((text, i) => parseEventXml(text, { file: fixture, record: i + 1, format: "xml" }));
}

export function referenceCount(fixture: string, tool: ReferenceTool): number {
  return (referenceXml(fixture, tool).match(/<Event\b/g) ?? []).length;
}

const XML_DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const HEX = /^0x[0-9a-fA-F]+$/;
const TIME9 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7})00Z$/;

/**
 * The two spellings evtxexport and Windows differ in, made equal: evtxexport prints FILETIMEs with 9 fractional
 * digits (the last two always 0) and hex integers zero-padded to their width (`0x00000000000003e7`), where
 * Windows prints 7 digits and `0x3e7`; control characters XML cannot carry are U+FFFD on both sides.
 * Everything else is compared as is.
 */
export function canonicalValue(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  if (HEX.test(value)) return `0x${BigInt(value).toString(16)}`;
  const time = TIME9.exec(value);
  if (time !== null) return `${time[1]}Z`;
  return value.replace(XML_DISALLOWED, "\uFFFD");
}

/** A RawRecord without its origin, every value canonical: what two readers of the same record must agree on. */
export function comparable(record: RawRecord): unknown {
  const system = Object.fromEntries(
    Object.entries(record.system).map(([k, v]) => [k, canonicalValue(v as string)]),
  );
  const items = (list: RawRecord["eventData"] | undefined): unknown =>
    list?.map((d) => ({ name: d.name, value: canonicalValue(d.value) }));
  return { system, eventData: items(record.eventData), userData: items(record.userData) };
}
