import type { NtlmAccount, NtlmEvent, NtlmFlags, NtlmHost } from "../../model/ntlm-event.js";
import { unique, type JsonObject, type JsonValue } from "../compact.js";
import { resolveParties, type Endpoint, type Parties } from "../parties.js";

/**
 * NtlmEvent -> ECS document: what Elastic Agent's winlog input would send (`winlog.*`, raw `event_data` kept so
 * existing Elastic content keeps working) plus ECS fields and the NTLM meaning under the custom `ntlm` namespace.
 * Every field outside `winlog.*` and `ntlm.*` exists in ECS with a matching type (checked by test/conformance).
 */

/** ECS version the documents declare: the 8.x line, whose fields are a subset of 9.x (both checked in tests). */
export const ECS_DOCUMENT_VERSION = "8.17.0";
/** Elastic's windows package names its data streams `windows.<channel>`; this one is ours. */
export const ECS_DATASET = "windows.ntlm_operational";
export const ECS_CUSTOM_NAMESPACES = ["winlog", "ntlm"] as const;

/** Winlogbeat's rendering of the level (winlog.level / log.level). */
export const ECS_LOG_LEVELS: Readonly<Record<NtlmEvent["event"]["severity"], string>> = {
  critical: "critical",
  error: "error",
  warning: "warning",
  informational: "information",
  verbose: "verbose",
  unknown: "unknown",
};

/*
 * Every level is built member by member, in document order: an optional member is set only when present, an empty
 * list is left out, and a level with no members is left out of its parent. Plain property stores with fixed names
 * are several times faster than a generic "drop the absent members" pass, and this runs for every document.
 */

export function toEcs(event: NtlmEvent): JsonObject {
  const parties = resolveParties(event);
  const { record } = event;
  const level = ECS_LOG_LEVELS[event.event.severity];

  const doc: JsonObject = { "@timestamp": record.timestamp, ecs: { version: ECS_DOCUMENT_VERSION } };
  if (record.message !== undefined) doc.message = record.message;
  doc.event = eventField(event);
  doc.log = { level };
  if (record.host !== undefined) doc.host = { name: record.host };
  if (parties.user) doc.user = userField(parties.user);
  setPresent(doc, "source", endpoint(parties.source));
  setPresent(doc, "destination", endpoint(parties.destination));
  setPresent(doc, "process", processField(event));
  setPresent(doc, "related", related(event, parties));
  doc.winlog = winlog(event, level);
  doc.ntlm = ntlmNamespace(event);
  return doc;
}

function eventField(event: NtlmEvent): JsonObject {
  const { record } = event;
  const out: JsonObject = {
    kind: "event",
    category: ["authentication"],
    // ECS expects start/end/info for authentication: an attempt with a known result is a start, an audit
    // record that does not say how it ended is info.
    type: [event.event.outcome !== "unknown" ? "start" : "info"],
    action: event.event.action,
    outcome: event.event.outcome,
  };
  if (event.event.outcomeReason !== undefined) out.reason = event.event.outcomeReason;
  out.code = String(record.eventId);
  if (record.provider !== undefined) out.provider = record.provider;
  out.module = "windows";
  out.dataset = ECS_DATASET;
  return out;
}

function userField(user: NtlmAccount): JsonObject {
  const out: JsonObject = { name: user.name };
  if (user.domain !== undefined) out.domain = user.domain;
  return out;
}

function processField(event: NtlmEvent): JsonObject {
  const { process } = event;
  const out: JsonObject = {};
  if (process.pid !== undefined) out.pid = process.pid;
  if (process.name !== undefined) out.name = process.name;
  if (process.executable !== undefined) out.executable = process.executable;
  if (process.user) out.user = { name: process.user.name };
  return out;
}

function related(event: NtlmEvent, parties: Parties): JsonObject {
  const { record } = event;
  const out: JsonObject = {};
  setList(out, "user", unique([parties.user?.name, parties.actor?.name]));
  setList(
    out,
    "hosts",
    unique([
      record.host,
      parties.source?.name,
      parties.destination?.name,
      event.target.spn?.host,
      event.ntlm.farside?.name,
    ]),
  );
  setList(out, "ip", unique([parties.source?.ip, parties.destination?.ip, event.ntlm.farside?.ip]));
  return out;
}

