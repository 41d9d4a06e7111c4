import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { ElasticConfig } from "../config.js";
import { caOption } from "../transport/create-client.js";

/**
 * A small HTTP client for the install APIs (a few dozen requests, JSON and multipart bodies): node:http(s) so the
 * configured CA file and TLS verification apply to Elasticsearch and Kibana alike. Credentials go in the
 * Authorization header only; they are never part of a message this module produces.
 */

export interface HttpResponse {
  status: number;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface HttpRequest {
  method: "GET" | "PUT" | "POST" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type HttpSend = (req: HttpRequest) => Promise<HttpResponse>;

export function authorization(config: Pick<ElasticConfig, "auth">): string | undefined {
  const auth = config.auth;
  switch (auth.kind) {
    case "api-key":
      return `ApiKey ${auth.apiKey.reveal()}`;
    case "basic":
      return `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString("base64")}`;
    case "none":
      return undefined;
  }
}

export function httpSender(
  config: Pick<ElasticConfig, "auth" | "caFile" | "tlsVerify" | "requestTimeoutMs">,
): HttpSend {
  // The same CA loading as shipping: a missing or non-PEM file is a config error naming caFile.
  const { ca } = caOption(config.caFile);
  const auth = authorization(config);
  return (req) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(req.url);
      const headers: Record<string, string | number> = { accept: "application/json", ...req.headers };
      if (auth !== undefined) headers.authorization = auth;
      if (req.body !== undefined) headers["content-length"] = Buffer.byteLength(req.body);
      const options = { method: req.method, headers, timeout: config.requestTimeoutMs };
      const handler = (res: IncomingMessage): void => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text === "" ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on("error", reject);
      };
      const r =
        url.protocol === "https:"
          ? httpsRequest(
              url,
              { ...options, ...(ca ? { ca } : {}), rejectUnauthorized: config.tlsVerify },
              handler,
            )
          : httpRequest(url, options, handler);
      r.on("timeout", () => r.destroy(new Error(`${req.method} ${url.origin}${url.pathname}: timed out`)));
      r.on("error", reject);
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
}

/** A multipart/form-data body with one file field (what Kibana's import APIs read). */
export function multipartFile(
  field: string,
  filename: string,
  content: string,
): { body: Buffer; contentType: string } {
  const boundary = `----ntlm-siem-${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
    "Content-Type: application/ndjson\r\n\r\n";
  const body = Buffer.concat([
    Buffer.from(head),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
