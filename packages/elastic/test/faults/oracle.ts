import { readFile } from "node:fs/promises";
import { expect } from "vitest";
import type { ElasticDouble } from "../../src/double/elastic-double.js";
import { documentId } from "../../src/ship/document-id.js";
import { collect } from "../ship/support.js";

export const STREAM = "logs-windows.ntlm_operational-default";

/** The ledger of what must arrive: every `_id` the inputs produce. */
export async function expectedIds(inputs: string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const r of await collect(inputs)) ids.add(documentId(r.event, r.document));
  return ids;
}

export async function deadLetterIds(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return new Map();
  }
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as { _id: string; error: { type: string; reason: string } };
    out.set(entry._id, `${entry.error.type}: ${entry.error.reason}`);
  }
  return out;
}

/**
 * Conservation, no fabrication, no duplicates (the oracle of the fault suite): every expected `_id` is in the
 * double's data stream exactly once (201 given once) or in the dead-letter file with a reason, and the stream holds
 * nothing that was not expected.
 */
export function expectExactlyOnce(
  double: ElasticDouble,
  expected: Set<string>,
  deadLetters: Map<string, string>,
): void {
  const stored = new Set(double.documents(STREAM).map((d) => d.id));
  const missing = [...expected].filter((id) => !stored.has(id) && !deadLetters.has(id));
  const fabricated = [...stored].filter((id) => !expected.has(id));
  const duplicated = [...double.created].filter(([, n]) => n > 1);
  expect({ missing, fabricated, duplicated }).toEqual({ missing: [], fabricated: [], duplicated: [] });
  for (const [id, reason] of deadLetters) {
    expect(expected.has(id)).toBe(true);
    expect(reason.length).toBeGreaterThan(0);
  }
}
