import { describe, expect, it } from "vitest";
import { loadElasticConfig } from "../../src/config.js";
import { desiredAssets, NAMES } from "../../src/assets/index.js";
import { agentDocument, expectedFromCore } from "../../src/assets/pipeline/agent-document.js";
import { httpSender } from "../../src/install/http.js";
import { installElastic } from "../../src/install/install.js";
import { KibanaApi } from "../../src/install/kibana.js";
import { failed, formatReport } from "../../src/install/report.js";
import { uninstallElastic } from "../../src/install/uninstall.js";
import { goldenEcsDocuments } from "../assets/golden.js";

/**
 * Against a real cluster and Kibana: ELASTIC_URL, KIBANA_URL and credentials (ELASTIC_API_KEY or
 * ELASTIC_USERNAME + ELASTIC_PASSWORD) must be set, otherwise the suite is skipped. It installs, runs the ingest
 * pipeline on every golden event with `_simulate` and compares with core's ECS documents, and checks that the rules
 * and dashboards exist. NTLM_SIEM_LIVE_UNINSTALL=1 removes everything afterwards.
 */
const env = process.env;
const live =
  !!env.ELASTIC_URL &&
  !!env.KIBANA_URL &&
  (!!env.ELASTIC_API_KEY ||
    !!env.ELASTIC_API_KEY_FILE ||
    !!env.ELASTIC_PASSWORD ||
    !!env.ELASTIC_PASSWORD_FILE);

describe.skipIf(!live)("install elastic (live)", () => {
  const config = live ? loadElasticConfig(env) : undefined;

  it("installs everything, then finds nothing left to change", async () => {
    if (!config) return;
    const first = await installElastic(config);
    expect(failed(first), formatReport(first)).toEqual([]);
    const second = await installElastic(config, { dryRun: true });
    // Kibana may normalize rules on import; the Elasticsearch side must be exactly unchanged.
    expect(
      second.results.filter(
        (r) => !["rule", "lens", "dashboard", "index-pattern"].includes(r.kind) && r.action !== "unchanged",
      ),
    ).toEqual([]);
  }, 120_000);

  it("the installed pipeline turns every golden event into core's ECS document (_simulate)", async () => {
    if (!config) return;
    const send = httpSender(config);
    const golden = goldenEcsDocuments();
    const res = await send({
      method: "POST",
      url: `${config.url.replace(/\/+$/, "")}/_ingest/pipeline/${NAMES.pipeline}/_simulate`,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        docs: golden.map((g) => ({
          _index: "logs-windows.ntlm_operational-live",
          _source: agentDocument(g.doc),
        })),
      }),
    });
    expect(res.status, res.text).toBe(200);
    const docs = (res.json as { docs: { doc?: { _source: unknown }; error?: unknown }[] }).docs;
    docs.forEach((d, i) => {
      const g = golden[i];
      expect(d.error, `${g?.caseName}`).toBeUndefined();
      expect(d.doc?._source, `${g?.caseName}`).toEqual(g ? expectedFromCore(g.doc) : undefined);
    });
  }, 120_000);

  it("has the rules and the dashboards", async () => {
    if (!config?.kibanaUrl) return;
    const kibana = new KibanaApi(
      httpSender(config),
      KibanaApi.basePath(config.kibanaUrl, config.kibanaSpace),
    );
    const assets = desiredAssets();
    for (const r of assets.rules) expect(await kibana.getRule(r.rule_id), r.name).toBeDefined();
    for (const o of assets.savedObjects) expect(await kibana.getObject(o.type, o.id), o.id).toBeDefined();
  }, 120_000);

  it.skipIf(env.NTLM_SIEM_LIVE_UNINSTALL !== "1")(
    "uninstalls",
    async () => {
      if (!config) return;
      const report = await uninstallElastic(config);
      expect(
        failed(report).filter((r) => r.kind !== "index-template"),
        formatReport(report),
      ).toEqual([]);
    },
    120_000,
  );
});
