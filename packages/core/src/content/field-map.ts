/**
 * CONTRACT: the platform compilers depend on this.
 *
 * The field map: for every Sigma field name our rules may use (raw EventData names as SigmaHQ writes them, the
 * System fields Sigma's Windows rules use, and one documented derived field), how the local engine reads it from
 * an NtlmEvent and which field of our ECS, CIM and ASIM output carries the same value.
 *
 * Value semantics (what the engine compares, and what a compiler must reproduce):
 * - Values come from the EventData exactly as read (`NtlmEvent.eventData`), so rules mean what SigmaHQ rules mean
 *   on raw Windows logs. The catalog resolves spellings: a Sigma field matches the catalog field of the event that
 *   carries the same name or alias AND lands in the same normalized slot (Sigma `UserName` reads 4021 `Username`,
 *   but Sigma `ClientUserName` never reads 4030's client account). An event the catalog does not know is read by
 *   name, case-insensitively.
 * - Every value is trimmed; Windows placeholders ("(NULL)", "NULL", "-", empty) are absent, which is what Sigma's
 *   `null` matches. (ESCU writes `DomainName=NULL`; here that is `DomainName: null`.)
 * - `value` says how the text is canonicalized before comparison; `ValueKind` documents each kind.
 * - The engine compares case-insensitively unless `|cased`; `re` is case-sensitive unless `|re|i` (Sigma spec).
 *
 * Platform targets: `fidelity` says how faithfully a platform field reproduces the engine's value:
 * - exact: the same value (compare with the Sigma semantics directly).
 * - mapped: a normalized enumeration; translate rule values through `values` (keys lower-case); a rule value
 *   that is not a key cannot be compiled and must fail the compilation.
 * - approximate: carries the value for the common case only; `note` says when it differs. Compilers should use
 *   `ecsRaw` (Elastic) or warn.
 * A platform key left undefined means our output for that schema does not carry the field: compilation of a rule
 * using it for that platform must fail loudly.
 * ASIM paths under `AdditionalFields.` are members of the dynamic column (KQL: tostring(AdditionalFields.X)).
 */
import { fieldIndex, lookupEvent } from "../catalog/registry.js";
import { EVENT_CATALOG } from "../catalog/registry.js";
import type { FieldSpec, Slot } from "../catalog/types.js";
import { cleanHostName } from "../decode/host.js";
import { decodeHexInt32 } from "../decode/integer.js";
import { decodeIpAddress } from "../decode/ip.js";
import { decodeNtStatus } from "../decode/ntstatus.js";
import { presentOrUndefined } from "../decode/placeholder.js";
import { isDecodeFailure } from "../decode/result.js";
import { foldKey } from "../decode/enum-table.js";
import {
  CHANNEL_BINDING_SPELLINGS,
  MIC_STATUS_SPELLINGS,
  NTLM_VERSION_SPELLINGS,
  SESSION_KEY_SPELLINGS,
  SIGN_ON_TYPE_SPELLINGS,
} from "../decode/status-strings.js";
import { NtlmSiemError } from "../errors.js";
import type { NtlmEvent } from "../model/ntlm-event.js";

/**
 * How a raw value is canonicalized for comparison:
 * - text: trimmed, as given.
 * - host: a computer name: leading `\\` and trailing dots removed (8004 WorkstationName arrives as `\\WS07`).
 *   Raw-data platforms must also accept the `\\` form.
 * - ip: canonical address (IPv4-mapped IPv6 reduced to IPv4, IPv6 in RFC 5952 form, port dropped); text when the
 *   value is not an IP.
 * - integer: a number (decimal or 0x hex in the event); compared numerically with numeric rule values and as its
 *   decimal text with string values.
 * - hex: a HexInt32 as `0x` + lower-case digits without leading zeros (flags, LUIDs); rules write it that way.
 * - ntstatus: `0xC000006D` form (upper-case, 8 digits).
 * - ntlm-version / mic-status / channel-binding / session-key / sign-on: the enhanced events' status strings,
 *   whose exact spellings Windows emits are unverified: every accepted spelling is reduced to the canonical one
 *   listed in `ENUM_CANONICAL` (NTLMv1, Unprotected, Not Supported, ...); an unknown spelling stays as given.
 */
