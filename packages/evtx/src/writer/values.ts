import { ValueType } from "../binxml/constants.js";

/**
 * Text → Binary XML substitution value bytes, for the value types of the libevtx format documentation ("Value
 * types") and [MS-EVEN6] 2.2.13 (BinXmlValueTypes). Every parser returns undefined when the text is not a value of
 * that type, so callers can fall back to a string and never lose the text.
 */

export interface TypedValue {
  type: ValueType;
  bytes: Uint8Array;
}

export const NULL_VALUE: TypedValue = { type: ValueType.Null, bytes: new Uint8Array(0) };

const UNSIGNED_BITS: Partial<Record<ValueType, number>> = {
  [ValueType.UInt8]: 8,
  [ValueType.UInt16]: 16,
  [ValueType.UInt32]: 32,
  [ValueType.UInt64]: 64,
  [ValueType.HexInt32]: 32,
  [ValueType.HexInt64]: 64,
};

/** Decimal or 0x-hexadecimal unsigned integer that fits in `bits`. */
export function parseUnsigned(text: string, bits: number): bigint | undefined {
  const t = text.trim();
  if (!/^(?:[0-9]+|0[xX][0-9a-fA-F]+)$/.test(t)) return undefined;
  const v = BigInt(t);
  return v < 1n << BigInt(bits) ? v : undefined;
}

function littleEndian(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = v;
  for (let i = 0; i < size; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Seconds between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
const EPOCH_DELTA_SECONDS = 11_644_473_600n;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/**
 * FILETIME (100 ns ticks since 1601, UTC) of an ISO 8601 `…Z` time as Windows renders SystemTime. Digits beyond the
 * seventh are below FILETIME resolution and are dropped (Event Viewer's 9-digit form ends in "00" anyway).
 */
export function filetimeFromIso(text: string): bigint | undefined {
  const m = ISO.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac = ""] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  const ticks =
    (BigInt(ms / 1000) + EPOCH_DELTA_SECONDS) * 10_000_000n + BigInt(frac.padEnd(7, "0").slice(0, 7));
  return ticks >= 0n ? ticks : undefined;
}

const GUID = /^\{?([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})\}?$/;

/** GUID bytes: Data1, Data2, Data3 little-endian, Data4 as written (libevtx doc: "GUID, stored in little-endian"). */
export function guidBytes(text: string): Uint8Array | undefined {
  const m = GUID.exec(text.trim());
  if (m === null) return undefined;
  const [, d1 = "", d2 = "", d3 = "", d4 = "", d5 = ""] = m;
  const out = new Uint8Array(16);
  out.set(littleEndian(BigInt(`0x${d1}`), 4), 0);
  out.set(littleEndian(BigInt(`0x${d2}`), 2), 4);
  out.set(littleEndian(BigInt(`0x${d3}`), 2), 6);
  out.set(Buffer.from(d4 + d5, "hex"), 8);
  return out;
}

/**
 * NT SID bytes (revision, sub-authority count, 48-bit big-endian identifier authority, 32-bit little-endian
 * sub-authorities), from the `S-1-…` string form.
 */
export function sidBytes(text: string): Uint8Array | undefined {
  const m = /^S-(\d+)-(\d+|0[xX][0-9a-fA-F]{12})((?:-\d+)*)$/.exec(text.trim());
  if (m === null) return undefined;
  const [, rev = "", auth = "", rest = ""] = m;
  const subs = rest === "" ? [] : rest.slice(1).split("-");
  const revision = Number(rev);
  const authority = BigInt(auth);
  if (revision > 255 || subs.length > 15 || authority >= 1n << 48n) return undefined;
  const out = new Uint8Array(8 + 4 * subs.length);
  out[0] = revision;
  out[1] = subs.length;
  for (let i = 0; i < 6; i++) out[2 + i] = Number((authority >> BigInt(8 * (5 - i))) & 0xffn);
  for (const [i, sub] of subs.entries()) {
    const v = BigInt(sub);
    if (v > 0xffffffffn) return undefined;
    out.set(littleEndian(v, 4), 8 + 4 * i);
  }
  return out;
}

/** UTF-16LE; EventData strings carry the end-of-string character as Windows writes them, System strings do not. */
export function wstring(text: string, terminated: boolean): TypedValue {
  const bytes = Buffer.from(terminated ? `${text}\0` : text, "utf16le");
  return { type: ValueType.WString, bytes };
}

/** Bytes of `text` as `type`, or undefined when the text is not such a value. */
export function encodeAs(type: ValueType, text: string): Uint8Array | undefined {
  const bits = UNSIGNED_BITS[type];
  if (bits !== undefined) {
    const v = parseUnsigned(text, bits);
    return v === undefined ? undefined : littleEndian(v, bits / 8);
  }
  if (type === ValueType.FileTime) {
    const v = filetimeFromIso(text);
    return v === undefined ? undefined : littleEndian(v, 8);
  }
  if (type === ValueType.Guid) return guidBytes(text);
  if (type === ValueType.Sid) return sidBytes(text);
  if (type === ValueType.Bool && (text === "true" || text === "false")) {
    return littleEndian(text === "true" ? 1n : 0n, 4);
  }
  return undefined;
}

/** `text` as `type`, else as a string (so an odd value keeps its text, at the cost of Windows' type). */
export function typedOrString(type: ValueType, text: string, terminated: boolean): TypedValue {
  const bytes = encodeAs(type, text);
  return bytes === undefined ? wstring(text, terminated) : { type, bytes };
}

/**
 * Type of an EventData/UserData value without the provider manifest: a typed value only when Windows would render
 * that type back to exactly this text (decimal without leading zeros → UInt32/UInt64, lower-case 0x-hex without
 * leading zeros → HexInt64, true/false → Boolean, upper-case braced GUID, canonical SID); anything else is a
 * string. So the rendered text of every value is the input text, while integers, hex, GUIDs and SIDs still reach
 * a reader as the types real NTLM records use (CallerPID UInt32, ClientLUID HexInt64, InProc Boolean).
 */
export function inferValue(text: string): TypedValue {
  if (/^(?:0|[1-9][0-9]*)$/.test(text)) {
    const v = BigInt(text);
    if (v <= 0xffffffffn) return { type: ValueType.UInt32, bytes: littleEndian(v, 4) };
    if (v <= 0xffffffffffffffffn) return { type: ValueType.UInt64, bytes: littleEndian(v, 8) };
  }
  if (/^0x(?:0|[1-9a-f][0-9a-f]{0,15})$/.test(text)) {
    return { type: ValueType.HexInt64, bytes: littleEndian(BigInt(text), 8) };
  }
  if (text === "true" || text === "false") {
    return { type: ValueType.Bool, bytes: littleEndian(text === "true" ? 1n : 0n, 4) };
  }
  if (/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/.test(text)) {
    const bytes = guidBytes(text);
    if (bytes !== undefined) return { type: ValueType.Guid, bytes };
  }
  if (/^S-1-(?:0|[1-9][0-9]*)(?:-(?:0|[1-9][0-9]*))*$/.test(text)) {
    const bytes = sidBytes(text);
    if (bytes !== undefined) return { type: ValueType.Sid, bytes };
  }
  return wstring(text, true);
}
