import { createHash } from "node:crypto";
import { ECS_DOCUMENT_VERSION } from "@ntlm-siem/core";
import { ecsFieldTypes, NTLM_FIELDS, WINLOG_EVENT_DATA_PATH, WINLOG_FIELDS } from "./fields.js";
import { toProperties, type Properties } from "./mappings.js";
import {
  ASSETS_VERSION,
  DATASET,
  INDEX_PATTERN,
  INDEX_TEMPLATE_PRIORITY,
  MANAGED_BY,
  NAMES,
} from "./names.js";

/**
 * Component templates, the index template and the lifecycle of the data stream logs-windows.ntlm_operational-*.
 * References:
 * - index templates: https://www.elastic.co/guide/en/elasticsearch/reference/current/index-templates.html
 *   (priority; the built-in `logs` template has priority 100 on logs-*-*, so ours must be higher);
 * - component templates: https://www.elastic.co/guide/en/elasticsearch/reference/current/indices-component-template.html
 *   (`ignore_missing_component_templates` lets us compose the optional `<type>-<dataset>@custom` hook, ES 8.7+);
 * - ILM: https://www.elastic.co/guide/en/elasticsearch/reference/current/ilm-put-lifecycle.html
 * - data stream lifecycle (DSL, the 9.x default for new data streams):
 *   https://www.elastic.co/guide/en/elasticsearch/reference/current/data-stream-lifecycle.html
 */

export type LifecycleMode = "ilm" | "dsl";

export interface TemplateOptions {
  /** Days to keep documents (delete phase / data_retention). Default 180. */
  retentionDays?: number;
  /** ILM (default) or the data stream lifecycle (DSL). */
  lifecycle?: LifecycleMode;
}

export const DEFAULT_RETENTION_DAYS = 180;

export interface ComponentTemplate {
  template: {
    settings?: Record<string, unknown>;
    mappings?: Record<string, unknown>;
    lifecycle?: Record<string, unknown>;
  };
  version: number;
  _meta: Record<string, unknown>;
}

export interface IndexTemplate {
  index_patterns: string[];
  data_stream: Record<string, never>;
  priority: number;
  composed_of: string[];
  ignore_missing_component_templates: string[];
  template: { settings?: Record<string, unknown>; lifecycle?: Record<string, unknown> };
  version: number;
  _meta: Record<string, unknown>;
}

export interface IlmPolicy {
  policy: { phases: Record<string, unknown>; _meta: Record<string, unknown> };
}

function meta(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { managed_by: MANAGED_BY, managed: true, assets_version: ASSETS_VERSION, ...extra };
}

function component(mappings: Record<string, unknown>, settings?: Record<string, unknown>): ComponentTemplate {
  const template: ComponentTemplate["template"] = { mappings };
  if (settings !== undefined) template.settings = settings;
  return { template, version: ASSETS_VERSION, _meta: meta() };
}

/** ECS fields with ECS types (core's ECS_FIELDS, from @elastic/ecs). */
export function ecsComponent(): ComponentTemplate {
  return component({
    _meta: { ecs_version: ECS_DOCUMENT_VERSION },
    properties: toProperties(ecsFieldTypes()),
  });
}

/** winlog.* as the windows integration maps it; every EventData value a keyword. */
export function winlogComponent(): ComponentTemplate {
  return component({
    dynamic_templates: [
      {
        winlog_event_data: {
          path_match: WINLOG_EVENT_DATA_PATH,
          mapping: { type: "keyword", ignore_above: 1024 },
        },
      },
    ],
    properties: toProperties(WINLOG_FIELDS),
  });
}

export function ntlmComponent(): ComponentTemplate {
  return component({ properties: toProperties(NTLM_FIELDS) });
}

/** Settings: the default pipeline (so Agent's raw events are normalized) and, with ILM, the policy. */
export function settingsComponent(options: TemplateOptions = {}): ComponentTemplate {
  const settings: Record<string, unknown> = { "index.default_pipeline": NAMES.pipeline };
  if ((options.lifecycle ?? "ilm") === "ilm") settings["index.lifecycle.name"] = NAMES.ilmPolicy;
  return { template: { settings }, version: ASSETS_VERSION, _meta: meta() };
}

export function indexTemplate(options: TemplateOptions = {}): IndexTemplate {
  const template: IndexTemplate["template"] = {};
  if ((options.lifecycle ?? "ilm") === "dsl") {
    template.lifecycle = { data_retention: `${options.retentionDays ?? DEFAULT_RETENTION_DAYS}d` };
    // An ILM policy inherited from elsewhere would win over DSL; prefer the lifecycle explicitly.
    template.settings = { "index.lifecycle.prefer_ilm": false };
  }
  const custom = `logs-${DATASET}@custom`;
  return {
    index_patterns: [INDEX_PATTERN],
    data_stream: {},
    priority: INDEX_TEMPLATE_PRIORITY,
    composed_of: [
      NAMES.componentSettings,
      NAMES.componentEcs,
      NAMES.componentWinlog,
      NAMES.componentNtlm,
      custom,
    ],
    ignore_missing_component_templates: [custom],
    template,
    version: ASSETS_VERSION,
    _meta: meta({ description: "ntlm-siem: Windows NTLM audit events (ECS)" }),
  };
}

/** Hot with rollover at 50 GB per primary shard or 30 days, deleted after the retention (default 180 days). */
export function ilmPolicy(options: TemplateOptions = {}): IlmPolicy {
  return {
    policy: {
      phases: {
        hot: {
          min_age: "0ms",
          actions: { rollover: { max_primary_shard_size: "50gb", max_age: "30d" } },
        },
        delete: {
          min_age: `${options.retentionDays ?? DEFAULT_RETENTION_DAYS}d`,
          actions: { delete: {} },
        },
      },
      _meta: meta(),
    },
  };
}

/** Content hash of a desired object, stored in its _meta so install can tell unchanged from changed cheaply. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

/** JSON with sorted keys: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export type { Properties };