export type ValueKind =
  | "text"
  | "host"
  | "ip"
  | "integer"
  | "hex"
  | "ntstatus"
  | "ntlm-version"
  | "mic-status"
  | "channel-binding"
  | "session-key"
  | "sign-on";

export type Fidelity = "exact" | "mapped" | "approximate";

export interface PlatformField {
  /** Field path in our output for that schema. */
  field: string;
  fidelity: Fidelity;
  /** For `mapped`: lower-cased Sigma value -> the value the platform field holds. */
  values?: Readonly<Record<string, string | number>>;
  note?: string;
}

/** A value as the engine compares it. */
export type FieldValue = string | number;

export interface FieldMapping {
  /** The Sigma field name, exactly as rules must write it. */
  sigma: string;
  kind: "system" | "event-data" | "derived";
  description: string;
  /** The catalog slot the field lands in (event-data fields). */
  slot?: Slot;
  /** Where the decoded meaning lives in an NtlmEvent (documentation; the engine reads the raw value). */
  model: string;
  /** Every EventData spelling of this field the catalog accepts (Elastic's raw field names are case-sensitive). */
  rawNames: readonly string[];
  /** Catalog event IDs that carry the field. Empty for system fields (every event). */
  eventIds: readonly number[];
  value: ValueKind;
  /** Elastic: the field of our ECS document the compilers should query. */
  ecs: PlatformField;
  /** Elastic: the raw `winlog.event_data.*` field (what Elastic's winlog input also sends). */
  ecsRaw?: PlatformField;
  /** Splunk CIM Authentication (our CIM output). */
  cim?: PlatformField;
  /** Sentinel ASIM Authentication (our ASIM output). */
  asim?: PlatformField;
  /** Derived fields: what they are computed from, and the expression per query language. */
  derived?: { from: readonly string[]; esql: string; spl: string; kql: string };
  notes?: string;
}

/** Canonical spellings of the enumerated status strings (the first spelling of each decoder table). */
export const ENUM_CANONICAL = {
  "ntlm-version": canonicalTable(NTLM_VERSION_SPELLINGS),
  "mic-status": canonicalTable(MIC_STATUS_SPELLINGS),
  "channel-binding": canonicalTable(CHANNEL_BINDING_SPELLINGS),
  "session-key": canonicalTable(SESSION_KEY_SPELLINGS),
  "sign-on": canonicalTable(SIGN_ON_TYPE_SPELLINGS),
} as const;

type EnumKind = keyof typeof ENUM_CANONICAL;

interface EnumTable {
  /** folded spelling -> canonical spelling */
  byFold: ReadonlyMap<string, string>;
  /** lower-cased canonical spelling -> normalized model value (what ECS/CIM/ASIM carry) */
  toModel: Readonly<Record<string, string>>;
}

function canonicalTable(spellings: Readonly<Record<string, readonly string[]>>): EnumTable {
  const byFold = new Map<string, string>();
  const toModel: Record<string, string> = {};
  for (const [model, list] of Object.entries(spellings)) {
    const canonical = list[0];
    if (canonical === undefined) continue;
    toModel[canonical.toLowerCase()] = model;
    for (const sp of list) byFold.set(foldKey(sp), canonical);
  }
  return { byFold, toModel };
}

/** Per slot: the model path, the value kind and the three platform fields. */
interface SlotTarget {
  model: string;
  value: ValueKind;
  /** Undefined: query the raw `winlog.event_data.<name>` (our ECS has no cleaner field for it). */
  ecs?: PlatformField;
  cim?: PlatformField;
  asim?: PlatformField;
  notes?: string;
}

