/** Sigma correlation timespans: a number and one unit letter (s, m, h, d; w and y are not in the spec). */
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds for "30s", "5m", "1h", "2d"; undefined when the text is not a timespan. */
export function parseTimespan(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = UNIT_MS[m[2] ?? ""];
  if (unit === undefined || !Number.isSafeInteger(n) || n <= 0) return undefined;
  return n * unit;
}
