import { NtlmSiemError } from "@ntlm-siem/core";
import { backoffDelay, type RetryPolicy } from "../transport/backoff.js";
import { classifyFailure, type TransportFailure } from "../transport/classify-error.js";
import type { ElasticTransport } from "../transport/elastic-transport.js";
import { parseMajor, type ServerMajor } from "../transport/media-type.js";
import { gaveUp, sendError } from "./errors.js";
import type { ShipLogger } from "./logger.js";

/**
 * The healthcheck does only what shipping needs, with only the privileges shipping has (Vector's rule): GET / to
 * authenticate, check the product and learn the major version (8.x needs compatible-with=8 headers); has_privileges
 * to name a missing `create_doc` before any document is sent (any user may ask about itself); and the index template
 * that gives the data stream its mappings. Without that template Elasticsearch's built-in `logs` template
 * (`logs-*-*`) would still create the stream, silently, with generic mappings, so a missing template stops the run
 * and says to install first. Shipping never installs it: that needs `manage_index_templates`, which a shipping key
 * should not hold (`ntlm-siem install elastic` is the privileged step).
 */
export interface HealthcheckOptions {
  dataStream: string;
  templateName: string;
  /** The configured major, if any: trusted over the detected one (the config documents it as an override). */
  serverMajor: ServerMajor | undefined;
  checkPrivileges: boolean;
  retry: RetryPolicy;
  logger: ShipLogger;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  signal?: AbortSignal;
}

export interface HealthReport {
  version: string;
  major: ServerMajor;
  template: "present" | "unverified";
}

export async function healthcheck(
  transport: ElasticTransport,
  options: HealthcheckOptions,
): Promise<HealthReport> {
  const info = await withRetry("GET /", options, () => transport.info(options.signal));
  const version = info.version.number;
  const detected = parseMajor(version);
  if (detected === undefined || detected < 8) {
    throw new NtlmSiemError(
      "elastic-unsupported-version",
      "send",
      `Elasticsearch ${version} is not supported (8.x or 9.x needed)`,
    );
  }
  let major: ServerMajor = detected >= 9 ? 9 : 8;
  if (detected > 9) options.logger.warn(`Elasticsearch ${version} is newer than 9.x; talking to it as 9.x`);
  if (options.serverMajor !== undefined && options.serverMajor !== major) {
    options.logger.warn(`serverMajor ${options.serverMajor} overrides the detected version ${version}`);
    major = options.serverMajor;
  }
  transport.major = major;

  if (options.checkPrivileges) await checkPrivileges(transport, options);
  const template = await checkTemplate(transport, options);
  return { version, major, template };
}

async function checkPrivileges(transport: ElasticTransport, options: HealthcheckOptions): Promise<void> {
  let response;
  try {
    response = await withRetry("has_privileges", options, () =>
      transport.hasPrivileges(options.dataStream, ["create_doc", "auto_configure"], options.signal),
    );
  } catch (error) {
    // Security off (a local test cluster) or an API the server lacks: shipping will tell for itself.
    if (error instanceof NtlmSiemError && error.code.startsWith("elastic-http-")) return;
    throw error;
  }
  const granted = response.index[options.dataStream] ?? {};
  if (granted.create_doc !== true) {
    throw new NtlmSiemError(
      "elastic-forbidden",
      "send",
      `the credentials lack the create_doc index privilege on ${options.dataStream} (see the README for the shipping role)`,
    );
  }
  if (granted.auto_configure !== true) {
    options.logger.warn(
      `the credentials lack auto_configure on ${options.dataStream}: shipping works only if the data stream already exists`,
    );
  }
}

async function checkTemplate(
  transport: ElasticTransport,
  options: HealthcheckOptions,
): Promise<HealthReport["template"]> {
  try {
    await withRetry("index template check", options, () =>
      transport.getIndexTemplate(options.templateName, options.signal),
    );
    return "present";
  } catch (error) {
    if (!(error instanceof NtlmSiemError)) throw error;
    if (error.code === "elastic-http-404") {
      throw new NtlmSiemError(
        "elastic-template-missing",
        "send",
        `index template ${options.templateName} not found: run \`ntlm-siem install elastic\` first`,
      );
    }
    if (error.code === "elastic-forbidden") {
      options.logger.warn(
        `cannot verify index template ${options.templateName} (the credentials lack the monitor cluster privilege); shipping anyway`,
      );
      return "unverified";
    }
    throw error;
  }
}

/** One healthcheck request, retried like a bulk request while the failure is transient. */
async function withRetry<T>(what: string, options: HealthcheckOptions, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let failure: TransportFailure;
    try {
      return await run();
    } catch (error) {
      failure = classifyFailure(error);
    }
    if (failure.action === "aborted") throw sendError(failure, what, true);
    if (failure.action !== "retry") throw sendError(failure, what, false);
    if (attempt >= options.retry.maxAttempts) throw gaveUp(failure, what, attempt);
    const delay = backoffDelay(options.retry, attempt, failure.retryAfterMs, options.random);
    options.logger.warn(`${what}: ${failure.message}; retrying in ${delay} ms`);
    await options.sleep(delay, options.signal);
    if (isAborted(options.signal)) throw sendError(failure, what, true);
  }
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
