import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startElasticDouble, type ElasticDouble } from "@ntlm-siem/elastic";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCliCaptured } from "./run-cli.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SAMPLE = join(REPO, "samples/carved/jump01_8001_8002_8003.ndjson");
const API_KEY = "c2hpcHBlci1rZXktaWQ6c3VwZXItc2VjcmV0LWtleS12YWx1ZQ==";
const PASSWORD = "pa55-w0rd-never-printed";

describe("ntlm-siem ship elastic", () => {
  let double: ElasticDouble;
  let dir: string;

  beforeEach(async () => {
    double = await startElasticDouble({ auth: { apiKey: API_KEY, username: "shipper", password: PASSWORD } });
    dir = await mkdtemp(join(tmpdir(), "ntlm-cli-ship-"));
    vi.stubEnv("ELASTIC_URL", double.url);
    vi.stubEnv("ELASTIC_API_KEY", API_KEY);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await double.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every byte the run left behind: stdout, stderr and every file in the working folder. */
  async function outputs(result: { stdout: string; stderr: string }): Promise<string> {
    const files = await readdir(dir);
    const contents = await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")));
    return [result.stdout, result.stderr, ...contents].join("\n");
  }

  it("ships the sample, prints the summary and exits 0; a re-run with the checkpoint sends nothing", async () => {
    const first = await runCliCaptured(["ship", "elastic", SAMPLE, "--checkpoint", "ck.json"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/90 sent, 0 already present \(409\), 0 dead-lettered/);
    expect(double.documents()).toHaveLength(90);
    const second = await runCliCaptured(["ship", "elastic", SAMPLE, "--checkpoint", "ck.json"], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("0 sent, 0 already present (409), 0 dead-lettered, 90 skipped");
  });

  it("usage and configuration errors exit 2 and name what to fix", async () => {
    expect((await runCliCaptured(["ship"])).code).toBe(2);
    const unknown = await runCliCaptured(["ship", "splunk", SAMPLE]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown target "splunk"');
    expect((await runCliCaptured(["ship", "elastic"])).code).toBe(2);
    vi.stubEnv("ELASTIC_URL", "");
    const noUrl = await runCliCaptured(["ship", "elastic", SAMPLE], { cwd: dir });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("url (ELASTIC_URL)");
    vi.stubEnv("ELASTIC_URL", double.url);
    const badNs = await runCliCaptured(["ship", "elastic", SAMPLE, "--namespace", "Bad-NS"], { cwd: dir });
    expect(badNs.code).toBe(2);
    expect(badNs.stderr).toContain("namespace");
  });

  it("a missing index template exits 2 and says to install first", async () => {
    const bare = await startElasticDouble({ auth: { apiKey: API_KEY }, templates: [] });
    vi.stubEnv("ELASTIC_URL", bare.url);
    try {
      const result = await runCliCaptured(["ship", "elastic", SAMPLE], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("run `ntlm-siem install elastic` first");
    } finally {
      await bare.stop();
    }
  });

  it("dead-lettered documents exit 1 and land in the dead-letter file with the reason", async () => {
    let n = 0;
    double.itemFault = () =>
      ++n % 10 === 0
        ? { status: 400, type: "document_parsing_exception", reason: "failed to parse field [x]" }
        : undefined;
    const result = await runCliCaptured(["ship", "elastic", SAMPLE, "--dead-letter", "dead.ndjson"], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("9 dead-lettered");
    const lines = (await readFile(join(dir, "dead.ndjson"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(9);
    const entry = JSON.parse(lines[0] ?? "{}") as {
      error: { type: string };
      origin: { file: string; record: number };
    };
    expect(entry.error.type).toBe("document_parsing_exception");
    expect(entry.origin.record).toBeGreaterThan(0);
  });

  it("rejected input records exit 1 with the usual report", async () => {
    const input = join(dir, "mixed.ndjson");
    const good = (await readFile(SAMPLE, "utf8")).split("\n")[0] ?? "";
    await writeFile(input, `${good}\n{"Event": {"System": {"EventID": "not a number"}}}\n`);
    const result = await runCliCaptured(["ship", "elastic", input], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/rejected: .*mixed\.ndjson/);
    expect(result.stderr).toContain("1 sent");
  });

  it("delivery that fails after retries exits 3 and says how to resume", async () => {
    // Full jitter draws every delay from [0, ceiling): with random() = 0 the default budget of 10 attempts is
    // used up at once instead of in about a minute.
    vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      double.inject(...Array.from({ length: 12 }, () => ({ kind: "status" as const, status: 503 })));
      const result = await runCliCaptured(["ship", "elastic", SAMPLE, "--checkpoint", "ck.json"], {
        cwd: dir,
      });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toContain("gave up after 10 attempts");
      expect(result.stderr).toContain("re-run with --checkpoint");
      expect(double.documents()).toHaveLength(0);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("--dry-run checks and encodes but sends nothing", async () => {
    const result = await runCliCaptured(["ship", "elastic", SAMPLE, "--dry-run"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("would ship 90 documents");
    expect(double.bulkRequests()).toHaveLength(0);
  });

  it("never prints or writes the API key or the password (logs, errors, summary, dead letters, checkpoint)", async () => {
    double.itemFault = (item) =>
      item.attempt === 1 && item.id.startsWith("A")
        ? { status: 400, type: "mapper_parsing_exception", reason: "bad" }
        : undefined;
    double.inject({ kind: "status", status: 429, retryAfter: "0" }, { kind: "reset-mid-body" });
    const all: string[] = [];
    const withKey = await runCliCaptured(
      ["ship", "elastic", SAMPLE, "--checkpoint", "ck.json", "--dead-letter", "dead.ndjson"],
      { cwd: dir },
    );
    all.push(await outputs(withKey));
    // Basic auth, with the password also (wrongly) put into the URL, and a failing run.
    vi.stubEnv("ELASTIC_API_KEY", "");
    vi.stubEnv("ELASTIC_USERNAME", "shipper");
    vi.stubEnv("ELASTIC_PASSWORD", PASSWORD);
    vi.stubEnv("ELASTIC_URL", double.url.replace("http://", `http://shipper:${PASSWORD}@`));
    const withPassword = await runCliCaptured(["ship", "elastic", SAMPLE, "--checkpoint", "ck2.json"], {
      cwd: dir,
    });
    all.push(await outputs(withPassword));
    vi.stubEnv("ELASTIC_PASSWORD", "wrong-password-also-secret");
    vi.stubEnv("ELASTIC_URL", double.url);
    const refused = await runCliCaptured(["ship", "elastic", SAMPLE], { cwd: dir });
    expect(refused.code).toBe(2);
    all.push(await outputs(refused));
    const text = all.join("\n");
    expect(withKey.code).toBe(1);
    expect(withPassword.code).toBe(0);
    for (const secret of [API_KEY, PASSWORD, "wrong-password-also-secret"])
      expect(text).not.toContain(secret);
    // And the double saw the credentials it needed (they were sent, just never shown).
    expect(
      double.requests.some((r) => r.headers.authorization === "ApiKey [redacted]" && r.authenticated),
    ).toBe(true);
    expect(
      double.requests.some((r) => r.headers.authorization === "Basic [redacted]" && r.authenticated),
    ).toBe(true);
  });
});
