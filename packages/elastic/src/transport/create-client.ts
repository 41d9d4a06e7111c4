import { X509Certificate } from "node:crypto";
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

/**
 * The CA file, read and checked here so a bad one is a configuration error naming the key. Node accepts any bytes as
 * `ca` without complaint (no PEM block means no CA added), so a wrong file would otherwise surface later as a
 * certificate error advising to set the very CA file that was set.
 */
export function caOption(caFile: string | undefined): { ca?: Buffer } {
  if (caFile === undefined) return {};
  let ca: Buffer;
  try {
    ca = readFileSync(caFile);
  } catch (cause) {
    throw new NtlmSiemError(
      "elastic-ca-unreadable",
      "config",
      `caFile (ELASTIC_CA_FILE): cannot read the CA file ${caFile} (${errorCode(cause)})`,
      { cause },
    );
  }
  const problem = pemProblem(ca.toString("latin1"));
  if (problem !== undefined) {
    throw new NtlmSiemError(
      "elastic-ca-invalid",
      "config",
      `caFile (ELASTIC_CA_FILE): ${caFile} is not a PEM CA certificate file (${problem})`,
    );
  }
  return { ca };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}

/** Why a CA file's text is not a PEM certificate bundle, or undefined when every block parses. */
function pemProblem(text: string): string | undefined {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return "no -----BEGIN CERTIFICATE----- block";
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      return `certificate ${i + 1}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return undefined;
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