const exact = (field: string, note?: string): PlatformField =>
  note === undefined ? { field, fidelity: "exact" } : { field, fidelity: "exact", note };
const approx = (field: string, note: string): PlatformField => ({ field, fidelity: "approximate", note });
const mapped = (field: string, kind: EnumKind): PlatformField => ({
  field,
  fidelity: "mapped",
  values: ENUM_CANONICAL[kind].toModel,
});

const USER_QUALIFIED =
  "holds DOMAIN\\name (or the UPN): compare its part after the last \\ (or match `*\\value`)";
const USER_FALLBACK =
  "outgoing events whose supplied user is absent (single sign-on) carry the calling process's account here";

/** Exhaustive by construction: a new catalog slot does not compile until it is mapped here. */
const SLOT_TARGETS: Readonly<Record<Slot, SlotTarget>> = {
  "target.name": {
    model: "target.name",
    value: "text",
    ecs: exact("ntlm.target.name"),
    cim: exact("ntlm_target_name"),
    asim: approx("LogonTarget", "holds the SPN of TargetService when the event has no TargetName"),
  },
  "target.machine": {
    model: "target.host.name",
    value: "host",
    ecs: approx("destination.address", "holds the target IP when the event names no target machine"),
    cim: approx("dest", "holds the target IP when the event names no target machine"),
    asim: approx("TargetHostname", "first label only (the FQDN is in TargetFQDN)"),
  },
  "target.domain": {
    model: "target.host.domain",
    value: "text",
    cim: approx("dest_nt_domain", "the DNS suffix of an FQDN target name wins over TargetDomain"),
    asim: approx("TargetDomain", "the DNS suffix of an FQDN target name wins over TargetDomain"),
  },
  "target.service": {
    model: "target.spn.raw",
    value: "text",
    asim: approx("LogonTarget", "holds TargetName instead when the event has both"),
  },
  "target.ip": {
    model: "target.host.ip",
    value: "ip",
    ecs: exact("destination.ip"),
    cim: exact("dest_ip"),
    asim: exact("TargetIpAddr"),
  },
  "target.networkName": {
    model: "target.host.networkName",
    value: "text",
    ecs: exact("ntlm.target.network_name"),
  },
  "target.os": {
    model: "target.os",
    value: "text",
    ecs: exact("ntlm.target.os"),
    asim: exact("TargetDvcOs"),
  },
  "client.user.name": {
    model: "client.user.name",
    value: "text",
    cim: approx("user", USER_FALLBACK),
    asim: approx("TargetUsername", `${USER_QUALIFIED}; ${USER_FALLBACK}`),
    notes: "ECS user.name also carries it, with the same single-sign-on fallback as CIM user.",
  },
  "client.user.domain": {
    model: "client.user.domain",
    value: "text",
    cim: approx("src_nt_domain", USER_FALLBACK),
    asim: approx("TargetUsername", `the part before the \\ of DOMAIN\\name; ${USER_FALLBACK}`),
  },
  "client.workstation": {
    model: "client.workstation.name",
    value: "host",
    ecs: exact("source.address"),
    cim: exact("src"),
    asim: approx("SrcHostname", "first label only (an FQDN is in SrcFQDN)"),
  },
  "client.hostname": {
    model: "client.workstation.name",
    value: "host",
    ecs: exact("source.address"),
    cim: exact("src"),
    asim: approx("SrcHostname", "first label only (an FQDN is in SrcFQDN)"),
  },
  "client.ip": {
    model: "client.workstation.ip",
    value: "ip",
    ecs: exact("source.ip"),
    cim: exact("src_ip"),
    asim: exact("SrcIpAddr"),
  },
  "client.networkName": {
    model: "client.workstation.networkName",
    value: "text",
    ecs: exact("ntlm.client.network_name"),
  },
  "process.pid": {
    model: "process.pid",
    value: "integer",
    ecs: exact("process.pid"),
    cim: exact("ntlm_process_pid"),
    asim: exact("ActingAppId", "a string of the decimal PID"),
  },
  "process.name": {
    model: "process.executable ?? process.name",
    value: "text",
    cim: exact("process"),
    asim: exact("ActingAppName"),
    notes:
      "ECS splits it: process.executable (full path, when given) and process.name (file name); the raw field is exact.",
  },
  "process.luid": {
    model: "process.luid",
    value: "hex",
    ecs: exact("ntlm.process.luid"),
    asim: exact("AdditionalFields.ProcessLuid"),
  },
  "process.user.name": {
    model: "process.user.name",
    value: "text",
    ecs: exact("process.user.name"),
    cim: approx("src_user", USER_QUALIFIED),
    asim: approx("ActorUsername", USER_QUALIFIED),
  },
  "process.user.domain": {
    model: "process.user.domain",
    value: "text",
    ecs: exact("ntlm.process.user_domain"),
    cim: approx("src_user", "the part before the \\ of DOMAIN\\name"),
    asim: approx("ActorUsername", "the part before the \\ of DOMAIN\\name"),
  },
  "process.serviceHostTag": {
    model: "process.serviceHostTag",
    value: "text",
    ecs: exact("ntlm.process.service_host_tag"),
  },
  "process.inProc": { model: "process.inProc", value: "text" },
  "logon.type": {
    model: "ntlm.logonType.code",
    value: "integer",
    ecs: exact("ntlm.logon_type.code"),
    cim: exact("ntlm_logon_type"),
    asim: exact("AdditionalFields.LogonType"),
  },
  "mechanism.oid": {
    model: "ntlm.mechanism.oid",
    value: "text",
    cim: approx("ntlm_mechanism", "holds the mechanism name (NTLM, Negotiate) when the OID is known"),
    asim: approx("AdditionalFields.Mechanism", "holds the mechanism name when the OID is known"),
  },
  "ntlm.negotiatedFlags": {
    model: "ntlm.negotiatedFlags.hex",
    value: "hex",
    ecs: exact("ntlm.negotiated_flags.hex"),
    cim: exact("ntlm_negotiated_flags"),
    asim: exact("AdditionalFields.NegotiatedFlags"),
  },
  "ntlm.requiredFlags": {
    model: "ntlm.requiredFlags.hex",
    value: "hex",
    ecs: exact("ntlm.required_flags.hex"),
    asim: exact("AdditionalFields.RequiredFlags"),
  },
  "ntlm.version": {
    model: "ntlm.version",
    value: "ntlm-version",
    ecs: mapped("ntlm.version", "ntlm-version"),
    cim: mapped("ntlm_version", "ntlm-version"),
    asim: mapped("AdditionalFields.NtlmVersion", "ntlm-version"),
  },
  "ntlm.sessionKey": {
    model: "ntlm.sessionKey",
    value: "session-key",
    ecs: mapped("ntlm.session_key", "session-key"),
    cim: mapped("ntlm_session_key", "session-key"),
    asim: mapped("AdditionalFields.SessionKeyStatus", "session-key"),
  },
  "ntlm.channelBinding": {
    model: "ntlm.channelBinding",
    value: "channel-binding",
    ecs: mapped("ntlm.channel_binding", "channel-binding"),
    cim: mapped("ntlm_channel_binding", "channel-binding"),
    asim: mapped("AdditionalFields.ChannelBinding", "channel-binding"),
  },
  "ntlm.serviceBinding": {
    model: "ntlm.serviceBinding",
    value: "text",
    ecs: exact("ntlm.service_binding"),
    cim: exact("ntlm_service_binding"),
    asim: exact("AdditionalFields.ServiceBinding"),
  },
  "ntlm.mic": {
    model: "ntlm.mic",
    value: "mic-status",
    ecs: mapped("ntlm.mic_status", "mic-status"),
    cim: mapped("ntlm_mic_status", "mic-status"),
    asim: mapped("AdditionalFields.MicStatus", "mic-status"),
  },
  "ntlm.avFlags": {
    model: "ntlm.avFlags.hex",
    value: "hex",
    ecs: exact("ntlm.av_flags.hex"),
    cim: exact("ntlm_av_flags"),
    asim: exact("AdditionalFields.AvFlags"),
  },
  "ntlm.avFlagsText": { model: "ntlm.avFlagsText", value: "text", ecs: exact("ntlm.av_flags_text") },
  "ntlm.signOn": {
    model: "ntlm.signOn",
    value: "sign-on",
    ecs: mapped("ntlm.sign_on", "sign-on"),
    cim: mapped("ntlm_sign_on", "sign-on"),
    asim: mapped("AdditionalFields.SignOn", "sign-on"),
  },
  "usage.reasonId": {
    model: "usage.reasonId",
    value: "integer",
    ecs: exact("ntlm.usage.reason_id"),
    cim: exact("ntlm_usage_reason_id"),
    asim: exact("AdditionalFields.UsageReasonId"),
  },
  "usage.reason": {
    model: "usage.reasonRaw",
    value: "text",
    ecs: exact("ntlm.usage.reason_raw"),
    cim: approx("ntlm_usage_reason", "the KB5064479 text for the reason ID, not the event's own text"),
    asim: approx(
      "AdditionalFields.UsageReason",
      "the KB5064479 text for the reason ID, not the event's own text",
    ),
  },
  "secureChannel.name": {
    model: "ntlm.secureChannel.name",
    value: "text",
    ecs: exact("ntlm.secure_channel.name"),
    cim: exact("ntlm_secure_channel"),
    asim: exact("AdditionalFields.SecureChannelName"),
  },
  "secureChannel.type": {
    model: "ntlm.secureChannel.type.code",
    value: "integer",
    ecs: exact("ntlm.secure_channel.type"),
    cim: approx(
      "ntlm_secure_channel_type",
      "holds the MS-NRPC type name (WorkstationSecureChannel), not the number",
    ),
    asim: approx(
      "AdditionalFields.SecureChannelType",
      "holds the MS-NRPC type name (WorkstationSecureChannel), not the number",
    ),
  },
  "farside.name": {
    model: "ntlm.farside.name",
    value: "host",
    ecs: exact("ntlm.farside.name"),
    cim: exact("ntlm_farside"),
    asim: exact("AdditionalFields.FarsideName"),
  },
  "farside.domain": {
    model: "ntlm.farside.domain",
    value: "text",
    ecs: exact("ntlm.farside.domain"),
    asim: exact("AdditionalFields.FarsideDomain"),
  },
  "farside.ip": {
    model: "ntlm.farside.ip",
    value: "ip",
    ecs: exact("ntlm.farside.ip"),
    asim: exact("AdditionalFields.FarsideIp"),
  },
  "status.code": {
    model: "status.code",
    value: "ntstatus",
    ecs: exact("ntlm.status.code"),
    cim: exact("reason_id"),
    asim: exact("EventOriginalResultDetails"),
  },
  "status.message": {
    model: "status.message",
    value: "text",
    ecs: approx("ntlm.status.message", "our NTSTATUS table's text when the event carries none"),
    cim: approx("reason", "the outcome reason or the NTSTATUS text"),
    asim: approx("AdditionalFields.StatusMessage", "our NTSTATUS table's text when the event carries none"),
  },
  "policy.silo": {
    model: "policy.silo",
    value: "text",
    ecs: exact("ntlm.policy.silo"),
    cim: exact("ntlm_policy_silo"),
    asim: exact("AdditionalFields.PolicySilo"),
  },
  "policy.name": {
    model: "policy.name",
    value: "text",
    ecs: exact("ntlm.policy.name"),
    cim: exact("ntlm_policy_name"),
    asim: exact("AdditionalFields.PolicyName"),
  },
};

