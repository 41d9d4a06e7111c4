import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { Socket } from "node:net";
import { checkMediaTypes } from "./media-type-check.js";

/**
 * A loopback TEST DOUBLE of the Elasticsearch REST endpoints the shipping side uses. It is not Elasticsearch: it
 * speaks the documented protocol closely enough for the official client (GET / with `x-elastic-product`, the
 * compatible-with media-type rule of the configured major, `_bulk` with per-item statuses and `create` semantics per
 * data stream, index-template and has_privileges lookups, API-key and basic authentication), keeps the "index" in
 * memory, records every request (credentials redacted) and lets tests inject faults:
 *
 * - request faults, consumed in order by matching requests: an HTTP status (with `Retry-After`), a connection reset
 *   half-way through the request body (nothing indexed), a lost response (indexed, then the socket is destroyed), a
 *   delay (for timeouts and backpressure);
 * - item faults: a function choosing a status for individual `create` operations (mapping errors, throttling);
 * - a sink that is down: `stop()` then `start(port)` on the same port (connection refused in between).
 *
 * It speaks plain HTTP unless given a key and certificate (`tls`): then HTTPS, so the client's certificate
 * verification (CA file, host name, `tlsVerify`) is exercised against a real handshake.
 */
export interface DoubleTemplate {
  name: string;
  indexPatterns: string[];
}

export interface ElasticDoubleOptions {
  /** The version GET / reports; its major decides the media types accepted. Default 9.1.0. */
  version?: string;
  /** Credentials the double accepts; none means no authentication is asked for. */
  auth?: { apiKey?: string; username?: string; password?: string };
  /** Index templates that exist (with data_stream enabled). Default: the NTLM template. */
  templates?: DoubleTemplate[];
  /** Privileges has_privileges reports as held on any index. Default: create_doc and auto_configure. */
  privileges?: string[];
  /** Keep request bodies in `requests` (default true; the bench turns it off). */
  recordBodies?: boolean;
  /**
   * Serve HTTPS with this private key and certificate chain (PEM). Absent: plain HTTP, as before. Tests generate
   * throwaway ones at run time (`createTestPki`); no key is ever committed.
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export type RequestMatch = "bulk" | "info" | "template" | "privileges" | "any";

export type RequestFault =
  | {
      kind: "status";
      status: number;
      retryAfter?: string;
      type?: string;
      reason?: string;
      match?: RequestMatch;
    }
  | { kind: "reset-mid-body"; match?: RequestMatch }
  | { kind: "lose-response"; match?: RequestMatch }
  | { kind: "delay"; ms: number; match?: RequestMatch };

export interface ItemFault {
  status: number;
  type: string;
  reason: string;
}

export interface ItemContext {
  id: string;
  index: string;
  /** 1 the first time this `_id` reaches the double, 2 the next, ... */
  attempt: number;
  source: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** Headers as received, with `authorization` reduced to its scheme. */
  headers: Record<string, string>;
  /** Whether the credentials matched (true when none are required). */
  authenticated: boolean;
  body: string | undefined;
  /** When the request arrived (ms since the epoch). */
  at: number;
  /** What the double did: a status, "reset" or "lost". */
  outcome: number | "reset" | "lost";
}

export interface StoredDocument {
  index: string;
  id: string;
  source: string;
}

const DEFAULT_TEMPLATES: DoubleTemplate[] = [
  { name: "logs-windows.ntlm_operational-ntlm-siem", indexPatterns: ["logs-windows.ntlm_operational-*"] },
];

export class ElasticDouble {
  readonly requests: RecordedRequest[] = [];
  /** Data stream -> _id -> document. */
  readonly streams = new Map<string, Map<string, StoredDocument>>();
  /** How many times each `_id` was answered 201 (must never exceed 1). */
  readonly created = new Map<string, number>();
  /** How many times each `_id` was seen in a create operation. */
  readonly attempts = new Map<string, number>();
  itemFault: ((item: ItemContext) => ItemFault | undefined) | undefined;

