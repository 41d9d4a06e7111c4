import { desiredAssets } from "../assets/index.js";
import type { ElasticConfig } from "../config.js";
import { brief, currentEsObject, esPath } from "./es-objects.js";
import { httpSender, type HttpSend } from "./http.js";
import { KibanaApi } from "./kibana.js";
import type { ObjectResult, RunReport } from "./report.js";

/**
 * `uninstall elastic`: delete what install creates, and only that: the same stable names and IDs, in reverse
 * dependency order (Kibana objects, then the index template before the component templates, pipeline and
 * policy it names). An Elasticsearch object of one of our names without our `_meta.managed_by` is left alone.
 * Data is never deleted: the data stream and its backing indices stay (Elasticsearch refuses to delete an index
 * template a data stream still uses; the report says so, and the data stream is the operator's to delete).
 */

export interface UninstallOptions {
  dryRun?: boolean;
  send?: HttpSend;
}

export async function uninstallElastic(
  config: ElasticConfig,
  options: UninstallOptions = {},
): Promise<RunReport> {
  const send = options.send ?? httpSender(config);
  const dryRun = options.dryRun === true;
  // Both lifecycle variants' objects are candidates: uninstall must not depend on the options install had.
  const assets = desiredAssets({ space: config.kibanaSpace ?? "default", lifecycle: "ilm" });
  const report: RunReport = { dryRun, results: [], notes: [] };

  if (config.kibanaUrl === undefined) {
    report.notes.push("KIBANA_URL is not set: detection rules, dashboards and data views were not removed");
  } else {
    const kibana = new KibanaApi(send, KibanaApi.basePath(config.kibanaUrl, config.kibanaSpace));
    for (const rule of assets.rules)
      await step(
        report,
        { kind: "rule", id: rule.rule_id, title: rule.name },
        dryRun,
        async () => (await kibana.getRule(rule.rule_id)) !== undefined,
        () => kibana.deleteRule(rule.rule_id),
      );
    for (const o of [...assets.savedObjects].reverse())
      await step(
        report,
        { kind: o.type, id: o.id },
        dryRun,
        async () => (await kibana.getObject(o.type, o.id)) !== undefined,
        () => kibana.deleteObject(o.type, o.id),
      );
  }

  const base = config.url.replace(/\/+$/, "");
  for (const o of [...assets.es].reverse()) {
    await step(
      report,
      { kind: o.kind, id: o.name },
      dryRun,
      async () => {
        const current = await currentEsObject(send, base, o);
        if (current.exists && !current.managed)
          throw new Error("exists but is not managed by ntlm-siem: left alone");
        return current.exists;
      },
      async () => {
        const res = await send({ method: "DELETE", url: `${base}/${esPath(o.kind, o.name)}` });
        if (res.status !== 200 && res.status !== 404)
          throw new Error(`HTTP ${res.status} ${brief(res.text)}`);
      },
    );
  }
  return report;
}

async function step(
  report: RunReport,
  what: Pick<ObjectResult, "kind" | "id"> & { title?: string },
  dryRun: boolean,
  exists: () => Promise<boolean>,
  remove: () => Promise<void>,
): Promise<void> {
  const result: ObjectResult = { ...what, action: "delete", status: dryRun ? "planned" : "done" };
  report.results.push(result);
  try {
    if (!(await exists())) {
      result.action = "absent";
      return;
    }
    if (!dryRun) await remove();
  } catch (error) {
    result.status = "failed";
    result.error = error instanceof Error ? error.message : String(error);
  }
}
