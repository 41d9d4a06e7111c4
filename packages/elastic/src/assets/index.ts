import type { ElasticRule } from "@ntlm-siem/core";
import { dataViews } from "./kibana/data-views.js";
import { dashboardSavedObjects } from "./kibana/lens.js";
import { detectionRules } from "./kibana/rules.js";
import type { SavedObject } from "./kibana/saved-object.js";
import { NAMES } from "./names.js";
import { buildIngestPipeline } from "./pipeline/pipeline.js";
import {
  contentHash,
  ecsComponent,
  ilmPolicy,
  indexTemplate,
  ntlmComponent,
  settingsComponent,
  winlogComponent,
  type TemplateOptions,
} from "./templates.js";

/**
 * Everything `install elastic` puts in place, as data: the Elasticsearch objects in dependency order (lifecycle
 * policy and pipeline before the templates that name them), the detection rules, and the Kibana saved objects.
 * Each Elasticsearch body carries `_meta.hash`, the hash of its own content, so a later install can tell
 * "unchanged" from "update" with a GET.
 */

export type EsKind = "ilm-policy" | "ingest-pipeline" | "component-template" | "index-template";

export interface EsObject {
  kind: EsKind;
  name: string;
  body: Record<string, unknown>;
  hash: string;
}

export interface DesiredAssets {
  es: EsObject[];
  rules: ElasticRule[];
  savedObjects: SavedObject[];
}

export interface AssetOptions extends TemplateOptions {
  /** Kibana space id (default "default"): names the alerts index of the alerts data view. */
  space?: string;
}

function withHash(kind: EsKind, name: string, body: Record<string, unknown>): EsObject {
  const hash = contentHash(body);
  const copy = structuredClone(body);
  const metaHolder = kind === "ilm-policy" ? (copy.policy as Record<string, unknown>) : copy;
  metaHolder._meta = { ...(metaHolder._meta as Record<string, unknown>), hash };
  return { kind, name, body: copy, hash };
}

export function desiredAssets(options: AssetOptions = {}): DesiredAssets {
  const es: EsObject[] = [];
  if ((options.lifecycle ?? "ilm") === "ilm")
    es.push(
      withHash("ilm-policy", NAMES.ilmPolicy, ilmPolicy(options) as unknown as Record<string, unknown>),
    );
  es.push(
    withHash("ingest-pipeline", NAMES.pipeline, buildIngestPipeline() as unknown as Record<string, unknown>),
  );
  es.push(withHash("component-template", NAMES.componentSettings, { ...settingsComponent(options) }));
  es.push(withHash("component-template", NAMES.componentEcs, { ...ecsComponent() }));
  es.push(withHash("component-template", NAMES.componentWinlog, { ...winlogComponent() }));
  es.push(withHash("component-template", NAMES.componentNtlm, { ...ntlmComponent() }));
  es.push(withHash("index-template", NAMES.indexTemplate, { ...indexTemplate(options) }));
  return {
    es,
    rules: detectionRules(),
    savedObjects: [...dataViews(options.space ?? "default"), ...dashboardSavedObjects()],
  };
}

export { NAMES, MANAGED_BY, INDEX_PATTERN, DATASET } from "./names.js";
export type { SavedObject } from "./kibana/saved-object.js";