  private readonly faults: RequestFault[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | HttpsServer | undefined;
  private boundPort = 0;
  private readonly options: Required<Omit<ElasticDoubleOptions, "auth" | "tls">> & {
    auth: ElasticDoubleOptions["auth"] | undefined;
    tls: ElasticDoubleOptions["tls"] | undefined;
  };

  constructor(options: ElasticDoubleOptions = {}) {
    this.options = {
      version: options.version ?? "9.1.0",
      templates: options.templates ?? DEFAULT_TEMPLATES,
      privileges: options.privileges ?? ["create_doc", "auto_configure"],
      recordBodies: options.recordBodies ?? true,
      auth: options.auth,
      tls: options.tls,
    };
  }

  get major(): number {
    return Number(this.options.version.split(".")[0]);
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `${this.options.tls === undefined ? "http" : "https"}://127.0.0.1:${this.boundPort}`;
  }

  /** Listens on 127.0.0.1 (port 0 = any free port; pass the old port to come back after `stop`). */
  async start(port = this.boundPort): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse): void => this.handle(req, res);
    const tls = this.options.tls;
    let server: Server | HttpsServer;
    if (tls === undefined) {
      server = createServer(listener);
    } else {
      server = createHttpsServer({ key: tls.key, cert: tls.cert }, listener);
    }
    server.keepAliveTimeout = 5000;
    // For HTTPS this is the raw TCP socket; destroying it in `stop` also ends the TLS session above it.
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address !== null && typeof address === "object") this.boundPort = address.port;
    this.server = server;
    return this;
  }

  /** Stops listening and cuts every open connection: the next request meets "connection refused". */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Queues request faults; each is used once, by the next request it matches (default: `_bulk`). */
  inject(...faults: RequestFault[]): void {
    this.faults.push(...faults);
  }

  get pendingFaults(): number {
    return this.faults.length;
  }

  addTemplate(template: DoubleTemplate): void {
    this.options.templates.push(template);
  }

  /** Every stored document of a data stream (or of all of them). */
  documents(stream?: string): StoredDocument[] {
    const out: StoredDocument[] = [];
    for (const [name, docs] of this.streams)
      if (stream === undefined || name === stream) out.push(...docs.values());
    return out;
  }

  bulkRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith("/_bulk"));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://double");
    const route = routeOf(req.method ?? "GET", url.pathname);
    const fault = this.takeFault(route);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.search,
      headers: redactHeaders(req.headers),
      authenticated: this.authenticated(req.headers.authorization),
      body: undefined,
      at: Date.now(),
      outcome: 0,
    };
    this.requests.push(record);
    const chunks: Buffer[] = [];
    let received = 0;
    const expected = Number(req.headers["content-length"] ?? 0);
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (fault?.kind === "reset-mid-body" && received * 2 >= expected && record.outcome !== "reset") {
        record.outcome = "reset";
        req.socket.destroy();
      }
    });
    req.on("end", () => {
      if (record.outcome === "reset") return;
      const body = Buffer.concat(chunks).toString("utf8");
      if (this.options.recordBodies) record.body = body;
      void this.respond(req, res, url, route, body, fault, record);
    });
    req.on("error", () => {
      // the client went away; nothing to answer
    });
  }

  private takeFault(route: RequestMatch | undefined): RequestFault | undefined {
    const index = this.faults.findIndex(
      (f) => (f.match ?? "bulk") === "any" || (f.match ?? "bulk") === route,
    );
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0];
  }

  private async respond(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    route: RequestMatch | undefined,
    body: string,
    fault: RequestFault | undefined,
    record: RecordedRequest,
  ): Promise<void> {
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      record.outcome = status;
      if (res.destroyed) return;
      const text = payload === undefined ? "" : JSON.stringify(payload);
      res.writeHead(status, {
        "content-type": "application/json",
        "x-elastic-product": "Elasticsearch",
        "content-length": String(Buffer.byteLength(text)),
        ...headers,
      });
      res.end(req.method === "HEAD" ? undefined : text);
    };
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (!record.authenticated) {
      record.outcome = 401;
      const text = JSON.stringify(
        esError(
          401,
          "security_exception",
          `missing authentication credentials for REST request [${url.pathname}]`,
        ),
      );
      res.writeHead(401, {
        "content-type": "application/json",
        "www-authenticate": 'ApiKey, Basic realm="security"',
      });
      res.end(text);
      return;
    }
    const problem = checkMediaTypes(
      this.major,
      headerText(req.headers.accept),
      headerText(req.headers["content-type"]),
      body.length > 0,
    );
    if (problem) {
      send(400, esError(400, problem.type, problem.reason));
      return;
    }
    if (fault?.kind === "status") {
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter };
      send(
        fault.status,
        esError(
          fault.status,
          fault.type ?? defaultErrorType(fault.status),
          fault.reason ?? "injected by the test double",
        ),
        headers,
      );
      return;
    }
    switch (route) {
      case "info":
        send(200, {
          name: "elastic-double",
          cluster_name: "elastic-double",
          cluster_uuid: "double-0000",
          version: { number: this.options.version, build_flavor: "default", lucene_version: "10.0.0" },
          tagline: "You Know, for Search",
        });
        return;
      case "privileges":
        send(200, this.privileges(body));
        return;
      case "template":
        this.template(url.pathname, send);
        return;
      case "bulk": {
        const target =
          url.pathname === "/_bulk" ? undefined : decodeURIComponent(url.pathname.split("/")[1] ?? "");
        const response = this.bulk(target, body);
        if (fault?.kind === "lose-response") {
          // Indexed, and the answer never arrives: the classic duplicate case.
          record.outcome = "lost";
          req.socket.destroy();
          return;
        }
        send(200, response);
        return;
      }
      case "any":
      case undefined:
        send(400, { error: `no handler found for uri [${url.pathname}] and method [${req.method ?? ""}]` });
    }
  }

  private authenticated(authorization: string | undefined): boolean {
    const expected = this.options.auth;
    if (expected === undefined) return true;
    if (authorization === undefined) return false;
    if (expected.apiKey !== undefined && authorization === `ApiKey ${expected.apiKey}`) return true;
    if (expected.username !== undefined && expected.password !== undefined) {
      const basic = Buffer.from(`${expected.username}:${expected.password}`).toString("base64");
      if (authorization === `Basic ${basic}`) return true;
    }
    return false;
  }

  private privileges(body: string): unknown {
    const request = (body === "" ? {} : JSON.parse(body)) as {
      index?: { names: string[]; privileges: string[] }[];
    };
    const index: Record<string, Record<string, boolean>> = {};
    let all = true;
    for (const entry of request.index ?? []) {
      for (const name of entry.names) {
        const held: Record<string, boolean> = {};
        for (const privilege of entry.privileges) {
          held[privilege] = this.options.privileges.includes(privilege);
          all &&= held[privilege];
        }
        index[name] = held;
      }
    }
    return { username: "double", has_all_requested: all, cluster: {}, index, application: {} };
  }

  private template(pathname: string, send: (status: number, payload: unknown) => void): void {
    const name = decodeURIComponent(pathname.slice("/_index_template/".length));
    const template = this.options.templates.find((t) => t.name === name);
    if (!template) {
      send(404, esError(404, "resource_not_found_exception", `index template matching [${name}] not found`));
      return;
    }
    send(200, {
      index_templates: [
        {
          name,
          index_template: {
            index_patterns: template.indexPatterns,
            data_stream: {},
            priority: 200,
            composed_of: [],
          },
        },
      ],
    });
  }

  private bulk(target: string | undefined, body: string): unknown {
    const started = Date.now();
    const lines = body.split("\n");
    const items: unknown[] = [];
    let errors = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line === undefined || line.trim() === "") continue;
      const action = JSON.parse(line) as Record<string, { _index?: string; _id?: string }>;
      const [op] = Object.keys(action);
      const meta = op === undefined ? {} : (action[op] ?? {});
      const source = op === "delete" ? "" : (lines[++i] ?? "");
      const item = this.bulkItem(op ?? "unknown", meta._index ?? target, meta._id, source);
      if (item.status >= 300) errors = true;
      items.push({ [op ?? "unknown"]: item });
    }
    return { took: Date.now() - started, errors, items };
  }

  private bulkItem(op: string, index: string | undefined, givenId: string | undefined, source: string) {
    const id = givenId ?? randomUUID().replace(/-/g, "").slice(0, 20);
    const fail = (status: number, type: string, reason: string) => ({
      _index: index ?? "",
      _id: id,
      status,
      error: { type, reason },
    });
    if (index === undefined)
      return fail(400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
    const template = this.options.templates.find((t) => t.indexPatterns.some((p) => globMatch(p, index)));
    if (!template) return fail(404, "index_not_found_exception", `no such index [${index}]`);
    if (op !== "create")
      return fail(
        400,
        "illegal_argument_exception",
        `only write ops with an op_type of create are allowed in data streams`,
      );
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    const injected = this.itemFault?.({ id, index, attempt, source });
    if (injected) return fail(injected.status, injected.type, injected.reason);
    let stream = this.streams.get(index);
    if (!stream) {
      stream = new Map();
      this.streams.set(index, stream);
    }
    const backing = `.ds-${index}-2026.01.01-000001`;
    if (stream.has(id)) {
      return {
        _index: backing,
        _id: id,
        status: 409,
        error: {
          type: "version_conflict_engine_exception",
          reason: `[${id}]: version conflict, document already exists (current version [1])`,
          index: backing,
        },
      };
    }
    try {
      JSON.parse(source);
    } catch {
      return fail(400, "document_parsing_exception", "failed to parse");
    }
    stream.set(id, { index, id, source });
    this.created.set(id, (this.created.get(id) ?? 0) + 1);
    return {
      _index: backing,
      _id: id,
      _version: 1,
      result: "created",
      _shards: { total: 2, successful: 1, failed: 0 },
      _seq_no: stream.size - 1,
      _primary_term: 1,
      status: 201,
    };
  }
}

/** Starts a double on a free loopback port. */
export async function startElasticDouble(options: ElasticDoubleOptions = {}): Promise<ElasticDouble> {
  return new ElasticDouble(options).start(0);
}

function routeOf(method: string, pathname: string): RequestMatch | undefined {
  if (pathname === "/" && (method === "GET" || method === "HEAD")) return "info";
  if (pathname === "/_security/user/_has_privileges") return "privileges";
  if (pathname.startsWith("/_index_template/") && (method === "GET" || method === "HEAD")) return "template";
  if (
    (method === "POST" || method === "PUT") &&
    (pathname === "/_bulk" || /^\/[^/_][^/]*\/_bulk$/.test(pathname))
  )
    return "bulk";
  return undefined;
}

function esError(status: number, type: string, reason: string): unknown {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

function defaultErrorType(status: number): string {
  if (status === 429) return "es_rejected_execution_exception";
  if (status === 413) return "request_entity_too_large";
  if (status >= 500) return "unavailable_shards_exception";
  return "illegal_argument_exception";
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

function redactHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    out[name] = name === "authorization" ? `${text.split(" ")[0] ?? ""} [redacted]` : text;
  }
  return out;
}

function globMatch(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return regex.test(name);
}
