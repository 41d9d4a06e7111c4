import type { NtlmEvent } from "../model/ntlm-event.js";
import type { FieldValue } from "./field-map.js";
import type { CorrelationType, SigmaLevel } from "./sigma/types.js";

/** The identity of an event an alert stands on: enough to find it again in the source and in every SIEM. */
export interface AlertEvent {
  /** Id of the detection rule the event matched. */
  ruleId: string;
  time: string;
  host?: string;
  eventId: number;
  channel: string;
  recordId?: string;
  origin: { file: string; record: number; line?: number; offset?: number };
}

export interface Alert {
  ruleId: string;
  title: string;
  level: SigmaLevel;
  tags: readonly string[];
  kind: "detection" | "correlation";
  correlationType?: CorrelationType;
  /** Event time of the (last) event that completed the match. */
  time: string;
  /** The reporting machine of that event. */
  host?: string;
  /** Correlations: the group-by values, as the completing event wrote them. */
  group?: Readonly<Record<string, FieldValue>>;
  /** Correlations: the count (events, distinct values or distinct rules) or the sum/average that met the condition. */
  value?: number;
  events: readonly AlertEvent[];
}

export function alertEventOf(event: NtlmEvent, ruleId: string): AlertEvent {
  const { record, origin } = event;
  const out: AlertEvent = {
    ruleId,
    time: record.timestamp,
    eventId: record.eventId,
    channel: record.channel,
    origin: { file: origin.file, record: origin.record },
  };
  if (record.host !== undefined) out.host = record.host;
  if (record.recordId !== undefined) out.recordId = record.recordId;
  if (origin.line !== undefined) out.origin.line = origin.line;
  if (origin.offset !== undefined) out.origin.offset = origin.offset;
  return out;
}
