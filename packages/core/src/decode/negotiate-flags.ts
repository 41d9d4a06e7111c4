/**
 * NTLM NegotiateFlags ([MS-NLMP] 2.2.2.5 NEGOTIATE): 32 bits, lettered A (bit 0, 0x1) to W (bit 31, 0x80000000)
 * with ten reserved bits r1–r10 that "MUST be zero"/are unused. Names are the spec's "alternate name"s; the one
 * exception is J (0x800), which the spec only describes ("the connection SHOULD be anonymous"): it is named
 * NTLMSSP_NEGOTIATE_ANONYMOUS here, the name used by common implementations. Reserved bits keep their spec
 * labels (NTLMSSP_RESERVED_R1…R10) so a set reserved bit is visible rather than dropped.
 * Source: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/99d90ff4-957f-4c8a-80e4-5bfe5a9a9832
 */
import { isDecodeFailure, type Decoded, type RawValue } from "./result.js";
import { decodeHexInt32 } from "./integer.js";

export interface FlagDefinition {
  /** Bit mask, e.g. 0x80000 */
  mask: number;
  /** Spec letter (A–W) or reserved label (r1–r10). */
  letter: string;
  name: string;
  reserved: boolean;
  description: string;
}

export interface DecodedFlags {
  value: number;
  /** Canonical lower-case hex of the value ("0xe2888235"). */
  hex: string;
  /** Names of the set bits, lowest bit first. Shared and frozen: do not mutate. */
  names: readonly string[];
}

const f = (mask: number, letter: string, name: string, description: string): FlagDefinition =>
  Object.freeze({ mask, letter, name, reserved: letter.startsWith("r"), description });

/** All 32 bits, lowest first ([MS-NLMP] 2.2.2.5). */
export const NEGOTIATE_FLAGS: readonly FlagDefinition[] = Object.freeze([
  f(0x00000001, "A", "NTLMSSP_NEGOTIATE_UNICODE", "Unicode character set encoding"),
  f(0x00000002, "B", "NTLM_NEGOTIATE_OEM", "OEM character set encoding"),
  f(0x00000004, "C", "NTLMSSP_REQUEST_TARGET", "CHALLENGE_MESSAGE must supply TargetName"),
  f(0x00000008, "r10", "NTLMSSP_RESERVED_R10", "Reserved, must be zero"),
  f(0x00000010, "D", "NTLMSSP_NEGOTIATE_SIGN", "Session key negotiation for message signatures"),
  f(0x00000020, "E", "NTLMSSP_NEGOTIATE_SEAL", "Session key negotiation for message confidentiality"),
  f(0x00000040, "F", "NTLMSSP_NEGOTIATE_DATAGRAM", "Connectionless authentication"),
  f(0x00000080, "G", "NTLMSSP_NEGOTIATE_LM_KEY", "LAN Manager session key computation"),
  f(0x00000100, "r9", "NTLMSSP_RESERVED_R9", "Reserved, must be zero"),
  f(0x00000200, "H", "NTLMSSP_NEGOTIATE_NTLM", "NTLM v1 session security protocol"),
  f(0x00000400, "r8", "NTLMSSP_RESERVED_R8", "Reserved, must be zero"),
  f(0x00000800, "J", "NTLMSSP_NEGOTIATE_ANONYMOUS", "Anonymous connection"),
  f(0x00001000, "K", "NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED", "Domain name supplied in NEGOTIATE_MESSAGE"),
  f(
    0x00002000,
    "L",
    "NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED",
    "Workstation name supplied in NEGOTIATE_MESSAGE",
  ),
  f(0x00004000, "r7", "NTLMSSP_RESERVED_R7", "Reserved, must be zero"),
  f(0x00008000, "M", "NTLMSSP_NEGOTIATE_ALWAYS_SIGN", "Signature block on all messages"),
  f(0x00010000, "N", "NTLMSSP_TARGET_TYPE_DOMAIN", "TargetName is a domain name"),
  f(0x00020000, "O", "NTLMSSP_TARGET_TYPE_SERVER", "TargetName is a server name"),
  f(0x00040000, "r6", "NTLMSSP_RESERVED_R6", "Reserved, must be zero"),
  f(
    0x00080000,
    "P",
    "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY",
    "NTLM v2 session security (extended session security)",
  ),
  f(0x00100000, "Q", "NTLMSSP_NEGOTIATE_IDENTIFY", "Identify-level token"),
  f(0x00200000, "r5", "NTLMSSP_RESERVED_R5", "Reserved, must be zero"),
  f(0x00400000, "R", "NTLMSSP_REQUEST_NON_NT_SESSION_KEY", "LMOWF session key"),
  f(0x00800000, "S", "NTLMSSP_NEGOTIATE_TARGET_INFO", "TargetInfo fields populated"),
  f(0x01000000, "r4", "NTLMSSP_RESERVED_R4", "Reserved, must be zero"),
  f(0x02000000, "T", "NTLMSSP_NEGOTIATE_VERSION", "Version field present"),
  f(0x04000000, "r3", "NTLMSSP_RESERVED_R3", "Reserved, must be zero"),
  f(0x08000000, "r2", "NTLMSSP_RESERVED_R2", "Reserved, must be zero"),
  f(0x10000000, "r1", "NTLMSSP_RESERVED_R1", "Reserved, must be zero"),
  f(0x20000000, "U", "NTLMSSP_NEGOTIATE_128", "128-bit session key"),
  f(0x40000000, "V", "NTLMSSP_NEGOTIATE_KEY_EXCH", "Explicit key exchange"),
  f(0x80000000, "W", "NTLMSSP_NEGOTIATE_56", "56-bit encryption"),
]);

/** Look-up by name (for detections written against flag names). */
export const NEGOTIATE_FLAG_BY_NAME: ReadonlyMap<string, FlagDefinition> = new Map(
  NEGOTIATE_FLAGS.map((d) => [d.name, d]),
);

/**
 * Set-bit names for a 32-bit value against a table. Flag values repeat heavily across events (a handful of client
 * stacks), so results are memoised in a bounded cache and the returned arrays are shared.
 */
export function flagNames(
  value: number,
  table: readonly FlagDefinition[],
  cache?: Map<number, readonly string[]>,
): readonly string[] {
  const hit = cache?.get(value);
  if (hit !== undefined) return hit;
  const names: string[] = [];
  for (const def of table) {
    if ((value & def.mask) >>> 0 === def.mask) names.push(def.name);
  }
  const frozen = Object.freeze(names);
  if (cache !== undefined) {
    if (cache.size >= 4096) cache.clear();
    cache.set(value, frozen);
  }
  return frozen;
}

const CACHE = new Map<number, readonly string[]>();

/** NegotiateFlags in hex ("0xe2888235") or decimal → value, canonical hex and flag names. */
export function decodeNegotiateFlags(raw: RawValue): Decoded<DecodedFlags> {
  const r = decodeHexInt32(raw);
  if (r === undefined || isDecodeFailure(r)) return r;
  return { value: r.value, hex: r.hex, names: flagNames(r.value, NEGOTIATE_FLAGS, CACHE) };
}
