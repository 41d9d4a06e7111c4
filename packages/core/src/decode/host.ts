/**
 * Workstation and computer names. Sources render them as NetBIOS names ("JUMP01"), FQDNs ("jump01.offsec.lan",
 * sometimes with the DNS root dot "jump01.offsec.lan."), UNC-style with a leading "\\" (NTLM 4002/8002 Workstation
 * fields on older builds), or as an IP literal. The decoder cleans those decorations and splits an FQDN at the first
 * dot into host and domain; it keeps the original case (comparisons go through `hostKey`/`sameHost`).
 *
 * It never fails on odd characters: the NTLM Workstation field is client-supplied, so such names are evidence, not
 * malformed input. `wellFormed` says whether the name would be a valid DNS/NetBIOS computer name.
 */
import type { Decoded, RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { parseIpEndpoint } from "./ip.js";
import { asciiLower, hasNonPrintable } from "./text.js";

export interface DecodedHost {
  /** Cleaned name: no leading "\\", no trailing dots, original case. For IPs, the canonical address. */
  name: string;
  /** First label (or the IP). */
  host: string;
  /** Everything after the first dot of a DNS name. */
  domain?: string;
  isIp: boolean;
  ip?: string;
  /** False when the name holds characters no DNS/NetBIOS computer name can (controls, \ / : * ? " < > | spaces). */
  wellFormed: boolean;
}

/** Strip surrounding whitespace, a leading "\\" (or "\") and trailing dots. Returns "" when nothing is left. */
export function cleanHostName(input: string): string {
  const text = input.trim();
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 92) start++; // "\"
  while (end > start && text.charCodeAt(end - 1) === 46) end--; // "."
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isWellFormedName(name: string): boolean {
  if (hasNonPrintable(name)) return false;
  for (let i = 0; i < name.length; i++) {
    switch (name.charCodeAt(i)) {
      case 32: // space
      case 34: // "
      case 42: // *
      case 47: // /
      case 58: // :
      case 60: // <
      case 62: // >
      case 63: // ?
      case 92: // \
      case 124: // |
        return false;
      default:
        break;
    }
  }
  return true;
}

export function decodeHostName(raw: RawValue): Decoded<DecodedHost> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  const name = cleanHostName(s);
  if (name.length === 0 || presentOrUndefined(name) === undefined) return undefined;
  const ep = parseIpEndpoint(name);
  if (ep !== undefined && ep.port === undefined) {
    return { name: ep.ip, host: ep.ip, isIp: true, ip: ep.ip, wellFormed: true };
  }
  const dot = name.indexOf(".");
  const wellFormed = isWellFormedName(name);
  if (dot <= 0 || dot === name.length - 1) return { name, host: name, isIp: false, wellFormed };
  return { name, host: name.slice(0, dot), domain: name.slice(dot + 1), isIp: false, wellFormed };
}

/** Comparison key for a host name: cleaned and lower-cased (ASCII fold, as DNS compares). */
export function hostKey(text: string): string {
  return asciiLower(cleanHostName(text));
}

/**
 * Whether two host names denote the same machine, case-insensitively. With `matchShortName`, a NetBIOS name
 * matches an FQDN whose first label it equals ("JUMP01" ~ "jump01.offsec.lan"); two FQDNs must match fully.
 */
export function sameHost(a: string, b: string, options: { matchShortName?: boolean } = {}): boolean {
  const ka = hostKey(a);
  const kb = hostKey(b);
  if (ka === kb) return ka.length > 0;
  if (options.matchShortName !== true || ka.length === 0 || kb.length === 0) return false;
  const da = ka.indexOf(".");
  const db = kb.indexOf(".");
  if (da >= 0 === db >= 0) return false;
  // An IP literal is never a short name of anything.
  if (parseIpEndpoint(ka) !== undefined || parseIpEndpoint(kb) !== undefined) return false;
  return da < 0
    ? kb.startsWith(ka) && kb.charCodeAt(ka.length) === 46
    : ka.startsWith(kb) && ka.charCodeAt(kb.length) === 46;
}
