import { NETLOGON_FIELDS } from "../fields.js";
import { NTLM_OPERATIONAL, type EventSpec } from "../types.js";

/**
 * Domain controller audit/block events written by Microsoft-Windows-Security-Netlogon into the NTLM/Operational
 * channel (two providers, one channel: always key on channel + ID). Message text: netlogon.dll message table
 * (libyal/winevt-kb MessageFile-netlogon.dll.md); 4005/4006 and 8005/8006 share the 4004/8004 message and fields
 * (OSSEM-DD Microsoft-Windows-Security-Netlogon event-400x/800x.yml). What distinguishes 8005/8006 from 8004 is
 * not documented in the sources we checked: the catalog says so rather than guess.
 */
const SOURCES = [
  "OSSEM-DD Microsoft-Windows-Security-Netlogon events",
  "netlogon.dll message table (libyal/winevt-kb)",
];

const BODY =
  "\nSecure Channel name: {SChannelName}\nUser name: {UserName}\nDomain name: {DomainName}\nWorkstation name: {WorkstationName}\nSecure Channel type: {SChannelType}";
const AUDIT_MESSAGE = `Domain Controller Blocked Audit: Audit NTLM authentication to this domain controller.${BODY}`;
const BLOCK_MESSAGE = `Domain Controller Blocked: NTLM authentication to this domain controller is blocked.${BODY}`;

function audit(id: 8004 | 8005 | 8006, meaning: string, verification: "manifest") {
  return {
    id,
    provider: "Microsoft-Windows-Security-Netlogon",
    channel: NTLM_OPERATIONAL,
    level: "informational",
    task: "AuditingNTLM",
    title: "Domain Controller Blocked Audit: Audit NTLM authentication to this domain controller",
    meaning,
    family: "netlogon",
    role: "domain-controller",
    mode: "audit",
    direction: "domain",
    outcome: {
      kind: "fixed",
      outcome: "unknown",
      reason:
        "Would be blocked if 'Restrict NTLM: NTLM authentication in this domain' denied it (audit only)",
    },
    action: "ntlm-dc-audit",
    fields: NETLOGON_FIELDS,
    message: AUDIT_MESSAGE,
    verification,
    sources: SOURCES,
  } as const satisfies EventSpec;
}

function block(id: 4004 | 4005 | 4006, meaning: string) {
  return {
    id,
    provider: "Microsoft-Windows-Security-Netlogon",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    task: "BlockingNTLM",
    title: "Domain Controller Blocked: NTLM authentication to this domain controller is blocked",
    meaning,
    family: "netlogon",
    role: "domain-controller",
    mode: "block",
    direction: "domain",
    outcome: {
      kind: "fixed",
      outcome: "failure",
      reason: "Blocked by 'Restrict NTLM: NTLM authentication in this domain'",
    },
    action: "ntlm-dc-blocked",
    fields: NETLOGON_FIELDS,
    message: BLOCK_MESSAGE,
    verification: "manifest",
    sources: SOURCES,
  } as const satisfies EventSpec;
}

export const NETLOGON_EVENTS = [
  audit(
    8004,
    "The domain controller validated an NTLM authentication (pass-through from the server named by the secure channel); it would be blocked under a Deny setting. Success and failure alike: this is the DC-wide NTLM usage record.",
    "manifest",
  ),
  audit(
    8005,
    "Same audit record as 8004 under a second event ID of the same message (the distinction is undocumented).",
    "manifest",
  ),
  audit(
    8006,
    "Same audit record as 8004 under a third event ID of the same message (the distinction is undocumented).",
    "manifest",
  ),
  block(
    4004,
    "The domain controller refused an NTLM authentication under 'Restrict NTLM: NTLM authentication in this domain'.",
  ),
  block(
    4005,
    "Same block record as 4004 under a second event ID of the same message (the distinction is undocumented).",
  ),
  block(
    4006,
    "Same block record as 4004 under a third event ID of the same message (the distinction is undocumented).",
  ),
] as const satisfies readonly EventSpec[];
