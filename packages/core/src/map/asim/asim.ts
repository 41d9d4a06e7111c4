import type { NtlmAccount, NtlmEvent } from "../../model/ntlm-event.js";
import { compact, type JsonObject } from "../compact.js";
import { qualifiedName, resolveParties, type Endpoint } from "../parties.js";
import { ASIM_AUTHENTICATION_SCHEMA_VERSION } from "../../schema/asim-authentication.js";
import { asimResultDetails } from "./result-details.js";

/**
 * NtlmEvent -> a row of the ASIM Authentication schema (what `imAuthentication` returns and what the
 * ASimAuthenticationEventLogs table stores, plus the schema's aliases). Enumerations follow the ASIM schema
 * tester's value lists. Audit records that do not say whether the logon worked are EventResult "NA": ASIM's value
 * for "not applicable", never an invented Failure.
 */
export const ASIM_EVENT_PRODUCT = "Security Events";
export const ASIM_EVENT_VENDOR = "Microsoft";

const RESULT: Record<NtlmEvent["event"]["outcome"], string> = {
  success: "Success",
  failure: "Failure",
  unknown: "NA",
};

const SEVERITY: Record<NtlmEvent["event"]["severity"], string> = {
  critical: "High",
  error: "Medium",
  warning: "Low",
  informational: "Informational",
  verbose: "Informational",
  unknown: "Informational",
};

const ORIGINAL_SEVERITY: Record<NtlmEvent["event"]["severity"], string> = {
  critical: "Critical",
  error: "Error",
  warning: "Warning",
  informational: "Information",
  verbose: "Verbose",
  unknown: "Unknown",
};

export function toAsim(event: NtlmEvent): JsonObject {
  const parties = resolveParties(event);
  const { record } = event;
  const reporter = splitHost(record.host);
  const target = parties.destination;
  const source = parties.source;
  const user = parties.user;
  const actor = parties.actor;

  return compact({
    TimeGenerated: record.timestamp,
    EventStartTime: record.timestamp,
    EventEndTime: record.timestamp,
    EventCount: 1,
    EventType: "Logon",
    EventSubType:
      event.ntlm.logonType?.name === undefined ? undefined : logonSubType(event.ntlm.logonType.code),
    EventResult: RESULT[event.event.outcome],
    EventResultDetails: asimResultDetails(event),
    EventOriginalResultDetails: event.status?.code,
    EventSeverity:
      event.event.insecure && event.event.severity === "informational"
        ? "Low"
        : SEVERITY[event.event.severity],
    EventOriginalSeverity: ORIGINAL_SEVERITY[event.event.severity],
    EventOriginalType: String(record.eventId),
    EventOriginalUid: record.recordId,
    EventMessage: record.message ?? event.event.title,
    EventProduct: ASIM_EVENT_PRODUCT,
    EventVendor: ASIM_EVENT_VENDOR,
    EventSchema: "Authentication",
    EventSchemaVersion: ASIM_AUTHENTICATION_SCHEMA_VERSION,
    Dvc: record.host,
    DvcHostname: reporter?.hostname,
    DvcDomain: reporter?.domain,
    DvcDomainType: reporter?.domain === undefined ? undefined : "FQDN",
    DvcFQDN: reporter?.domain === undefined ? undefined : record.host,
    TargetUsername: user && qualifiedName(user),
    TargetUsernameType: user && usernameType(user),
    TargetUserType: user && userType(user),
    User: user && qualifiedName(user),
    ActorUsername: actor && qualifiedName(actor),
    ActorUsernameType: actor && usernameType(actor),
    ActorUserType: actor && userType(actor),
    ActingAppName: event.process.executable ?? event.process.name,
    ActingAppType:
      event.process.executable !== undefined || event.process.name !== undefined ? "Process" : undefined,
    ActingAppId: event.process.pid === undefined ? undefined : String(event.process.pid),
    ...endpointColumns("Src", source),
    ...endpointColumns("Target", target),
    TargetAppName: event.target.spn?.serviceClass,
    TargetAppType: event.target.spn?.serviceClass === undefined ? undefined : "Service",
    TargetDvcOs: event.target.os,
    Dst: target?.ip ?? target?.name,
    LogonProtocol: logonProtocol(event),
    LogonTarget: event.target.name ?? event.target.spn?.raw,
    AdditionalFields: additionalFields(event),
  });
}

