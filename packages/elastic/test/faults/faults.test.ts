import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startElasticDouble, type ElasticDouble, type ItemContext } from "../../src/double/elastic-double.js";
import { shipToElastic, type ShipOptions } from "../../src/ship/ship.js";
import { API_KEY, captureLogger, ecsRecords, tempDir, testConfig, writeCorpus } from "../ship/support.js";
import { deadLetterIds, expectedIds, expectExactlyOnce, STREAM } from "./oracle.js";

/**
 * The fault matrix (loopback, bounded, deterministic): each case injects one kind of failure into the double and
 * checks the oracle: every event delivered exactly once by `_id`, or dead-lettered with a reason; nothing else.
 */
describe("delivery under faults", () => {
  let double: ElasticDouble;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: string;
  let expected: Set<string>;

  beforeEach(async () => {
    double = await startElasticDouble({ auth: { apiKey: API_KEY } });
    tmp = await tempDir();
    corpus = join(tmp.dir, "corpus.ndjson");
    await writeCorpus(corpus, 300);
    expected = await expectedIds([corpus]);
  });
  afterEach(async () => {
    await double.stop();
    await tmp.cleanup();
  });

  function ship(overrides: Partial<ShipOptions> = {}, config: Record<string, unknown> = {}) {
    return shipToElastic({
      config: testConfig(double.url, config),
      records: ecsRecords([corpus]),
      cwd: tmp.dir,
      checkpointPath: join(tmp.dir, "checkpoint.json"),
      deadLetterPath: join(tmp.dir, "dead-letter.ndjson"),
      ...overrides,
    });
  }

  it("F1 sink down at start: connection refused, then up", async () => {
    const port = double.port;
    await double.stop();
    setTimeout(() => void double.start(port), 300);
    const { logger, lines } = captureLogger();
    const result = await ship(
      { logger },
      { retry: { maxAttempts: 30, initialDelayMs: 20, maxDelayMs: 100 } },
    );
    expect(result.error).toBeUndefined();
    expect(lines.some((l) => l.includes("connection failed"))).toBe(true);
    expectExactlyOnce(double, expected, new Map());
    expect(result.stats.sent).toBe(expected.size);
  });

  it("F2 connection reset half-way through a bulk body", async () => {
    double.inject({ kind: "reset-mid-body" }, { kind: "reset-mid-body" }, { kind: "reset-mid-body" });
    const result = await ship();
    expect(result.error).toBeUndefined();
    expect(result.stats.retries).toBeGreaterThanOrEqual(3);
    expect(double.requests.filter((r) => r.outcome === "reset")).toHaveLength(3);
    expectExactlyOnce(double, expected, new Map());
  });

  it("F3 response lost after commit: the resend meets 409s, counted as already present", async () => {
    double.inject({ kind: "lose-response" }, { kind: "lose-response" });
    const result = await ship();
    expect(result.error).toBeUndefined();
    expect(result.stats.alreadyPresent).toBeGreaterThanOrEqual(25);
    expect(result.stats.sent + result.stats.alreadyPresent).toBe(expected.size);
    expectExactlyOnce(double, expected, new Map());
  });

  it("F3b request timeout while the server still commits: resent safely", async () => {
    double.inject({ kind: "delay", ms: 1300 });
    const result = await ship({}, { requestTimeoutMs: 1000 });
    expect(result.error).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    expectExactlyOnce(double, expected, new Map());
  });

  it("F4 429 storm: Retry-After is honoured, then item-level 429s resend only those items", async () => {
    double.inject(
      { kind: "status", status: 429, retryAfter: "1" },
      { kind: "status", status: 429, retryAfter: "1" },
    );
    double.itemFault = (item: ItemContext) =>
      item.attempt === 1 && hash(item.id) % 10 < 3
        ? {
            status: 429,
            type: "es_rejected_execution_exception",
            reason: "rejected execution (queue capacity 200)",
          }
        : undefined;
    const result = await ship({}, { batch: { maxDocuments: 25, maxBytes: 5 * 1024 * 1024, concurrency: 1 } });
    expect(result.error).toBeUndefined();
    const bulk = double.bulkRequests();
    const throttled = bulk.findIndex((r) => r.outcome === 429);
    const after = bulk[throttled + 1];
    expect(after).toBeDefined();
    expect((after?.at ?? 0) - (bulk[throttled]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    // Item retries carry only the throttled documents, never the whole batch again.
    const resentDocs = [...double.attempts.values()].filter((n) => n > 1).length;
    expect(resentDocs).toBeLessThan(expected.size * 0.5);
    expectExactlyOnce(double, expected, new Map());
  });

  it("F5 5xx bursts (500/502/503/504) on requests and items", async () => {
    double.inject(
      { kind: "status", status: 503 },
      { kind: "status", status: 502 },
      { kind: "status", status: 504 },
      { kind: "status", status: 500 },
      { kind: "status", status: 503 },
    );
    double.itemFault = (item) =>
      item.attempt <= 2 && hash(item.id) % 7 === 0
        ? { status: 503, type: "unavailable_shards_exception", reason: "primary shard is not active" }
        : undefined;
    const result = await ship();
    expect(result.error).toBeUndefined();
    expectExactlyOnce(double, expected, new Map());
  });

  it("F6 partial bulk failures: mixed 201/409/429/400/503 items", async () => {
    // Some documents already exist (an earlier run): 409.
    const present = [...expected].slice(0, 40);
    const stream = new Map(present.map((id) => [id, { index: STREAM, id, source: "{}" }]));
    double.streams.set(STREAM, stream);
    for (const id of present) double.created.set(id, 1);
    double.itemFault = (item) => {
      const h = hash(item.id) % 20;
      if (h === 0)
        return {
          status: 400,
          type: "document_parsing_exception",
          reason: "[1:2] failed to parse field [source.port]",
        };
      if (h === 1 && item.attempt === 1)
        return { status: 429, type: "es_rejected_execution_exception", reason: "queue full" };
      if (h === 2 && item.attempt === 1)
        return { status: 503, type: "unavailable_shards_exception", reason: "not active" };
      return undefined;
    };
    const result = await ship();
    expect(result.outcome).toBe("delivered");
    const dead = await deadLetterIds(join(tmp.dir, "dead-letter.ndjson"));
    // A document that fails to parse is refused before the _id is looked up (as in Elasticsearch), even if present.
    const poisoned = [...expected].filter((id) => hash(id) % 20 === 0);
    expect(poisoned.length).toBeGreaterThan(0);
    expect(new Set(dead.keys())).toEqual(new Set(poisoned));
    expect([...dead.values()][0]).toContain("document_parsing_exception");
    expect(result.stats.deadLettered).toBe(poisoned.length);
    expect(result.stats.alreadyPresent).toBe(present.filter((id) => !poisoned.includes(id)).length);
    expect(result.stats.sent + result.stats.alreadyPresent + result.stats.deadLettered).toBe(expected.size);
    expectExactlyOnce(double, expected, dead);
  });

  it("F7 413 request too large: the batch is halved until it fits", async () => {
    double.inject({ kind: "status", status: 413 }, { kind: "status", status: 413 });
    const result = await ship();
    expect(result.error).toBeUndefined();
    expectExactlyOnce(double, expected, new Map());
  });

  it("F8 gives up after the retry budget (exit 3 territory), keeps the checkpoint, and a re-run completes", async () => {
    let bulkCalls = 0;
    double.itemFault = () => {
      bulkCalls += 1;
      return bulkCalls > 60
        ? { status: 503, type: "unavailable_shards_exception", reason: "down" }
        : undefined;
    };
    const failed = await ship({}, { retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 } });
    expect(failed.outcome).toBe("failed");
    expect(failed.error?.code).toBe("elastic-delivery-failed");
    expect(failed.error?.retryable).toBe(true);
    const checkpoint = JSON.parse(await readFile(join(tmp.dir, "checkpoint.json"), "utf8")) as {
      files: Record<string, { acknowledged: number }>;
    };
    const mark = Object.values(checkpoint.files)[0]?.acknowledged ?? 0;
    expect(mark).toBeGreaterThan(0);
    expect(mark).toBeLessThan(300);
    double.itemFault = undefined;
    const resumed = await ship();
    expect(resumed.outcome).toBe("delivered");
    expect(resumed.stats.skippedAcknowledged).toBe(mark);
    expectExactlyOnce(double, expected, new Map());
  });

  it("F9 credentials revoked mid-run (401): stops without retrying, not retryable", async () => {
    double.itemFault = (item) =>
      double.documents(STREAM).length > 50 && item.attempt === 1
        ? {
            status: 403,
            type: "security_exception",
            reason: "action [indices:data/write/bulk[s]] is unauthorized",
          }
        : undefined;
    const result = await ship();
    expect(result.outcome).toBe("failed");
    expect(result.error?.code).toBe("elastic-forbidden");
    expect(result.error?.retryable).toBe(false);
    double.itemFault = undefined;
    const resumed = await ship();
    expect(resumed.outcome).toBe("delivered");
    expectExactlyOnce(double, expected, new Map());
  });

  it("F14 an empty (torn) checkpoint is reported and ignored: re-sent, never skipped", async () => {
    await ship();
    await writeFile(join(tmp.dir, "checkpoint.json"), "");
    const { logger, lines } = captureLogger();
    const again = await ship({ logger });
    expect(lines.some((l) => l.includes("empty or damaged"))).toBe(true);
    expect(again.stats.alreadyPresent).toBe(expected.size);
    expectExactlyOnce(double, expected, new Map());
  });

  it("F19 an input replaced under the checkpoint is sent again from the start", async () => {
    await ship();
    await writeCorpus(corpus, 320, 1000);
    const fresh = await expectedIds([corpus]);
    const { logger, lines } = captureLogger();
    const again = await ship({ logger });
    expect(lines.some((l) => l.includes("changed since the checkpoint"))).toBe(true);
    expect(again.stats.sent).toBe(fresh.size);
    expectExactlyOnce(double, new Set([...expected, ...fresh]), new Map());
  });

  it("F16 slow sink: memory stays bounded, everything arrives", async () => {
    double.inject(...Array.from({ length: 8 }, () => ({ kind: "delay" as const, ms: 50 })));
    const result = await ship({}, { batch: { maxDocuments: 10, maxBytes: 5 * 1024 * 1024, concurrency: 2 } });
    expect(result.error).toBeUndefined();
    expectExactlyOnce(double, expected, new Map());
  });
});

/** A stable small hash of an _id, so fault choices are deterministic across runs. */
function hash(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h;
}