/** The System fields Sigma's Windows rules use. */
const SYSTEM_FIELDS: readonly FieldMapping[] = [
  {
    sigma: "EventID",
    kind: "system",
    description: "Event ID (System/EventID)",
    model: "record.eventId",
    rawNames: ["EventID"],
    eventIds: [],
    value: "integer",
    ecs: exact("event.code", "a string in ECS (also winlog.event_id)"),
    cim: exact("EventCode", "a string (also signature_id)"),
    asim: exact("EventOriginalType", "a string"),
  },
  {
    sigma: "Channel",
    kind: "system",
    description: "Event log channel",
    model: "record.channel",
    rawNames: ["Channel"],
    eventIds: [],
    value: "text",
    ecs: exact("winlog.channel"),
    asim: exact("AdditionalFields.Channel"),
    notes:
      "Our CIM output has no channel field: select the channel with the Splunk source/sourcetype instead.",
  },
  {
    sigma: "Provider_Name",
    kind: "system",
    description: "Provider name (Microsoft-Windows-NTLM or Microsoft-Windows-Security-Netlogon)",
    model: "record.provider",
    rawNames: ["Provider_Name"],
    eventIds: [],
    value: "text",
    ecs: exact("winlog.provider_name"),
  },
  {
    sigma: "Computer",
    kind: "system",
    description: "The machine that wrote the event",
    model: "record.host",
    rawNames: ["Computer"],
    eventIds: [],
    value: "host",
    ecs: exact("host.name"),
    cim: exact("host"),
    asim: exact("Dvc"),
  },
  {
    sigma: "EventRecordID",
    kind: "system",
    description: "Event record ID",
    model: "record.recordId",
    rawNames: ["EventRecordID"],
    eventIds: [],
    value: "text",
    ecs: exact("winlog.record_id"),
    cim: exact("ntlm_record_id"),
    asim: exact("EventOriginalUid"),
  },
  {
    sigma: "Level",
    kind: "system",
    description: "Event level (2 error, 3 warning, 4 information)",
    model: "record.level",
    rawNames: ["Level"],
    eventIds: [],
    value: "integer",
    ecs: {
      field: "log.level",
      fidelity: "mapped",
      values: { "1": "critical", "2": "error", "3": "warning", "4": "information", "5": "verbose" },
    },
    asim: {
      field: "EventOriginalSeverity",
      fidelity: "mapped",
      values: { "1": "Critical", "2": "Error", "3": "Warning", "4": "Information", "5": "Verbose" },
    },
  },
];

