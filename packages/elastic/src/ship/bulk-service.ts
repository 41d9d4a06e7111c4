import type { estypes } from "@elastic/elasticsearch";
import { NtlmSiemError } from "@ntlm-siem/core";
import { backoffDelay, type RetryPolicy } from "../transport/backoff.js";
import { classifyFailure, type TransportFailure } from "../transport/classify-error.js";
import type { ElasticTransport } from "../transport/elastic-transport.js";
import type { DeadLetterReason } from "./dead-letter.js";
import type { EncodedDocument } from "./encode.js";
import { gaveUp, sendError } from "./errors.js";

/**
 * The service: sends one batch with `client.bulk` until every document in it has a final fate. We do not use
 * `helpers.bulk`: it retries only item-level 429 (fixed wait, no Retry-After) and rejects the whole run on a
 * request-level error without saying which documents were in flight (elasticsearch-js `src/helpers.ts`). Here the
 * batch is our own buffer, so any request-level failure resends it, and per item:
 *
 * - 2xx: delivered (`failure_store: "used"` means redirected into the failure store, counted apart; 9.1+).
 * - 409 on `create`: a document with this `_id` is already there (an earlier attempt or run): delivered.
 * - 429, 5xx (not 501/505): resend only those items, with backoff.
 * - 401/403: the credentials cannot write here; retrying or dead-lettering every document would not help: stop.
 * - any other 4xx (400 mapping errors and the like): final; to the dead-letter file with the reason.
 *
 * A 200 response can carry item failures (`errors: true`), so every item is read, always
 * (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk, "the response ... items").
 */
export interface BatchResult {
  created: number;
  alreadyPresent: number;
  failureStore: number;
  deadLetters: { doc: EncodedDocument; reason: DeadLetterReason }[];
  /** Requests sent again (whole or for some items). */
  retries: number;
  /** Documents sent again. */
  retriedDocuments: number;
}

export interface BulkServiceOptions {
  dataStream: string;
  retry: RetryPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  signal?: AbortSignal;
  onRetry?: (message: string) => void;
}

export function emptyResult(): BatchResult {
  return { created: 0, alreadyPresent: 0, failureStore: 0, deadLetters: [], retries: 0, retriedDocuments: 0 };
}

export async function sendBatch(
  transport: ElasticTransport,
  batch: EncodedDocument[],
  options: BulkServiceOptions,
  result: BatchResult = emptyResult(),
): Promise<BatchResult> {
  let pending = batch;
  let attempt = 0;
  while (pending.length > 0) {
    attempt += 1;
    const lines: string[] = [];
    for (const doc of pending) lines.push(doc.action, doc.source);
    let response: estypes.BulkResponse;
    try {
      response = await transport.bulk(options.dataStream, lines, options.signal);
    } catch (error) {
      const failure = classifyFailure(error);
      switch (failure.action) {
        case "aborted":
          throw sendError(failure, "bulk request", true);
        case "fatal":
          throw sendError(failure, "bulk request", false);
        case "split":
          await split(transport, pending, failure, options, result);
          return result;
        case "retry":
          await retryLater(failure, attempt, pending.length, options, result);
          continue;
      }
    }
    const next = readItems(response, pending, result);
    if (next.length === 0) return result;
    // Progress resets the budget: a throttled cluster that accepts part of each request is not failing.
    if (next.length < pending.length) attempt = 1;
    const failure: TransportFailure = {
      action: "retry",
      code: "elastic-item-retry",
      message: `${next.length} of ${pending.length} documents throttled or failed on the server (${firstItemError(response)})`,
    };
    await retryLater(failure, attempt, next.length, options, result);
    pending = next;
  }
  return result;
}

