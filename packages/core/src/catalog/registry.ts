import { CLASSIC_EVENTS } from "./families/classic.js";
import { DC_POLICY_EVENTS } from "./families/dc-policy.js";
import { ENHANCED_DC_EVENTS } from "./families/enhanced-dc.js";
import { ENHANCED_EVENTS } from "./families/enhanced.js";
import { NETLOGON_EVENTS } from "./families/netlogon.js";
import { SECURITY_EVENTS } from "./families/security.js";
import {
  AUTH_POLICY_FAILURES_DC,
  NTLM_OPERATIONAL,
  PROTECTED_USER_FAILURES_DC,
  type EventSpec,
  type FieldSpec,
} from "./types.js";

/**
 * The event catalog: every event ID of Microsoft-Windows-NTLM/Operational and its neighbours, one row each.
 * To add an event ID, add its row to a family file (or a new family listed here); the normalizer, the three
 * schema mappers, the docs and the golden-coverage meta-test all read this list.
 */
export const EVENT_CATALOG: readonly EventSpec[] = [
  ...CLASSIC_EVENTS,
  ...NETLOGON_EVENTS,
  ...SECURITY_EVENTS,
  ...ENHANCED_EVENTS,
  ...ENHANCED_DC_EVENTS,
  ...DC_POLICY_EVENTS,
].sort((a, b) => a.id - b.id);

/** Channels whose events we normalize (case-insensitive match; exports sometimes change the case). */
export const NTLM_CHANNELS: readonly string[] = [
  NTLM_OPERATIONAL,
  PROTECTED_USER_FAILURES_DC,
  AUTH_POLICY_FAILURES_DC,
];

const byChannelAndId = new Map<string, EventSpec>();
for (const spec of EVENT_CATALOG) {
  const key = catalogKey(spec.channel, spec.id);
  if (byChannelAndId.has(key)) throw new Error(`duplicate catalog row for ${key}`);
  byChannelAndId.set(key, spec);
}

function catalogKey(channel: string, id: number): string {
  return `${channel.toLowerCase()}#${id}`;
}

const channelSet = new Set(NTLM_CHANNELS.map((c) => c.toLowerCase()));

/** The canonical spelling of a channel we handle, or undefined for channels of other logs. */
export function ntlmChannel(channel: string | undefined): string | undefined {
  if (channel === undefined) return undefined;
  const lower = channel.toLowerCase();
  if (!channelSet.has(lower)) return undefined;
  return NTLM_CHANNELS.find((c) => c.toLowerCase() === lower);
}

/**
 * The catalog row for an event, by channel and ID: IDs collide across channels (AppLocker 8002-8004, WLAN 8001),
 * so the channel is part of the key.
 */
export function lookupEvent(channel: string, id: number): EventSpec | undefined {
  return byChannelAndId.get(catalogKey(channel, id));
}

/** Rows by ID alone, for inputs that lost their channel (the caller decides whether to trust it). */
export function lookupEventsById(id: number): EventSpec[] {
  return EVENT_CATALOG.filter((spec) => spec.id === id);
}

/** Every name (manifest name and aliases) a field of this event may carry, mapped to its spec. */
export function fieldIndex(spec: EventSpec): ReadonlyMap<string, FieldSpec> {
  let index = fieldIndexes.get(spec);
  if (!index) {
    index = new Map();
    for (const f of spec.fields) {
      index.set(f.name.toLowerCase(), f);
      for (const alias of f.aliases ?? [])
        if (!index.has(alias.toLowerCase())) index.set(alias.toLowerCase(), f);
    }
    fieldIndexes.set(spec, index);
  }
  return index;
}
const fieldIndexes = new WeakMap<EventSpec, Map<string, FieldSpec>>();
