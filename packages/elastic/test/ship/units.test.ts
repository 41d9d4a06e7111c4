import { describe, expect, it } from "vitest";
import { AckTracker } from "../../src/ship/ack-tracker.js";
import { Batcher } from "../../src/ship/batcher.js";
import { BoundedQueue } from "../../src/ship/bounded-queue.js";
import { documentId } from "../../src/ship/document-id.js";
import type { EncodedDocument } from "../../src/ship/encode.js";
import { backoffDelay, RETRY_AFTER_CEILING_MS } from "../../src/transport/backoff.js";
import { compatHeaders, parseMajor } from "../../src/transport/media-type.js";
import { redactUrl } from "../../src/transport/redact-url.js";
import { parseRetryAfter } from "../../src/transport/retry-after.js";
import { collect, SAMPLE_NDJSON } from "./support.js";

describe("Retry-After (RFC 9110 §10.2.3)", () => {
  it("reads delay-seconds and HTTP-dates, ignores anything else", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("backoff", () => {
  const policy = { maxAttempts: 10, initialDelayMs: 500, maxDelayMs: 30_000 };
  it("full jitter under an exponential ceiling capped at maxDelayMs", () => {
    expect(backoffDelay(policy, 1, undefined, () => 0.999)).toBeLessThanOrEqual(500);
    expect(backoffDelay(policy, 4, undefined, () => 1)).toBe(4000);
    expect(backoffDelay(policy, 20, undefined, () => 1)).toBe(30_000);
    expect(backoffDelay(policy, 3, undefined, () => 0)).toBe(0);
  });
  it("Retry-After is a floor, capped so a broken proxy cannot park the run", () => {
    expect(backoffDelay(policy, 1, 7000, () => 0)).toBe(7000);
    expect(backoffDelay(policy, 1, 3_600_000, () => 0)).toBe(RETRY_AFTER_CEILING_MS);
  });
});

describe("compatible-with headers", () => {
  it("8.x gets compatible-with=8 on both headers, 9.x the client's defaults", () => {
    expect(compatHeaders(8, { ndjson: true })).toEqual({
      accept: "application/vnd.elasticsearch+json; compatible-with=8",
      "content-type": "application/vnd.elasticsearch+x-ndjson; compatible-with=8",
    });
    expect(compatHeaders(8, { ndjson: false })?.["content-type"]).toBe(
      "application/vnd.elasticsearch+json; compatible-with=8",
    );
    expect(compatHeaders(9, { ndjson: true })).toBeUndefined();
    expect(parseMajor("8.19.3")).toBe(8);
    expect(parseMajor("9.1.0-SNAPSHOT")).toBe(9);
    expect(parseMajor(undefined)).toBeUndefined();
  });
});

describe("document _id", () => {
  it("is deterministic, distinct per record, and distinguishes recovered copies", async () => {
    const records = await collect([SAMPLE_NDJSON]);
    const again = await collect([SAMPLE_NDJSON]);
    const ids = records.map((r) => documentId(r.event, r.document));
    expect(ids).toEqual(again.map((r) => documentId(r.event, r.document)));
    expect(new Set(ids).size).toBe(ids.length);
    const first = records[0];
    if (!first) throw new Error("no sample");
    const recovered = { ...first.event, origin: { ...first.event.origin, recovered: true } };
    expect(documentId(recovered, first.document)).not.toBe(ids[0]);
    // Where the record was read from is not part of its identity: another export of the same event dedupes.
    const elsewhere = { ...first.event, origin: { ...first.event.origin, file: "other.xml", record: 9 } };
    expect(documentId(elsewhere, first.document)).toBe(ids[0]);
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe("ack tracker", () => {
  it("is a low watermark over out-of-order completions, stepping over records without documents", () => {
    const t = new AckTracker();
    t.begin("f", 0);
    for (const r of [1, 2, 5, 6, 9]) t.read("f", r);
    expect(t.watermark("f")).toBe(0);
    t.finish("f", 5);
    expect(t.watermark("f")).toBe(0);
    t.finish("f", 1);
    expect(t.watermark("f")).toBe(1);
    t.finish("f", 2);
    // 5 finished earlier: the mark stops just before 6, the first record still in flight.
    expect(t.watermark("f")).toBe(5);
    t.finish("f", 9);
    t.finish("f", 6);
    expect(t.watermark("f")).toBe(9);
  });
  it("never goes below what an earlier run acknowledged", () => {
    const t = new AckTracker();
    t.begin("g", 40);
    t.read("g", 41);
    expect(t.watermark("g")).toBe(40);
  });
});

describe("batcher and bounded queue", () => {
  const doc = (bytes: number): EncodedDocument => ({
    id: "x",
    action: "",
    source: "",
    bytes,
    origin: { file: "f", record: 1 },
    fileKey: undefined,
  });
  it("closes a batch at maxDocuments or before maxBytes would be passed; an oversized document goes alone", () => {
    const b = new Batcher({ maxDocuments: 3, maxBytes: 100 });
    expect(b.add(doc(10))).toBeUndefined();
    expect(b.add(doc(10))).toBeUndefined();
    expect(b.add(doc(10))).toHaveLength(3);
    expect(b.add(doc(60))).toBeUndefined();
    expect(b.add(doc(60))).toHaveLength(1);
    expect(b.add(doc(500))).toHaveLength(1);
    expect(b.take()).toHaveLength(1);
  });
  it("push waits while full; close drains; abort releases everyone", async () => {
    const q = new BoundedQueue<number>(1);
    expect(await q.push(1)).toBe(true);
    let second = false;
    const pushing = q.push(2).then((ok) => (second = ok));
    await new Promise((r) => setTimeout(r, 10));
    expect(second).toBe(false);
    expect(await q.take()).toBe(1);
    await pushing;
    expect(second).toBe(true);
    q.close();
    expect(await q.take()).toBe(2);
    expect(await q.take()).toBeUndefined();
    const r = new BoundedQueue<number>(1);
    await r.push(1);
    const blocked = r.push(2);
    r.abort();
    expect(await blocked).toBe(false);
    expect(await r.take()).toBeUndefined();
  });
});

describe("redactUrl", () => {
  it("drops user info", () => {
    expect(redactUrl("https://elastic:hunter2@es.example.com:9200/")).toBe("https://es.example.com:9200");
  });
});
