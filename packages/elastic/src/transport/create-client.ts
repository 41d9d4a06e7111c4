import { readFileSync } from "node:fs";
import { Client } from "@elastic/elasticsearch";
import { NtlmSiemError } from "@ntlm-siem/core";
import type { ElasticConfig } from "../config.js";

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

/**
 * The official client, configured for a sink that owns its retries: the transport's own retry loop is switched off
 * (`maxRetries: 0`) because it retries only 502/503/504 and connection errors, never a timeout or a 429, and gives
 * up after three attempts without honouring Retry-After (@elastic/transport `Transport.ts`); our bulk service
 * decides instead, from its own buffer. TLS verification is on unless the configuration turned it off explicitly.
 */
export function createElasticClient(config: ElasticConfig): Client {
  const options: ClientOptions = {
    node: config.url,
    maxRetries: 0,
    requestTimeout: config.requestTimeoutMs,
    tls: { rejectUnauthorized: config.tlsVerify, ...caOption(config.caFile) },
  };
  switch (config.auth.kind) {
    case "api-key":
      options.auth = { apiKey: config.auth.apiKey.reveal() };
      break;
    case "basic":
      options.auth = { username: config.auth.username, password: config.auth.password.reveal() };
      break;
    case "none":
      break;
  }
  return new Client(options);
}

function caOption(caFile: string | undefined): { ca?: Buffer } {
  if (caFile === undefined) return {};
  try {
    return { ca: readFileSync(caFile) };
  } catch (cause) {
    throw new NtlmSiemError("elastic-ca-unreadable", "config", `cannot read the CA file ${caFile}`, {
      cause,
    });
  }
}

/** Every secret value of a configuration, so messages can be scrubbed of them before anyone prints one. */
export function configSecrets(config: ElasticConfig): string[] {
  const out: string[] = [];
  if (config.auth.kind === "api-key") out.push(config.auth.apiKey.reveal());
  if (config.auth.kind === "basic") out.push(config.auth.password.reveal());
  try {
    const url = new URL(config.url);
    if (url.password !== "") out.push(decodeURIComponent(url.password), url.password);
  } catch {
    // an invalid URL never reached here: the schema checked it
  }
  return out.filter((s) => s.length > 0);
}

/** Replaces every secret value in a text with [redacted] (defence in depth: no code path should put them there). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out;
}
