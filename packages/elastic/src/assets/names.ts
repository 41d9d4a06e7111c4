import { ECS_DATASET } from "@ntlm-siem/core";

/**
 * Stable names and IDs of everything install creates: fixed strings, so that a second install finds (and an
 * uninstall removes) exactly these objects and nothing else. Every Elasticsearch object also carries
 * `_meta.managed_by` = MANAGED_BY; uninstall refuses to delete an object of the same name without it.
 */
export const MANAGED_BY = "ntlm-siem";
/** Bumped when the shape of the installed assets changes; stored in every object's `_meta` and `version`. */
export const ASSETS_VERSION = 1;

/** Our data set (core's ECS_DATASET): data stream logs-windows.ntlm_operational-<namespace>. */
export const DATASET = ECS_DATASET;
export const INDEX_PATTERN = `logs-${DATASET}-*`;

export const NAMES = {
  /** Fleet's naming for a data set's own hooks (<type>-<dataset>@...), so our objects sort beside Fleet's. */
  componentEcs: `logs-${DATASET}@ntlm-siem-ecs`,
  componentWinlog: `logs-${DATASET}@ntlm-siem-winlog`,
  componentNtlm: `logs-${DATASET}@ntlm-siem-ntlm`,
  componentSettings: `logs-${DATASET}@ntlm-siem-settings`,
  indexTemplate: `logs-${DATASET}-ntlm-siem`,
  pipeline: `logs-${DATASET}-ntlm-siem`,
  ilmPolicy: "logs-ntlm-siem",
  dataView: "ntlm-siem-data-view",
} as const;

/** Priority above the managed `logs` template (100, pattern logs-*-*) and Fleet integration templates (200). */
export const INDEX_TEMPLATE_PRIORITY = 250;
