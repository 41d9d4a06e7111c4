/**
 * Retry delays: exponential backoff with "full jitter" (a uniformly random delay between 0 and the exponential
 * ceiling, https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), so that workers that failed
 * together do not retry together. Vector's sinks use the same mode by default (`JitterMode::Full`).
 *
 * A server's `Retry-After` is a floor, not a suggestion: Vector and the Elastic client's bulk helper ignore it, we
 * wait at least that long. It is capped at RETRY_AFTER_CEILING_MS so a broken proxy cannot park the run for hours.
 */
export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const RETRY_AFTER_CEILING_MS = 5 * 60_000;

export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  const jittered = Math.round(random() * ceiling);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, RETRY_AFTER_CEILING_MS));
}

/** A cancellable sleep: resolves early (without throwing) when the signal aborts, so shutdown is never delayed. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
