/**
 * Netlogon secure channel types ([MS-NRPC] 2.2.1.3.13 NETLOGON_SECURE_CHANNEL_TYPE), carried by the DC-side NTLM
 * events (8004/4004 SChannelType). Accepted as the number or the enum name.
 */
import { isDecodeFailure, type Decoded, type RawValue } from "./result.js";
import { buildCodeTable, lookupCode, type CodeEntry } from "./enum-table.js";

export interface SecureChannelType extends CodeEntry {
  /** Enum name from MS-NRPC, e.g. "WorkstationSecureChannel". */
  name: string;
  label: string;
}

const c = (id: number, name: string, label: string): SecureChannelType => Object.freeze({ id, name, label });

export const SECURE_CHANNEL_TYPES: readonly SecureChannelType[] = Object.freeze([
  c(0, "NullSecureChannel", "None (no secure channel)"),
  c(1, "MsvApSecureChannel", "Local NTLM package (pass-through from a member server)"),
  c(2, "WorkstationSecureChannel", "Workstation or member server"),
  c(3, "TrustedDnsDomainSecureChannel", "Trusted DNS domain (Active Directory trust)"),
  c(4, "TrustedDomainSecureChannel", "Trusted domain (NetBIOS / NT 4.0-style trust)"),
  c(5, "UasServerSecureChannel", "LAN Manager UAS backup server"),
  c(6, "ServerSecureChannel", "Domain controller (backup DC)"),
  c(7, "CdcServerSecureChannel", "Read-only domain controller"),
]);

const TABLE = buildCodeTable(SECURE_CHANNEL_TYPES, () => []);

export interface DecodedSecureChannelType {
  id: number;
  known: boolean;
  name: string;
  label: string;
}

export function decodeSecureChannelType(raw: RawValue): Decoded<DecodedSecureChannelType> {
  const r = lookupCode(raw, TABLE, "secure channel type");
  if (r === undefined || isDecodeFailure(r)) return r;
  if (!r.known)
    return { id: r.id, known: false, name: `Unknown(${r.id})`, label: `Unknown secure channel type ${r.id}` };
  return { id: r.entry.id, known: true, name: r.entry.name, label: r.entry.label };
}
