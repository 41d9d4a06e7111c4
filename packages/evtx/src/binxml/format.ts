/**
 * Renderings of fixed binary values as Windows prints them in Event XML: GUIDs as `{8-4-4-4-12}` upper-case,
 * FILETIME as `YYYY-MM-DDTHH:MM:SS.fffffffZ` (7 fractional digits, 100 ns resolution), hex integers as `0x…`
 * lower-case without padding, SIDs as `S-R-A-S1-…`, binary as upper-case hex.
 */

const HEX_UPPER: string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).toUpperCase().padStart(2, "0"),
);

export function hexUpper(buf: Buffer, start: number, length: number): string {
  let out = "";
  for (let i = start; i < start + length; i++) out += HEX_UPPER[buf.readUInt8(i)] as string;
  return out;
}

/** GUID: Data1 (u32 LE), Data2, Data3 (u16 LE), Data4 (8 bytes in order). Built from a byte table (hot path). */
export function formatGuid(buf: Buffer, p: number): string {
  const h = (i: number): string => HEX_UPPER[buf[p + i] as number] as string;
  return `{${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}}`;
}

const TICKS_PER_MS = 10_000;
/** Milliseconds from 1601-01-01 (FILETIME epoch) to 1970-01-01. */
const EPOCH_DELTA_MS = 11_644_473_600_000;

/**
 * FILETIME (100 ns ticks since 1601-01-01 UTC) split into its two 32-bit halves; computed without BigInt and
 * without losing precision: hi * 2^32 = hi * 429496 * 10^4 + hi * 7296.
 */
export function formatFileTime(lo: number, hi: number): string {
  const r = hi * 7296 + lo;
  const msSince1601 = hi * 429_496 + Math.floor(r / TICKS_PER_MS);
  const subTicks = r % TICKS_PER_MS;
  const msPart = msSince1601 % 1000;
  const second = msSince1601 - msPart;
  // Records come in time order: consecutive times mostly share their second, whose text is kept.
  if (second !== lastSecond) {
    lastSecond = second;
    lastDatePart = datePart(new Date(second - EPOCH_DELTA_MS));
  }
  const fraction = msPart * TICKS_PER_MS + subTicks;
  return `${lastDatePart}.${fraction >= 1_000_000 ? String(fraction) : String(fraction).padStart(7, "0")}Z`;
}

let lastSecond = Number.NaN;
let lastDatePart = "";

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function datePart(d: Date): string {
  const year = d.getUTCFullYear();
  const y = year >= 0 && year < 10000 ? String(year).padStart(4, "0") : String(year);
  return `${y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}`;
}

/**
 * SYSTEMTIME (libevtx "Systemtime"): year, month, day of week, day, hour, minute, second, milliseconds, each u16.
 * Rendered like FILETIME (7 fractional digits) so both time types read the same downstream; the fields are
 * printed as stored, without calendar validation.
 */
export function formatSystemTime(buf: Buffer, p: number): string {
  const year = buf.readUInt16LE(p);
  const month = buf.readUInt16LE(p + 2);
  const day = buf.readUInt16LE(p + 6);
  const hour = buf.readUInt16LE(p + 8);
  const minute = buf.readUInt16LE(p + 10);
  const second = buf.readUInt16LE(p + 12);
  const ms = buf.readUInt16LE(p + 14);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(
    second,
  )}.${String(ms).padStart(3, "0")}0000Z`;
}

export function formatHex32(v: number): string {
  return `0x${v.toString(16)}`;
}

export function formatHex64(lo: number, hi: number): string {
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, "0")}`;
}

const TWO_32 = 4_294_967_296;

export function formatUInt64(lo: number, hi: number): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

export function formatInt64(lo: number, hi: number): string {
  if (hi < 0x80000000) return formatUInt64(lo, hi);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/**
 * SID ([MS-DTYP] 2.4.2): revision, sub-authority count, 48-bit big-endian identifier authority, then 32-bit
 * little-endian sub-authorities. Returns the string and its byte length, or undefined when the bytes cannot be one.
 */
export function formatSid(
  buf: Buffer,
  p: number,
  available: number,
): { text: string; size: number } | undefined {
  if (available < 8) return undefined;
  const revision = buf.readUInt8(p);
  const count = buf.readUInt8(p + 1);
  const size = 8 + 4 * count;
  if (size > available) return undefined;
  const authHi = buf.readUInt16BE(p + 2);
  const authLo = buf.readUInt32BE(p + 4);
  // [MS-DTYP] 2.4.2.1: authorities of 2^32 and above are printed in hexadecimal.
  const authority =
    authHi === 0
      ? String(authLo)
      : `0x${authHi.toString(16).toUpperCase().padStart(4, "0")}${authLo.toString(16).toUpperCase().padStart(8, "0")}`;
  let text = `S-${revision}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${buf.readUInt32LE(p + 8 + 4 * i)}`;
  return { text, size };
}

/** Floating point as libevtx documents Windows' rendering of infinities and NaN; finite values in shortest form. */
export function formatReal(v: number): string {
  if (Number.isNaN(v)) return "-1.#IND";
  if (v === Infinity) return "1.#INF";
  if (v === -Infinity) return "-1.#INF";
  return String(v);
}