/**
 * Project extension (Sigma cannot compare a field with a transformed other field): `AccountMachineName` is
 * UserName without its trailing `$`, present only for computer accounts. Rules compare it with `|fieldref`.
 */
const DERIVED_FIELDS: readonly FieldMapping[] = [
  {
    sigma: "AccountMachineName",
    kind: "derived",
    description:
      "Project extension: the computer name a machine account stands for (UserName without its trailing $); absent for user accounts",
    model: "client.user.name (isMachine) without the trailing $",
    rawNames: [],
    eventIds: [8004, 8005, 8006, 4004, 4005, 4006],
    value: "host",
    ecs: approx("ntlm_account_machine_name", "not stored: computed in the query (see derived.esql)"),
    cim: approx("ntlm_account_machine_name", "not stored: computed in the query (see derived.spl)"),
    asim: approx("NtlmAccountMachineName", "not stored: computed in the query (see derived.kql)"),
    derived: {
      from: ["UserName"],
      esql: 'EVAL ntlm_account_machine_name = CASE(ENDS_WITH(winlog.event_data.UserName, "$"), SUBSTRING(winlog.event_data.UserName, 1, LENGTH(winlog.event_data.UserName) - 1), null)',
      spl: 'eval ntlm_account_machine_name=if(match(user, "\\$$"), replace(user, "\\$$", ""), null())',
      kql: 'extend NtlmAccountMachineName = iff(TargetUsername endswith "$", trim_end(@"\\$", tostring(split(TargetUsername, @"\\")[-1])), "")',
    },
    notes:
      "Compared with |fieldref case-insensitively (Windows computer names): ES|QL TO_LOWER(a) == TO_LOWER(b), SPL where lower(a)==lower(b), KQL a =~ b. Elastic KQL/EQL cannot compare two fields: use ES|QL.",
  },
];

