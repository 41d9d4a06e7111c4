import { findField, lookupEvent, lookupEventsById, ntlmChannel } from "../catalog/registry.js";
import type { EventSpec, FieldSpec } from "../catalog/types.js";
import { NtlmSiemError, type ErrorLocation } from "../errors.js";
import { NTLM_EVENT_SCHEMA_ID, type NtlmEvent } from "../model/ntlm-event.js";
import type { RawRecord, RecordOrigin } from "../raw/raw-record.js";
import { presentOrUndefined } from "../decode/placeholder.js";
import { applySlot, type EventBuilder, newBuilder } from "./slots.js";
import { decodeSystem, type DecodedSystem } from "./system.js";
import { judge } from "./judge.js";

/**
 * RawRecord -> NtlmEvent, written once for every input format. Per event ID the catalog says which raw field
 * lands where; decoding failures of manifest-typed fields reject the record (named by file and record), while
 * fields whose names are unverified never reject: their odd values are kept under `unmapped`.
 */
export type NormalizeResult =
  | { kind: "event"; event: NtlmEvent }
  | { kind: "skip"; reason: "other-channel"; channel: string | undefined }
  | { kind: "reject"; error: NtlmSiemError };

export function normalize(raw: RawRecord): NormalizeResult {
  const location = locationOf(raw.origin);
  const system = decodeSystem(raw, location);
  if (system instanceof NtlmSiemError) return { kind: "reject", error: system };

  const channel = resolveChannel(
    raw.system.channel ?? raw.rendering?.channel,
    raw.system.providerName,
    system.eventId,
  );
  if (channel === undefined) {
    return { kind: "skip", reason: "other-channel", channel: raw.system.channel ?? raw.rendering?.channel };
  }
  const spec = lookupEvent(channel, system.eventId);
  const builder = newBuilder();
  const eventData: Record<string, string | null> = {};

  let position = 0;
  for (const item of raw.eventData) {
    // Unnamed <Data> (classic positional events, Sentinel ParameterXml) take the manifest name at their position.
    const positional = item.name === undefined ? spec?.fields[position] : undefined;
    const name = item.name ?? positional?.name ?? `Data${position + 1}`;
    position += 1;
    eventData[name] = item.value;
    const fieldSpec: FieldSpec | undefined = positional ?? (spec && findField(spec, name));
    if (!fieldSpec) {
      const present = presentOrUndefined(item.value);
      if (present !== undefined) builder.unmapped[name] = present;
      continue;
    }
    const problem = applySlot(builder, fieldSpec, name, item.value);
    if (problem === undefined) continue;
    if (fieldSpec.verification === "manifest") {
      return {
        kind: "reject",
        error: new NtlmSiemError(problem.code, "normalize", `event ${system.eventId}: ${problem.message}`, {
          location,
        }),
      };
    }
    // Unverified field names: a value we cannot read is kept, not fatal.
    if (item.value !== null) builder.unmapped[name] = item.value;
  }
  for (const item of raw.userData ?? []) {
    const present = presentOrUndefined(item.value);
    if (present !== undefined && item.name !== undefined) builder.unmapped[`UserData.${item.name}`] = present;
  }

  return { kind: "event", event: assemble(raw, system, channel, spec, builder, eventData) };
}

/**
 * The catalog channel for a record, or undefined for other logs. Inputs that lost the channel (some exports) are
 * accepted when the provider and the event ID identify an NTLM event unambiguously.
 */
function resolveChannel(
  channel: string | undefined,
  provider: string | undefined,
  eventId: number,
): string | undefined {
  if (channel !== undefined && channel.trim() !== "") return ntlmChannel(channel.trim());
  if (provider === undefined) return undefined;
  const candidates = lookupEventsById(eventId).filter(
    (spec) => spec.provider.toLowerCase() === provider.toLowerCase(),
  );
  return candidates.length === 1 ? candidates[0]?.channel : undefined;
}

function locationOf(origin: RecordOrigin): ErrorLocation {
  const location: ErrorLocation = { file: origin.file, record: origin.record };
  if (origin.line !== undefined) location.line = origin.line;
  if (origin.offset !== undefined) location.offset = origin.offset;
  return location;
}

// Built member by member rather than with spreads: this runs once per record and spreads of optional parts are
// slow; the member order is the order documents are written in, so it must not change.
function assemble(
  raw: RawRecord,
  system: DecodedSystem,
  channel: string,
  spec: EventSpec | undefined,
  b: EventBuilder,
  eventData: Record<string, string | null>,
): NtlmEvent {
  // The decoded record is this event's alone: it gets the channel as its last member, in place.
  const record = system.record as NtlmEvent["record"];
  record.channel = channel;
  const event: NtlmEvent = {
    schema: NTLM_EVENT_SCHEMA_ID,
    record,
    origin: originOf(raw.origin),
    event: eventFacts(spec, channel, system, b),
    client: b.client,
    target: b.target,
    process: b.process,
    ntlm: b.ntlm,
    eventData,
    unmapped: b.unmapped,
  };
  if (b.usage) event.usage = b.usage;
  if (b.status) event.status = b.status;
  if (b.policy) event.policy = b.policy;
  return event;
}

function originOf(raw: RecordOrigin): NtlmEvent["origin"] {
  const origin: NtlmEvent["origin"] = { file: raw.file, record: raw.record, format: raw.format };
  if (raw.line !== undefined) origin.line = raw.line;
  if (raw.offset !== undefined) origin.offset = raw.offset;
  if (raw.recovered) origin.recovered = true;
  return origin;
}

function eventFacts(
  spec: EventSpec | undefined,
  channel: string,
  system: DecodedSystem,
  b: EventBuilder,
): NtlmEvent["event"] {
  const judged = judge(spec, system.levelName, b);
  const facts: NtlmEvent["event"] = {
    known: spec !== undefined,
    action: spec?.action ?? "ntlm-unknown-event",
    title: spec?.title ?? `Unknown ${channel} event ${system.eventId}`,
    family: spec?.family ?? "unknown",
    role: spec?.role ?? "unknown",
    mode: spec?.mode ?? "unknown",
    direction: spec?.direction ?? "unknown",
    outcome: judged.outcome,
    severity: judged.severity,
    insecure: judged.insecure,
    insecureReasons: judged.insecureReasons,
  };
  if (judged.outcomeReason !== undefined) facts.outcomeReason = judged.outcomeReason;
  return facts;
}