function endpoint(e: Endpoint | undefined): JsonObject | undefined {
  if (!e) return undefined;
  const out: JsonObject = {};
  const address = e.name ?? e.ip;
  if (address !== undefined) out.address = address;
  if (e.name !== undefined) out.domain = e.name;
  if (e.ip !== undefined) out.ip = e.ip;
  if (e.port !== undefined) out.port = e.port;
  return out;
}

function winlog(event: NtlmEvent, level: string): JsonObject {
  const { record } = event;
  const out: JsonObject = { channel: record.channel };
  if (record.provider !== undefined) out.provider_name = record.provider;
  if (record.providerGuid !== undefined) out.provider_guid = record.providerGuid;
  out.event_id = String(record.eventId);
  if (record.recordId !== undefined) out.record_id = record.recordId;
  if (record.host !== undefined) out.computer_name = record.host;
  out.level = level;
  if (record.version !== undefined) out.version = record.version;
  // Winlogbeat writes the rendered names here (keyword fields), not the numbers.
  if (record.opcodeName !== undefined) out.opcode = record.opcodeName;
  if (record.taskName !== undefined) out.task = record.taskName;
  if (record.keywords !== undefined) out.keywords = [record.keywords];
  out.time_created = record.timestamp;
  if (record.activityId !== undefined) out.activity_id = record.activityId;
  if (record.relatedActivityId !== undefined) out.related_activity_id = record.relatedActivityId;
  setPresent(out, "process", winlogProcess(record));
  if (record.userSid !== undefined) out.user = { identifier: record.userSid };
  // Raw, placeholders included: exactly what the winlog input would carry (it drops empty values only).
  setPresent(out, "event_data", presentEventData(event.eventData));
  return out;
}

function winlogProcess(record: NtlmEvent["record"]): JsonObject {
  const out: JsonObject = {};
  if (record.processId !== undefined) out.pid = record.processId;
  if (record.threadId !== undefined) out.thread = { id: record.threadId };
  return out;
}

