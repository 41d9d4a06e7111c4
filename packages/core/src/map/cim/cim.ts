import type { NtlmEvent } from "../../model/ntlm-event.js";
import { compact, type JsonObject } from "../compact.js";
import { qualifiedName, resolveParties } from "../parties.js";

/**
 * NtlmEvent -> a Splunk event whose fields fit the CIM Authentication data model (tag=authentication). Values use
 * the model's expected values: `action` is success|failure, and left out when the event does not say (audit
 * records: the data model then computes "unknown" itself). NTLM specifics ride along as `ntlm_*` fields.
 * Field facts: Splunk CIM documentation, Authentication data model (help.splunk.com, CIM 6.x).
 */
export const CIM_APP = "ntlm";
export const CIM_VENDOR_PRODUCT = "Microsoft Windows";

export function toCim(event: NtlmEvent): JsonObject {
  const parties = resolveParties(event);
  const { source, destination, user, actor } = parties;
  const outcome = event.event.outcome;
  const tags = ["authentication"];
  if (event.event.insecure) tags.push("insecure");

  return compact({
    time: event.record.timestamp,
    host: event.record.host,
    EventCode: String(event.record.eventId),
    action: outcome === "unknown" ? undefined : outcome,
    app: CIM_APP,
    signature: event.event.title,
    signature_id: String(event.record.eventId),
    authentication_method: authenticationMethod(event),
    // Domain controller events are Active Directory validating NTLM; the others are the local NTLM package.
    authentication_service: event.event.role === "domain-controller" ? "ActiveDirectory" : "Windows",
    src: source?.name ?? source?.ip,
    src_ip: source?.ip,
    src_nt_domain: user?.domain,
    dest: destination?.name ?? destination?.ip,
    dest_ip: destination?.ip,
    dest_nt_domain: destination?.domain,
    user: user?.name,
    user_type: user === undefined ? undefined : user.isMachine ? "machine" : "user",
    src_user: actor === undefined ? undefined : qualifiedName(actor),
    process: event.process.executable ?? event.process.name,
    reason: event.event.outcomeReason ?? event.status?.message ?? event.status?.name,
    reason_id: event.status?.code,
    vendor_product: CIM_VENDOR_PRODUCT,
    tag: tags,
    ntlm_role: event.event.role,
    ntlm_mode: event.event.mode,
    ntlm_direction: event.event.direction,
    ntlm_action: event.event.action,
    ntlm_insecure_reasons: event.event.insecureReasons,
    ntlm_version: event.ntlm.version,
    ntlm_mic_status: event.ntlm.mic,
    ntlm_channel_binding: event.ntlm.channelBinding,
    ntlm_session_key: event.ntlm.sessionKey,
    ntlm_service_binding: event.ntlm.serviceBinding,
    ntlm_negotiated_flags: event.ntlm.negotiatedFlags?.hex,
    ntlm_av_flags: event.ntlm.avFlags?.hex,
    ntlm_sign_on: event.ntlm.signOn,
    ntlm_usage_reason_id: event.usage?.reasonId,
    ntlm_usage_reason: event.usage?.reason,
    ntlm_target_name: event.target.name,
    ntlm_spn_service_class: event.target.spn?.serviceClass,
    ntlm_logon_type: event.ntlm.logonType?.code,
    ntlm_mechanism: event.ntlm.mechanism?.name ?? event.ntlm.mechanism?.oid,
    ntlm_secure_channel: event.ntlm.secureChannel?.name,
    ntlm_secure_channel_type: event.ntlm.secureChannel?.type?.name,
    ntlm_process_pid: event.process.pid,
    ntlm_status_name: event.status?.name,
    ntlm_policy_silo: event.policy?.silo,
    ntlm_policy_name: event.policy?.name,
    ntlm_farside: event.ntlm.farside?.name,
    ntlm_recovered: event.origin.recovered,
    ntlm_record_id: event.record.recordId,
    ...unmappedFields(event.unmapped),
  });
}

/** Fields the catalog does not map (all of them for an unknown event ID), kept as ntlm_data_<Name>. */
function unmappedFields(unmapped: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in unmapped) {
    const value = unmapped[key];
    if (value !== undefined) out[`ntlm_data_${key.replace(/[^A-Za-z0-9_]/g, "_")}`] = value;
  }
  return out;
}

/** NTLMv1/NTLMv2 when the event says which; the protocol alone otherwise. */
function authenticationMethod(event: NtlmEvent): string {
  switch (event.ntlm.version) {
    case "ntlmv1":
      return "NTLMv1";
    case "ntlmv2":
      return "NTLMv2";
    case "lm":
      return "LM";
    case "unknown":
    case undefined:
      return "NTLM";
  }
}
