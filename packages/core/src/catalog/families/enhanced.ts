import { OUTGOING_FIELDS, enhancedSecurityFields, field } from "../fields.js";
import { NTLM_OPERATIONAL, type EventSpec, type FieldSpec } from "../types.js";

/**
 * Enhanced NTLM auditing of Windows 11 24H2 / Windows Server 2025 (KB5064479): client (4020/4021) and server
 * (4022/4023) usage events, each an Information/Warning pair with the same fields ("Warning indicates a downgrade
 * of NTLM security, such as the use of NTLMv1", a missing MIC or unsupported EPA). Plus the NTLMv1-derived SSO
 * events 4024/4025 (KB5066470). No provider manifest is public for these: XML names follow the project seeds'
 * field lists and the names Exabeam's 4021 parser uses (ProcessName, ProcessPID, Username, DomainName, Hostname,
 * NtlmVersion, NtlmUsageReason); every other spelling seen is accepted as an alias.
 */
const v = { verification: "documented" } as const;

const PROCESS_AND_USER: FieldSpec[] = [
  field("ProcessName", "UnicodeString", "process.name", { label: "Process Name", ...v }),
  field("ProcessPID", "HexInt32", "process.pid", {
    label: "Process PID",
    aliases: ["ProcessId", "PID"],
    ...v,
  }),
  field("Username", "UnicodeString", "client.user.name", { label: "Username", aliases: ["UserName"], ...v }),
  field("DomainName", "UnicodeString", "client.user.domain", { label: "Domain", aliases: ["Domain"], ...v }),
];

const CLIENT_FIELDS: readonly FieldSpec[] = [
  ...PROCESS_AND_USER,
  field("Hostname", "UnicodeString", "client.hostname", { label: "Hostname", aliases: ["HostName"], ...v }),
  field("SingleSignOn", "UnicodeString", "ntlm.signOn", {
    label: "Sign-On Type",
    aliases: ["SignOnType"],
    ...v,
  }),
  field("TargetMachine", "UnicodeString", "target.machine", { label: "Target Machine", ...v }),
  field("TargetDomain", "UnicodeString", "target.domain", { label: "Target Domain", ...v }),
  field("TargetService", "UnicodeString", "target.service", {
    label: "Target Resource",
    aliases: ["TargetResource"],
    ...v,
  }),
  field("TargetIP", "UnicodeString", "target.ip", { label: "Target IP", aliases: ["TargetIp"], ...v }),
  field("TargetNetworkName", "UnicodeString", "target.networkName", { label: "Target Network Name", ...v }),
  field("NtlmUsageId", "UInt32", "usage.reasonId", {
    label: "Reason ID",
    aliases: ["UsageId", "NtlmUsageID"],
    ...v,
  }),
  field("NtlmUsageReason", "UnicodeString", "usage.reason", {
    label: "Reason",
    aliases: ["UsageReason"],
    ...v,
  }),
  ...enhancedSecurityFields("AvlFlags"),
];

const securityBlock = enhancedSecurityFields("AvFlags");
const SERVER_FIELDS: readonly FieldSpec[] = [
  ...PROCESS_AND_USER,
  field("RemoteClientMachine", "UnicodeString", "client.workstation", {
    label: "Client Machine",
    aliases: ["ClientMachine"],
    ...v,
  }),
  field("ClientIP", "UnicodeString", "client.ip", { label: "Client IP", aliases: ["ClientIp"], ...v }),
  field("ClientNetworkName", "UnicodeString", "client.networkName", { label: "Client Network Name", ...v }),
  // The seeds list TargetMachine/TargetDomain between ServiceBinding and MicStatus: keep that order.
  ...securityBlock.slice(0, 5),
  field("TargetMachine", "UnicodeString", "target.machine", { label: "Target Machine", ...v }),
  field("TargetDomain", "UnicodeString", "target.domain", { label: "Target Domain", ...v }),
  ...securityBlock.slice(5),
  field("Status", "HexInt32", "status.code", { label: "Status", ...v }),
  field("StatusMsg", "UnicodeString", "status.message", {
    label: "Status Message",
    aliases: ["StatusMessage"],
    ...v,
  }),
];

const KB = ["KB5064479: Overview of NTLM auditing enhancements in Windows 11 24H2 and Windows Server 2025"];

const CLIENT_MESSAGE =
  "This machine attempted to authenticate to a remote resource via NTLM.\nProcess Information:\n Process Name: {ProcessName}\n Process PID: {ProcessPID}\nClient Information:\n Username: {Username}\n Domain: {DomainName}\n Hostname: {Hostname}\n Sign-On Type: {SingleSignOn}\nTarget Information:\n Target Machine: {TargetMachine}\n Target Domain: {TargetDomain}\n Target Resource: {TargetService}\n Target IP: {TargetIP}\n Target Network Name: {TargetNetworkName}\nNTLM Usage:\n Reason ID: {NtlmUsageId}\n Reason: {NtlmUsageReason}\nNTLM Security:\n Negotiated Flags: {NegotiatedFlags}\n NTLM Version: {NtlmVersion}\n Session Key Status: {SessionKeyStatus}\n Channel Binding: {ChannelBindingStatus}\n Service Binding: {ServiceBinding}\n MIC Status: {MicStatus}\n AvFlags: {AvlFlags}\n AvFlags String: {AvlFlagsStr}";
