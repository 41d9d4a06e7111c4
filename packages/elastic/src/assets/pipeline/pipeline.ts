import { ECS_DOCUMENT_VERSION } from "@ntlm-siem/core";
import { ASSETS_VERSION, DATASET, MANAGED_BY } from "../names.js";
import { painlessSource } from "./painless-script.js";
import { catalogParams, tableParams } from "./tables.js";

/**
 * The ingest pipeline: raw Microsoft-Windows-NTLM/Operational events as Elastic Agent's winlog input sends them
 * (`winlog.*`, `message`, `@timestamp`) in, core's ECS document out. Generated: one `set` for the constant, one
 * `script` whose params are core's catalog and tables (tables.ts) and whose per-slot code is generated
 * (painless-slots.ts); a pipeline-level `on_failure` keeps a document that failed (ECS convention: event.kind
 * pipeline_error + error.message) instead of dropping it.
 *
 * Processors used (PROCESSOR_ALLOW_LIST in processors.ts, each with its reference page): set, script, append.
 * Pipeline definition: https://www.elastic.co/guide/en/elasticsearch/reference/current/ingest.html
 */

export interface IngestProcessor {
  [type: string]: Record<string, unknown>;
}

export interface IngestPipeline {
  description: string;
  version: number;
  _meta: Record<string, unknown>;
  processors: IngestProcessor[];
  on_failure: IngestProcessor[];
}

/** Painless scripts larger than this are refused (`script.max_size_in_bytes`, default 65535). */
export const MAX_SCRIPT_BYTES = 65_535;

export function buildIngestPipeline(): IngestPipeline {
  const source = painlessSource();
  return {
    description:
      "ntlm-siem: Microsoft-Windows-NTLM/Operational winlog events -> ECS (the same document ntlm-siem convert writes)",
    version: ASSETS_VERSION,
    _meta: { managed_by: MANAGED_BY, managed: true, dataset: DATASET },
    processors: [
      { set: { tag: "ecs_version", field: "ecs.version", value: ECS_DOCUMENT_VERSION } },
      {
        script: {
          tag: "ntlm_normalize",
          lang: "painless",
          description: "core's normalize + toEcs, generated from the event catalog",
          source,
          params: { dataset: DATASET, catalog: catalogParams(), tables: tableParams() },
        },
      },
    ],
    on_failure: [
      { set: { field: "event.kind", value: "pipeline_error" } },
      { append: { field: "error.message", value: "{{{ _ingest.on_failure_message }}}" } },
    ],
  };
}
