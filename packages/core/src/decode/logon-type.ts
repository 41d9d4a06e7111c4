/**
 * Windows logon types (SECURITY_LOGON_TYPE, as logged in 4624/4625 LogonType and NTLM 8003/4003 LogonType).
 *
 * Two ASIM hints per type:
 *  - `asimParserSubType`: what Microsoft's own ASIM Windows authentication parsers emit as EventSubType
 *    (Azure-Sentinel Parsers/ASimAuthentication/Parsers/ASimAuthenticationMicrosoftWindowsEvent.yaml and
 *    …MicrosoftSecurityEvents.yaml, `LogonTypes` datatable: the Windows name verbatim for 2–11, nothing for 0/12/13).
 *  - `asimEventSubType`: a value from the schema's allowed list (ASIM Authentication schema 0.1.3, EventSubType:
 *    System, Interactive, RemoteInteractive, Service, RemoteService, Remote, AssumeRole). That mapping is this
 *    project's: network-style logons → Remote, cached/unlock/new-credentials → Interactive, batch → Service.
 */
import { isDecodeFailure, type Decoded, type RawValue } from "./result.js";
import { buildCodeTable, lookupCode, type CodeEntry } from "./enum-table.js";

export type AsimEventSubType =
  "System" | "Interactive" | "RemoteInteractive" | "Service" | "RemoteService" | "Remote" | "AssumeRole";

export interface LogonType extends CodeEntry {
  /** Windows name, e.g. "RemoteInteractive". */
  name: string;
  description: string;
  asimEventSubType: AsimEventSubType;
  asimParserSubType?: string;
}

const t = (
  id: number,
  name: string,
  description: string,
  asimEventSubType: AsimEventSubType,
  inParser: boolean,
): LogonType =>
  Object.freeze(
    inParser
      ? { id, name, description, asimEventSubType, asimParserSubType: name }
      : { id, name, description, asimEventSubType },
  );

export const LOGON_TYPES: readonly LogonType[] = Object.freeze([
  t(0, "System", "Used only by the System account, for example at system startup", "System", false),
  t(2, "Interactive", "A user logged on at the console", "Interactive", true),
  t(3, "Network", "A user or computer logged on from the network", "Remote", true),
  t(4, "Batch", "Batch logon (scheduled tasks)", "Service", true),
  t(5, "Service", "A service was started by the Service Control Manager", "Service", true),
  t(7, "Unlock", "The workstation was unlocked", "Interactive", true),
  t(8, "NetworkCleartext", "Network logon with the password sent in clear text", "Remote", true),
  t(
    9,
    "NewCredentials",
    "A caller cloned its token with new outbound credentials (runas /netonly)",
    "Interactive",
    true,
  ),
  t(10, "RemoteInteractive", "Terminal Services / Remote Desktop logon", "RemoteInteractive", true),
  t(11, "CachedInteractive", "Interactive logon with cached domain credentials", "Interactive", true),
  t(
    12,
    "CachedRemoteInteractive",
    "Remote interactive logon with cached credentials",
    "RemoteInteractive",
    false,
  ),
  t(13, "CachedUnlock", "Workstation unlock with cached credentials", "Interactive", false),
]);

const TABLE = buildCodeTable(LOGON_TYPES, () => []);

export interface DecodedLogonType {
  id: number;
  known: boolean;
  /** Windows name, or "Unknown(<id>)" for an unrecognised type. */
  name: string;
  asimEventSubType?: AsimEventSubType;
  asimParserSubType?: string;
  description?: string;
}

/** LogonType number (or Windows name) → entry; unrecognised numbers are `known: false`. */
export function decodeLogonType(raw: RawValue): Decoded<DecodedLogonType> {
  const r = lookupCode(raw, TABLE, "logon type");
  if (r === undefined || isDecodeFailure(r)) return r;
  if (!r.known) return { id: r.id, known: false, name: `Unknown(${r.id})` };
  const e = r.entry;
  const out: DecodedLogonType = {
    id: e.id,
    known: true,
    name: e.name,
    asimEventSubType: e.asimEventSubType,
    description: e.description,
  };
  if (e.asimParserSubType !== undefined) out.asimParserSubType = e.asimParserSubType;
  return out;
}
