/** A Kibana saved object as the import API reads it (one NDJSON line). */
export interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: { type: string; id: string; name: string }[];
}

/** NDJSON: one JSON document per line, trailing newline. */
export function toNdjson(items: readonly unknown[]): string {
  return items.map((i) => JSON.stringify(i)).join("\n") + "\n";
}
