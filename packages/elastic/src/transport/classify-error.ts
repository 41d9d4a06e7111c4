import { errors } from "@elastic/elasticsearch";
import { parseRetryAfter } from "./retry-after.js";

/**
 * What a failed request means for a sink, decided once for every caller (healthcheck and bulk service):
 *
 * - `retry`: the request may have done nothing or everything (connection refused/reset, timeout, 408, 429, 5xx
 *   except 501/505); sending the same `create` operations again is safe because their `_id`s are deterministic.
 * - `split`: 413, the body is too large for `http.max_content_length`; halve the batch (Beats does the same).
 * - `fatal`: retrying cannot help (401/403 credentials or privileges, TLS verification, another product, 4xx).
 * - `aborted`: we cancelled it.
 */
export type FailureAction = "retry" | "split" | "fatal" | "aborted";

export interface TransportFailure {
  action: FailureAction;
  /** Stable reason code for summaries and NtlmSiemError.code. */
  code: string;
  message: string;
  status?: number;
  retryAfterMs?: number;
}

/** TLS verification failures surface as connection errors; they are configuration problems, never retried. */
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

export function classifyFailure(error: unknown, now: number = Date.now()): TransportFailure {
  if (error instanceof errors.ResponseError) return classifyResponse(error, now);
  if (error instanceof errors.RequestAbortedError)
    return { action: "aborted", code: "elastic-aborted", message: "request aborted" };
  if (error instanceof errors.ProductNotSupportedError) {
    return {
      action: "fatal",
      code: "elastic-not-elasticsearch",
      message:
        "the server did not identify itself as Elasticsearch (no x-elastic-product header); check the URL points at Elasticsearch, not Kibana or a proxy page",
    };
  }
  if (error instanceof errors.TimeoutError)
    return { action: "retry", code: "elastic-timeout", message: "request timed out" };
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    if (isTlsFailure(error)) {
      // A host-name mismatch is not cured by a CA file: say what is.
      const advice = /altnames/i.test(error.message)
        ? "connect with a host name the certificate was issued for (ELASTIC_URL)"
        : "give the cluster's CA with ELASTIC_CA_FILE";
      return {
        action: "fatal",
        code: "elastic-tls",
        message: `TLS verification failed (${error.message}); ${advice} (verification is never turned off silently)`,
      };
    }
    return { action: "retry", code: "elastic-connection", message: `connection failed: ${error.message}` };
  }
  // A body cut short by a proxy cannot be trusted either way: resend (idempotent).
  if (error instanceof errors.DeserializationError)
    return { action: "retry", code: "elastic-bad-response", message: "unreadable response body" };
  return {
    action: "fatal",
    code: "elastic-client-error",
    message: error instanceof Error ? error.message : String(error),
  };
}

function classifyResponse(error: errors.ResponseError, now: number): TransportFailure {
  const status = error.statusCode ?? 0;
  const headers = error.headers ?? {};
  const retryAfterMs = parseRetryAfter(headers["retry-after"], now);
  const detail = errorDetail(error.body);
  const base = { status, message: `HTTP ${status}${detail === "" ? "" : `: ${detail}`}` };
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return { ...base, ...withRetryAfter, action: "retry", code: "elastic-throttled" };
  if (status === 408) return { ...base, ...withRetryAfter, action: "retry", code: "elastic-timeout" };
  // 501 Not Implemented and 505 HTTP Version Not Supported will answer the same way forever (Vector's ES retry
  // logic makes the same exception).
  if (status >= 500 && status !== 501 && status !== 505)
    return { ...base, ...withRetryAfter, action: "retry", code: "elastic-server-error" };
  if (status === 413) return { ...base, action: "split", code: "elastic-too-large" };
  if (status === 401)
    return {
      ...base,
      action: "fatal",
      code: "elastic-auth-failed",
      message: `authentication failed (${base.message})`,
    };
  if (status === 403)
    return {
      ...base,
      action: "fatal",
      code: "elastic-forbidden",
      message: `not authorized (${base.message})`,
    };
  if (detail.includes("media_type_header_exception")) {
    return {
      ...base,
      action: "fatal",
      code: "elastic-media-type",
      message: `the server refused the compatible-with media type (${base.message}); set serverMajor to the cluster's major version`,
    };
  }
  return { ...base, action: "fatal", code: `elastic-http-${status}` };
}

/** "type: reason" from an Elasticsearch error body, or a short excerpt of an unknown one. */
export function errorDetail(body: unknown): string {
  if (body === null || body === undefined) return "";
  if (typeof body === "string") return body.slice(0, 200);
  if (typeof body !== "object")
    return typeof body === "number" || typeof body === "boolean" ? String(body) : "";
  const err = (body as { error?: unknown }).error;
  if (typeof err === "string") return err.slice(0, 200);
  if (err !== null && typeof err === "object") {
    const { type, reason } = err as { type?: unknown; reason?: unknown };
    const causedBy = (err as { caused_by?: { reason?: unknown } }).caused_by?.reason;
    const parts = [
      typeof type === "string" ? type : undefined,
      typeof reason === "string" ? reason : undefined,
    ];
    const text = parts.filter((p) => p !== undefined).join(": ");
    return typeof causedBy === "string" ? `${text} (${causedBy})` : text;
  }
  return "";
}

/**
 * The Undici connection rethrows socket errors as a new ConnectionError carrying only the message (no cause, no
 * code), so a TLS verification failure is recognised by Node's OpenSSL messages ("self-signed certificate",
 * "unable to verify the first certificate", "Hostname/IP does not match certificate's altnames", ...), or by a code
 * when some layer kept one.
 */
function isTlsFailure(error: Error): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && TLS_CODES.has(code)) return true;
    if (/certificate|altnames|SSL routines|wrong version number/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
