import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { dataStreamName, loadElasticConfig } from "../src/config.js";
import { Secret } from "../src/secret.js";

describe("Elastic configuration", () => {
  it("reads the environment, defaults the data stream, and keeps the API key secret", () => {
    const config = loadElasticConfig({
      ELASTIC_URL: "https://es.example.com:9200",
      ELASTIC_API_KEY: "s3cr3t-key",
    });
    expect(dataStreamName(config)).toBe("logs-windows.ntlm_operational-default");
    expect(config.tlsVerify).toBe(true);
    expect(config.auth.kind).toBe("api-key");
    const rendered = [
      JSON.stringify(config),
      String(config.auth.kind === "api-key" ? config.auth.apiKey : ""),
      inspect(config),
    ].join("\n");
    expect(rendered).not.toContain("s3cr3t-key");
    expect(config.auth.kind === "api-key" && config.auth.apiKey.reveal()).toBe("s3cr3t-key");
  });

  it("reads a password from a *_FILE path", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ntlm-siem-elastic-"));
    const file = join(dir, "password");
    await writeFile(file, "pa55word\n");
    const config = loadElasticConfig({
      ELASTIC_URL: "http://127.0.0.1:9200",
      ELASTIC_USERNAME: "ingest",
      ELASTIC_PASSWORD_FILE: file,
    });
    expect(config.auth).toMatchObject({ kind: "basic", username: "ingest" });
    expect(config.auth.kind === "basic" && config.auth.password.reveal()).toBe("pa55word");
  });

  it("rejects unknown keys and bad values, naming the key", () => {
    expect(() => loadElasticConfig({ ELASTIC_URL: "http://127.0.0.1:9200" }, { nameSpace: "x" })).toThrow(
      /nameSpace/,
    );
    expect(() =>
      loadElasticConfig({ ELASTIC_URL: "http://127.0.0.1:9200", ELASTIC_NAMESPACE: "Bad-NS" }),
    ).toThrow(/namespace/);
    expect(() => loadElasticConfig({})).toThrow(/url/);
  });

  it("never prints a Secret", () => {
    const secret = new Secret("top");
    expect(String(secret)).toBe("[redacted]");
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect(secret)).not.toContain("top");
  });
});
