import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startElasticDouble, type ElasticDouble } from "../../src/double/elastic-double.js";
import { shipToElastic } from "../../src/ship/ship.js";
import {
  API_KEY,
  captureLogger,
  collect,
  ecsRecords,
  SAMPLE_NDJSON,
  tempDir,
  testConfig,
  writeCorpus,
} from "./support.js";

const STREAM = "logs-windows.ntlm_operational-default";

describe("shipToElastic against the double", () => {
  let double: ElasticDouble;
  let tmp: Awaited<ReturnType<typeof tempDir>>;

  beforeEach(async () => {
    double = await startElasticDouble({ auth: { apiKey: API_KEY } });
    tmp = await tempDir();
  });
  afterEach(async () => {
    await double.stop();
    await tmp.cleanup();
  });

  it("ships every event once with create operations and deterministic _ids", async () => {
    const expected = await collect([SAMPLE_NDJSON]);
    const { logger, lines } = captureLogger();
    const result = await shipToElastic({
      config: testConfig(double.url),
      records: ecsRecords([SAMPLE_NDJSON]),
      logger,
      cwd: tmp.dir,
    });
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe("delivered");
    expect(result.stats.sent).toBe(expected.length);
    expect(double.documents(STREAM)).toHaveLength(expected.length);
    const bulk = double.bulkRequests();
    expect(bulk.length).toBeGreaterThan(1);
    for (const request of bulk) {
      expect(request.path).toBe(`/${STREAM}/_bulk`);
      for (const [i, line] of (request.body ?? "").trim().split("\n").entries())
        if (i % 2 === 0) expect(Object.keys(JSON.parse(line) as object)).toEqual(["create"]);
    }
    expect(lines.join("\n")).toContain("connected to Elasticsearch 9.1.0");
    const stored = JSON.parse(double.documents(STREAM)[0]?.source ?? "{}") as Record<string, unknown>;
    expect(stored.data_stream).toEqual({
      type: "logs",
      dataset: "windows.ntlm_operational",
      namespace: "default",
    });
    expect(stored["@timestamp"]).toBeTypeOf("string");
  });

  it("a re-run creates nothing new: every document answers 409 and counts as already present", async () => {
    const first = await shipToElastic({
      config: testConfig(double.url),
      records: ecsRecords([SAMPLE_NDJSON]),
      cwd: tmp.dir,
    });
    const second = await shipToElastic({
      config: testConfig(double.url),
      records: ecsRecords([SAMPLE_NDJSON]),
      cwd: tmp.dir,
    });
    expect(second.outcome).toBe("delivered");
    expect(second.stats.sent).toBe(0);
    expect(second.stats.alreadyPresent).toBe(first.stats.sent);
    expect(double.documents(STREAM)).toHaveLength(first.stats.sent);
  });

  it("with a checkpoint, a re-run skips acknowledged records without sending them", async () => {
    const checkpointPath = join(tmp.dir, "ship.checkpoint.json");
    const first = await shipToElastic({
      config: testConfig(double.url),
      records: ecsRecords([SAMPLE_NDJSON]),
      checkpointPath,
      cwd: tmp.dir,
    });
    const bulkBefore = double.bulkRequests().length;
    const second = await shipToElastic({
      config: testConfig(double.url),
      records: ecsRecords([SAMPLE_NDJSON]),
      checkpointPath,
      cwd: tmp.dir,
    });
    expect(second.stats.skippedAcknowledged).toBe(first.stats.sent);
    expect(second.stats.sent + second.stats.alreadyPresent).toBe(0);
    expect(double.bulkRequests().length).toBe(bulkBefore);
    const checkpoint = JSON.parse(await readFile(checkpointPath, "utf8")) as {
      files: Record<string, { acknowledged: number }>;
    };
    expect(Object.values(checkpoint.files)[0]?.acknowledged).toBeGreaterThan(0);
  });

  it("sends compatible-with=8 headers to an 8.x server and the client's defaults to 9.x", async () => {
    const eight = await startElasticDouble({ version: "8.19.3", auth: { apiKey: API_KEY } });
    try {
      const result = await shipToElastic({
        config: testConfig(eight.url),
        records: ecsRecords([SAMPLE_NDJSON]),
        cwd: tmp.dir,
      });
      expect(result.error).toBeUndefined();
      expect(result.server?.major).toBe(8);
      const bulk = eight.bulkRequests()[0];
      expect(bulk?.headers["content-type"]).toBe("application/vnd.elasticsearch+x-ndjson; compatible-with=8");
      expect(bulk?.headers.accept).toBe("application/vnd.elasticsearch+json; compatible-with=8");
    } finally {
      await eight.stop();
    }
    await shipToElastic({
      config: testConfig(double.url),
      records: ecsRecords([SAMPLE_NDJSON]),
      cwd: tmp.dir,
    });
    expect(double.bulkRequests()[0]?.headers["content-type"]).toContain("compatible-with=9");
  });

  it("the double refuses the 9.x client's default headers the way an 8.x server does", async () => {
    const eight = await startElasticDouble({ version: "8.19.3", auth: { apiKey: API_KEY } });
    try {
      // serverMajor 9 forced against an 8.x server: the bulk request keeps compatible-with=9 and is refused.
      const result = await shipToElastic({
        config: testConfig(eight.url, { serverMajor: 9 }),
        records: ecsRecords([SAMPLE_NDJSON]),
        cwd: tmp.dir,
      });
      expect(result.outcome).toBe("failed");
      expect(result.error?.code).toBe("elastic-media-type");
      expect(eight.documents()).toHaveLength(0);
    } finally {
      await eight.stop();
    }
  });

  it("stops before sending when the index template is missing, naming the install command", async () => {
    const bare = await startElasticDouble({ auth: { apiKey: API_KEY }, templates: [] });
    try {
      const result = await shipToElastic({
        config: testConfig(bare.url),
        records: ecsRecords([SAMPLE_NDJSON]),
        cwd: tmp.dir,
      });
      expect(result.outcome).toBe("failed");
      expect(result.error?.code).toBe("elastic-template-missing");
      expect(result.error?.message).toContain("run `ntlm-siem install elastic` first");
      expect(bare.bulkRequests()).toHaveLength(0);
    } finally {
      await bare.stop();
    }
  });

  it("fails fast on wrong credentials (401) and on a missing create_doc privilege", async () => {
    const locked = await startElasticDouble({ auth: { apiKey: "another-key" } });
    const noPrivilege = await startElasticDouble({
      auth: { apiKey: API_KEY },
      privileges: ["auto_configure"],
    });
    try {
      const denied = await shipToElastic({
        config: testConfig(locked.url),
        records: ecsRecords([SAMPLE_NDJSON]),
        cwd: tmp.dir,
      });
      expect(denied.error?.code).toBe("elastic-auth-failed");
      expect(denied.error?.retryable).toBe(false);
      const forbidden = await shipToElastic({
        config: testConfig(noPrivilege.url),
        records: ecsRecords([SAMPLE_NDJSON]),
        cwd: tmp.dir,
      });
      expect(forbidden.error?.code).toBe("elastic-forbidden");
      expect(forbidden.error?.message).toContain("create_doc");
      expect(noPrivilege.bulkRequests()).toHaveLength(0);
    } finally {
      await locked.stop();
      await noPrivilege.stop();
    }
  });

  it("authenticates with basic credentials too", async () => {
    const basic = await startElasticDouble({ auth: { username: "shipper", password: "s3cret-pass" } });
    try {
      const { loadElasticConfig } = await import("../../src/config.js");
      const config = loadElasticConfig(
        { ELASTIC_URL: basic.url, ELASTIC_USERNAME: "shipper", ELASTIC_PASSWORD: "s3cret-pass" },
        { retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 5 } },
      );
      const result = await shipToElastic({ config, records: ecsRecords([SAMPLE_NDJSON]), cwd: tmp.dir });
      expect(result.outcome).toBe("delivered");
      expect(basic.requests.every((r) => r.authenticated)).toBe(true);
      expect(basic.requests[0]?.headers.authorization).toBe("Basic [redacted]");
    } finally {
      await basic.stop();
    }
  });

  it("dry run: healthcheck and encoding only, nothing sent, nothing written", async () => {
    const checkpointPath = join(tmp.dir, "dry.checkpoint.json");
    const result = await shipToElastic({
      config: testConfig(double.url),
      records: ecsRecords([SAMPLE_NDJSON]),
      checkpointPath,
      dryRun: true,
      cwd: tmp.dir,
    });
    expect(result.outcome).toBe("delivered");
    expect(result.stats.documents).toBeGreaterThan(0);
    expect(result.stats.batches).toBeGreaterThan(0);
    expect(double.bulkRequests()).toHaveLength(0);
    await expect(readFile(checkpointPath)).rejects.toThrow();
  });

  it("bounded memory: the reader waits while the queue is full", async () => {
    const corpus = join(tmp.dir, "corpus.ndjson");
    await writeCorpus(corpus, 400);
    double.inject(...Array.from({ length: 6 }, () => ({ kind: "delay" as const, ms: 60 })));
    let maxAhead = 0;
    let read = 0;
    const result = await shipToElastic({
      config: testConfig(double.url, {
        batch: { maxDocuments: 10, maxBytes: 5 * 1024 * 1024, concurrency: 2 },
      }),
      records: (async function* () {
        for await (const r of ecsRecords([corpus])) {
          read += 1;
          yield r;
        }
      })(),
      onProgress: (stats) => {
        maxAhead = Math.max(maxAhead, read - (stats.sent + stats.alreadyPresent + stats.deadLettered));
      },
      cwd: tmp.dir,
    });
    expect(result.stats.sent).toBe(400);
    // concurrency 2 in flight + 2 queued + 1 filling, 10 documents each (+1 read ahead for lingering).
    expect(maxAhead).toBeLessThanOrEqual(5 * 10 + 1);
  });
});
