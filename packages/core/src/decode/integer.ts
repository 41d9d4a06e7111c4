/**
 * Integers as the Windows event log renders them. The manifest types matter: UInt32 is rendered in decimal,
 * HexInt32/HexInt64 as "0x" followed by lower-case hex without leading zeros (e.g. ClientLUID "0x3e4"), but exports
 * from other tools re-render them (Event Viewer prints "0x3E4", JSON exporters emit plain decimal numbers, and the
 * System Keywords field arrives both as "0x8000000000000000" and as "9223372036854775808"). So every hex decoder
 * also accepts decimal, and every result carries one canonical spelling.
 *
 * Parsing is hand-rolled over char codes: no regex, no backtracking, and no intermediate strings on the happy path.
 */
import { fail, isDecodeFailure, type DecodeFailure, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";

export const UINT8_MAX = 0xff;
export const UINT16_MAX = 0xffff;
export const UINT32_MAX = 0xffffffff;
export const UINT64_MAX = 0xffffffffffffffffn;

/** A HexInt32 value: canonical lower-case hex ("0x3e4") and its unsigned value. */
export interface HexInt32 {
  hex: string;
  value: number;
}

/** A HexInt64 value: canonical hex, the exact value, and a `number` when it is a safe integer. */
export interface HexInt64 {
  hex: string;
  value: bigint;
  number?: number;
}

/** An unsigned 64-bit decimal (EventRecordID): canonical decimal text, exact value, `number` when safe. */
export interface UInt64 {
  text: string;
  value: bigint;
  number?: number;
}

const C_0 = 48;
const C_9 = 57;
const C_LOWER_A = 97;
const C_LOWER_F = 102;
const C_UPPER_A = 65;
const C_UPPER_F = 70;
const C_X = 120;
const C_UPPER_X = 88;
const C_MINUS = 45;

/** Value of a hex digit char code, or -1. */
function hexValue(c: number): number {
  if (c >= C_0 && c <= C_9) return c - C_0;
  if (c >= C_LOWER_A && c <= C_LOWER_F) return c - C_LOWER_A + 10;
  if (c >= C_UPPER_A && c <= C_UPPER_F) return c - C_UPPER_A + 10;
  return -1;
}

/** True when s[start..] is one or more decimal digits. */
export function isDecimalDigits(s: string, start = 0, end = s.length): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < C_0 || c > C_9) return false;
  }
  return true;
}

/** True when the string starts with "0x" or "0X". */
export function hasHexPrefix(s: string): boolean {
  if (s.length < 2 || s.charCodeAt(0) !== C_0) return false;
  const c = s.charCodeAt(1);
  return c === C_X || c === C_UPPER_X;
}

/**
 * Parse s[start..end) as unsigned decimal no larger than `max` (≤ 2^53-1).
 * Returns the value, -1 for junk, -2 for out of range.
 */
export function parseUnsignedDecimal(s: string, max: number, start = 0, end = s.length): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < C_0 || c > C_9) return -1;
    value = value * 10 + (c - C_0);
    // Stop early on absurdly long inputs; keep scanning for junk first only while still in range.
    if (value > max) {
      return isDecimalDigits(s, i + 1, end) || i + 1 === end ? -2 : -1;
    }
  }
  return value;
}

/**
 * Scan hex digits s[start..end): returns the index of the first significant digit (== end when the value is 0),
 * or -1 when a non-hex char is present. Sets `upper` when an upper-case digit was seen (canonical form needs
 * re-casing).
 */
const scan = { upper: false };
function scanHex(s: string, start: number, end: number): number {
  scan.upper = false;
  if (end <= start) return -1;
  let firstSignificant = -1;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = hexValue(c);
    if (v < 0) return -1;
    if (c >= C_UPPER_A && c <= C_UPPER_F) scan.upper = true;
    if (firstSignificant < 0 && v !== 0) firstSignificant = i;
  }
  return firstSignificant < 0 ? end : firstSignificant;
}

function hexAccumulate(s: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 16 + hexValue(s.charCodeAt(i));
  return value;
}

function unsignedFailure(s: string, result: number, what: string, max: string) {
  if (s.charCodeAt(0) === C_MINUS && isDecimalDigits(s, 1)) {
    return fail("out-of-range", `is negative; ${what} is unsigned`, s);
  }
  return result === -2
    ? fail("out-of-range", `is larger than the ${what} maximum ${max}`, s)
    : fail("not-an-integer", `is not a decimal ${what}`, s);
}

function decodeUnsigned(raw: RawValue, max: number, what: string): Decoded<number> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  const value = parseUnsignedDecimal(s, max);
  return value >= 0 ? value : unsignedFailure(s, value, what, String(max));
}

/** UInt32 in decimal (CallerPID, ProcessID, ThreadID…): 0–4294967295, no sign, no junk. */
export function decodeUInt32(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT32_MAX, "UInt32");
}

/** UInt16 in decimal. */
export function decodeUInt16(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT16_MAX, "UInt16");
}

/** UInt8 in decimal. */
export function decodeUInt8(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT8_MAX, "UInt8");
}

/** System/EventID: a UInt16 in the event schema (0–65535). */
export function decodeEventId(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT16_MAX, "EventID");
}

/** System/Level: UInt8 (0 LogAlways … 5 Verbose; custom levels up to 255). */
export function decodeLevel(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT8_MAX, "Level");
}

/** System/Task: UInt16. */
export function decodeTask(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT16_MAX, "Task");
}

