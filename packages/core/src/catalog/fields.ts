import type { FieldSpec, Slot, ManifestType, Verification } from "./types.js";

/** Builds a FieldSpec; keeps the family files one line per field. */
export function field(
  name: string,
  type: ManifestType,
  slot: Slot,
  extra: { aliases?: readonly string[]; label?: string; verification?: Verification } = {},
): FieldSpec {
  return { name, type, slot, verification: extra.verification ?? "manifest", ...withoutUndefined(extra) };
}

function withoutUndefined(extra: { aliases?: readonly string[]; label?: string }): {
  aliases?: readonly string[];
  label?: string;
} {
  const out: { aliases?: readonly string[]; label?: string } = {};
  if (extra.aliases !== undefined) out.aliases = extra.aliases;
  if (extra.label !== undefined) out.label = extra.label;
  return out;
}

/**
 * Outgoing (client) field set: 8001, 4001, 4013, 4015, 4024, 4025 (Microsoft-Windows-NTLM manifest, OSSEM-DD
 * event-8001.yml / event-4001.yml / event-4013.yml; the seeds list the same set for 4015/4024/4025).
 */
export const OUTGOING_FIELDS: readonly FieldSpec[] = [
  field("TargetName", "UnicodeString", "target.name", { label: "Target server", aliases: ["Target_server"] }),
  field("UserName", "UnicodeString", "client.user.name", {
    label: "Supplied user",
    aliases: ["Supplied_user"],
  }),
  field("DomainName", "UnicodeString", "client.user.domain", {
    label: "Supplied domain",
    aliases: ["Supplied_domain"],
  }),
  field("CallerPID", "UInt32", "process.pid", {
    label: "PID of client process",
    aliases: ["PID_of_client_process"],
  }),
  field("ProcessName", "UnicodeString", "process.name", {
    label: "Name of client process",
    aliases: ["Name_of_client_process"],
  }),
  field("ClientLUID", "HexInt64", "process.luid", {
    label: "LUID of client process",
    aliases: ["LUID_of_client_process"],
  }),
  field("ClientUserName", "UnicodeString", "process.user.name", {
    label: "User identity of client process",
    aliases: ["User_identity_of_client_process"],
  }),
  field("ClientDomainName", "UnicodeString", "process.user.domain", {
    label: "Domain name of user identity of client process",
    aliases: ["Domain_name_of_user_identity_of_client_process"],
  }),
  field("MechanismOID", "UnicodeString", "mechanism.oid", {
    label: "Mechanism OID",
    aliases: ["Mechanism_OID"],
  }),
];

/** Incoming (server) field set: 8002, 4002. The seeds give the rendered names as a second spelling. */
export const INCOMING_FIELDS: readonly FieldSpec[] = [
  field("CallerPID", "UInt32", "process.pid", {
    label: "Calling process PID",
    aliases: ["Calling_process_PID"],
  }),
  field("ProcessName", "UnicodeString", "process.name", {
    label: "Calling process name",
    aliases: ["Calling_process_name"],
  }),
  field("ClientLUID", "HexInt64", "process.luid", {
    label: "Calling process LUID",
    aliases: ["Calling_process_LUID"],
  }),
  field("ClientUserName", "UnicodeString", "process.user.name", {
    label: "Calling process user identity",
    aliases: ["Calling_process_user_identity"],
  }),
  field("ClientDomainName", "UnicodeString", "process.user.domain", {
    label: "Calling process domain identity",
    aliases: ["Calling_process_domain_identity"],
  }),
  field("MechanismOID", "UnicodeString", "mechanism.oid", {
    label: "Mechanism OID",
    aliases: ["Mechanism_OID"],
  }),
];

/** In-domain (server) field set: 8003, 4003. */
export const IN_DOMAIN_FIELDS: readonly FieldSpec[] = [
  field("UserName", "UnicodeString", "client.user.name", { label: "User", aliases: ["User"] }),
  field("DomainName", "UnicodeString", "client.user.domain", { label: "Domain", aliases: ["Domain"] }),
  field("Workstation", "UnicodeString", "client.workstation", { label: "Workstation" }),
  field("CallerPID", "UInt32", "process.pid", { label: "PID", aliases: ["PID"] }),
  field("ProcessName", "UnicodeString", "process.name", { label: "Process", aliases: ["Process"] }),
  field("LogonType", "UInt32", "logon.type", { label: "Logon type", aliases: ["Logon_type"] }),
  field("InProc", "Boolean", "process.inProc", { label: "InProc" }),
  field("MechanismOID", "UnicodeString", "mechanism.oid", { label: "Mechanism", aliases: ["Mechanism"] }),
];

