import type { DashboardField } from "./types.js";

/** Where each dashboard field lives in our ECS output (core map/ecs/ecs.ts); other schemas add their column here. */
export interface DashboardFieldTarget {
  ecs: string;
  /** Value type of the ECS field, for renderers that must know it (Lens column dataType). */
  kind: "string" | "number" | "boolean" | "date" | "ip";
}

export const DASHBOARD_FIELDS: Readonly<Record<DashboardField, DashboardFieldTarget>> = {
  "@timestamp": { ecs: "@timestamp", kind: "date" },
  "record.eventId": { ecs: "event.code", kind: "string" },
  "record.host": { ecs: "host.name", kind: "string" },
  "event.action": { ecs: "event.action", kind: "string" },
  "event.mode": { ecs: "ntlm.mode", kind: "string" },
  "event.role": { ecs: "ntlm.role", kind: "string" },
  "event.outcome": { ecs: "event.outcome", kind: "string" },
  "event.insecure": { ecs: "ntlm.insecure", kind: "boolean" },
  "event.insecureReasons": { ecs: "ntlm.insecure_reasons", kind: "string" },
  "client.user.name": { ecs: "user.name", kind: "string" },
  "client.user.domain": { ecs: "user.domain", kind: "string" },
  "client.workstation.name": { ecs: "source.domain", kind: "string" },
  "client.workstation.ip": { ecs: "source.ip", kind: "ip" },
  "target.host.name": { ecs: "destination.domain", kind: "string" },
  "target.host.ip": { ecs: "destination.ip", kind: "ip" },
  "target.spn.serviceClass": { ecs: "ntlm.target.spn.service_class", kind: "string" },
  "process.name": { ecs: "process.name", kind: "string" },
  "usage.reasonSlug": { ecs: "ntlm.usage.reason_slug", kind: "string" },
  "ntlm.version": { ecs: "ntlm.version", kind: "string" },
  "ntlm.mic": { ecs: "ntlm.mic_status", kind: "string" },
  "ntlm.channelBinding": { ecs: "ntlm.channel_binding", kind: "string" },
  "ntlm.secureChannel.type.name": { ecs: "ntlm.secure_channel.type_name", kind: "string" },
  "alert.rule.name": { ecs: "kibana.alert.rule.name", kind: "string" },
};
