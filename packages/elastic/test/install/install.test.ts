import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ElasticConfigSchema, type ElasticConfig } from "../../src/config.js";
import { desiredAssets, NAMES } from "../../src/assets/index.js";
import { startEsInstallDouble } from "../../src/double/es-install.js";
import { startKibanaDouble } from "../../src/double/kibana.js";
import { installElastic } from "../../src/install/install.js";
import { uninstallElastic } from "../../src/install/uninstall.js";
import { failed, formatReport } from "../../src/install/report.js";

type Es = Awaited<ReturnType<typeof startEsInstallDouble>>;
type Kb = Awaited<ReturnType<typeof startKibanaDouble>>;

let es: Es;
let kb: Kb;
let config: ElasticConfig;

beforeEach(async () => {
  es = await startEsInstallDouble();
  kb = await startKibanaDouble();
  config = ElasticConfigSchema.parse({ url: es.url, kibanaUrl: kb.url, auth: { kind: "none" } });
});
afterEach(async () => {
  await es.close();
  await kb.close();
});

const assets = desiredAssets();
const total = assets.es.length + assets.rules.length + assets.savedObjects.length;
const writes = (s: { requests: { method: string }[] }): number =>
  s.requests.filter((r) => r.method !== "GET").length;

describe("install elastic", () => {
  it("creates everything from scratch, in dependency order", async () => {
    const report = await installElastic(config);
    expect(failed(report)).toEqual([]);
    expect(report.results).toHaveLength(total);
    expect(report.results.every((r) => r.action === "create" && r.status === "done")).toBe(true);
    expect([...es.double.indexTemplates.keys()]).toEqual([NAMES.indexTemplate]);
    expect(es.double.components.size).toBe(4);
    expect(es.double.pipelines.has(NAMES.pipeline)).toBe(true);
    expect(es.double.ilm.has(NAMES.ilmPolicy)).toBe(true);
    expect(kb.double.rules.get("default")?.size).toBe(assets.rules.length);
    expect(kb.double.objects.get("default")?.size).toBe(assets.savedObjects.length);
    // The index template is written after the components it composes (the double refuses it otherwise).
    const puts = es.requests.filter((r) => r.method === "PUT").map((r) => r.path);
    expect(puts.at(-1)).toBe(`/_index_template/${NAMES.indexTemplate}`);
    // Kibana writes carry kbn-xsrf and go through the import APIs with overwrite.
    const posts = kb.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => `${r.path}?${r.query.toString()}`)).toEqual([
      "/api/detection_engine/rules/_import?overwrite=true",
      "/api/saved_objects/_import?overwrite=true",
    ]);
    expect(posts.every((r) => r.headers["kbn-xsrf"] !== undefined)).toBe(true);
  });

  it("is idempotent: a second install changes nothing and writes nothing", async () => {
    await installElastic(config);
    const esWrites = writes(es);
    const kbWrites = writes(kb);
    const again = await installElastic(config);
    expect(failed(again)).toEqual([]);
    expect(again.results.every((r) => r.action === "unchanged")).toBe(true);
    expect(writes(es)).toBe(esWrites);
    expect(writes(kb)).toBe(kbWrites);
    expect(formatReport(again)).toContain(`${total} unchanged`);
  });

  it("dry run reports create/update/unchanged per object and writes nothing", async () => {
    const fresh = await installElastic(config, { dryRun: true });
    expect(fresh.results.every((r) => r.action === "create" && r.status === "planned")).toBe(true);
    expect(writes(es) + writes(kb)).toBe(0);
    await installElastic(config);
    // Drift: someone edited the pipeline and a dashboard.
    const pipeline = es.double.pipelines.get(NAMES.pipeline) as { _meta: Record<string, unknown> };
    pipeline._meta.hash = "edited";
    const dash = kb.double.objects.get("default")?.get("dashboard/ntlm-siem-ntlm-usage") as {
      attributes: Record<string, unknown>;
    };
    dash.attributes.title = "renamed by hand";
    const before = writes(es) + writes(kb);
    const plan = await installElastic(config, { dryRun: true });
    expect(writes(es) + writes(kb)).toBe(before);
    const changed = plan.results
      .filter((r) => r.action !== "unchanged")
      .map((r) => `${r.action} ${r.kind} ${r.id}`);
    expect(changed).toEqual([
      `update ingest-pipeline ${NAMES.pipeline}`,
      "update dashboard ntlm-siem-ntlm-usage",
    ]);
    const text = formatReport(plan);
    expect(text).toContain("update    ingest-pipeline");
    expect(text).toMatch(/dry run: .*2 update/);
  });

  it("reports partial failures per object and still installs the rest", async () => {
    const badRule = assets.rules[0]?.rule_id ?? "";
    kb.double.failIds.add(badRule);
    es.double.failPut.add(NAMES.componentNtlm);
    const report = await installElastic(config);
    const bad = failed(report).map((r) => `${r.kind} ${r.id}`);
    // The index template composes the failed component, so the double refuses it too, as Elasticsearch would.
    expect(bad).toEqual([
      `component-template ${NAMES.componentNtlm}`,
      `index-template ${NAMES.indexTemplate}`,
      `rule ${badRule}`,
    ]);
    expect(failed(report).find((r) => r.kind === "rule")?.error).toContain("injected failure");
    expect(kb.double.rules.get("default")?.size).toBe(assets.rules.length - 1);
    expect(formatReport(report)).toContain("3 failed");
    // The next install repairs exactly what failed.
    kb.double.failIds.clear();
    es.double.failPut.clear();
    const repair = await installElastic(config);
    expect(failed(repair)).toEqual([]);
    expect(repair.results.filter((r) => r.action === "create").map((r) => r.id)).toEqual([
      NAMES.componentNtlm,
      NAMES.indexTemplate,
      badRule,
    ]);
  });

  it("leaves an object of our name that it did not create alone", async () => {
    es.double.pipelines.set(NAMES.pipeline, { description: "someone else's", processors: [] });
    const report = await installElastic(config);
    const r = report.results.find((x) => x.id === NAMES.pipeline);
    expect(r?.status).toBe("failed");
    expect(r?.error).toContain("not managed by ntlm-siem");
    expect(es.double.pipelines.get(NAMES.pipeline)?.description).toBe("someone else's");
  });

  it("installs into a Kibana space under /s/<space>", async () => {
    const spaced = ElasticConfigSchema.parse({
      url: es.url,
      kibanaUrl: kb.url,
      kibanaSpace: "soc",
      auth: { kind: "none" },
    });
    const report = await installElastic(spaced);
    expect(failed(report)).toEqual([]);
    expect(kb.double.rules.get("soc")?.size).toBe(assets.rules.length);
    expect(kb.requests.every((r) => r.path.startsWith("/s/soc/"))).toBe(true);
  });

  it("skips Kibana with a note when KIBANA_URL is absent", async () => {
    const esOnly = ElasticConfigSchema.parse({ url: es.url, auth: { kind: "none" } });
    const report = await installElastic(esOnly);
    expect(report.results).toHaveLength(assets.es.length);
    expect(report.notes[0]).toContain("KIBANA_URL");
    expect(kb.requests).toHaveLength(0);
  });

  it("sends the API key and never prints it", async () => {
    const keyed = ElasticConfigSchema.parse({
      url: es.url,
      kibanaUrl: kb.url,
      auth: { kind: "api-key", apiKey: new (await import("../../src/secret.js")).Secret("c2VjcmV0") },
    });
    const report = await installElastic(keyed, { dryRun: true });
    expect(es.requests[0]?.headers.authorization).toBe("ApiKey c2VjcmV0");
    expect(kb.requests[0]?.headers.authorization).toBe("ApiKey c2VjcmV0");
    expect(formatReport(report)).not.toContain("c2VjcmV0");
  });
});

