import { NtlmSiemError } from "@ntlm-siem/core";
import type { TransportFailure } from "../transport/classify-error.js";

/**
 * Errors of the send stage. `retryable: true` means the run gave up on a problem that may pass (the cluster was down
 * or overloaded for longer than the retry budget): re-running with the same checkpoint resumes. `false` means
 * retrying cannot help until someone changes something (credentials, privileges, CA, missing template).
 */
export function sendError(failure: TransportFailure, context: string, retryable: boolean): NtlmSiemError {
  return new NtlmSiemError(failure.code, "send", `${context}: ${failure.message}`, { retryable });
}

export function gaveUp(failure: TransportFailure, context: string, attempts: number): NtlmSiemError {
  return new NtlmSiemError(
    "elastic-delivery-failed",
    "send",
    `${context}: gave up after ${attempts} attempts: ${failure.message}`,
    { retryable: true },
  );
}
