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

/** Rows by lower-cased channel, then by ID: IDs collide across channels (AppLocker 8002-8004, WLAN 8001). */
const byChannel = new Map<string, Map<number, EventSpec>>();
for (const spec of EVENT_CATALOG) {
  const channel = spec.channel.toLowerCase();
  let byId = byChannel.get(channel);
  if (!byId) {
    byId = new Map<number, EventSpec>();
    byChannel.set(channel, byId);
  }
  if (byId.has(spec.id)) throw new Error(`duplicate catalog row for ${channel}#${spec.id}`);
  byId.set(spec.id, spec);
}
// The canonical spellings too, so the usual lookup needs no lower-casing (an allocation per record).
for (const channel of NTLM_CHANNELS) {
  const byId = byChannel.get(channel.toLowerCase());
  if (byId) byChannel.set(channel, byId);
}

const channelSet = new Set(NTLM_CHANNELS.map((c) => c.toLowerCase()));

/** The canonical spelling of a channel we handle, or undefined for channels of other logs. */
export function ntlmChannel(channel: string | undefined): string | undefined {
  if (channel === undefined) return undefined;
  if (NTLM_CHANNELS.includes(channel)) return channel;
  const lower = channel.toLowerCase();
  if (!channelSet.has(lower)) return undefined;
  return NTLM_CHANNELS.find((c) => c.toLowerCase() === lower);
}

/**
 * The catalog row for an event, by channel and ID: IDs collide across channels (AppLocker 8002-8004, WLAN 8001),
 * so the channel is part of the key.
 */
export function lookupEvent(channel: string, id: number): EventSpec | undefined {
  return (byChannel.get(channel) ?? byChannel.get(channel.toLowerCase()))?.get(id);
}

/** Rows by ID alone, for inputs that lost their channel (the caller decides whether to trust it). */
export function lookupEventsById(id: number): EventSpec[] {
  return EVENT_CATALOG.filter((spec) => spec.id === id);
}

/** Every name (manifest name and aliases) a field of this event may carry, mapped to its spec. */
export function fieldIndex(spec: EventSpec): ReadonlyMap<string, FieldSpec> {
  return fieldLookup(spec).folded;
}

/**
 * The field an EventData name denotes, case-insensitively. Names usually arrive spelled as the manifest (or an
 * alias) spells them, so those spellings are looked up first, without lower-casing the name.
 */
export function findField(spec: EventSpec, name: string): FieldSpec | undefined {
  const lookup = fieldLookup(spec);
  return lookup.exact.get(name) ?? lookup.folded.get(name.toLowerCase());
}

interface FieldLookup {
  /** Lower-cased names; the first field to claim a name keeps it. */
  folded: Map<string, FieldSpec>;
  /** The names as written in the catalog, each mapped to what its lower-cased form finds in `folded`. */
  exact: Map<string, FieldSpec>;
}

function fieldLookup(spec: EventSpec): FieldLookup {
  let lookup = fieldLookups.get(spec);
  if (!lookup) {
    const folded = new Map<string, FieldSpec>();
    const spellings: string[] = [];
    for (const f of spec.fields) {
      folded.set(f.name.toLowerCase(), f);
      spellings.push(f.name);
      for (const alias of f.aliases ?? []) {
        if (!folded.has(alias.toLowerCase())) folded.set(alias.toLowerCase(), f);
        spellings.push(alias);
      }
    }
    const exact = new Map<string, FieldSpec>();
    for (const name of spellings) {
      const field = folded.get(name.toLowerCase());
      if (field) exact.set(name, field);
    }
    lookup = { folded, exact };
    fieldLookups.set(spec, lookup);
  }
  return lookup;
}
const fieldLookups = new WeakMap<EventSpec, FieldLookup>();
