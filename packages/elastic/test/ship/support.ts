import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { convertItems, readInputs } from "@ntlm-siem/core";
import { loadElasticConfig, type ElasticConfig } from "../../src/config.js";
import type { ShipRecord } from "../../src/ship/ship.js";

export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
export const SAMPLE_NDJSON = join(REPO, "samples/carved/jump01_8001_8002_8003.ndjson");

/** ECS records from inputs, the way the CLI reads them (readInputs + convertItems). */
export async function* ecsRecords(inputs: string[], cwd?: string): AsyncGenerator<ShipRecord> {
  for await (const item of convertItems(readInputs(inputs, cwd === undefined ? {} : { cwd }), "ecs")) {
    if (item.kind === "document") yield { document: item.document, event: item.event };
  }
}

export async function collect(inputs: string[]): Promise<ShipRecord[]> {
  const out: ShipRecord[] = [];
  for await (const r of ecsRecords(inputs)) out.push(r);
  return out;
}

let templates: unknown[] | undefined;

/**
 * Writes an NDJSON corpus of `n` distinct NTLM events (the real carved samples with new record IDs, times and
 * hosts, as core's bench corpus does), so tests can ship any number of events.
 */
export async function writeCorpus(path: string, n: number, offset = 0): Promise<void> {
  templates ??= (await readFile(SAMPLE_NDJSON, "utf8"))
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => (JSON.parse(l) as { Event: unknown }).Event);
  const lines: string[] = [];
  for (let i = offset; i < offset + n; i++) {
    const e = structuredClone(templates[i % templates.length]) as {
      System: { EventRecordID: number; Computer: string; TimeCreated: { SystemTime: string } };
    };
    e.System.EventRecordID = 100_000 + i;
    e.System.Computer = `host${i % 50}.contoso.local`;
    e.System.TimeCreated.SystemTime = new Date(Date.UTC(2026, 0, 1) + i * 997).toISOString();
    lines.push(JSON.stringify({ Event: e }));
  }
  await writeFile(path, `${lines.join("\n")}\n`);
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "ntlm-ship-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

/** A configuration pointing at a double, with small, fast retry settings. */
export function testConfig(url: string, overrides: Record<string, unknown> = {}): ElasticConfig {
  return loadElasticConfig(
    { ELASTIC_URL: url, ELASTIC_API_KEY: API_KEY },
    {
      retry: { maxAttempts: 8, initialDelayMs: 5, maxDelayMs: 50 },
      batch: { maxDocuments: 25, maxBytes: 5 * 1024 * 1024, concurrency: 2 },
      requestTimeoutMs: 2000,
      ...overrides,
    },
  );
}

/** Every warning and info line a run logged, for assertions (and for the secret scan). */
export function captureLogger(): {
  lines: string[];
  logger: { warn: (m: string) => void; info: (m: string) => void };
} {
  const lines: string[] = [];
  return { lines, logger: { warn: (m) => lines.push(`warn: ${m}`), info: (m) => lines.push(`info: ${m}`) } };
}