// Src and Target device columns. A dotted name is an FQDN whose suffix is a DNS domain; a domain the event gives
// beside a bare name (TargetDomain, ServerDomain) is a Windows domain. *DomainType only beside a domain, as the
// schema's conditional fields require.
function endpointColumns(
  prefix: "Src" | "Target",
  e: Endpoint | undefined,
): Record<string, string | number | undefined> {
  if (!e) return {};
  const fqdn =
    e.name !== undefined &&
    e.domain !== undefined &&
    e.name.toLowerCase().endsWith(`.${e.domain.toLowerCase()}`);
  return {
    [`${prefix}Hostname`]: e.hostname,
    [`${prefix}Domain`]: e.domain,
    [`${prefix}DomainType`]: e.domain === undefined ? undefined : fqdn ? "FQDN" : "Windows",
    [`${prefix}FQDN`]: fqdn ? e.name : undefined,
    [`${prefix}IpAddr`]: e.ip,
    [`${prefix}PortNumber`]: e.port,
  };
}

function splitHost(host: string | undefined): { hostname: string; domain?: string } | undefined {
  if (host === undefined) return undefined;
  const dot = host.indexOf(".");
  if (dot <= 0 || dot === host.length - 1) return { hostname: host };
  return { hostname: host.slice(0, dot), domain: host.slice(dot + 1) };
}

function usernameType(account: NtlmAccount): string {
  if (account.upn !== undefined || account.kind === "upn") return "UPN";
  return account.domain !== undefined ? "Windows" : "Simple";
}

function userType(account: NtlmAccount): string {
  if (account.isMachine) return "Machine";
  if (account.isAnonymous) return "Other";
  return "Regular";
}

/** ASIM EventSubType values for Windows logon types (the schema's list: Interactive, Remote, Service, ...). */
function logonSubType(code: number): string | undefined {
  switch (code) {
    case 2:
    case 7:
    case 11:
    case 13:
      return "Interactive";
    case 3:
    case 8:
    case 9:
      return "Remote";
    case 10:
    case 12:
      return "RemoteInteractive";
    case 4:
    case 5:
      return "Service";
    case 0:
      return "System";
    default:
      return undefined;
  }
}

function logonProtocol(event: NtlmEvent): string {
  switch (event.ntlm.version) {
    case "ntlmv1":
      return "NTLM V1";
    case "ntlmv2":
      return "NTLM V2";
    case "lm":
      return "LM";
    case "unknown":
    case undefined:
      return "NTLM";
  }
}

function additionalFields(event: NtlmEvent): JsonObject {
  return compact({
    NtlmAction: event.event.action,
    NtlmRole: event.event.role,
    NtlmMode: event.event.mode,
    NtlmDirection: event.event.direction,
    NtlmInsecure: event.event.insecure,
    NtlmInsecureReasons: event.event.insecureReasons,
    NtlmVersion: event.ntlm.version,
    MicStatus: event.ntlm.mic,
    ChannelBinding: event.ntlm.channelBinding,
    SessionKeyStatus: event.ntlm.sessionKey,
    ServiceBinding: event.ntlm.serviceBinding,
    NegotiatedFlags: event.ntlm.negotiatedFlags?.hex,
    NegotiatedFlagNames: event.ntlm.negotiatedFlags?.names,
    RequiredFlags: event.ntlm.requiredFlags?.hex,
    AvFlags: event.ntlm.avFlags?.hex,
    AvFlagNames: event.ntlm.avFlags?.names,
    SignOn: event.ntlm.signOn,
    UsageReasonId: event.usage?.reasonId,
    UsageReason: event.usage?.reason,
    Mechanism: event.ntlm.mechanism?.name ?? event.ntlm.mechanism?.oid,
    LogonType: event.ntlm.logonType?.code,
    SecureChannelName: event.ntlm.secureChannel?.name,
    SecureChannelType: event.ntlm.secureChannel?.type?.name,
    FarsideName: event.ntlm.farside?.name,
    FarsideDomain: event.ntlm.farside?.domain,
    FarsideIp: event.ntlm.farside?.ip,
    StatusName: event.status?.name,
    StatusMessage: event.status?.message,
    PolicySilo: event.policy?.silo,
    PolicyName: event.policy?.name,
    ProcessLuid: event.process.luid,
    Channel: event.record.channel,
    Recovered: event.origin.recovered,
    Unmapped: Object.keys(event.unmapped).length > 0 ? event.unmapped : undefined,
  });
}
