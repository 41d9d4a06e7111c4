/**
 * GSS-API mechanism OIDs (NTLM events' MechanismOID: which SSP/negotiation layer called NTLM). Most events log
 * "(NULL)" (NTLM called directly), which is absent. Known OIDs: NTLMSSP ([MS-NLMP]), SPNEGO (RFC 4178), Kerberos v5
 * (RFC 1964 / RFC 4121), the legacy Microsoft Kerberos OID that Windows SPNEGO also accepts ([MS-SPNG]), NEGOEX
 * ([MS-NEGOEX]) and Kerberos user-to-user. Unknown OIDs pass through after a syntax check (X.660 dotted form).
 */
import { fail, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";

export interface MechanismOidEntry {
  oid: string;
  name: string;
}

export const MECHANISM_OIDS: readonly MechanismOidEntry[] = Object.freeze([
  Object.freeze({ oid: "1.3.6.1.4.1.311.2.2.10", name: "NTLMSSP" }),
  Object.freeze({ oid: "1.3.6.1.5.5.2", name: "SPNEGO (Negotiate)" }),
  Object.freeze({ oid: "1.2.840.113554.1.2.2", name: "Kerberos v5" }),
  Object.freeze({ oid: "1.2.840.48018.1.2.2", name: "Kerberos v5 (Microsoft legacy)" }),
  Object.freeze({ oid: "1.3.6.1.4.1.311.2.2.30", name: "NEGOEX" }),
  Object.freeze({ oid: "1.2.840.113554.1.2.2.3", name: "Kerberos user-to-user" }),
]);

const BY_OID: ReadonlyMap<string, MechanismOidEntry> = new Map(MECHANISM_OIDS.map((m) => [m.oid, m]));

export interface DecodedMechanismOid {
  oid: string;
  name?: string;
  known: boolean;
}

const KNOWN: ReadonlyMap<string, DecodedMechanismOid> = new Map(
  MECHANISM_OIDS.map((m) => [m.oid, Object.freeze({ oid: m.oid, name: m.name, known: true })]),
);

/** Dotted OID syntax: ≥ 2 arcs, first arc 0–2, second arc < 40 under arcs 0/1, no leading zeros, digits only. */
export function isValidOid(text: string): boolean {
  let arcs = 0;
  let arcStart = 0;
  let first = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - arcStart;
      if (len === 0 || (len > 1 && text.charCodeAt(arcStart) === 48)) return false;
      if (arcs === 0) {
        if (len !== 1) return false;
        first = text.charCodeAt(arcStart) - 48;
        if (first > 2) return false;
      } else if (arcs === 1 && first < 2 && (len > 2 || Number(text.slice(arcStart, i)) >= 40)) {
        return false;
      }
      arcs++;
      arcStart = i + 1;
    } else if (c < 48 || c > 57) {
      return false;
    }
  }
  return arcs >= 2;
}

export function decodeMechanismOid(raw: RawValue): Decoded<DecodedMechanismOid> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  const known = KNOWN.get(s);
  if (known !== undefined) return known;
  if (!isValidOid(s)) return fail("not-an-oid", "is not an object identifier (dotted decimal)", s);
  return { oid: s, known: false };
}

/** Name for a known mechanism OID. */
export function mechanismName(oid: string): string | undefined {
  return BY_OID.get(oid)?.name;
}
