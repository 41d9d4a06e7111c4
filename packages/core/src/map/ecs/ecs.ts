import type { NtlmEvent } from "../../model/ntlm-event.js";
import { compact, unique, type JsonObject } from "../compact.js";
import { resolveParties, type Endpoint } from "../parties.js";

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
const LEVEL_NAMES: Record<NtlmEvent["event"]["severity"], string> = {
  critical: "critical",
  error: "error",
  warning: "warning",
  informational: "information",
  verbose: "verbose",
  unknown: "unknown",
};

export function toEcs(event: NtlmEvent): JsonObject {
  const parties = resolveParties(event);
  const { record } = event;
  const level = LEVEL_NAMES[event.event.severity];
  const outcomeKnown = event.event.outcome !== "unknown";

  return compact({
    "@timestamp": record.timestamp,
    ecs: { version: ECS_DOCUMENT_VERSION },
    message: record.message,
    event: {
      kind: "event",
      category: ["authentication"],
      // ECS expects start/end/info for authentication: an attempt with a known result is a start, an audit
      // record that does not say how it ended is info.
      type: [outcomeKnown ? "start" : "info"],
      action: event.event.action,
      outcome: event.event.outcome,
      reason: event.event.outcomeReason,
      code: String(record.eventId),
      provider: record.provider,
      module: "windows",
      dataset: ECS_DATASET,
    },
    log: { level },
    host: { name: record.host },
    user: parties.user && {
      name: parties.user.name,
      domain: parties.user.domain,
    },
    source: endpoint(parties.source),
    destination: endpoint(parties.destination),
    process: {
      pid: event.process.pid,
      name: event.process.name,
      executable: event.process.executable,
      user: event.process.user && { name: event.process.user.name },
    },
    related: {
      user: unique([parties.user?.name, parties.actor?.name]),
      hosts: unique([
        record.host,
        parties.source?.name,
        parties.destination?.name,
        event.target.spn?.host,
        event.ntlm.farside?.name,
      ]),
      ip: unique([parties.source?.ip, parties.destination?.ip, event.ntlm.farside?.ip]),
    },
    winlog: winlog(event, level),
    ntlm: ntlmNamespace(event),
  });
}

function endpoint(e: Endpoint | undefined): JsonObject | undefined {
  if (!e) return undefined;
  return compact({ address: e.name ?? e.ip, domain: e.name, ip: e.ip, port: e.port });
}

function winlog(event: NtlmEvent, level: string): JsonObject {
  const { record } = event;
  return compact({
    channel: record.channel,
    provider_name: record.provider,
    provider_guid: record.providerGuid,
    event_id: String(record.eventId),
    record_id: record.recordId,
    computer_name: record.host,
    level,
    version: record.version,
    // Winlogbeat writes the rendered names here (keyword fields), not the numbers.
    opcode: record.opcodeName,
    task: record.taskName,
    keywords: record.keywords === undefined ? undefined : [record.keywords],
    time_created: record.timestamp,
    activity_id: record.activityId,
    related_activity_id: record.relatedActivityId,
    process: { pid: record.processId, thread: { id: record.threadId } },
    user: { identifier: record.userSid },
    // Raw, placeholders included: exactly what the winlog input would carry (it drops empty values only).
    event_data: presentEventData(event.eventData),
  });
}

function presentEventData(data: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in data) {
    const value = data[key];
    if (value !== null && value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

function ntlmNamespace(event: NtlmEvent): JsonObject {
  const { ntlm } = event;
  return compact({
    role: event.event.role,
    mode: event.event.mode,
    direction: event.event.direction,
    insecure: event.event.insecure,
    insecure_reasons: event.event.insecureReasons,
    version: ntlm.version,
    version_raw: ntlm.versionRaw,
    negotiated_flags: ntlm.negotiatedFlags,
    required_flags: ntlm.requiredFlags,
    av_flags: ntlm.avFlags,
    av_flags_text: ntlm.avFlagsText,
    mic_status: ntlm.mic,
    channel_binding: ntlm.channelBinding,
    session_key: ntlm.sessionKey,
    service_binding: ntlm.serviceBinding,
    sign_on: ntlm.signOn,
    mechanism: ntlm.mechanism,
    logon_type: ntlm.logonType,
    secure_channel: ntlm.secureChannel && {
      name: ntlm.secureChannel.name,
      type: ntlm.secureChannel.type?.code,
      type_name: ntlm.secureChannel.type?.name,
    },
    farside: ntlm.farside && { name: ntlm.farside.name, domain: ntlm.farside.domain, ip: ntlm.farside.ip },
    usage: event.usage && {
      reason_id: event.usage.reasonId,
      reason: event.usage.reason,
      reason_slug: event.usage.reasonSlug,
      reason_raw: event.usage.reasonRaw,
    },
    status: event.status && {
      code: event.status.code,
      name: event.status.name,
      message: event.status.message,
    },
    policy: event.policy,
    target: {
      name: event.target.name,
      os: event.target.os,
      network_name: event.target.host?.networkName,
      spn: event.target.spn && {
        service_class: event.target.spn.serviceClass,
        host: event.target.spn.host,
        port: event.target.spn.port,
        service_name: event.target.spn.serviceName,
      },
    },
    client: {
      user_kind: event.client.user?.kind,
      user_is_machine: event.client.user?.isMachine,
      user_is_anonymous: event.client.user?.isAnonymous,
      user_unreadable: event.client.user?.unreadable,
      network_name: event.client.workstation?.networkName,
    },
    process: {
      luid: event.process.luid,
      luid_name: event.process.luidName,
      user_domain: event.process.user?.domain,
      in_proc: event.process.inProc,
      service_host_tag: event.process.serviceHostTag,
    },
    known_event: event.event.known ? undefined : false,
    recovered: event.origin.recovered,
    file_offset: event.origin.recovered ? event.origin.offset : undefined,
  });
}
