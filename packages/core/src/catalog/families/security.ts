import { ACCOUNT_DEVICE_FIELDS, MIN_SECURITY_FIELDS, OUTGOING_FIELDS, field } from "../fields.js";
import { NTLM_OPERATIONAL, type EventSpec } from "../types.js";

/**
 * Session-security and Credential Guard events of Microsoft-Windows-NTLM: 4010/4011 (minimum session security,
 * OSSEM-DD event-4010/4011.yml, nasbench message table), 4012 (OSSEM-DD event-4012.yml), 4013/4014 (Credential
 * Guard, Microsoft Learn "Credential Guard: known issues" message strings NTLMv1BlockedByCredGuard and
 * NTLMGetCredentialKeyBlockedByCredGuard; 4014 field names from the project seeds).
 */
const MIN_SEC_BODY =
  "\nCalling process PID: {CallerPID}\nCalling Process Name: {ProcessName}\nNegotiated Security Flags: {NegotiatedSecurity}\nMinimum Security Flags: {RequiredSecurity}";

export const SECURITY_EVENTS = [
  {
    id: 4010,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    title: "NTLM Minimum Client Security Block",
    meaning:
      "Outgoing NTLM was refused because the negotiated session security is below 'Minimum session security for NTLM SSP based clients' (NtlmMinClientSec).",
    family: "session-security",
    role: "client",
    mode: "block",
    direction: "outgoing",
    outcome: {
      kind: "fixed",
      outcome: "failure",
      reason: "Negotiated session security below the client minimum",
    },
    action: "ntlm-client-minimum-security-blocked",
    fields: MIN_SECURITY_FIELDS,
    message: `NTLM Minimum Client Security Block:${MIN_SEC_BODY}`,
    verification: "manifest",
    sources: ["OSSEM-DD event-4010.yml", "nasbench W10_1507 Microsoft-Windows-NTLM.csv"],
  },
  {
    id: 4011,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    title: "NTLM Minimum Server Security Block",
    meaning:
      "Incoming NTLM was refused because the negotiated session security is below 'Minimum session security for NTLM SSP based servers' (NtlmMinServerSec).",
    family: "session-security",
    role: "server",
    mode: "block",
    direction: "incoming",
    outcome: {
      kind: "fixed",
      outcome: "failure",
      reason: "Negotiated session security below the server minimum",
    },
    action: "ntlm-server-minimum-security-blocked",
    fields: MIN_SECURITY_FIELDS,
    message: `NTLM Minimum Server Security Block:${MIN_SEC_BODY}`,
    verification: "manifest",
    sources: ["OSSEM-DD event-4011.yml", "nasbench W10_1507 Microsoft-Windows-NTLM.csv"],
  },
  {
    id: 4012,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "informational",
    title: "NTLM client used the domain password",
    meaning:
      "The attempt to use the DC-generated NTLM secret failed and the client fell back to the domain password, which succeeded.",
    family: "session-security",
    role: "client",
    mode: "usage",
    direction: "outgoing",
    outcome: { kind: "fixed", outcome: "success", reason: "Fallback to the domain password succeeded" },
    action: "ntlm-client-domain-password-fallback",
    fields: ACCOUNT_DEVICE_FIELDS,
    message:
      "NTLM client used the domain password. The attempt to use the DC-generated NTLM secret failed, and fallback to the domain password succeeded.\nAccount Name: {AccountName}\nDevice Name: {DeviceName}",
    verification: "manifest",
    sources: ["OSSEM-DD event-4012.yml"],
  },
  {
    id: 4013,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    title: "Attempt to use NTLMv1 failed",
    meaning:
      "Credential Guard refused an outgoing NTLMv1 authentication: this device does not support NTLMv1.",
    family: "credential-guard",
    role: "client",
    mode: "block",
    direction: "outgoing",
    outcome: { kind: "fixed", outcome: "failure", reason: "NTLMv1 refused by Credential Guard" },
    action: "ntlm-v1-blocked-by-credential-guard",
    fields: OUTGOING_FIELDS,
    message:
      "Attempt to use NTLMv1 failed.\nTarget server: {TargetName}\nSupplied user: {UserName}\nSupplied domain: {DomainName}\nPID of client process: {CallerPID}\nName of client process: {ProcessName}\nLUID of client process: {ClientLUID}\nUser identity of client process: {ClientUserName}\nDomain name of user identity of client process: {ClientDomainName}\nMechanism OID: {MechanismOID}\n\nThis device does not support NTLMv1.",
    warnsInsecure: true,
    verification: "manifest",
    sources: [
      "OSSEM-DD event-4013.yml",
      "Microsoft Learn: Credential Guard known issues (NTLMv1BlockedByCredGuard)",
    ],
  },
  {
    id: 4014,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "error",
    title: "Attempt to get credential key by call package blocked by Credential Guard",
    meaning:
      "A process asked for the NTLM credential key (MS-CHAPv2 and similar) and Credential Guard refused: the protocol breaks on this device.",
    family: "credential-guard",
    role: "client",
    mode: "block",
    direction: "outgoing",
    outcome: {
      kind: "fixed",
      outcome: "failure",
      reason: "Credential key request refused by Credential Guard",
    },
    action: "ntlm-credential-key-blocked-by-credential-guard",
    fields: [
      field("ImageName", "UnicodeString", "process.name", {
        label: "Calling Process Name",
        aliases: ["Calling_Process_Name"],
        verification: "documented",
      }),
      field("SvcHostTag", "UnicodeString", "process.serviceHostTag", {
        label: "Service Host Tag",
        aliases: ["Service_Host_Tag"],
        verification: "documented",
      }),
    ],
    message:
      "Attempt to get credential key by call package blocked by Credential Guard.\n\nCalling Process Name: {ImageName}\nService Host Tag: {SvcHostTag}",
    verification: "documented",
    sources: [
      "Microsoft Learn: Credential Guard known issues (NTLMGetCredentialKeyBlockedByCredGuard)",
      "project seeds: 4014 example event",
    ],
  },
] as const satisfies readonly EventSpec[];