/**
 * Domain controller field set of Microsoft-Windows-Security-Netlogon: 8004-8006, 4004-4006 (OSSEM-DD
 * Microsoft-Windows-Security-Netlogon event-8004.yml; message table of netlogon.dll).
 */
export const NETLOGON_FIELDS: readonly FieldSpec[] = [
  field("SChannelName", "UnicodeString", "secureChannel.name", {
    label: "Secure Channel name",
    aliases: ["Secure_Channel_name", "SecureChannelName"],
  }),
  field("UserName", "UnicodeString", "client.user.name", { label: "User name", aliases: ["User_name"] }),
  field("DomainName", "UnicodeString", "client.user.domain", {
    label: "Domain name",
    aliases: ["Domain_name"],
  }),
  field("WorkstationName", "UnicodeString", "client.workstation", {
    label: "Workstation name",
    aliases: ["Workstation_name"],
  }),
  field("SChannelType", "UInt32", "secureChannel.type", {
    label: "Secure Channel type",
    aliases: ["Secure_Channel_type", "SecureChannelType"],
  }),
];

/** Minimum-security block field set: 4010, 4011. */
export const MIN_SECURITY_FIELDS: readonly FieldSpec[] = [
  field("CallerPID", "UInt32", "process.pid", {
    label: "Calling process PID",
    aliases: ["Calling_process_PID"],
  }),
  field("ProcessName", "UnicodeString", "process.name", {
    label: "Calling Process Name",
    aliases: ["Calling_Process_Name"],
  }),
  field("NegotiatedSecurity", "HexInt32", "ntlm.negotiatedFlags", {
    label: "Negotiated Security Flags",
    aliases: ["Negotiated_Security_Flags"],
  }),
  field("RequiredSecurity", "HexInt32", "ntlm.requiredFlags", {
    label: "Minimum Security Flags",
    aliases: ["Minimum_Security_Flags"],
  }),
];

/** Account/device field set of the domain-controller policy events 100, 101, 301 and of 4012. */
export const ACCOUNT_DEVICE_FIELDS: readonly FieldSpec[] = [
  field("AccountName", "UnicodeString", "client.user.name", {
    label: "Account Name",
    aliases: ["Account_Name"],
  }),
  field("DeviceName", "UnicodeString", "client.workstation", {
    label: "Device Name",
    aliases: ["Device_Name"],
  }),
];

export const STATUS_FIELD = field("Status", "HexInt32", "status.code", {
  label: "Error Code",
  aliases: ["Error_Code"],
});

export const POLICY_FIELDS: readonly FieldSpec[] = [
  field("SiloName", "UnicodeString", "policy.silo", { label: "Silo Name", aliases: ["Silo_Name"] }),
  field("PolicyName", "UnicodeString", "policy.name", { label: "PolicyName" }),
];

/**
 * NTLM security block shared by every enhanced event (KB5064479 "NTLM Security" section). The XML names come from
 * the seeds' field lists; no provider manifest for these events is public, so they are marked documented only where
 * KB5064479 names the value, and every spelling seen in public sources is accepted.
 */
export function enhancedSecurityFields(avFlagsName: "AvFlags" | "AvlFlags"): FieldSpec[] {
  const other = avFlagsName === "AvFlags" ? "AvlFlags" : "AvFlags";
  return [
    field("NegotiatedFlags", "HexInt32", "ntlm.negotiatedFlags", {
      label: "Negotiated Flags",
      verification: "documented",
      aliases: ["Negotiated_Flags"],
    }),
    field("NtlmVersion", "UnicodeString", "ntlm.version", {
      label: "NTLM Version",
      verification: "documented",
      aliases: ["NTLMVersion", "NTLM_Version"],
    }),
    field("SessionKeyStatus", "UnicodeString", "ntlm.sessionKey", {
      label: "Session Key Status",
      verification: "documented",
      aliases: ["Session_Key_Status"],
    }),
    field("ChannelBindingStatus", "UnicodeString", "ntlm.channelBinding", {
      label: "Channel Binding",
      verification: "documented",
      aliases: ["ChannelBinding", "Channel_Binding"],
    }),
    field("ServiceBinding", "UnicodeString", "ntlm.serviceBinding", {
      label: "Service Binding",
      verification: "documented",
      aliases: ["Service_Binding"],
    }),
    field("MicStatus", "UnicodeString", "ntlm.mic", {
      label: "MIC Status",
      verification: "documented",
      aliases: ["MICStatus", "MIC_Status"],
    }),
    field(avFlagsName, "HexInt32", "ntlm.avFlags", {
      label: "AvFlags",
      verification: "unverified",
      aliases: [other],
    }),
    field(`${avFlagsName}Str`, "UnicodeString", "ntlm.avFlagsText", {
      label: "AvFlags String",
      verification: "unverified",
      aliases: [`${other}Str`, "AvFlagsString"],
    }),
  ];
}
