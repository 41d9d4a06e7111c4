import { enhancedSecurityFields, field } from "../fields.js";
import { NTLM_OPERATIONAL, type EventSpec, type FieldSpec } from "../types.js";

/**
 * Enhanced domain-wide NTLM auditing on domain controllers (KB5064479, "Log Enhanced Domain-wide NTLM Logs"),
 * written by Security-Netlogon into NTLM/Operational. 4032/4033: client account and server in the DC's domain (or
 * the server is); 4030/4031: the client account is in the DC's domain and the request was forwarded from another
 * domain (Farside fields). KB5064479 gives only the rendered labels; the XML names below are our reading of those
 * labels and are UNVERIFIED against a real 2025 DC: every plausible spelling is accepted.
 */
const u = { verification: "unverified" } as const;

const CLIENT: FieldSpec[] = [
  field("ClientName", "UnicodeString", "client.user.name", {
    label: "Client Name",
    aliases: ["ClientUserName", "Username", "UserName"],
    ...u,
  }),
  field("ClientDomain", "UnicodeString", "client.user.domain", {
    label: "Client Domain",
    aliases: ["ClientDomainName", "DomainName"],
    ...u,
  }),
  field("ClientMachine", "UnicodeString", "client.workstation", {
    label: "Client Machine",
    aliases: ["Workstation", "WorkstationName", "ClientWorkstation"],
    ...u,
  }),
];
const SERVER: FieldSpec[] = [
  field("ServerName", "UnicodeString", "target.machine", {
    label: "Server Name",
    aliases: ["ServerMachine"],
    ...u,
  }),
  field("ServerDomain", "UnicodeString", "target.domain", {
    label: "Server Domain",
    aliases: ["ServerDomainName"],
    ...u,
  }),
];
const STATUS = field("Status", "HexInt32", "status.code", { label: "Status", ...u });

const SAME_DOMAIN_FIELDS: readonly FieldSpec[] = [
  ...CLIENT,
  ...SERVER,
  field("ServerIP", "UnicodeString", "target.ip", { label: "Server IP", aliases: ["ServerIp"], ...u }),
  field("ServerOS", "UnicodeString", "target.os", { label: "Server OS", aliases: ["ServerOs"], ...u }),
  ...enhancedSecurityFields("AvFlags").map((f) => ({ ...f, verification: "unverified" as const })),
  STATUS,
  field("StatusMsg", "UnicodeString", "status.message", {
    label: "Status Message",
    aliases: ["StatusMessage"],
    ...u,
  }),
];
const FORWARDED_FIELDS: readonly FieldSpec[] = [
  ...CLIENT,
  ...SERVER,
  field("SChannelType", "UInt32", "secureChannel.type", {
    label: "Secure Channel Type",
    aliases: ["SecureChannelType"],
    ...u,
  }),
  field("FarsideName", "UnicodeString", "farside.name", { label: "Farside Name", ...u }),
  field("FarsideDomain", "UnicodeString", "farside.domain", { label: "Farside Domain", ...u }),
  field("FarsideIP", "UnicodeString", "farside.ip", { label: "Farside IP", aliases: ["FarsideIp"], ...u }),
  ...enhancedSecurityFields("AvFlags").map((f) => ({ ...f, verification: "unverified" as const })),
  STATUS,
];

const SECURITY_TEMPLATE =
  "\nNTLM Security:\n Negotiated Flags: {NegotiatedFlags}\n NTLM Version: {NtlmVersion}\n Session Key Status: {SessionKeyStatus}\n Channel Binding: {ChannelBindingStatus}\n Service Binding: {ServiceBinding}\n MIC Status: {MicStatus}\n AvFlags: {AvFlags}\n AvFlags String: {AvFlagsStr}\n Status: {Status}";
const CLIENT_TEMPLATE =
  "\nClient Information:\n Client Name: {ClientName}\n Client Domain: {ClientDomain}\n Client Machine: {ClientMachine}\nServer Information:\n Server Name: {ServerName}\n Server Domain: {ServerDomain}";

function dcEvent(id: 4030 | 4031 | 4032 | 4033) {
  const warning = id === 4031 || id === 4033;
  const forwarded = id === 4030 || id === 4031;
  return {
    id,
    provider: "Microsoft-Windows-Security-Netlogon",
    channel: NTLM_OPERATIONAL,
    level: warning ? "warning" : "informational",
    title: forwarded
      ? "The DC processed a forwarded NTLM authentication request from another domain"
      : "The DC processed a forwarded NTLM authentication request originating from this domain",
    meaning: `${forwarded ? "Cross-domain NTLM: the client account is in this DC's domain and the request came through another domain's DC (Farside)." : "Domain NTLM pass-through validated by this DC: client, server (name, IP, OS) and NTLM security."}${warning ? " Warning level: reduced security (NTLMv1, missing MIC or channel binding)." : ""}`,
    family: "enhanced-dc",
    role: "domain-controller",
    mode: "usage",
    direction: "domain",
    outcome: { kind: "status" },
    action: forwarded ? "ntlm-dc-forwarded-usage" : "ntlm-dc-usage",
    fields: forwarded ? FORWARDED_FIELDS : SAME_DOMAIN_FIELDS,
    message: forwarded
      ? `The DC processed a forwarded NTLM authentication request.${CLIENT_TEMPLATE}\nForwarded From:\n Secure Channel Type: {SChannelType}\n Farside Name: {FarsideName}\n Farside Domain: {FarsideDomain}\n Farside IP: {FarsideIP}${SECURITY_TEMPLATE}`
      : `The DC processed a forwarded NTLM authentication request originating from this domain.${CLIENT_TEMPLATE}\n Server IP: {ServerIP}\n Server OS: {ServerOS}${SECURITY_TEMPLATE}\n Status Message: {StatusMsg}`,
    ...(warning ? { warnsInsecure: true } : {}),
    verification: "unverified",
    sources: ["KB5064479 (domain controller logs)"],
  } as const satisfies EventSpec;
}

export const ENHANCED_DC_EVENTS = [dcEvent(4030), dcEvent(4031), dcEvent(4032), dcEvent(4033)] as const;