async function retryLater(
  failure: TransportFailure,
  attempt: number,
  documents: number,
  options: BulkServiceOptions,
  result: BatchResult,
): Promise<void> {
  if (attempt >= options.retry.maxAttempts) throw gaveUp(failure, "bulk request", attempt);
  if (isAborted(options.signal)) throw sendError(failure, "bulk request (stopping)", true);
  const delay = backoffDelay(options.retry, attempt, failure.retryAfterMs, options.random);
  options.onRetry?.(`${failure.message}; resending ${documents} documents in ${delay} ms`);
  result.retries += 1;
  result.retriedDocuments += documents;
  await options.sleep(delay, options.signal);
  if (isAborted(options.signal)) throw sendError(failure, "bulk request (stopping)", true);
}

/** 413: halve the batch until it fits; a single document that is still too large is dead-lettered. */
async function split(
  transport: ElasticTransport,
  pending: EncodedDocument[],
  failure: TransportFailure,
  options: BulkServiceOptions,
  result: BatchResult,
): Promise<void> {
  const [only] = pending;
  if (pending.length === 1 && only !== undefined) {
    result.deadLetters.push({
      doc: only,
      reason: { status: 413, type: "request_entity_too_large", reason: failure.message },
    });
    return;
  }
  const half = Math.ceil(pending.length / 2);
  await sendBatch(transport, pending.slice(0, half), options, result);
  await sendBatch(transport, pending.slice(half), options, result);
}

/** Reads every item; returns the documents to send again. */
function readItems(
  response: estypes.BulkResponse,
  pending: EncodedDocument[],
  result: BatchResult,
): EncodedDocument[] {
  const items = Array.isArray(response.items) ? response.items : [];
  if (items.length !== pending.length) {
    // Items answer operations in order; a response that does not line up proves nothing about any of them.
    return pending;
  }
  const next: EncodedDocument[] = [];
  for (let i = 0; i < pending.length; i++) {
    const doc = pending[i];
    const item = operationResult(items[i]);
    if (doc === undefined) continue;
    if (item === undefined || (typeof item._id === "string" && item._id !== doc.id)) {
      next.push(doc);
      continue;
    }
    const status = item.status;
    if (status >= 200 && status < 300) {
      result.created += 1;
      if (item.failure_store === "used") result.failureStore += 1;
    } else if (status === 409) {
      result.alreadyPresent += 1;
    } else if (status === 429 || (status >= 500 && status !== 501 && status !== 505)) {
      next.push(doc);
    } else if (status === 401 || status === 403) {
      throw new NtlmSiemError(
        status === 401 ? "elastic-auth-failed" : "elastic-forbidden",
        "send",
        `the cluster refused to write to the data stream (HTTP ${status}: ${describeItemError(item.error)}); check the create_doc privilege`,
      );
    } else {
      result.deadLetters.push({ doc, reason: itemReason(status, item.error) });
    }
  }
  return next;
}

function operationResult(entry: unknown): estypes.BulkResponseItem | undefined {
  if (entry === null || typeof entry !== "object") return undefined;
  const values: unknown[] = Object.values(entry);
  const value = (entry as Record<string, unknown>).create ?? values[0];
  if (value === null || typeof value !== "object") return undefined;
  const status = (value as { status?: unknown }).status;
  return typeof status === "number" ? (value as estypes.BulkResponseItem) : undefined;
}

function itemReason(status: number, error: estypes.ErrorCause | undefined): DeadLetterReason {
  return {
    status,
    type: typeof error?.type === "string" ? error.type : "unknown",
    reason: describeItemError(error),
  };
}

function describeItemError(error: estypes.ErrorCause | undefined): string {
  if (error === undefined) return "no reason given";
  const reason = typeof error.reason === "string" ? error.reason : error.type;
  const cause = error.caused_by?.reason;
  return typeof cause === "string" && cause !== reason ? `${reason} (${cause})` : reason;
}

function firstItemError(response: estypes.BulkResponse): string {
  for (const entry of response.items ?? []) {
    const item = operationResult(entry);
    if (item !== undefined && item.status >= 300 && item.status !== 409)
      return `${item.status} ${item.error?.type ?? ""}`.trim();
  }
  return "no item error";
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
