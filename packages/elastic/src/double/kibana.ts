import {
  startLoopback,
  type LoopbackServer,
  type WireRequest,
  type WireResponse,
} from "./loopback-server.js";

/**
 * The Kibana side of install, as a test double (not Kibana): the detection-engine rule import API and the saved
 * objects import API (multipart/form-data with an NDJSON `file`, `kbn-xsrf` required, `overwrite` semantics:
 * an existing id/rule_id without overwrite=true is a per-object conflict error), GET/DELETE of single rules
 * (?rule_id=) and saved objects (/api/saved_objects/<type>/<id>), with optional /s/<space> prefixes. Responses carry
 * per-object success and errors in the real APIs' shapes; `failIds` injects per-object failures.
 */

export class KibanaDouble {
  /** space -> rule_id -> rule (as stored: ours plus server-added members). */
  readonly rules = new Map<string, Map<string, Record<string, unknown>>>();
  /** space -> "<type>/<id>" -> saved object. */
  readonly objects = new Map<string, Map<string, Record<string, unknown>>>();
  /** rule_ids or "<type>/<id>" whose import fails (fault injection). */
  readonly failIds = new Set<string>();

  private space(name: string): {
    rules: Map<string, Record<string, unknown>>;
    objects: Map<string, Record<string, unknown>>;
  } {
    if (!this.rules.has(name)) this.rules.set(name, new Map());
    if (!this.objects.has(name)) this.objects.set(name, new Map());
    return {
      rules: this.rules.get(name) as Map<string, Record<string, unknown>>,
      objects: this.objects.get(name) as Map<string, Record<string, unknown>>,
    };
  }

  handle(req: WireRequest): WireResponse | undefined {
    let path = req.path;
    let spaceName = "default";
    const s = /^\/s\/([^/]+)(\/.*)$/.exec(path);
    if (s) {
      spaceName = decodeURIComponent(s[1] as string);
      path = s[2] as string;
    }
    if (!path.startsWith("/api/")) return undefined;
    if (req.method !== "GET" && req.headers["kbn-xsrf"] === undefined)
      return {
        status: 400,
        body: { statusCode: 400, error: "Bad Request", message: "Request must contain a kbn-xsrf header." },
      };
    const space = this.space(spaceName);

    if (path === "/api/detection_engine/rules/_import" && req.method === "POST")
      return this.importRules(space.rules, req);
    if (path === "/api/saved_objects/_import" && req.method === "POST")
      return this.importObjects(space.objects, req);
    if (path === "/api/detection_engine/rules") {
      const id = req.query.get("rule_id") ?? "";
      const rule = space.rules.get(id);
      if (!rule) return { status: 404, body: { status_code: 404, message: `rule_id: "${id}" not found` } };
      if (req.method === "GET") return { status: 200, body: rule };
      if (req.method === "DELETE") {
        space.rules.delete(id);
        return { status: 200, body: rule };
      }
    }
    const so = /^\/api\/saved_objects\/([^/_][^/]*)\/([^/]+)$/.exec(path);
    if (so) {
      const key = `${decodeURIComponent(so[1] as string)}/${decodeURIComponent(so[2] as string)}`;
      const obj = space.objects.get(key);
      if (!obj)
        return {
          status: 404,
          body: { statusCode: 404, error: "Not Found", message: `Saved object [${key}] not found` },
        };
      if (req.method === "GET") return { status: 200, body: obj };
      if (req.method === "DELETE") {
        space.objects.delete(key);
        return { status: 200, body: {} };
      }
    }
    return { status: 404, body: { statusCode: 404, error: "Not Found" } };
  }

  private importRules(store: Map<string, Record<string, unknown>>, req: WireRequest): WireResponse {
    const lines = ndjsonFile(req);
    if (typeof lines === "string") return { status: 400, body: { message: lines } };
    const overwrite = req.query.get("overwrite") === "true";
    const errors: unknown[] = [];
    let success = 0;
    for (const rule of lines) {
      const id = typeof rule.rule_id === "string" ? rule.rule_id : "";
      const missing = ["description", "name", "risk_score", "severity", "type"].filter(
        (f) => rule[f] === undefined,
      );
      if (missing.length > 0) {
        errors.push({ rule_id: id, error: { status_code: 400, message: `missing: ${missing.join(", ")}` } });
      } else if (this.failIds.has(id)) {
        errors.push({ rule_id: id, error: { status_code: 500, message: "injected failure" } });
      } else if (store.has(id) && !overwrite) {
        errors.push({ rule_id: id, error: { status_code: 409, message: `rule_id: "${id}" already exists` } });
      } else {
        // Like the real engine: server-side members are added to what was sent.
        store.set(id, { id: `double-${id}`, created_by: "double", immutable: false, ...rule });
        success += 1;
      }
    }
    return {
      status: 200,
      body: { success: errors.length === 0, success_count: success, rules_count: lines.length, errors },
    };
  }

  private importObjects(store: Map<string, Record<string, unknown>>, req: WireRequest): WireResponse {
    const lines = ndjsonFile(req);
    if (typeof lines === "string") return { status: 400, body: { message: lines } };
    const overwrite = req.query.get("overwrite") === "true";
    if (overwrite && req.query.get("createNewCopies") === "true")
      return { status: 400, body: { message: "overwrite and createNewCopies cannot be used together" } };
    const errors: unknown[] = [];
    const successResults: unknown[] = [];
    const incoming = new Set(lines.map((o) => `${String(o.type)}/${String(o.id)}`));
    for (const o of lines) {
      const key = `${String(o.type)}/${String(o.id)}`;
      const refs = (o.references as { type: string; id: string }[] | undefined) ?? [];
      const missingRef = refs.find(
        (r) => !store.has(`${r.type}/${r.id}`) && !incoming.has(`${r.type}/${r.id}`),
      );
      if (this.failIds.has(key)) {
        errors.push({ id: o.id, type: o.type, error: { type: "unknown", message: "injected failure" } });
      } else if (missingRef) {
        errors.push({
          id: o.id,
          type: o.type,
          error: { type: "missing_references", references: [missingRef] },
        });
      } else if (store.has(key) && !overwrite) {
        errors.push({ id: o.id, type: o.type, error: { type: "conflict" } });
      } else {
        store.set(key, { ...o, updated_at: "2026-01-01T00:00:00.000Z", version: "WzEsMV0=" });
        successResults.push({ id: o.id, type: o.type, ...(overwrite ? { overwrite: true } : {}) });
      }
    }
    return {
      status: 200,
      body: { success: errors.length === 0, successCount: successResults.length, successResults, errors },
    };
  }
}

/** The NDJSON lines of the multipart `file` field, or an error message. */
function ndjsonFile(req: WireRequest): Record<string, unknown>[] | string {
  const type = req.headers["content-type"] ?? "";
  const m = /^multipart\/form-data; boundary=(.+)$/.exec(type);
  if (!m) return "expected multipart/form-data";
  const boundary = `--${m[1] as string}`;
  const text = req.body.toString("utf8");
  for (const part of text.split(boundary)) {
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0 || !/name="file"/.test(part.slice(0, headerEnd))) continue;
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, "");
    try {
      return content
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    } catch {
      return "file is not NDJSON";
    }
  }
  return "no file field";
}

export async function startKibanaDouble(
  double = new KibanaDouble(),
): Promise<LoopbackServer & { double: KibanaDouble }> {
  const server = await startLoopback((req) => double.handle(req));
  return { ...server, double };
}