/** System/Opcode: UInt8. */
export function decodeOpcode(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT8_MAX, "Opcode");
}

/** System/Version: UInt8. */
export function decodeVersion(raw: RawValue): Decoded<number> {
  return decodeUnsigned(raw, UINT8_MAX, "Version");
}

/** Parse the significant hex digits s[start..end) (≤ 16 of them) into a bigint without going through a string. */
function hexToBigInt(s: string, start: number, end: number): bigint {
  if (end - start <= 13) return BigInt(hexAccumulate(s, start, end));
  const hi = hexAccumulate(s, start, end - 8);
  const lo = hexAccumulate(s, end - 8, end);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function canonicalHex(s: string, sig: number, end: number, hasPrefix: boolean): string {
  if (sig === end) return "0x0";
  // Already canonical ("0x" + lower-case, no leading zeros)? Then reuse the input string.
  if (hasPrefix && sig === 2 && end === s.length && s.charCodeAt(1) === C_X && !scan.upper) return s;
  const digits = s.slice(sig, end);
  return `0x${scan.upper ? digits.toLowerCase() : digits}`;
}

/** HexInt32: "0x3e4" / "0X3E4" / "0x000003e4" / decimal "996" → { hex: "0x3e4", value: 996 }. */
export function decodeHexInt32(raw: RawValue): Decoded<HexInt32> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  if (hasHexPrefix(s)) {
    const sig = scanHex(s, 2, s.length);
    if (sig < 0) return fail("not-an-integer", "is not a hexadecimal integer", s);
    if (s.length - sig > 8) return fail("out-of-range", "does not fit in 32 bits", s);
    return { hex: canonicalHex(s, sig, s.length, true), value: hexAccumulate(s, sig, s.length) };
  }
  const value = parseUnsignedDecimal(s, UINT32_MAX);
  if (value < 0) return unsignedFailure(s, value, "HexInt32", "0xffffffff");
  return { hex: `0x${value.toString(16)}`, value };
}

/** HexInt64: "0x3e4", "0x8000000000000000", decimal "9223372036854775808" → canonical hex + bigint (+ number). */
export function decodeHexInt64(raw: RawValue): Decoded<HexInt64> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  if (hasHexPrefix(s)) {
    const sig = hexInt64Start(s);
    if (isDecodeFailure(sig)) return sig;
    const digits = s.length - sig;
    const hex = canonicalHex(s, sig, s.length, true);
    if (digits <= 13) {
      const n = hexAccumulate(s, sig, s.length);
      return { hex, value: BigInt(n), number: n };
    }
    const value = hexToBigInt(s, sig, s.length);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? { hex, value, number: Number(value) } : { hex, value };
  }
  const dec = decodeUInt64Text(s, "HexInt64");
  if (isDecodeFailure(dec)) return dec;
  if (dec.number === undefined) return { hex: `0x${dec.value.toString(16)}`, value: dec.value };
  return { hex: `0x${dec.number.toString(16)}`, value: dec.value, number: dec.number };
}

/** HexInt64 as its canonical hex only: decodeHexInt64(raw)?.hex, without working out the exact value. */
export function decodeHexInt64Hex(raw: RawValue): Decoded<string> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  if (!hasHexPrefix(s)) {
    // Decimal: the exact value is needed to write it in hex.
    const decoded = decodeHexInt64(s);
    return isDecodeFailure(decoded) ? decoded : decoded?.hex;
  }
  const sig = hexInt64Start(s);
  return isDecodeFailure(sig) ? sig : canonicalHex(s, sig, s.length, true);
}

/** Checks "0x…" hex of at most 64 bits; returns the index of its first significant digit (as scanHex). */
function hexInt64Start(s: string): number | DecodeFailure {
  const sig = scanHex(s, 2, s.length);
  if (sig < 0) return fail("not-an-integer", "is not a hexadecimal integer", s);
  if (s.length - sig > 16) return fail("out-of-range", "does not fit in 64 bits", s);
  return sig;
}

function decodeUInt64Text(s: string, what: string): UInt64 | DecodeFailure {
  if (!isDecimalDigits(s)) {
    return s.charCodeAt(0) === C_MINUS && isDecimalDigits(s, 1)
      ? fail("out-of-range", `is negative; ${what} is unsigned`, s)
      : fail("not-an-integer", `is not a decimal ${what}`, s);
  }
  let start = 0;
  while (start < s.length - 1 && s.charCodeAt(start) === C_0) start++;
  const len = s.length - start;
  if (len > 20) return fail("out-of-range", `is larger than the ${what} maximum ${UINT64_MAX}`, s);
  const text = start === 0 ? s : s.slice(start);
  if (len <= 15) {
    const n = Number(text);
    return { text, value: BigInt(n), number: n };
  }
  const value = BigInt(text);
  if (value > UINT64_MAX) return fail("out-of-range", `is larger than the ${what} maximum ${UINT64_MAX}`, s);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? { text, value, number: Number(value) } : { text, value };
}

/** UInt64 in decimal (System/EventRecordID): kept exact as text and bigint. */
export function decodeUInt64(raw: RawValue): Decoded<UInt64> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  return decodeUInt64Text(s, "UInt64");
}

/** System/EventRecordID: UInt64 decimal, up to 2^64-1. */
export function decodeRecordId(raw: RawValue): Decoded<UInt64> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  return decodeUInt64Text(s, "EventRecordID");
}