function eventDataMappings(): FieldMapping[] {
  // Every catalog primary name becomes a Sigma field; its spellings are the aliases of the same-slot specs named
  // like it, minus names that are some other slot's primary name (ClientUserName is 8001's process identity).
  const primaries = new Map<string, { slot: Slot; specs: FieldSpec[]; eventIds: Set<number> }>();
  const primarySlot = new Map<string, Slot>();
  for (const event of EVENT_CATALOG) {
    for (const f of event.fields) {
      const known = primaries.get(f.name);
      if (known && known.slot !== f.slot)
        throw new Error(`field map: ${f.name} lands in ${known.slot} and ${f.slot}`);
      const entry = known ?? { slot: f.slot, specs: [], eventIds: new Set<number>() };
      entry.specs.push(f);
      entry.eventIds.add(event.id);
      primaries.set(f.name, entry);
      primarySlot.set(f.name.toLowerCase(), f.slot);
    }
  }
  // Aliases: specs whose alias list names this field (4021 Username is reached by Sigma UserName).
  for (const event of EVENT_CATALOG) {
    for (const f of event.fields) {
      for (const alias of f.aliases ?? []) {
        const entry = primaries.get(alias);
        if (entry && entry.slot === f.slot) {
          entry.specs.push(f);
          entry.eventIds.add(event.id);
        }
      }
    }
  }
  const out: FieldMapping[] = [];
  for (const [name, { slot, specs, eventIds }] of primaries) {
    const rawNames = new Set<string>([name]);
    for (const spec of specs) {
      for (const n of [spec.name, ...(spec.aliases ?? [])]) {
        const other = primarySlot.get(n.toLowerCase());
        if (other === undefined || other === slot) rawNames.add(n);
      }
    }
    const target = SLOT_TARGETS[slot];
    const raw = exact(`winlog.event_data.${name}`, "case-sensitive name: also query the other rawNames");
    const mapping: FieldMapping = {
      sigma: name,
      kind: "event-data",
      description: specs[0]?.label ?? name,
      slot,
      model: target.model,
      rawNames: [...rawNames],
      eventIds: [...eventIds].sort((a, b) => a - b),
      value: target.value,
      ecs: target.ecs ?? raw,
      ecsRaw: target.value === "host" ? approx(raw.field, "keeps the leading \\\\ the engine strips") : raw,
    };
    if (target.cim) mapping.cim = target.cim;
    if (target.asim) mapping.asim = target.asim;
    if (target.notes !== undefined) mapping.notes = target.notes;
    out.push(mapping);
  }
  return out.sort((a, b) => a.sigma.localeCompare(b.sigma));
}

