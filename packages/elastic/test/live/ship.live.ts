import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Client } from "@elastic/elasticsearch";
import { afterAll, describe, expect, it } from "vitest";
import { dataStreamName, loadElasticConfig } from "../../src/config.js";
import { documentId } from "../../src/ship/document-id.js";
import { shipToElastic } from "../../src/ship/ship.js";
import { createElasticClient } from "../../src/transport/create-client.js";
import { compatHeaders, parseMajor } from "../../src/transport/media-type.js";
import { collect, ecsRecords, REPO } from "../ship/support.js";

/**
 * Ship scenarios against a real cluster (8.x or 9.x). Needs ELASTIC_URL plus ELASTIC_API_KEY[_FILE] or
 * ELASTIC_USERNAME + ELASTIC_PASSWORD[_FILE] (and ELASTIC_CA_FILE for a private CA), and the index template
 * installed (`ntlm-siem install elastic`). The credentials must also read the data stream (the checks count
 * documents) and, for the clean-up, delete it (set ELASTIC_LIVE_KEEP=1 to keep it). Each run writes to its own
 * namespace, so runs never see each other's documents.
 */
const env = process.env;
const configured =
  env.ELASTIC_URL !== undefined &&
  env.ELASTIC_URL !== "" &&
  (Boolean(env.ELASTIC_API_KEY || env.ELASTIC_API_KEY_FILE) ||
    (Boolean(env.ELASTIC_USERNAME) && Boolean(env.ELASTIC_PASSWORD || env.ELASTIC_PASSWORD_FILE)));

const GOLDEN = join(REPO, "packages/core/test/golden/cases");

async function goldenInputs(): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(GOLDEN)).sort()) {
    for (const file of await readdir(join(GOLDEN, name)))
      if (file.startsWith("input.")) out.push(join(GOLDEN, name, file));
  }
  return out;
}

describe.skipIf(!configured)("ship elastic against a live cluster", () => {
  const namespace = `live${Date.now()}`;
  const config = configured ? loadElasticConfig(env, { namespace }) : undefined;
  const stream = config ? dataStreamName(config) : "";
  let client: Client | undefined;

  async function count(ids: string[]): Promise<number> {
    if (!config) return 0;
    client ??= createElasticClient(config);
    const info = await client.info(undefined, {
      headers: { accept: "application/json", "content-type": "application/json" },
    });
    const major = parseMajor(info.version.number) === 8 ? 8 : 9;
    const headers = compatHeaders(major, { ndjson: false });
    const options = headers === undefined ? {} : { headers };
    await client.indices.refresh({ index: stream }, options);
    const res = await client.count({ index: stream, query: { ids: { values: ids } } }, options);
    return res.count;
  }

  afterAll(async () => {
    if (!config) return;
    client ??= createElasticClient(config);
    if (env.ELASTIC_LIVE_KEEP !== "1") {
      const info = await client.info(undefined, {
        headers: { accept: "application/json", "content-type": "application/json" },
      });
      const headers = compatHeaders(parseMajor(info.version.number) === 8 ? 8 : 9, { ndjson: false });
      await client.indices
        .deleteDataStream({ name: stream }, headers === undefined ? {} : { headers })
        .catch(() => undefined);
    }
    await client.close();
  });

  it("ships the golden events, each exactly once by _id", async () => {
    if (!config) return;
    const inputs = await goldenInputs();
    const records = await collect(inputs);
    const ids = [...new Set(records.map((r) => documentId(r.event, r.document)))];
    const result = await shipToElastic({ config, records: ecsRecords(inputs) });
    expect(result.error).toBeUndefined();
    expect(result.stats.deadLettered).toBe(0);
    expect(result.stats.sent).toBe(ids.length);
    expect(await count(ids)).toBe(ids.length);
  });

  it("a re-run ships nothing new: every document answers 409", async () => {
    if (!config) return;
    const inputs = await goldenInputs();
    const records = await collect(inputs);
    const ids = [...new Set(records.map((r) => documentId(r.event, r.document)))];
    const result = await shipToElastic({ config, records: ecsRecords(inputs) });
    expect(result.error).toBeUndefined();
    expect(result.stats.sent).toBe(0);
    expect(result.stats.alreadyPresent).toBe(records.length);
    expect(await count(ids)).toBe(ids.length);
  });
});
