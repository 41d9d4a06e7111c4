import type { EsKind, EsObject } from "../assets/index.js";
import { MANAGED_BY } from "../assets/names.js";
import type { HttpSend } from "./http.js";

/**
 * The Elasticsearch APIs per object kind: where it lives, and where its `_meta` sits in a GET response.
 * - ILM: GET/PUT/DELETE _ilm/policy/<name> (https://www.elastic.co/guide/en/elasticsearch/reference/current/ilm-get-lifecycle.html)
 * - ingest pipelines: _ingest/pipeline/<id> (https://www.elastic.co/guide/en/elasticsearch/reference/current/get-pipeline-api.html)
 * - component templates: _component_template/<name> (https://www.elastic.co/guide/en/elasticsearch/reference/current/getting-component-templates.html)
 * - index templates: _index_template/<name> (https://www.elastic.co/guide/en/elasticsearch/reference/current/indices-get-template.html)
 */

const PATHS: Record<EsKind, string> = {
  "ilm-policy": "_ilm/policy",
  "ingest-pipeline": "_ingest/pipeline",
  "component-template": "_component_template",
  "index-template": "_index_template",
};

export function esPath(kind: EsKind, name: string): string {
  return `${PATHS[kind]}/${encodeURIComponent(name)}`;
}

/** The `_meta` of the object named `name` in a GET response body, or undefined. */
export function metaOf(kind: EsKind, name: string, body: unknown): Record<string, unknown> | undefined {
  const b = body as Record<string, unknown> | undefined;
  if (b === undefined || b === null || typeof b !== "object") return undefined;
  switch (kind) {
    case "ilm-policy": {
      const entry = b[name] as { policy?: { _meta?: Record<string, unknown> } } | undefined;
      return entry?.policy?._meta;
    }
    case "ingest-pipeline":
      return (b[name] as { _meta?: Record<string, unknown> } | undefined)?._meta;
    case "component-template": {
      const list = b.component_templates as
        { name: string; component_template: { _meta?: Record<string, unknown> } }[] | undefined;
      return list?.find((t) => t.name === name)?.component_template._meta;
    }
    case "index-template": {
      const list = b.index_templates as
        { name: string; index_template: { _meta?: Record<string, unknown> } }[] | undefined;
      return list?.find((t) => t.name === name)?.index_template._meta;
    }
  }
}

export type Current = { exists: false } | { exists: true; hash: unknown; managed: boolean };

export async function currentEsObject(
  send: HttpSend,
  base: string,
  o: Pick<EsObject, "kind" | "name">,
): Promise<Current> {
  const res = await send({ method: "GET", url: `${base}/${esPath(o.kind, o.name)}` });
  if (res.status === 404) return { exists: false };
  if (res.status !== 200)
    throw new Error(`GET ${esPath(o.kind, o.name)}: HTTP ${res.status} ${brief(res.text)}`);
  const meta = metaOf(o.kind, o.name, res.json);
  return { exists: true, hash: meta?.hash, managed: meta?.managed_by === MANAGED_BY };
}

/** The first 300 characters of an error body: enough to name the problem, never a whole document. */
export function brief(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}
