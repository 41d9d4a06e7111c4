import { lookupEvent, lookupEventsById, ntlmChannel, fieldIndex } from "../catalog/registry.js";
import type { EventSpec, FieldSpec } from "../catalog/types.js";
import { NtlmSiemError } from "../errors.js";
import { NTLM_EVENT_SCHEMA_ID, type NtlmEvent } from "../model/ntlm-event.js";
import type { RawRecord } from "../raw/raw-record.js";
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
  const location = {
    file: raw.origin.file,
    record: raw.origin.record,
    ...(raw.origin.line === undefined ? {} : { line: raw.origin.line }),
    ...(raw.origin.offset === undefined ? {} : { offset: raw.origin.offset }),
  };
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
  const index = spec ? fieldIndex(spec) : undefined;

  let position = 0;
  for (const item of raw.eventData) {
    // Unnamed <Data> (classic positional events, Sentinel ParameterXml) take the manifest name at their position.
    const positional = item.name === undefined ? spec?.fields[position] : undefined;
    const name = item.name ?? positional?.name ?? `Data${position + 1}`;
    position += 1;
    eventData[name] = item.value;
    const fieldSpec: FieldSpec | undefined = positional ?? index?.get(name.toLowerCase());
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

function assemble(
  raw: RawRecord,
  system: DecodedSystem,
  channel: string,
  spec: EventSpec | undefined,
  b: EventBuilder,
  eventData: Record<string, string | null>,
): NtlmEvent {
  const judged = judge(spec, system.levelName, b);
  const event: NtlmEvent = {
    schema: NTLM_EVENT_SCHEMA_ID,
    record: { ...system.record, channel },
    origin: {
      file: raw.origin.file,
      record: raw.origin.record,
      format: raw.origin.format,
      ...(raw.origin.line === undefined ? {} : { line: raw.origin.line }),
      ...(raw.origin.offset === undefined ? {} : { offset: raw.origin.offset }),
      ...(raw.origin.recovered ? { recovered: true } : {}),
    },
    event: {
      known: spec !== undefined,
      action: spec?.action ?? "ntlm-unknown-event",
      title: spec?.title ?? `Unknown ${channel} event ${system.eventId}`,
      family: spec?.family ?? "unknown",
      role: spec?.role ?? "unknown",
      mode: spec?.mode ?? "unknown",
      direction: spec?.direction ?? "unknown",
      ...judged,
    },
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