/** Every Sigma field a rule may use, by exact name. */
export const FIELD_MAP: ReadonlyMap<string, FieldMapping> = new Map(
  [...SYSTEM_FIELDS, ...eventDataMappings(), ...DERIVED_FIELDS].map((m) => [m.sigma, m]),
);

/** The mapping of a Sigma field; throws (content.unmapped-field) for a name the map does not know. */
export function resolveField(sigma: string, context = ""): FieldMapping {
  const mapping = FIELD_MAP.get(sigma);
  if (mapping) return mapping;
  const near = [...FIELD_MAP.keys()].find((k) => k.toLowerCase() === sigma.toLowerCase());
  throw new NtlmSiemError(
    "content.unmapped-field",
    "config",
    `${context}${context ? ": " : ""}Sigma field "${sigma}" is not in the field map${near === undefined ? "" : ` (did you mean "${near}"?)`}`,
  );
}

/**
 * Reads a Sigma field from an event, canonicalized per the mapping's value kind; undefined when absent (Sigma
 * null). Pure; the engine memoizes per event.
 */
export function readField(event: NtlmEvent, mapping: FieldMapping): FieldValue | undefined {
  switch (mapping.kind) {
    case "system":
      return readSystem(event, mapping.sigma);
    case "derived":
      return readDerived(event, mapping.sigma);
    case "event-data": {
      const raw = rawEventData(event, mapping.sigma, mapping.slot);
      return raw === undefined ? undefined : canonical(raw, mapping.value);
    }
  }
}

