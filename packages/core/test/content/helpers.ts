import { NTLM_OPERATIONAL } from "../../src/catalog/types.js";
import type { NtlmEvent } from "../../src/model/ntlm-event.js";
import { normalize } from "../../src/normalize/normalize.js";
import type { RawRecord } from "../../src/raw/raw-record.js";
import { loadCases, runCase } from "../golden/cases.js";

/**
 * Events for the content tests: golden events (real where they exist) and synthetic ones built as RawRecords and
 * passed through the real normalizer, so rules are always evaluated on what the pipeline produces.
 */
export interface SyntheticEvent {
  eventId: number;
  /** ISO time; defaults to 2025-11-18T10:00:00Z. */
  time?: string;
  computer?: string;
  channel?: string;
  provider?: string;
  record?: number;
  level?: number;
  data: Record<string, string | null>;
}

let counter = 0;

export function rawRecord(spec: SyntheticEvent): RawRecord {
  counter += 1;
  const record = spec.record ?? counter;
  return {
    origin: { file: "synthetic.xml", record, format: "xml" },
    system: {
      providerName:
        spec.provider ??
        ([8004, 8005, 8006, 4004, 4005, 4006, 4030, 4031, 4032, 4033].includes(spec.eventId)
          ? "Microsoft-Windows-Security-Netlogon"
          : "Microsoft-Windows-NTLM"),
      eventId: String(spec.eventId),
      level: String(spec.level ?? 4),
      timeCreated: spec.time ?? "2025-11-18T10:00:00.0000000Z",
      eventRecordId: String(record),
      channel: spec.channel ?? NTLM_OPERATIONAL,
      computer: spec.computer ?? "DC01.contoso.local",
    },
    eventData: Object.entries(spec.data).map(([name, value]) => ({ name, value })),
  };
}

export function event(spec: SyntheticEvent): NtlmEvent {
  const result = normalize(rawRecord(spec));
  if (result.kind !== "event")
    throw new Error(`synthetic event ${spec.eventId} did not normalize: ${result.kind}`);
  return result.event;
}

/** A DC audit event (8004 by default). */
export function dcAudit(data: Record<string, string | null>, extra: Partial<SyntheticEvent> = {}): NtlmEvent {
  return event({
    eventId: 8004,
    ...extra,
    data: {
      SChannelName: "FS01",
      UserName: "alice",
      DomainName: "CONTOSO",
      WorkstationName: "\\\\WS07",
      SChannelType: "2",
      ...data,
    },
  });
}

const goldenCache = new Map<string, NtlmEvent[]>();

/** The normalized events of a golden case. */
export async function golden(name: string): Promise<NtlmEvent[]> {
  const cached = goldenCache.get(name);
  if (cached) return cached;
  const c = loadCases().find((x) => x.name === name);
  if (!c) throw new Error(`no golden case ${name}`);
  const run = await runCase(c);
  goldenCache.set(name, run.events);
  return run.events;
}

/** Every golden event, by case. */
export async function allGolden(): Promise<{ name: string; events: NtlmEvent[] }[]> {
  const out = [];
  for (const c of loadCases()) out.push({ name: c.name, events: await golden(c.name) });
  return out;
}

/** ISO time `seconds` after a base instant. */
export function at(seconds: number, base = "2025-11-18T10:00:00.000Z"): string {
  return new Date(Date.parse(base) + seconds * 1000).toISOString();
}
