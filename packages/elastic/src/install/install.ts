import { desiredAssets, type AssetOptions, type DesiredAssets } from "../assets/index.js";
import type { ElasticConfig } from "../config.js";
import { containsDesired } from "./compare.js";
import { brief, currentEsObject, esPath } from "./es-objects.js";
import { httpSender, type HttpSend } from "./http.js";
import { KibanaApi } from "./kibana.js";
import type { ObjectResult, RunReport } from "./report.js";

/**
 * `install elastic`: create or update every asset, idempotently. Each object is read first and compared with the
 * desired one (Elasticsearch objects by the content hash in their `_meta`, Kibana objects by "contains every
 * member we set"), then only what differs is written: a second install changes nothing. With `dryRun`, nothing is
 * written and the report says what would change. A failing object does not stop the others; the report lists it.
 */

export interface InstallOptions extends AssetOptions {
  dryRun?: boolean;
  /** Tests and callers with their own transport; default: node:http(s) with the config's TLS and auth. */
  send?: HttpSend;
}

function esBase(config: Pick<ElasticConfig, "url">): string {
  return config.url.replace(/\/+$/, "");
}

function assetOptions(config: ElasticConfig, options: InstallOptions): AssetOptions {
  const out: AssetOptions = { space: config.kibanaSpace ?? "default" };
  const retention = options.retentionDays ?? config.retentionDays;
  if (retention !== undefined) out.retentionDays = retention;
  const lifecycle = options.lifecycle ?? config.lifecycle;
  if (lifecycle !== undefined) out.lifecycle = lifecycle;
  return out;
}

export async function installElastic(
  config: ElasticConfig,
  options: InstallOptions = {},
): Promise<RunReport> {
  const send = options.send ?? httpSender(config);
  const dryRun = options.dryRun === true;
  const assets = desiredAssets(assetOptions(config, options));
  const report: RunReport = { dryRun, results: [], notes: [] };
  await installEs(send, esBase(config), assets, dryRun, report);
  if (config.kibanaUrl === undefined) {
    report.notes.push("KIBANA_URL is not set: detection rules, dashboards and data views were not installed");
  } else {
    const kibana = new KibanaApi(send, KibanaApi.basePath(config.kibanaUrl, config.kibanaSpace));
    await installRules(kibana, assets, dryRun, report);
    await installSavedObjects(kibana, assets, dryRun, report);
  }
  return report;
}

async function installEs(
  send: HttpSend,
  base: string,
  assets: DesiredAssets,
  dryRun: boolean,
  report: RunReport,
): Promise<void> {
  for (const o of assets.es) {
    const result: ObjectResult = {
      kind: o.kind,
      id: o.name,
      action: "create",
      status: dryRun ? "planned" : "done",
    };
    report.results.push(result);
    try {
      const current = await currentEsObject(send, base, o);
      if (current.exists) {
        result.action = current.hash === o.hash ? "unchanged" : "update";
        if (!current.managed) {
          result.status = "failed";
          result.error = "exists and is not managed by ntlm-siem (no _meta.managed_by): left alone";
          continue;
        }
      }
      if (dryRun || result.action === "unchanged") continue;
      const res = await send({
        method: "PUT",
        url: `${base}/${esPath(o.kind, o.name)}`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(o.body),
      });
      if (res.status !== 200) {
        result.status = "failed";
        result.error = `HTTP ${res.status} ${brief(res.text)}`;
      }
    } catch (error) {
      result.status = "failed";
      result.error = error instanceof Error ? error.message : String(error);
    }
  }
}

async function installRules(
  kibana: KibanaApi,
  assets: DesiredAssets,
  dryRun: boolean,
  report: RunReport,
): Promise<void> {
  const toImport: DesiredAssets["rules"] = [];
  const byId = new Map<string, ObjectResult>();
  for (const rule of assets.rules) {
    const result: ObjectResult = {
      kind: "rule",
      id: rule.rule_id,
      title: rule.name,
      action: "create",
      status: dryRun ? "planned" : "done",
    };
    report.results.push(result);
    try {
      const current = await kibana.getRule(rule.rule_id);
      if (current !== undefined) result.action = containsDesired(current, rule) ? "unchanged" : "update";
      if (result.action !== "unchanged") {
        toImport.push(rule);
        byId.set(rule.rule_id, result);
      }
    } catch (error) {
      result.status = "failed";
      result.error = error instanceof Error ? error.message : String(error);
    }
  }
  if (dryRun || toImport.length === 0) return;
  try {
    const errors = await kibana.importRules(toImport);
    for (const [id, message] of errors) {
      const r = byId.get(id);
      if (r) {
        r.status = "failed";
        r.error = message;
      } else report.notes.push(`rule import error for ${id}: ${message}`);
    }
  } catch (error) {
    for (const r of byId.values()) {
      r.status = "failed";
      r.error = error instanceof Error ? error.message : String(error);
    }
  }
}

async function installSavedObjects(
  kibana: KibanaApi,
  assets: DesiredAssets,
  dryRun: boolean,
  report: RunReport,
): Promise<void> {
  const toImport: DesiredAssets["savedObjects"] = [];
  const byKey = new Map<string, ObjectResult>();
  for (const o of assets.savedObjects) {
    const title = typeof o.attributes.title === "string" ? o.attributes.title : undefined;
    const result: ObjectResult = {
      kind: o.type,
      id: o.id,
      action: "create",
      status: dryRun ? "planned" : "done",
    };
    if (title !== undefined) result.title = title;
    report.results.push(result);
    try {
      const current = await kibana.getObject(o.type, o.id);
      if (current !== undefined)
        result.action =
          containsDesired(current.attributes, o.attributes) &&
          containsDesired(current.references, o.references)
            ? "unchanged"
            : "update";
      if (result.action !== "unchanged") {
        toImport.push(o);
        byKey.set(`${o.type}/${o.id}`, result);
      }
    } catch (error) {
      result.status = "failed";
      result.error = error instanceof Error ? error.message : String(error);
    }
  }
  if (dryRun || toImport.length === 0) return;
  try {
    const errors = await kibana.importObjects(toImport);
    for (const [key, message] of errors) {
      const r = byKey.get(key);
      if (r) {
        r.status = "failed";
        r.error = message;
      } else report.notes.push(`saved object import error for ${key}: ${message}`);
    }
  } catch (error) {
    for (const r of byKey.values()) {
      r.status = "failed";
      r.error = error instanceof Error ? error.message : String(error);
    }
  }
}
