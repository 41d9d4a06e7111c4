import type { NtlmEvent, NtlmFlags } from "../../model/ntlm-event.js";
import { members, unique, type JsonObject } from "../compact.js";
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

  return (
    members({
      "@timestamp": record.timestamp,
      ecs: { version: ECS_DOCUMENT_VERSION },
      message: record.message,
      event: members({
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
      }),
      log: { level },
      host: members({ name: record.host }),
      user: parties.user && members({ name: parties.user.name, domain: parties.user.domain }),
      source: endpoint(parties.source),
      destination: endpoint(parties.destination),
      process: members({
        pid: event.process.pid,
        name: event.process.name,
        executable: event.process.executable,
        user: event.process.user && { name: event.process.user.name },
      }),
      related: members({
        user: unique([parties.user?.name, parties.actor?.name]),
        hosts: unique([
          record.host,
          parties.source?.name,
          parties.destination?.name,
          event.target.spn?.host,
          event.ntlm.farside?.name,
        ]),
        ip: unique([parties.source?.ip, parties.destination?.ip, event.ntlm.farside?.ip]),
      }),
      winlog: winlog(event, level),
      ntlm: ntlmNamespace(event),
    }) ?? {}
  );
}

function endpoint(e: Endpoint | undefined): JsonObject | undefined {
  if (!e) return undefined;
  return members({ address: e.name ?? e.ip, domain: e.name, ip: e.ip, port: e.port });
}

function winlog(event: NtlmEvent, level: string): JsonObject | undefined {
  const { record } = event;
  return members({
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
    process: members({
      pid: record.processId,
      thread: record.threadId === undefined ? undefined : { id: record.threadId },
    }),
    user: record.userSid === undefined ? undefined : { identifier: record.userSid },
    // Raw, placeholders included: exactly what the winlog input would carry (it drops empty values only).
    event_data: presentEventData(event.eventData),
  });
}

function presentEventData(data: Record<string, string | null>): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const key in data) {
    const value = data[key];
    if (value !== null && value !== undefined && value !== "") (out ??= {})[key] = value;
  }
  return out;
}

function ntlmNamespace(event: NtlmEvent): JsonObject | undefined {
  const { ntlm } = event;
  const spn = event.target.spn;
  const user = event.client.user;
  return members({
    role: event.event.role,
    mode: event.event.mode,
    direction: event.event.direction,
    insecure: event.event.insecure,
    insecure_reasons: event.event.insecureReasons,
    version: ntlm.version,
    version_raw: ntlm.versionRaw,
    negotiated_flags: flags(ntlm.negotiatedFlags),
    required_flags: flags(ntlm.requiredFlags),
    av_flags: flags(ntlm.avFlags),
    av_flags_text: ntlm.avFlagsText,
    mic_status: ntlm.mic,
    channel_binding: ntlm.channelBinding,
    session_key: ntlm.sessionKey,
    service_binding: ntlm.serviceBinding,
    sign_on: ntlm.signOn,
    mechanism: ntlm.mechanism && members({ oid: ntlm.mechanism.oid, name: ntlm.mechanism.name }),
    logon_type: ntlm.logonType && members({ code: ntlm.logonType.code, name: ntlm.logonType.name }),
    secure_channel:
      ntlm.secureChannel &&
      members({
        name: ntlm.secureChannel.name,
        type: ntlm.secureChannel.type?.code,
        type_name: ntlm.secureChannel.type?.name,
      }),
    farside:
      ntlm.farside && members({ name: ntlm.farside.name, domain: ntlm.farside.domain, ip: ntlm.farside.ip }),
    usage:
      event.usage &&
      members({
        reason_id: event.usage.reasonId,
        reason: event.usage.reason,
        reason_slug: event.usage.reasonSlug,
        reason_raw: event.usage.reasonRaw,
      }),
    status:
      event.status &&
      members({ code: event.status.code, name: event.status.name, message: event.status.message }),
    policy: event.policy && members({ silo: event.policy.silo, name: event.policy.name }),
    target: members({
      name: event.target.name,
      os: event.target.os,
      network_name: event.target.host?.networkName,
      spn:
        spn &&
        members({
          service_class: spn.serviceClass,
          host: spn.host,
          port: spn.port,
          service_name: spn.serviceName,
        }),
    }),
    client: members({
      user_kind: user?.kind,
      user_is_machine: user?.isMachine,
      user_is_anonymous: user?.isAnonymous,
      user_unreadable: user?.unreadable,
      network_name: event.client.workstation?.networkName,
    }),
    process: members({
      luid: event.process.luid,
      luid_name: event.process.luidName,
      user_domain: event.process.user?.domain,
      in_proc: event.process.inProc,
      service_host_tag: event.process.serviceHostTag,
    }),
    known_event: event.event.known ? undefined : false,
    recovered: event.origin.recovered,
    file_offset: event.origin.recovered ? event.origin.offset : undefined,
  });
}

function flags(value: NtlmFlags | undefined): JsonObject | undefined {
  return value && members({ value: value.value, hex: value.hex, names: value.names });
}
