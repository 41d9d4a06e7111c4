import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP server for the test doubles (127.0.0.1, port 0): parses the request, hands it to a handler, records
 * what crossed the wire. Doubles are stand-ins for tests; they are not Elasticsearch or Kibana.
 */

export interface WireRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface WireResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: WireRequest) => WireResponse | undefined;

export interface LoopbackServer {
  url: string;
  /** Every request, in arrival order (bodies included). */
  requests: WireRequest[];
  close(): Promise<void>;
}

export async function startLoopback(
  handler: Handler,
  defaultHeaders: Record<string, string> = {},
): Promise<LoopbackServer> {
  const requests: WireRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://double");
      const wire: WireRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(wire);
      let out: WireResponse;
      try {
        out = handler(wire) ?? { status: 404, body: { error: `no handler for ${wire.method} ${wire.path}` } };
      } catch (error) {
        out = { status: 500, body: { error: error instanceof Error ? error.message : String(error) } };
      }
      const text = out.body === undefined ? "" : JSON.stringify(out.body);
      res.writeHead(out.status, { "content-type": "application/json", ...defaultHeaders, ...out.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export function jsonBody(req: WireRequest): unknown {
  const text = req.body.toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}
