import { ecsFieldTypes, NTLM_FIELDS, WINLOG_FIELDS } from "../assets/fields.js";

/**
 * The data stream's `fields/*.yml` (package-spec: a list of {name, type, description?}; dotted names allowed),
 * from the same field inventory the index template is built from, so the package and `install` map alike.
 * https://github.com/elastic/package-spec (spec/integration/data_stream/fields/fields.spec.yml)
 */
export interface FieldEntry {
  name: string;
  type: string;
  description?: string;
  object_type?: string;
}

export function baseFields(dataset: string): FieldEntry[] {
  return [
    { name: "data_stream.type", type: "constant_keyword", description: "Data stream type." },
    {
      name: "data_stream.dataset",
      type: "constant_keyword",
      description: `Data stream dataset (${dataset}).`,
    },
    { name: "data_stream.namespace", type: "constant_keyword", description: "Data stream namespace." },
    { name: "@timestamp", type: "date", description: "Event timestamp (TimeCreated)." },
  ];
}

const BASE = new Set(["data_stream.type", "data_stream.dataset", "data_stream.namespace", "@timestamp"]);

export function ecsFields(): FieldEntry[] {
  return Object.entries(ecsFieldTypes())
    .filter(([name]) => !BASE.has(name))
    .map(([name, type]) => ({ name, type }));
}

export function winlogFields(): FieldEntry[] {
  return [
    ...Object.entries(WINLOG_FIELDS).map(([name, type]) => ({ name, type })),
    {
      name: "winlog.event_data",
      type: "object",
      object_type: "keyword",
      description: "EventData as sent by the winlog input.",
    },
  ];
}

export function ntlmFields(): FieldEntry[] {
  return Object.entries(NTLM_FIELDS).map(([name, type]) => ({ name, type }));
}
