/**
 * Security identifiers in their string form (MS-DTYP 2.4.2.1 SID String Format): "S-1-" IdentifierAuthority
 * ("-" SubAuthority){0,15}. The authority is decimal below 2^32 and may be written as 0x + 12 hex digits above it;
 * each sub-authority is a UInt32; SID_MAX_SUB_AUTHORITIES is 15 (MS-DTYP 2.4.2). Names for well-known SIDs follow
 * MS-DTYP 2.4.2.4 (Well-Known SID Structures) as Windows renders them (domain\name where Windows shows one).
 */
import { fail, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { isDecimalDigits, parseUnsignedDecimal, UINT32_MAX } from "./integer.js";

export interface DecodedSid {
  /** Canonical form: upper-case "S", decimal authority below 2^32, decimal sub-authorities. */
  sid: string;
  /** Well-known account name, e.g. "NT AUTHORITY\\SYSTEM", "BUILTIN\\Administrators". */
  name?: string;
  /** Last sub-authority (the RID for account SIDs). */
  rid?: number;
  /** For domain/machine account SIDs (S-1-5-21-a-b-c-RID): the well-known RID's name, e.g. "Domain Admins". */
  ridName?: string;
  /** For S-1-5-21-a-b-c-RID: the domain (or machine) SID without the RID. */
  domainSid?: string;
}

/** MS-DTYP 2.4.2.4: fixed well-known SIDs. */
export const WELL_KNOWN_SIDS: Readonly<Record<string, string>> = Object.freeze({
  "S-1-0-0": "NULL SID",
  "S-1-1-0": "Everyone",
  "S-1-2-0": "LOCAL",
  "S-1-2-1": "CONSOLE LOGON",
  "S-1-3-0": "CREATOR OWNER",
  "S-1-3-1": "CREATOR GROUP",
  "S-1-3-4": "OWNER RIGHTS",
  "S-1-5-1": "NT AUTHORITY\\DIALUP",
  "S-1-5-2": "NT AUTHORITY\\NETWORK",
  "S-1-5-3": "NT AUTHORITY\\BATCH",
  "S-1-5-4": "NT AUTHORITY\\INTERACTIVE",
  "S-1-5-6": "NT AUTHORITY\\SERVICE",
  "S-1-5-7": "NT AUTHORITY\\ANONYMOUS LOGON",
  "S-1-5-8": "NT AUTHORITY\\PROXY",
  "S-1-5-9": "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS",
  "S-1-5-10": "NT AUTHORITY\\SELF",
  "S-1-5-11": "NT AUTHORITY\\Authenticated Users",
  "S-1-5-12": "NT AUTHORITY\\RESTRICTED",
  "S-1-5-13": "NT AUTHORITY\\TERMINAL SERVER USER",
  "S-1-5-14": "NT AUTHORITY\\REMOTE INTERACTIVE LOGON",
  "S-1-5-15": "NT AUTHORITY\\This Organization",
  "S-1-5-17": "NT AUTHORITY\\IUSR",
  "S-1-5-18": "NT AUTHORITY\\SYSTEM",
  "S-1-5-19": "NT AUTHORITY\\LOCAL SERVICE",
  "S-1-5-20": "NT AUTHORITY\\NETWORK SERVICE",
  "S-1-5-32-544": "BUILTIN\\Administrators",
  "S-1-5-32-545": "BUILTIN\\Users",
  "S-1-5-32-546": "BUILTIN\\Guests",
  "S-1-5-32-547": "BUILTIN\\Power Users",
  "S-1-5-32-548": "BUILTIN\\Account Operators",
  "S-1-5-32-549": "BUILTIN\\Server Operators",
  "S-1-5-32-550": "BUILTIN\\Print Operators",
  "S-1-5-32-551": "BUILTIN\\Backup Operators",
  "S-1-5-32-552": "BUILTIN\\Replicator",
  "S-1-5-32-554": "BUILTIN\\Pre-Windows 2000 Compatible Access",
  "S-1-5-32-555": "BUILTIN\\Remote Desktop Users",
  "S-1-5-32-556": "BUILTIN\\Network Configuration Operators",
  "S-1-5-32-558": "BUILTIN\\Performance Monitor Users",
  "S-1-5-32-559": "BUILTIN\\Performance Log Users",
  "S-1-5-32-560": "BUILTIN\\Windows Authorization Access Group",
  "S-1-5-32-561": "BUILTIN\\Terminal Server License Servers",
  "S-1-5-32-562": "BUILTIN\\Distributed COM Users",
  "S-1-5-32-568": "BUILTIN\\IIS_IUSRS",
  "S-1-5-32-569": "BUILTIN\\Cryptographic Operators",
  "S-1-5-32-573": "BUILTIN\\Event Log Readers",
  "S-1-5-32-574": "BUILTIN\\Certificate Service DCOM Access",
  "S-1-5-32-575": "BUILTIN\\RDS Remote Access Servers",
  "S-1-5-32-576": "BUILTIN\\RDS Endpoint Servers",
  "S-1-5-32-577": "BUILTIN\\RDS Management Servers",
  "S-1-5-32-578": "BUILTIN\\Hyper-V Administrators",
  "S-1-5-32-579": "BUILTIN\\Access Control Assistance Operators",
  "S-1-5-32-580": "BUILTIN\\Remote Management Users",
  "S-1-5-64-10": "NT AUTHORITY\\NTLM Authentication",
  "S-1-5-64-14": "NT AUTHORITY\\SChannel Authentication",
  "S-1-5-64-21": "NT AUTHORITY\\Digest Authentication",
  "S-1-5-113": "NT AUTHORITY\\Local account",
  "S-1-5-114": "NT AUTHORITY\\Local account and member of Administrators group",
  "S-1-16-0": "Mandatory Label\\Untrusted Mandatory Level",
  "S-1-16-4096": "Mandatory Label\\Low Mandatory Level",
  "S-1-16-8192": "Mandatory Label\\Medium Mandatory Level",
  "S-1-16-12288": "Mandatory Label\\High Mandatory Level",
  "S-1-16-16384": "Mandatory Label\\System Mandatory Level",
  "S-1-18-1": "Authentication authority asserted identity",
  "S-1-18-2": "Service asserted identity",
});

/** MS-DTYP 2.4.2.4: well-known relative IDs under a domain SID (S-1-5-21-a-b-c-RID). */
export const WELL_KNOWN_DOMAIN_RIDS: Readonly<Record<number, string>> = Object.freeze({
  500: "Administrator",
  501: "Guest",
  502: "krbtgt",
  512: "Domain Admins",
  513: "Domain Users",
  514: "Domain Guests",
  515: "Domain Computers",
  516: "Domain Controllers",
  517: "Cert Publishers",
  518: "Schema Admins",
  519: "Enterprise Admins",
  520: "Group Policy Creator Owners",
  521: "Read-only Domain Controllers",
  522: "Cloneable Domain Controllers",
  525: "Protected Users",
  526: "Key Admins",
  527: "Enterprise Key Admins",
  553: "RAS and IAS Servers",
  571: "Allowed RODC Password Replication Group",
  572: "Denied RODC Password Replication Group",
});

const SID_MAX_SUB_AUTHORITIES = 15;
const AUTHORITY_MAX = 2 ** 48 - 1;

/** Quick validity check of a SID string (same rules as decodeSid). */
export function isValidSid(value: string): boolean {
  const r = decodeSid(value);
  return r !== undefined && "sid" in r;
}

export function decodeSid(raw: RawValue): Decoded<DecodedSid> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  const bad = (why: string) => fail("not-a-sid", `is not a SID (${why})`, s);
  const c0 = s.charCodeAt(0);
  if ((c0 !== 83 && c0 !== 115) || s.charCodeAt(1) !== 45) return bad('must start with "S-"');
  // Revision: only 1 exists.
  if (s.charCodeAt(2) !== 49 || s.charCodeAt(3) !== 45) return bad("revision must be 1");

  let canonicalNeeded = c0 === 115;
  // Identifier authority.
  let end = s.indexOf("-", 4);
  if (end < 0) end = s.length;
  let authority: number;
  if (s.charCodeAt(4) === 48 && (s.charCodeAt(5) === 120 || s.charCodeAt(5) === 88)) {
    const hex = s.slice(6, end);
    if (hex.length !== 12 || !/^[0-9a-fA-F]{12}$/.test(hex)) return bad("hex authority must be 12 digits");
    authority = parseInt(hex, 16);
    // MS-DTYP: hex form is used only for authorities ≥ 2^32; smaller ones are canonically decimal.
    canonicalNeeded = true;
  } else {
    authority = parseUnsignedDecimal(s, AUTHORITY_MAX, 4, end);
    if (authority < 0) return bad("invalid identifier authority");
    if (s.charCodeAt(4) === 48 && end - 4 > 1) canonicalNeeded = true;
  }

  // Sub-authorities.
  let count = 0;
  let last = -1;
  const subs: number[] = [];
  let pos = end;
  while (pos < s.length) {
    const start = pos + 1;
    let next = s.indexOf("-", start);
    if (next < 0) next = s.length;
    if (!isDecimalDigits(s, start, next)) return bad("sub-authorities must be decimal");
    const v = parseUnsignedDecimal(s, UINT32_MAX, start, next);
    if (v < 0) return bad("sub-authority larger than 4294967295");
    if (s.charCodeAt(start) === 48 && next - start > 1) canonicalNeeded = true;
    if (++count > SID_MAX_SUB_AUTHORITIES) return bad("more than 15 sub-authorities");
    subs.push(v);
    last = v;
    pos = next;
  }

  let sid = s;
  if (canonicalNeeded) {
    const authText =
      authority < 2 ** 32 ? String(authority) : `0x${authority.toString(16).toUpperCase().padStart(12, "0")}`;
    sid = count === 0 ? `S-1-${authText}` : `S-1-${authText}-${subs.join("-")}`;
  }

  const result: DecodedSid = { sid };
  const name = WELL_KNOWN_SIDS[sid];
  if (name !== undefined) result.name = name;
  if (count > 0) result.rid = last;
  // Domain and machine account SIDs: S-1-5-21-x-y-z-RID (NT authority 5, first sub-authority 21, 5 subs).
  if (authority === 5 && count === 5 && subs[0] === 21) {
    result.domainSid = sid.slice(0, sid.lastIndexOf("-"));
    const ridName = WELL_KNOWN_DOMAIN_RIDS[last];
    if (ridName !== undefined) result.ridName = ridName;
  }
  return result;
}