function readSystem(event: NtlmEvent, name: string): FieldValue | undefined {
  const r = event.record;
  switch (name) {
    case "EventID":
      return r.eventId;
    case "Channel":
      return r.channel;
    case "Provider_Name":
      return r.provider;
    case "Computer":
      return r.host === undefined ? undefined : canonical(r.host, "host");
    case "EventRecordID":
      return r.recordId;
    case "Level":
      return r.level;
    default:
      return undefined;
  }
}

function readDerived(event: NtlmEvent, name: string): FieldValue | undefined {
  if (name !== "AccountMachineName") return undefined;
  const user = rawEventData(event, "UserName", "client.user.name");
  if (user === undefined || !user.endsWith("$") || user.length < 2) return undefined;
  // DOMAIN\HOST$ and HOST$ name the same machine.
  const bare = user.slice(user.lastIndexOf("\\") + 1, -1);
  return bare === "" ? undefined : bare;
}

/** The present (non-placeholder) raw text of a Sigma event-data field, resolved through the catalog. */
function rawEventData(event: NtlmEvent, sigma: string, slot: Slot | undefined): string | undefined {
  const spec = lookupEvent(event.record.channel, event.record.eventId);
  const fieldSpec = spec ? fieldIndex(spec).get(sigma.toLowerCase()) : undefined;
  if (fieldSpec) {
    if (fieldSpec.slot !== slot) return undefined;
    for (const name of [fieldSpec.name, ...(fieldSpec.aliases ?? [])]) {
      const v = lookupData(event.eventData, name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  return lookupData(event.eventData, sigma);
}

function lookupData(data: Record<string, string | null>, name: string): string | undefined {
  if (Object.hasOwn(data, name)) return presentOrUndefined(data[name]);
  const lower = name.toLowerCase();
  for (const key in data) if (key.toLowerCase() === lower) return presentOrUndefined(data[key]);
  return undefined;
}

/** Canonicalizes a present raw text per value kind (see ValueKind). */
export function canonical(text: string, kind: ValueKind): FieldValue | undefined {
  switch (kind) {
    case "text":
      return text;
    case "host": {
      const host = cleanHostName(text);
      return presentOrUndefined(host);
    }
    case "ip": {
      const ip = decodeIpAddress(text);
      return ip === undefined || isDecodeFailure(ip) ? text : ip.ip;
    }
    case "integer": {
      const n = decodeHexInt32(text);
      return n === undefined || isDecodeFailure(n) ? text : n.value;
    }
    case "hex": {
      const n = decodeHexInt32(text);
      return n === undefined || isDecodeFailure(n) ? text : n.hex;
    }
    case "ntstatus": {
      const s = decodeNtStatus(text);
      return s === undefined || isDecodeFailure(s) ? text : s.code;
    }
    case "ntlm-version":
    case "mic-status":
    case "channel-binding":
    case "session-key":
    case "sign-on":
      return ENUM_CANONICAL[kind].byFold.get(foldKey(text)) ?? text;
  }
}