const SERVER_MESSAGE =
  "A remote client is using NTLM to authenticate to this workstation.\nProcess Information:\n Process Name: {ProcessName}\n Process PID: {ProcessPID}\nRemote Client Information:\n Username: {Username}\n Domain: {DomainName}\n Client Machine: {RemoteClientMachine}\n Client IP: {ClientIP}\n Client Network Name: {ClientNetworkName}\nNTLM Security:\n Negotiated Flags: {NegotiatedFlags}\n NTLM Version: {NtlmVersion}\n Session Key Status: {SessionKeyStatus}\n Channel Binding: {ChannelBindingStatus}\n Service Binding: {ServiceBinding}\n MIC Status: {MicStatus}\n AvFlags: {AvFlags}\n AvFlags String: {AvFlagsStr}\n Status: {Status}\n Status Message: {StatusMsg}";

function client(id: 4020 | 4021) {
  const warning = id === 4021;
  return {
    id,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: warning ? "warning" : "informational",
    title: "This machine attempted to authenticate to a remote resource via NTLM",
    meaning: warning
      ? "Outgoing NTLM with reduced security (NTLMv1, no MIC, or no/insecure channel binding): who, why (usage reason) and where."
      : "Outgoing NTLM (enhanced auditing): which account and process, why NTLM was chosen over Kerberos, and the target.",
    family: "enhanced",
    role: "client",
    mode: "usage",
    direction: "outgoing",
    outcome: {
      kind: "fixed",
      outcome: "unknown",
      reason: "Client-side usage record: the result is not reported",
    },
    action: "ntlm-outgoing-usage",
    fields: CLIENT_FIELDS,
    message: CLIENT_MESSAGE,
    ...(warning ? { warnsInsecure: true } : {}),
    verification: "documented",
    sources: KB,
  } as const satisfies EventSpec;
}

function server(id: 4022 | 4023) {
  const warning = id === 4023;
  return {
    id,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: warning ? "warning" : "informational",
    title: "A remote client is using NTLM to authenticate to this workstation",
    meaning: warning
      ? "Incoming NTLM with reduced security (NTLMv1, no MIC, or no/insecure channel binding), with its result."
      : "Incoming NTLM (enhanced auditing): the remote account, client machine and IP, NTLM security details and the result.",
    family: "enhanced",
    role: "server",
    mode: "usage",
    direction: "incoming",
    outcome: { kind: "status" },
    action: "ntlm-incoming-usage",
    fields: SERVER_FIELDS,
    message: SERVER_MESSAGE,
    ...(warning ? { warnsInsecure: true } : {}),
    verification: "documented",
    sources: KB,
  } as const satisfies EventSpec;
}

function v1Sso(id: 4024 | 4025) {
  const blocked = id === 4025;
  return {
    id,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    title: blocked
      ? "An attempt to use NTLMv1-derived credentials for Single Sign-On was blocked due to policy"
      : "Auditing an attempt to use NTLMv1-derived credentials for Single Sign-On",
    meaning: blocked
      ? "Single sign-on with NTLMv1-derived credentials was refused (BlockNtlmv1SSO enforced, KB5066470)."
      : "Single sign-on used NTLMv1-derived credentials; it will break when BlockNtlmv1SSO is enforced (KB5066470).",
    family: "enhanced",
    role: "client",
    mode: blocked ? "block" : "audit",
    direction: "outgoing",
    outcome: blocked
      ? { kind: "fixed", outcome: "failure", reason: "NTLMv1-derived SSO credentials blocked by policy" }
      : {
          kind: "fixed",
          outcome: "unknown",
          reason: "Would be blocked once NTLMv1-derived SSO is enforced (audit only)",
        },
    action: blocked ? "ntlm-v1-sso-blocked" : "ntlm-v1-sso-audit",
    fields: OUTGOING_FIELDS,
    message: `${blocked ? "An attempt to use NTLMv1-derived credentials for Single Sign-On was blocked due to policy." : "Auditing an attempt to use NTLMv1-derived credentials for Single Sign-On."}\nTarget server: {TargetName}\nSupplied user: {UserName}\nSupplied domain: {DomainName}\nPID of client process: {CallerPID}\nName of client process: {ProcessName}\nLUID of client process: {ClientLUID}\nUser identity of client process: {ClientUserName}\nDomain name of user identity of client process: {ClientDomainName}\nMechanism OID: {MechanismOID}`,
    warnsInsecure: true,
    verification: "documented",
    sources: ["project seeds: Microsoft-Windows-NTLM event catalog (4024/4025)", "KB5066470"],
  } as const satisfies EventSpec;
}

export const ENHANCED_EVENTS = [
  client(4020),
  client(4021),
  server(4022),
  server(4023),
  v1Sso(4024),
  v1Sso(4025),
] as const;