describe("uninstall elastic", () => {
  it("removes exactly what install created", async () => {
    await installElastic(config);
    es.double.pipelines.set("someone-elses-pipeline", { processors: [] });
    kb.double.objects
      .get("default")
      ?.set("dashboard/theirs", { type: "dashboard", id: "theirs", attributes: {}, references: [] });
    const dry = await uninstallElastic(config, { dryRun: true });
    expect(dry.results.every((r) => r.action === "delete" && r.status === "planned")).toBe(true);
    expect(es.double.indexTemplates.size).toBe(1);
    const report = await uninstallElastic(config);
    expect(failed(report)).toEqual([]);
    expect(report.results).toHaveLength(total);
    expect([...es.double.pipelines.keys()]).toEqual(["someone-elses-pipeline"]);
    expect(es.double.indexTemplates.size + es.double.components.size + es.double.ilm.size).toBe(0);
    expect(kb.double.rules.get("default")?.size).toBe(0);
    expect([...(kb.double.objects.get("default")?.keys() ?? [])]).toEqual(["dashboard/theirs"]);
    const again = await uninstallElastic(config);
    expect(again.results.every((r) => r.action === "absent")).toBe(true);
  });

  it("reports an index template still used by a data stream, and removes the rest", async () => {
    await installElastic(config);
    es.double.inUseIndexTemplates.add(NAMES.indexTemplate);
    const report = await uninstallElastic(config);
    const bad = failed(report);
    expect(bad.map((r) => r.id)).toEqual([NAMES.indexTemplate]);
    expect(bad[0]?.error).toContain("in use by a data streams");
    expect(es.double.pipelines.size).toBe(0);
  });

  it("refuses to delete objects of our names that are not ours", async () => {
    es.double.ilm.set(NAMES.ilmPolicy, { policy: { phases: {} } });
    const report = await uninstallElastic(config);
    expect(failed(report).map((r) => r.id)).toEqual([NAMES.ilmPolicy]);
    expect(es.double.ilm.has(NAMES.ilmPolicy)).toBe(true);
  });
});

describe("the Kibana double", () => {
  it("requires kbn-xsrf on writes and keeps per-object conflicts without overwrite", async () => {
    const noXsrf = await fetch(`${kb.url}/api/saved_objects/_import`, { method: "POST" });
    expect(noXsrf.status).toBe(400);
    await installElastic(config);
    const body = new FormData();
    body.append("file", new Blob([`${JSON.stringify(assets.savedObjects[0])}\n`]), "x.ndjson");
    const res = await fetch(`${kb.url}/api/saved_objects/_import`, {
      method: "POST",
      headers: { "kbn-xsrf": "t" },
      body,
    });
    const json = (await res.json()) as { success: boolean; errors: { error: { type: string } }[] };
    expect(json.success).toBe(false);
    expect(json.errors[0]?.error.type).toBe("conflict");
  });
});
