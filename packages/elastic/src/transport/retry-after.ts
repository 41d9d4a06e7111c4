/**
 * Parses an HTTP `Retry-After` value into milliseconds from `now`. RFC 9110 §10.2.3
 * (https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3) allows either delay-seconds (a non-negative integer) or an
 * HTTP-date; anything else is ignored (undefined) rather than guessed at, and a date in the past means "now" (0).
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names a weekday and "GMT"; Date.parse alone would accept far looser strings.
  if (!/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
