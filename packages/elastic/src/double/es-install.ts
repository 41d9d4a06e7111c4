import {
  jsonBody,
  startLoopback,
  type Handler,
  type LoopbackServer,
  type WireRequest,
  type WireResponse,
} from "./loopback-server.js";

/**
 * The Elasticsearch side of install, as a test double: PUT/GET/DELETE of ILM policies, ingest pipelines, component
 * templates and index templates, with the response shapes of the real APIs (GET _index_template/<n> ->
 * {index_templates:[{name,index_template}]}, GET _ilm/policy/<n> -> {<n>:{version, policy}}, …). It checks what
 * the real cluster would refuse and install could get wrong: an index template that composes a missing component
 * template (unless listed in ignore_missing_component_templates) or names a missing pipeline/policy is refused,
 * and an index template a data stream uses cannot be deleted (`inUseIndexTemplates`).
 * `handle` can be mounted in another double; `startEsInstallDouble` serves it alone.
 */

type Store = Map<string, Record<string, unknown>>;

export class EsInstallDouble {
  readonly ilm: Store = new Map();
  readonly pipelines: Store = new Map();
  readonly components: Store = new Map();
  readonly indexTemplates: Store = new Map();
  /** Index templates a data stream still uses: DELETE answers 400 as Elasticsearch does. */
  readonly inUseIndexTemplates = new Set<string>();
  /** Names whose PUT fails with 400 (fault injection). */
  readonly failPut = new Set<string>();

  readonly handle: Handler = (req) => {
    const m = /^\/(_ilm\/policy|_ingest\/pipeline|_component_template|_index_template)\/([^/]+)$/.exec(
      req.path,
    );
    if (!m) return undefined;
    const kind = m[1] as string;
    const name = decodeURIComponent(m[2] as string);
    const store =
      kind === "_ilm/policy"
        ? this.ilm
        : kind === "_ingest/pipeline"
          ? this.pipelines
          : kind === "_component_template"
            ? this.components
            : this.indexTemplates;
    switch (req.method) {
      case "GET": {
        const body = store.get(name);
        if (body === undefined)
          return { status: 404, body: { error: { type: "resource_not_found_exception" }, status: 404 } };
        return { status: 200, body: this.getShape(kind, name, body) };
      }
      case "PUT":
        return this.put(kind, name, store, req);
      case "DELETE": {
        if (!store.has(name))
          return { status: 404, body: { error: { type: "resource_not_found_exception" }, status: 404 } };
        if (kind === "_index_template" && this.inUseIndexTemplates.has(name))
          return {
            status: 400,
            body: {
              error: {
                type: "illegal_argument_exception",
                reason: `unable to remove composable templates [${name}] as they are in use by a data streams`,
              },
            },
          };
        store.delete(name);
        return { status: 200, body: { acknowledged: true } };
      }
      default:
        return { status: 405, body: { error: "method not allowed" } };
    }
  };

  private getShape(kind: string, name: string, body: Record<string, unknown>): unknown {
    switch (kind) {
      case "_ilm/policy":
        return { [name]: { version: 1, modified_date: "2026-01-01T00:00:00.000Z", policy: body.policy } };
      case "_ingest/pipeline":
        return { [name]: body };
      case "_component_template":
        return { component_templates: [{ name, component_template: body }] };
      default:
        return { index_templates: [{ name, index_template: body }] };
    }
  }

  private put(kind: string, name: string, store: Store, req: WireRequest): WireResponse {
    if (req.headers["content-type"] !== "application/json")
      return { status: 406, body: { error: "content-type must be application/json" } };
    if (this.failPut.has(name))
      return {
        status: 400,
        body: { error: { type: "mapper_parsing_exception", reason: `injected failure for ${name}` } },
      };
    const body = jsonBody(req) as Record<string, unknown>;
    if (kind === "_index_template") {
      const ignore = new Set((body.ignore_missing_component_templates as string[] | undefined) ?? []);
      for (const c of (body.composed_of as string[] | undefined) ?? [])
        if (!this.components.has(c) && !ignore.has(c))
          return {
            status: 400,
            body: {
              error: {
                type: "invalid_index_template_exception",
                reason: `component template [${c}] does not exist`,
              },
            },
          };
    }
    if (kind === "_ilm/policy" && typeof body.policy !== "object")
      return { status: 400, body: { error: "policy required" } };
    store.set(name, body);
    return { status: 200, body: { acknowledged: true } };
  }
}

export async function startEsInstallDouble(
  double = new EsInstallDouble(),
): Promise<LoopbackServer & { double: EsInstallDouble }> {
  // The product header the official client insists on (and what a real cluster sends).
  const server = await startLoopback(double.handle, { "x-elastic-product": "Elasticsearch" });
  return { ...server, double };
}
