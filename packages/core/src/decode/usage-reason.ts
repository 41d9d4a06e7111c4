/**
 * Why NTLM was used instead of Kerberos: the reason ID carried by the enhanced NTLM audit events of Windows 11 24H2 /
 * Windows Server 2025 (KB5064479, "Overview of NTLM auditing enhancements"). Descriptions are the KB's wording;
 * the slugs are this project's stable identifiers for dashboards and detections.
 */
import { isDecodeFailure, type Decoded, type RawValue } from "./result.js";
import { buildCodeTable, lookupCode, type CodeEntry } from "./enum-table.js";

export interface UsageReason extends CodeEntry {
  slug: string;
  description: string;
}

const r = (id: number, slug: string, description: string): UsageReason =>
  Object.freeze({ id, name: slug, slug, description });

export const NTLM_USAGE_REASONS: readonly UsageReason[] = Object.freeze([
  r(0, "unknown", "Unknown Reason"),
  r(1, "called-directly", "NTLM was called directly by the calling application"),
  r(2, "local-account", "Authenticating a Local Account"),
  r(3, "reserved", "RESERVED, currently not in use"),
  r(4, "cloud-account", "Authenticating a Cloud Account"),
  r(5, "target-name-missing", "The target name was missing or empty"),
  r(6, "target-name-unresolved", "The target name could not be resolved by Kerberos or other protocols"),
  r(7, "target-is-ip", "The target name contains an IP address"),
  r(8, "target-name-duplicated", "The target name was found to have been duplicated in Active Directory"),
  r(9, "no-dc-line-of-sight", "No Line of Sight could be established with a Domain Controller"),
  r(10, "loopback", "NTLM was called via a loopback interface"),
  r(11, "null-session", "NTLM was called with a null session"),
]);

const TABLE = buildCodeTable(NTLM_USAGE_REASONS, (e) => [e.description]);

export interface DecodedUsageReason {
  id: number;
  known: boolean;
  slug: string;
  description: string;
}

/** Results for known IDs are precomputed and shared (frozen). */
const KNOWN: ReadonlyMap<number, DecodedUsageReason> = new Map(
  NTLM_USAGE_REASONS.map((e) => [
    e.id,
    Object.freeze({ id: e.id, known: true, slug: e.slug, description: e.description }),
  ]),
);

/** Reason ID (or its slug / KB description) → entry; IDs outside the table are `known: false`, slug "unrecognized". */
export function decodeUsageReason(raw: RawValue): Decoded<DecodedUsageReason> {
  const r = lookupCode(raw, TABLE, "NTLM usage reason ID");
  if (r === undefined || isDecodeFailure(r)) return r;
  if (r.known) {
    const hit = KNOWN.get(r.entry.id);
    if (hit !== undefined) return hit;
  }
  return { id: r.id, known: false, slug: "unrecognized", description: `Unrecognized reason ${r.id}` };
}
