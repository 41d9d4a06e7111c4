import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkMediaTypes } from "../../src/double/media-type-check.js";
import { startElasticDouble, type ElasticDouble } from "../../src/double/elastic-double.js";

/** The double's own contract: the protocol details the shipping tests rely on. */
describe("the Elasticsearch test double", () => {
  let double: ElasticDouble;
  beforeEach(async () => {
    double = await startElasticDouble({ version: "8.19.3", auth: { apiKey: "key" } });
  });
  afterEach(async () => {
    await double.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${double.url}${path}`, { headers: { authorization: "ApiKey key", ...headers } });

  it("answers GET / with x-elastic-product and the configured version; 401 without credentials", async () => {
    const res = await get("/");
    expect(res.headers.get("x-elastic-product")).toBe("Elasticsearch");
    expect(((await res.json()) as { version: { number: string } }).version.number).toBe("8.19.3");
    expect((await fetch(`${double.url}/`)).status).toBe(401);
    expect(double.requests.at(-1)?.authenticated).toBe(false);
    expect(double.requests[0]?.headers.authorization).toBe("ApiKey [redacted]");
  });

  it("applies the 8.x media-type rule: compatible-with=9 is refused, 8 and plain JSON are accepted", async () => {
    const nine = await get("/", { accept: "application/vnd.elasticsearch+json; compatible-with=9" });
    expect(nine.status).toBe(400);
    expect(JSON.stringify(await nine.json())).toContain("media_type_header_exception");
    expect((await get("/", { accept: "application/vnd.elasticsearch+json; compatible-with=8" })).status).toBe(
      200,
    );
    expect((await get("/", { accept: "application/json" })).status).toBe(200);
    expect(
      checkMediaTypes(9, "application/vnd.elasticsearch+json; compatible-with=9", undefined, false),
    ).toBeUndefined();
    expect(
      checkMediaTypes(8, "application/vnd.elasticsearch+json; compatible-with=8", "application/json", true)
        ?.type,
    ).toBe("status_exception");
  });

  it("_bulk: create per data stream, 409 on a duplicate _id, index ops refused, per-item statuses", async () => {
    const body = [
      '{"create":{"_id":"a"}}',
      '{"n":1}',
      '{"create":{"_id":"a"}}',
      '{"n":1}',
      '{"index":{"_id":"b"}}',
      '{"n":2}',
      "",
    ].join("\n");
    const res = await fetch(`${double.url}/logs-windows.ntlm_operational-default/_bulk`, {
      method: "POST",
      headers: {
        authorization: "ApiKey key",
        "content-type": "application/vnd.elasticsearch+x-ndjson; compatible-with=8",
        accept: "application/vnd.elasticsearch+json; compatible-with=8",
      },
      body,
    });
    const json = (await res.json()) as { errors: boolean; items: Record<string, { status: number }>[] };
    expect(json.errors).toBe(true);
    expect(json.items.map((i) => Object.values(i)[0]?.status)).toEqual([201, 409, 400]);
    expect(double.documents()).toHaveLength(1);
  });

  it("templates: 200 when installed, 404 otherwise", async () => {
    expect((await get("/_index_template/logs-windows.ntlm_operational-ntlm-siem")).status).toBe(200);
    expect((await get("/_index_template/nope")).status).toBe(404);
  });

  it("stop() refuses connections, start(port) comes back on the same port", async () => {
    const port = double.port;
    await double.stop();
    await expect(get("/")).rejects.toThrow();
    await double.start(port);
    expect((await get("/")).status).toBe(200);
  });
});
