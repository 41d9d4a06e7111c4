/**
 * System/TimeCreated@SystemTime and the timestamp columns of exporters. The event log stores a FILETIME (100 ns
 * ticks), so native renderings carry 7 fractional digits ("2020-07-06T08:41:10.3568583Z"); other tools print 9
 * (".746139000Z"), 6 with an offset (".824258+00:00"), 3 (Sentinel TimeGenerated), none, or a space instead of
 * the "T" with no zone at all (SQL-style exports, which are UTC).
 *
 * The result keeps exactly the fractional digits the source had (up to 9, i.e. nanoseconds): no precision is
 * invented (".952" stays ".952", not ".952000000") and none is lost (".3568583" keeps its 7th digit, which a JS
 * Date cannot hold). Parsing is positional over char codes: no regex, no Date.parse leniency.
 */
import { fail, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";

export interface DecodedTime {
  /** UTC, "YYYY-MM-DDTHH:MM:SS[.f…]Z" with the source's fractional digits (0–9 of them). */
  iso: string;
  /** Milliseconds since the Unix epoch (sub-millisecond digits truncated). */
  epochMs: number;
  /** 0–999,999,999. */
  nanosOfSecond: number;
  /** Number of fractional digits the source carried (0–9). */
  fractionDigits: number;
}

const C_0 = 48;
const C_9 = 57;
const MS_PER_MINUTE = 60_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

function digits(s: string, start: number, count: number): number {
  let v = 0;
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i);
    if (c < C_0 || c > C_9) return -1;
    v = v * 10 + (c - C_0);
  }
  return v;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : "0".repeat(width - s.length) + s;
}

/** Epoch ms for a UTC civil time, valid for years 1–9999 (Date.UTC maps 0–99 to 1900s, so correct for that). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, sec: number): number {
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  if (y >= 100) return ms;
  const date = new Date(ms);
  date.setUTCFullYear(y);
  return date.getTime();
}

export function decodeTimestamp(raw: RawValue): Decoded<DecodedTime> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  const bad = () =>
    fail("not-a-timestamp", "is not a timestamp (YYYY-MM-DDTHH:MM:SS[.fffffffff][Z|±HH:MM])", s);
  if (s.length < 19) return bad();
  // Fixed part: YYYY-MM-DD?HH:MM:SS
  const sep = s.charCodeAt(10);
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    (sep !== 84 && sep !== 116 && sep !== 32) || // 'T', 't', ' '
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  ) {
    return bad();
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return bad();

  const invalid = (what: string) => fail("invalid-date", `is not a valid date/time (${what})`, s);
  if (y < 1) return invalid("year 0000");
  if (mo < 1 || mo > 12) return invalid(`month ${pad(mo, 2)}`);
  const dim = mo === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 31);
  if (d < 1 || d > dim) return invalid(`day ${pad(d, 2)} of month ${pad(mo, 2)}`);
  if (h > 23) return invalid(`hour ${pad(h, 2)}`);
  if (mi > 59) return invalid(`minute ${pad(mi, 2)}`);
  if (sec > 59) return invalid(`second ${pad(sec, 2)}`); // Windows never emits leap seconds

  // Optional fraction.
  let i = 19;
  let fracStart = -1;
  let fracDigits = 0;
  if (i < s.length && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    fracStart = ++i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c < C_0 || c > C_9) break;
      i++;
    }
    fracDigits = i - fracStart;
    if (fracDigits === 0) return bad();
    if (fracDigits > 9) return fail("not-a-timestamp", "has more than 9 fractional second digits", s);
  }

  // Optional zone: Z, ±HH:MM, ±HHMM, ±HH. None means UTC (space-separated exports are UTC).
  let offsetMinutes = 0;
  let hasZ = false;
  if (i < s.length) {
    const c = s.charCodeAt(i);
    if ((c === 90 || c === 122) && i + 1 === s.length) {
      hasZ = true;
    } else if (c === 43 || c === 45) {
      const rest = s.length - i - 1;
      let oh: number;
      let om = 0;
      if (rest === 5 && s.charCodeAt(i + 3) === 58) {
        oh = digits(s, i + 1, 2);
        om = digits(s, i + 4, 2);
      } else if (rest === 4) {
        oh = digits(s, i + 1, 2);
        om = digits(s, i + 3, 2);
      } else if (rest === 2) {
        oh = digits(s, i + 1, 2);
      } else {
        return bad();
      }
      if (oh < 0 || om < 0) return bad();
      if (oh > 23 || om > 59) return invalid("offset");
      offsetMinutes = (oh * 60 + om) * (c === 45 ? -1 : 1);
    } else {
      return bad();
    }
  }

  const frac = fracDigits === 0 ? 0 : digits(s, fracStart, fracDigits);
  const nanosOfSecond = frac * (POW10[9 - fracDigits] ?? 1);
  const secondsMs = utcMs(y, mo, d, h, mi, sec) - offsetMinutes * MS_PER_MINUTE;
  const epochMs = secondsMs + Math.floor(nanosOfSecond / 1_000_000);

  // Canonical input (…T…[.f]Z) is returned as-is: no allocation for the common native rendering.
  let iso: string;
  if (
    offsetMinutes === 0 &&
    hasZ &&
    sep === 84 &&
    s.charCodeAt(s.length - 1) === 90 &&
    s.charCodeAt(19) !== 44
  ) {
    iso = s;
  } else {
    const fracText = fracDigits === 0 ? "" : `.${s.slice(fracStart, fracStart + fracDigits)}`;
    if (offsetMinutes === 0) {
      iso = `${s.slice(0, 10)}T${s.slice(11, 19)}${fracText}Z`;
    } else {
      const t = new Date(secondsMs);
      const yy = t.getUTCFullYear();
      if (yy < 1 || yy > 9999) return invalid("outside years 0001-9999 in UTC");
      iso =
        `${pad(yy, 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}` +
        `T${pad(t.getUTCHours(), 2)}:${pad(t.getUTCMinutes(), 2)}:${pad(t.getUTCSeconds(), 2)}${fracText}Z`;
    }
  }
  return { iso, epochMs, nanosOfSecond, fractionDigits: fracDigits };
}