function presentEventData(data: Record<string, string | null>): JsonObject {
  const out: JsonObject = {};
  for (const key in data) {
    const value = data[key];
    if (value !== null && value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

function ntlmNamespace(event: NtlmEvent): JsonObject {
  const { ntlm } = event;
  const facts = event.event;
  const out: JsonObject = {
    role: facts.role,
    mode: facts.mode,
    direction: facts.direction,
    insecure: facts.insecure,
  };
  setList(out, "insecure_reasons", facts.insecureReasons);
  if (ntlm.version !== undefined) out.version = ntlm.version;
  if (ntlm.versionRaw !== undefined) out.version_raw = ntlm.versionRaw;
  if (ntlm.negotiatedFlags) out.negotiated_flags = flags(ntlm.negotiatedFlags);
  if (ntlm.requiredFlags) out.required_flags = flags(ntlm.requiredFlags);
  if (ntlm.avFlags) out.av_flags = flags(ntlm.avFlags);
  if (ntlm.avFlagsText !== undefined) out.av_flags_text = ntlm.avFlagsText;
  if (ntlm.mic !== undefined) out.mic_status = ntlm.mic;
  if (ntlm.channelBinding !== undefined) out.channel_binding = ntlm.channelBinding;
  if (ntlm.sessionKey !== undefined) out.session_key = ntlm.sessionKey;
  if (ntlm.serviceBinding !== undefined) out.service_binding = ntlm.serviceBinding;
  if (ntlm.signOn !== undefined) out.sign_on = ntlm.signOn;
  if (ntlm.mechanism) out.mechanism = mechanism(ntlm.mechanism);
  if (ntlm.logonType) out.logon_type = logonType(ntlm.logonType);
  if (ntlm.secureChannel) setPresent(out, "secure_channel", secureChannel(ntlm.secureChannel));
  if (ntlm.farside) setPresent(out, "farside", farside(ntlm.farside));
  if (event.usage) setPresent(out, "usage", usage(event.usage));
  if (event.status) out.status = status(event.status);
  if (event.policy) setPresent(out, "policy", policy(event.policy));
  setPresent(out, "target", ntlmTarget(event));
  setPresent(out, "client", ntlmClient(event));
  setPresent(out, "process", ntlmProcess(event));
  if (!facts.known) out.known_event = false;
  if (event.origin.recovered !== undefined) out.recovered = event.origin.recovered;
  if (event.origin.recovered && event.origin.offset !== undefined) out.file_offset = event.origin.offset;
  return out;
}

function flags(value: NtlmFlags): JsonObject {
  const out: JsonObject = { value: value.value, hex: value.hex };
  setList(out, "names", value.names);
  return out;
}

type Ntlm = NtlmEvent["ntlm"];

function mechanism(m: NonNullable<Ntlm["mechanism"]>): JsonObject {
  const out: JsonObject = { oid: m.oid };
  if (m.name !== undefined) out.name = m.name;
  return out;
}

function logonType(t: NonNullable<Ntlm["logonType"]>): JsonObject {
  const out: JsonObject = { code: t.code };
  if (t.name !== undefined) out.name = t.name;
  return out;
}

function secureChannel(channel: NonNullable<Ntlm["secureChannel"]>): JsonObject {
  const out: JsonObject = {};
  if (channel.name !== undefined) out.name = channel.name;
  if (channel.type !== undefined) out.type = channel.type.code;
  if (channel.type?.name !== undefined) out.type_name = channel.type.name;
  return out;
}

function farside(host: NtlmHost): JsonObject {
  const out: JsonObject = {};
  if (host.name !== undefined) out.name = host.name;
  if (host.domain !== undefined) out.domain = host.domain;
  if (host.ip !== undefined) out.ip = host.ip;
  return out;
}

function usage(u: NonNullable<NtlmEvent["usage"]>): JsonObject {
  const out: JsonObject = {};
  if (u.reasonId !== undefined) out.reason_id = u.reasonId;
  if (u.reason !== undefined) out.reason = u.reason;
  if (u.reasonSlug !== undefined) out.reason_slug = u.reasonSlug;
  if (u.reasonRaw !== undefined) out.reason_raw = u.reasonRaw;
  return out;
}

function status(s: NonNullable<NtlmEvent["status"]>): JsonObject {
  const out: JsonObject = { code: s.code };
  if (s.name !== undefined) out.name = s.name;
  if (s.message !== undefined) out.message = s.message;
  return out;
}

function policy(p: NonNullable<NtlmEvent["policy"]>): JsonObject {
  const out: JsonObject = {};
  if (p.silo !== undefined) out.silo = p.silo;
  if (p.name !== undefined) out.name = p.name;
  return out;
}

function ntlmTarget(event: NtlmEvent): JsonObject {
  const { target } = event;
  const out: JsonObject = {};
  if (target.name !== undefined) out.name = target.name;
  if (target.os !== undefined) out.os = target.os;
  if (target.host?.networkName !== undefined) out.network_name = target.host.networkName;
  if (target.spn) setPresent(out, "spn", spnField(target.spn));
  return out;
}

function spnField(spn: NonNullable<NtlmEvent["target"]["spn"]>): JsonObject {
  const out: JsonObject = {};
  if (spn.serviceClass !== undefined) out.service_class = spn.serviceClass;
  if (spn.host !== undefined) out.host = spn.host;
  if (spn.port !== undefined) out.port = spn.port;
  if (spn.serviceName !== undefined) out.service_name = spn.serviceName;
  return out;
}

function ntlmClient(event: NtlmEvent): JsonObject {
  const user = event.client.user;
  const out: JsonObject = {};
  if (user) {
    out.user_kind = user.kind;
    out.user_is_machine = user.isMachine;
    out.user_is_anonymous = user.isAnonymous;
    if (user.unreadable !== undefined) out.user_unreadable = user.unreadable;
  }
  if (event.client.workstation?.networkName !== undefined) {
    out.network_name = event.client.workstation.networkName;
  }
  return out;
}

function ntlmProcess(event: NtlmEvent): JsonObject {
  const { process } = event;
  const out: JsonObject = {};
  if (process.luid !== undefined) out.luid = process.luid;
  if (process.luidName !== undefined) out.luid_name = process.luidName;
  if (process.user?.domain !== undefined) out.user_domain = process.user.domain;
  if (process.inProc !== undefined) out.in_proc = process.inProc;
  if (process.serviceHostTag !== undefined) out.service_host_tag = process.serviceHostTag;
  return out;
}

/** Sets a level unless it came out empty: a level with no members is left out of its parent. */
function setPresent(parent: JsonObject, key: string, level: JsonObject | undefined): void {
  if (level === undefined) return;
  for (const _member in level) {
    parent[key] = level;
    return;
  }
}

/** Sets a list unless it is empty. */
function setList(parent: JsonObject, key: string, list: JsonValue[]): void {
  if (list.length > 0) parent[key] = list;
}
