/**
 * The vocabulary of the event catalog: one registry row per event ID carries every fact the normalizer and the
 * schema mappers need, so adding an event ID means adding one row (see registry.ts).
 */

/** ETW manifest types the NTLM providers use (OSSEM-DD / provider manifests). */
export type ManifestType = "UnicodeString" | "UInt32" | "HexInt32" | "HexInt64" | "Boolean";

/**
 * Where a raw EventData field lands in the normalized event. One slot per meaning, so the same meaning under two
 * names (manifest `CallerPID`, rendered `Calling_process_PID`, enhanced `ProcessPID`) is decoded once.
 */
export type Slot =
  | "target.name" // TargetName: an SPN or a bare host/IP the client authenticated to
  | "target.machine"
  | "target.domain"
  | "target.service" // an SPN (enhanced events: "Target Resource")
  | "target.ip"
  | "target.networkName"
  | "target.os"
  | "client.user.name"
  | "client.user.domain"
  | "client.workstation"
  | "client.hostname" // the client's own host name as the client reports it (4020/4021 Hostname)
  | "client.ip"
  | "client.networkName"
  | "process.pid"
  | "process.name"
  | "process.luid"
  | "process.user.name"
  | "process.user.domain"
  | "process.serviceHostTag"
  | "process.inProc"
  | "logon.type"
  | "mechanism.oid"
  | "ntlm.negotiatedFlags"
  | "ntlm.requiredFlags"
  | "ntlm.version"
  | "ntlm.sessionKey"
  | "ntlm.channelBinding"
  | "ntlm.serviceBinding"
  | "ntlm.mic"
  | "ntlm.avFlags"
  | "ntlm.avFlagsText"
  | "ntlm.signOn"
  | "usage.reasonId"
  | "usage.reason"
  | "secureChannel.name"
  | "secureChannel.type"
  | "farside.name"
  | "farside.domain"
  | "farside.ip"
  | "status.code"
  | "status.message"
  | "policy.silo"
  | "policy.name";

/** How sure we are of a field name: from a provider manifest, from a Microsoft document, or neither. */
export type Verification = "manifest" | "documented" | "unverified";

export interface FieldSpec {
  /** The EventData Name as the provider manifest declares it; manifest order is the array order. */
  name: string;
  type: ManifestType;
  slot: Slot;
  /** Other names the same field carries in the wild (rendered labels, other public sources). */
  aliases?: readonly string[];
  /** The label in the rendered message ("Calling process PID"). */
  label?: string;
  verification: Verification;
}

export type ReportingRole = "client" | "server" | "domain-controller";
/** audit: would be blocked, not blocked; block: refused by policy; usage: NTLM was used (enhanced auditing). */
export type PolicyMode = "audit" | "block" | "usage";
export type Direction = "outgoing" | "incoming" | "domain";
export type Outcome = "success" | "failure" | "unknown";
export type Level = "informational" | "warning" | "error";

/**
 * What the event says about the authentication's result. `fixed`: the event ID alone decides. `status`: an NTSTATUS
 * field decides (0 = success), unknown when the field is absent.
 */
export type OutcomeRule = { kind: "fixed"; outcome: Outcome; reason?: string } | { kind: "status" };

export type Provider = "Microsoft-Windows-NTLM" | "Microsoft-Windows-Security-Netlogon";

export const NTLM_OPERATIONAL = "Microsoft-Windows-NTLM/Operational";
export const PROTECTED_USER_FAILURES_DC =
  "Microsoft-Windows-Authentication/ProtectedUserFailures-DomainController";
export const AUTH_POLICY_FAILURES_DC =
  "Microsoft-Windows-Authentication/AuthenticationPolicyFailures-DomainController";

export interface EventSpec {
  id: number;
  provider: Provider;
  channel: string;
  level: Level;
  /** Task name from the manifest (AuditingNTLM / BlockingNTLM) where known. */
  task?: string;
  /** Short title, the first sentence of the message. */
  title: string;
  /** What it means for an admin or a defender, in our words. */
  meaning: string;
  family: string;
  role: ReportingRole;
  mode: PolicyMode;
  direction: Direction;
  outcome: OutcomeRule;
  /** ECS event.action; also the CIM signature slug. Stable: detections key on it. */
  action: string;
  /** Manifest field order (EVTX carving names unnamed substitutions from it). */
  fields: readonly FieldSpec[];
  /** Message template with {FieldName} placeholders, from the provider's message table. */
  message: string;
  /** The level itself signals insecure NTLM (the Warning twins of the enhanced events, KB5064479). */
  warnsInsecure?: boolean;
  verification: Verification;
  sources: readonly string[];
}
