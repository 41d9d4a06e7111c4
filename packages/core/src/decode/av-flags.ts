/**
 * MsvAvFlags, the AV_PAIR with AvId 0x0006 in NTLM TargetInfo ([MS-NLMP] 2.2.2.1 AV_PAIR): a 32-bit field with
 * three defined bits. The spec gives no symbolic names, only descriptions; the names below are this project's.
 * The enhanced NTLM events (KB5064479) also carry a rendered form ("AvFlagsStr", spelled "AvlFlagsStr" in some
 * builds) whose exact wording is unverified: it is decoded tolerantly and never rejected.
 */
import { isDecodeFailure, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { decodeHexInt32, hasHexPrefix, isDecimalDigits } from "./integer.js";
import { flagNames, type DecodedFlags, type FlagDefinition } from "./negotiate-flags.js";

export const AV_FLAGS: readonly FlagDefinition[] = Object.freeze([
  Object.freeze({
    mask: 0x1,
    letter: "0x1",
    name: "ACCOUNT_AUTHENTICATION_CONSTRAINED",
    reserved: false,
    description: "Indicates to the client that the account authentication is constrained",
  }),
  Object.freeze({
    mask: 0x2,
    letter: "0x2",
    name: "MIC_PRESENT",
    reserved: false,
    description: "The client is providing message integrity in the MIC field of the AUTHENTICATE_MESSAGE",
  }),
  Object.freeze({
    mask: 0x4,
    letter: "0x4",
    name: "SPN_FROM_UNTRUSTED_SOURCE",
    reserved: false,
    description: "The client is providing a target SPN generated from an untrusted source",
  }),
]);

const CACHE = new Map<number, readonly string[]>();

/** MsvAvFlags as a number (hex or decimal) → names of the set bits (undefined bits are ignored). */
export function decodeAvFlags(raw: RawValue): Decoded<DecodedFlags> {
  const r = decodeHexInt32(raw);
  if (r === undefined || isDecodeFailure(r)) return r;
  return { value: r.value, hex: r.hex, names: flagNames(r.value, AV_FLAGS, CACHE) };
}

export interface DecodedAvFlagsText {
  /** Trimmed text as given. */
  raw: string;
  /** Recognised flag names. */
  names: readonly string[];
  /** Value, when the text was numeric or every token was recognised. */
  value?: number;
  /** Tokens that matched no known flag. */
  unknown: readonly string[];
}

/** Keyword → flag. Matching is on words, after folding case and separators, because the wording is unverified. */
function classify(token: string): FlagDefinition | undefined {
  const t = token.toLowerCase();
  if (t.includes("constrain")) return AV_FLAGS[0];
  if (t.includes("mic") || t.includes("integrity")) return AV_FLAGS[1];
  if (t.includes("untrusted") || t.includes("spn")) return AV_FLAGS[2];
  return undefined;
}

/** The rendered AvFlagsStr / AvlFlagsStr field. Never fails: unknown wording is returned in `unknown`. */
export function decodeAvFlagsText(raw: RawValue): DecodedAvFlagsText | undefined {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  if (hasHexPrefix(s) || isDecimalDigits(s)) {
    const r = decodeAvFlags(s);
    if (r !== undefined && !isDecodeFailure(r))
      return { raw: s, names: r.names, value: r.value, unknown: [] };
  }
  const names: string[] = [];
  const unknown: string[] = [];
  let value = 0;
  for (const part of s.split(/[,;|]/)) {
    const token = part.trim();
    if (token.length === 0) continue;
    const def = classify(token);
    if (def === undefined) {
      unknown.push(token);
    } else if ((value & def.mask) === 0) {
      value |= def.mask;
      names.push(def.name);
    }
  }
  const out: DecodedAvFlagsText = { raw: s, names, unknown };
  if (unknown.length === 0) out.value = value;
  return out;
}
