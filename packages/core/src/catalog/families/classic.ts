import { IN_DOMAIN_FIELDS, INCOMING_FIELDS, OUTGOING_FIELDS } from "../fields.js";
import { NTLM_OPERATIONAL, type EventSpec } from "../types.js";

/**
 * The classic "Restrict NTLM" audit (8001-8003) and block (4001-4003, 4015) events of Microsoft-Windows-NTLM.
 * Messages: the provider's message table as listed for Windows 10 1507 (nasbench/EVTX-ETW-Resources
 * Microsoft-Windows-NTLM.csv); fields: OSSEM-DD event-8001/8002/8003/4001/4002/4003.yml.
 * Audit events say an authentication *would be* blocked under a Deny policy: they do not say it failed, and in
 * practice they record ordinary successful NTLM use (atc-data DN_0082), so their outcome is unknown.
 */
const SOURCES = [
  "OSSEM-DD Microsoft-Windows-NTLM events",
  "nasbench EVTX-ETW-Resources W10_1507 Microsoft-Windows-NTLM.csv",
];

const OUTGOING_AUDIT_MESSAGE =
  "NTLM client blocked audit: Audit outgoing NTLM authentication traffic that would be blocked.\nTarget server: {TargetName}\nSupplied user: {UserName}\nSupplied domain: {DomainName}\nPID of client process: {CallerPID}\nName of client process: {ProcessName}\nLUID of client process: {ClientLUID}\nUser identity of client process: {ClientUserName}\nDomain name of user identity of client process: {ClientDomainName}\nMechanism OID: {MechanismOID}";
const OUTGOING_BLOCK_MESSAGE =
  "NTLM client blocked: Outgoing NTLM authentication traffic to remote servers that is blocked.\nTarget server: {TargetName}\nSupplied user: {UserName}\nSupplied domain: {DomainName}\nPID of client process: {CallerPID}\nName of client process: {ProcessName}\nLUID of client process: {ClientLUID}\nUser identity of client process: {ClientUserName}\nDomain name of user identity of client process: {ClientDomainName}\nMechanism OID: {MechanismOID}";
const INCOMING_BODY =
  "\nCalling process PID: {CallerPID}\nCalling process name: {ProcessName}\nCalling process LUID: {ClientLUID}\nCalling process user identity: {ClientUserName}\nCalling process domain identity: {ClientDomainName}\nMechanism OID: {MechanismOID}";
const IN_DOMAIN_BODY =
  "\nUser: {UserName}\nDomain: {DomainName}\nWorkstation: {Workstation}\nPID: {CallerPID}\nProcess: {ProcessName}\nLogon type: {LogonType}\nInProc: {InProc}\nMechanism: {MechanismOID}";

const BLOCKED = { kind: "fixed", outcome: "failure", reason: "Blocked by the Restrict NTLM policy" } as const;
const WOULD_BE_BLOCKED = {
  kind: "fixed",
  outcome: "unknown",
  reason: "Would be blocked if the Restrict NTLM policy denied it (audit only)",
} as const;

export const CLASSIC_EVENTS = [
  {
    id: 8001,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "informational",
    task: "AuditingNTLM",
    title: "NTLM client blocked audit: Audit outgoing NTLM authentication traffic that would be blocked",
    meaning:
      "This machine authenticated (or tried to) to a remote server with NTLM; it would be blocked if 'Restrict NTLM: Outgoing NTLM traffic to remote servers' were set to Deny all.",
    family: "classic",
    role: "client",
    mode: "audit",
    direction: "outgoing",
    outcome: WOULD_BE_BLOCKED,
    action: "ntlm-outgoing-audit",
    fields: OUTGOING_FIELDS,
    message: OUTGOING_AUDIT_MESSAGE,
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 8002,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "informational",
    task: "AuditingNTLM",
    title: "NTLM server blocked audit: Audit Incoming NTLM Traffic that would be blocked",
    meaning:
      "A client authenticated to this server with NTLM; it would be blocked if 'Restrict NTLM: Incoming NTLM traffic' were set to Deny. The user fields are the identity of the server-side calling process, not the remote user.",
    family: "classic",
    role: "server",
    mode: "audit",
    direction: "incoming",
    outcome: WOULD_BE_BLOCKED,
    action: "ntlm-incoming-audit",
    fields: INCOMING_FIELDS,
    message: `NTLM server blocked audit: Audit Incoming NTLM Traffic that would be blocked${INCOMING_BODY}`,
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 8003,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "informational",
    task: "AuditingNTLM",
    title: "NTLM server blocked in the domain audit: Audit NTLM authentication in this domain",
    meaning:
      "A domain account authenticated to this server with NTLM; it would be blocked if 'Restrict NTLM: NTLM authentication in this domain' denied it.",
    family: "classic",
    role: "server",
    mode: "audit",
    direction: "domain",
    outcome: WOULD_BE_BLOCKED,
    action: "ntlm-domain-audit",
    fields: IN_DOMAIN_FIELDS,
    message: `NTLM server blocked in the domain audit: Audit NTLM authentication in this domain${IN_DOMAIN_BODY}`,
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 4001,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    task: "BlockingNTLM",
    title: "NTLM client blocked: Outgoing NTLM authentication traffic to remote servers that is blocked",
    meaning:
      "Outgoing NTLM from this machine was refused by 'Restrict NTLM: Outgoing NTLM traffic to remote servers'.",
    family: "classic",
    role: "client",
    mode: "block",
    direction: "outgoing",
    outcome: BLOCKED,
    action: "ntlm-outgoing-blocked",
    fields: OUTGOING_FIELDS,
    message: OUTGOING_BLOCK_MESSAGE,
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 4002,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    task: "BlockingNTLM",
    title: "NTLM server blocked: Incoming NTLM traffic to servers that is blocked",
    meaning: "Incoming NTLM to this server was refused by 'Restrict NTLM: Incoming NTLM traffic'.",
    family: "classic",
    role: "server",
    mode: "block",
    direction: "incoming",
    outcome: BLOCKED,
    action: "ntlm-incoming-blocked",
    fields: INCOMING_FIELDS,
    message: `NTLM server blocked: Incoming NTLM traffic to servers that is blocked${INCOMING_BODY}`,
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 4003,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    task: "BlockingNTLM",
    title: "NTLM server blocked in the domain: NTLM authentication in this domain that is blocked",
    meaning:
      "NTLM by a domain account to this server was refused by 'Restrict NTLM: NTLM authentication in this domain'.",
    family: "classic",
    role: "server",
    mode: "block",
    direction: "domain",
    outcome: BLOCKED,
    action: "ntlm-domain-blocked",
    fields: IN_DOMAIN_FIELDS,
    message: `NTLM server blocked in the domain: NTLM authentication in this domain that is blocked${IN_DOMAIN_BODY}`,
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 4015,
    provider: "Microsoft-Windows-NTLM",
    channel: NTLM_OPERATIONAL,
    level: "warning",
    title: "NTLM client blocked: Outgoing NTLM authentication traffic to remote servers that is blocked",
    meaning:
      "Outgoing NTLM from this machine was blocked (newer builds log this ID beside or instead of 4001; same fields).",
    family: "classic",
    role: "client",
    mode: "block",
    direction: "outgoing",
    outcome: BLOCKED,
    action: "ntlm-outgoing-blocked",
    fields: OUTGOING_FIELDS,
    message: OUTGOING_BLOCK_MESSAGE,
    verification: "documented",
    sources: ["project seeds: Microsoft-Windows-NTLM event catalog (4015 field list)"],
  },
] as const satisfies readonly EventSpec[];
