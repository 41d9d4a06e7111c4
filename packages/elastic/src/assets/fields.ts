import { ECS_FIELDS, type EcsFieldType } from "@ntlm-siem/core";

/**
 * Every field our documents carry, by namespace, and its Elasticsearch type:
 * - ECS fields: names only here; the type is ECS's own (core's ECS_FIELDS, generated from @elastic/ecs), never
 *   written by hand. A name that is not an ECS field throws.
 * - `winlog.*`: typed as Elastic's windows integration / Winlogbeat map them (keyword for identifiers and
 *   rendered names, long for numbers, date for time_created); `winlog.event_data.*` by a dynamic template (keyword).
 *   Reference: https://www.elastic.co/guide/en/beats/winlogbeat/current/exported-fields-winlog.html
 * - `ntlm.*`: our namespace; the type follows the values core emits (a test checks every golden value against it).
 */

export type FieldType = EcsFieldType;

/** ECS fields core's toEcs writes, plus the data-stream and pipeline-error fields Elastic adds. */
export const ECS_EMITTED: readonly string[] = [
  "@timestamp",
  "ecs.version",
  "message",
  "data_stream.type",
  "data_stream.dataset",
  "data_stream.namespace",
  "event.kind",
  "event.category",
  "event.type",
  "event.action",
  "event.outcome",
  "event.reason",
  "event.code",
  "event.provider",
  "event.module",
  "event.dataset",
  "event.created",
  "event.ingested",
  "log.level",
  "host.name",
  "user.name",
  "user.domain",
  "source.address",
  "source.domain",
  "source.ip",
  "source.port",
  "destination.address",
  "destination.domain",
  "destination.ip",
  "destination.port",
  "process.pid",
  "process.name",
  "process.executable",
  "process.user.name",
  "related.user",
  "related.hosts",
  "related.ip",
  "error.message",
];

export const WINLOG_FIELDS: Readonly<Record<string, FieldType>> = {
  "winlog.api": "keyword",
  "winlog.channel": "keyword",
  "winlog.provider_name": "keyword",
  "winlog.provider_guid": "keyword",
  "winlog.event_id": "keyword",
  "winlog.record_id": "keyword",
  "winlog.computer_name": "keyword",
  "winlog.level": "keyword",
  "winlog.version": "long",
  "winlog.opcode": "keyword",
  "winlog.task": "keyword",
  "winlog.keywords": "keyword",
  "winlog.time_created": "date",
  "winlog.activity_id": "keyword",
  "winlog.related_activity_id": "keyword",
  "winlog.process.pid": "long",
  "winlog.process.thread.id": "long",
  "winlog.user.identifier": "keyword",
  "winlog.user.name": "keyword",
  "winlog.user.domain": "keyword",
  "winlog.user.type": "keyword",
};

/** `winlog.event_data.*`: free-form EventData names, all strings as the winlog input sends them. */
export const WINLOG_EVENT_DATA_PATH = "winlog.event_data.*";

const flagFields = (prefix: string): Record<string, FieldType> => ({
  [`${prefix}.value`]: "long",
  [`${prefix}.hex`]: "keyword",
  [`${prefix}.names`]: "keyword",
});

export const NTLM_FIELDS: Readonly<Record<string, FieldType>> = {
  "ntlm.role": "keyword",
  "ntlm.mode": "keyword",
  "ntlm.direction": "keyword",
  "ntlm.insecure": "boolean",
  "ntlm.insecure_reasons": "keyword",
  "ntlm.version": "keyword",
  "ntlm.version_raw": "keyword",
  ...flagFields("ntlm.negotiated_flags"),
  ...flagFields("ntlm.required_flags"),
  ...flagFields("ntlm.av_flags"),
  "ntlm.av_flags_text": "keyword",
  "ntlm.mic_status": "keyword",
  "ntlm.channel_binding": "keyword",
  "ntlm.session_key": "keyword",
  "ntlm.service_binding": "keyword",
  "ntlm.sign_on": "keyword",
  "ntlm.mechanism.oid": "keyword",
  "ntlm.mechanism.name": "keyword",
  "ntlm.logon_type.code": "long",
  "ntlm.logon_type.name": "keyword",
  "ntlm.secure_channel.name": "keyword",
  "ntlm.secure_channel.type": "long",
  "ntlm.secure_channel.type_name": "keyword",
  "ntlm.farside.name": "keyword",
  "ntlm.farside.domain": "keyword",
  "ntlm.farside.ip": "ip",
  "ntlm.usage.reason_id": "long",
  "ntlm.usage.reason": "keyword",
  "ntlm.usage.reason_slug": "keyword",
  "ntlm.usage.reason_raw": "keyword",
  "ntlm.status.code": "keyword",
  "ntlm.status.name": "keyword",
  "ntlm.status.message": "keyword",
  "ntlm.policy.silo": "keyword",
  "ntlm.policy.name": "keyword",
  "ntlm.target.name": "keyword",
  "ntlm.target.os": "keyword",
  "ntlm.target.network_name": "keyword",
  "ntlm.target.spn.service_class": "keyword",
  "ntlm.target.spn.host": "keyword",
  "ntlm.target.spn.port": "long",
  "ntlm.target.spn.service_name": "keyword",
  "ntlm.client.user_kind": "keyword",
  "ntlm.client.user_is_machine": "boolean",
  "ntlm.client.user_is_anonymous": "boolean",
  "ntlm.client.user_unreadable": "boolean",
  "ntlm.client.network_name": "keyword",
  "ntlm.process.luid": "keyword",
  "ntlm.process.luid_name": "keyword",
  "ntlm.process.user_domain": "keyword",
  "ntlm.process.in_proc": "boolean",
  "ntlm.process.service_host_tag": "keyword",
  "ntlm.known_event": "boolean",
  "ntlm.recovered": "boolean",
  "ntlm.file_offset": "long",
};

/** ECS fields with their ECS types, from core's ECS_FIELDS (generated from @elastic/ecs). */
export function ecsFieldTypes(): Record<string, FieldType> {
  const out: Record<string, FieldType> = {};
  for (const name of ECS_EMITTED) {
    const spec = ECS_FIELDS.get(name);
    if (spec === undefined) throw new Error(`${name} is not an ECS field`);
    out[name] = spec.type;
  }
  return out;
}

/** Every explicitly mapped field (ECS, winlog, ntlm), flat name -> type. */
export function allFieldTypes(): Record<string, FieldType> {
  return { ...ecsFieldTypes(), ...WINLOG_FIELDS, ...NTLM_FIELDS };
}
