import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEsInstallDouble, startKibanaDouble } from "@ntlm-siem/elastic";
import { runCliCaptured } from "./run-cli.js";

type Es = Awaited<ReturnType<typeof startEsInstallDouble>>;
type Kb = Awaited<ReturnType<typeof startKibanaDouble>>;
let es: Es;
let kb: Kb;

beforeEach(async () => {
  es = await startEsInstallDouble();
  kb = await startKibanaDouble();
  vi.stubEnv("ELASTIC_URL", es.url);
  vi.stubEnv("KIBANA_URL", kb.url);
  vi.stubEnv("ELASTIC_API_KEY", "dGVzdDprZXk=");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await es.close();
  await kb.close();
});

describe("ntlm-siem install / uninstall elastic", () => {
  it("dry-runs, installs, is idempotent, and uninstalls", async () => {
    const dry = await runCliCaptured(["install", "elastic", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^create +index-template logs-windows\.ntlm_operational-ntlm-siem \(dry run\)$/m,
    );
    expect(dry.stdout).toMatch(/dry run: \d+ create/);
    expect(es.double.indexTemplates.size).toBe(0);

    const first = await runCliCaptured(["install", "elastic"]);
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain("dGVzdDprZXk=");
    expect(es.double.indexTemplates.size).toBe(1);

    const second = await runCliCaptured(["install", "elastic"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^\d+ unchanged$/m);

    const removed = await runCliCaptured(["uninstall", "elastic"]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^delete +rule /m);
    expect(es.double.indexTemplates.size + es.double.pipelines.size).toBe(0);
  });

  it("exits 1 and names the object when part of the install fails", async () => {
    kb.double.failIds.add("dashboard/ntlm-siem-ntlm-usage");
    const run = await runCliCaptured(["install", "elastic"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/dashboard ntlm-siem-ntlm-usage .*FAILED: injected failure/);
  });

  it("reports configuration and usage errors as usage errors", async () => {
    vi.stubEnv("ELASTIC_URL", "");
    expect((await runCliCaptured(["install", "elastic"])).stderr).toMatch(/url/);
    expect((await runCliCaptured(["install", "splunk"])).code).toBe(2);
    expect((await runCliCaptured(["install", "elastic", "--lifecycle", "x"])).code).toBe(2);
  });
});

describe("ntlm-siem package elastic", () => {
  it("writes the integration package with pipeline tests from the given events", async () => {
    const out = mkdtempSync(join(tmpdir(), "ntlm-siem-pkg-"));
    try {
      const input = join(
        import.meta.dirname,
        "../../../packages/core/test/golden/cases/real-jump01-8001/input.xml",
      );
      const run = await runCliCaptured([
        "package",
        "elastic",
        "--out",
        out,
        "--events",
        input,
        "--version",
        "1.2.3",
      ]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("elastic-package");
      expect(readFileSync(join(out, "manifest.yml"), "utf8")).toContain('version: "1.2.3"');
      const ds = join(out, "data_stream/ntlm_operational");
      expect(existsSync(join(ds, "_dev/test/pipeline/test-input.json"))).toBe(true);
      expect(existsSync(join(ds, "elasticsearch/ingest_pipeline/default.yml"))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("requires --out", async () => {
    expect((await runCliCaptured(["package", "elastic"])).code).toBe(2);
  });
});
