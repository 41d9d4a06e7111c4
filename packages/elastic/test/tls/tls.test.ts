import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startElasticDouble, type ElasticDouble } from "../../src/double/elastic-double.js";
import { createTestPki, opensslAvailable, type TestPki } from "../../src/double/test-pki.js";
import { shipToElastic, type ShipResult } from "../../src/ship/ship.js";
import { API_KEY, captureLogger, collect, SAMPLE_NDJSON, tempDir, testConfig } from "../ship/support.js";

/**
 * TLS verification is always on unless the configuration turns it off (`tlsVerify: false`, the CLI's --insecure),
 * and a private CA is given as a PEM file (`caFile`). Proven against the double serving HTTPS with a throwaway CA
 * and certificates generated here by `openssl` (never committed). Without `openssl` the handshake cases are skipped
 * (their titles say so); the CA-file validation cases need no certificate and always run.
 */
const HAS_OPENSSL = opensslAvailable();
const NEEDS_OPENSSL = HAS_OPENSSL
  ? ""
  : " [skipped: the openssl command is not available to generate certificates]";
const withOpenssl = it.skipIf(!HAS_OPENSSL);

describe("Elastic shipping over TLS", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let pki: TestPki | undefined;
  const doubles: ElasticDouble[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    if (HAS_OPENSSL) pki = await createTestPki(dir);
  });
  afterAll(async () => {
    await Promise.all(doubles.map((d) => d.stop()));
    await cleanup();
  });

  function certs(): TestPki {
    if (pki === undefined) throw new Error("no PKI: the test should have been skipped");
    return pki;
  }

  /** An HTTPS double serving `which` certificate (signed by the test CA), requiring the test API key. */
  async function httpsDouble(which: "server" | "otherHost" = "server"): Promise<ElasticDouble> {
    const { key, cert } = certs()[which];
    const double = await startElasticDouble({ auth: { apiKey: API_KEY }, tls: { key, cert } });
    doubles.push(double);
    return double;
  }

  async function ship(url: string, overrides: Record<string, unknown> = {}) {
    const { lines, logger } = captureLogger();
    const result = await shipToElastic({
      config: testConfig(url, { retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 }, ...overrides }),
      records: (async function* () {
        yield* await collect([SAMPLE_NDJSON]);
      })(),
      checkpointPath: join(dir, `ck-${Math.random().toString(36).slice(2)}.json`),
      deadLetterPath: join(dir, "dead.ndjson"),
      logger,
    });
    return { result, lines };
  }

  /** Nothing the run reports may carry the API key. */
  function expectNoSecret(result: ShipResult, lines: string[]): void {
    const text = [JSON.stringify(result), result.error?.message ?? "", ...lines].join("\n");
    expect(text).not.toContain(API_KEY);
  }

  withOpenssl(`the double serves HTTPS when given a key and certificate${NEEDS_OPENSSL}`, async () => {
    const double = await httpsDouble();
    expect(double.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const plain = await startElasticDouble();
    doubles.push(plain);
    expect(plain.url).toMatch(/^http:\/\//);
  });

  withOpenssl(`(a) HTTPS with the CA file configured: shipping works${NEEDS_OPENSSL}`, async () => {
    const double = await httpsDouble();
    const { result, lines } = await ship(double.url, { caFile: certs().caFile });
    expect(result.error?.message).toBeUndefined();
    expect(result.outcome).toBe("delivered");
    expect(result.stats.sent).toBe(90);
    expect(double.documents()).toHaveLength(90);
    expect(double.requests.every((r) => r.authenticated)).toBe(true);
    expectNoSecret(result, lines);
  });

  withOpenssl(
    `(b) HTTPS without the CA: a certificate error, not retried, nothing sent${NEEDS_OPENSSL}`,
    async () => {
      const double = await httpsDouble();
      const { result, lines } = await ship(double.url);
      expect(result.outcome).toBe("failed");
      expect(result.error?.code).toBe("elastic-tls");
      // Not retryable: the CLI maps it to exit 2 (fix the configuration), not 3 (re-run later).
      expect(result.error?.retryable).toBe(false);
      expect(result.error?.message).toMatch(/TLS verification failed \(.*certificate.*\)/);
      expect(result.error?.message).toContain("ELASTIC_CA_FILE");
      expect(result.server).toBeUndefined();
      // The client refused the handshake: no HTTP request (so no credentials) ever reached the server.
      expect(double.requests).toHaveLength(0);
      expect(double.documents()).toHaveLength(0);
      expect(lines.filter((l) => l.includes("retrying"))).toEqual([]);
      expectNoSecret(result, lines);
    },
  );

  withOpenssl(`(c) tlsVerify: false accepts an unverifiable certificate${NEEDS_OPENSSL}`, async () => {
    const double = await httpsDouble();
    const { result, lines } = await ship(double.url, { tlsVerify: false });
    expect(result.outcome).toBe("delivered");
    expect(double.documents()).toHaveLength(90);
    expectNoSecret(result, lines);
  });

  it("(d) a CA file that does not exist is a configuration error naming caFile; nothing is sent", async () => {
    const double = await startElasticDouble({ auth: { apiKey: API_KEY } });
    doubles.push(double);
    const missing = join(dir, "no-such-ca.pem");
    const { result, lines } = await ship(double.url, { caFile: missing });
    expect(result.outcome).toBe("failed");
    expect(result.error).toMatchObject({ code: "elastic-ca-unreadable", stage: "config", retryable: false });
    expect(result.error?.message).toContain("caFile (ELASTIC_CA_FILE)");
    expect(result.error?.message).toContain(missing);
    expect(double.requests).toHaveLength(0);
    expectNoSecret(result, lines);
  });

  it("(d) a CA file that is not PEM, or has a broken PEM block, is a configuration error naming caFile", async () => {
    const double = await startElasticDouble({ auth: { apiKey: API_KEY } });
    doubles.push(double);
    const notPem = join(dir, "not-pem.crt");
    // DER bytes or a stray text file are the usual mistakes; Node would take either silently as "no CA".
    await writeFile(notPem, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00]));
    const broken = join(dir, "broken.pem");
    await writeFile(
      broken,
      "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
    );
    for (const [file, why] of [
      [notPem, /no -----BEGIN CERTIFICATE----- block/],
      [broken, /certificate 1: /],
    ] as const) {
      const { result } = await ship(double.url, { caFile: file });
      expect(result.error).toMatchObject({ code: "elastic-ca-invalid", stage: "config", retryable: false });
      expect(result.error?.message).toContain(
        `caFile (ELASTIC_CA_FILE): ${file} is not a PEM CA certificate`,
      );
      expect(result.error?.message).toMatch(why);
    }
    expect(double.requests).toHaveLength(0);
  });

  withOpenssl(
    `(d) a private key given as the CA file is refused as not a certificate${NEEDS_OPENSSL}`,
    async () => {
      const { result } = await ship("https://127.0.0.1:9", { caFile: certs().server.keyFile });
      expect(result.error?.code).toBe("elastic-ca-invalid");
      // The message names the file, never its content (it is a key here).
      expect(result.error?.message).not.toContain("PRIVATE KEY-----\n");
    },
  );

  withOpenssl(
    `(e) a certificate for another host name is refused even with the right CA, accepted only with tlsVerify: false${NEEDS_OPENSSL}`,
    async () => {
      const double = await httpsDouble("otherHost");
      const refused = await ship(double.url, { caFile: certs().caFile });
      expect(refused.result.outcome).toBe("failed");
      expect(refused.result.error?.code).toBe("elastic-tls");
      expect(refused.result.error?.retryable).toBe(false);
      expect(refused.result.error?.message).toContain("does not match certificate's altnames");
      expect(refused.result.error?.message).toContain("a host name the certificate was issued for");
      expect(double.requests).toHaveLength(0);
      expectNoSecret(refused.result, refused.lines);

      const insecure = await ship(double.url, { caFile: certs().caFile, tlsVerify: false });
      expect(insecure.result.outcome).toBe("delivered");
      expect(double.documents()).toHaveLength(90);
    },
  );
});
