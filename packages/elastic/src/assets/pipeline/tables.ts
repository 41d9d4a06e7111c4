import {
  AV_FLAGS,
  BOOLEAN_SPELLINGS,
  CHANNEL_BINDING_SPELLINGS,
  ECS_DATASET,
  EVENT_CATALOG,
  LOGON_TYPES,
  MECHANISM_OIDS,
  MIC_STATUS_SPELLINGS,
  NEGOTIATE_FLAGS,
  NTLM_CHANNELS,
  NTLM_USAGE_REASONS,
  NTLM_VERSION_SPELLINGS,
  NTSTATUS_CODES,
  PLACEHOLDERS,
  SECURE_CHANNEL_TYPES,
  SESSION_KEY_SPELLINGS,
  SIGN_ON_TYPE_SPELLINGS,
  WELL_KNOWN_LUIDS,
  foldKey,
  type EventSpec,
  type FlagDefinition,
  ECS_LOG_LEVELS,
  LEVEL_BY_NAME,
  LEVEL_BY_NUMBER,
  NTLMV1_EVENT_IDS,
} from "@ntlm-siem/core";

/**
 * The script params of the ingest pipeline, generated from core's exported catalog and decode tables: the Painless
 * holds logic only, every fact comes from here, so a new event ID, alias, NTSTATUS code or spelling in core reaches
 * the pipeline with no edit to the Painless. Plain JSON (Painless params are JSON).
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function flagTable(defs: readonly FlagDefinition[]): Json[] {
  return defs.map((d) => ({ mask: d.mask, name: d.name }));
}

function spellings(table: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [value, list] of Object.entries(table)) for (const s of list) out[foldKey(s)] = value;
  return out;
}

function codeTable<E extends { id: number; name: string }>(
  entries: readonly E[],
  extra: (e: E) => Record<string, Json>,
  aliases: (e: E) => string[] = () => [],
): Json {
  const byId: Record<string, Json> = {};
  const byName: Record<string, Json> = {};
  for (const e of entries) {
    const entry = { id: e.id, name: e.name, ...extra(e) };
    byId[String(e.id)] = entry;
    for (const a of [e.name, ...aliases(e)]) byName[foldKey(a)] = entry;
  }
  return { byId, byName };
}

/** One catalog row as the script reads it: facts, fields in manifest order, and name -> field index maps. */
function specParams(spec: EventSpec): Json {
  const exact: Record<string, number> = {};
  const folded: Record<string, number> = {};
  // core registry.ts fieldLookup: a field's own name always claims its lower-cased form, an alias only when free;
  // exact spellings then point where their lower-cased form does.
  spec.fields.forEach((f, i) => {
    folded[f.name.toLowerCase()] = i;
    for (const alias of f.aliases ?? [])
      if (!Object.hasOwn(folded, alias.toLowerCase())) folded[alias.toLowerCase()] = i;
  });
  spec.fields.forEach((f) => {
    for (const name of [f.name, ...(f.aliases ?? [])]) {
      const index = folded[name.toLowerCase()];
      if (index !== undefined) exact[name] = index;
    }
  });
  const out: Record<string, Json> = {
    id: spec.id,
    level: spec.level,
    role: spec.role,
    mode: spec.mode,
    direction: spec.direction,
    action: spec.action,
    outcomeKind: spec.outcome.kind,
    warnsInsecure: spec.warnsInsecure === true,
    fields: spec.fields.map((f) => ({
      name: f.name,
      slot: f.slot,
      type: f.type,
      verification: f.verification,
    })),
    exact,
    folded,
  };
  if (spec.outcome.kind === "fixed") {
    out.outcome = spec.outcome.outcome;
    if (spec.outcome.reason !== undefined) out.outcomeReason = spec.outcome.reason;
  }
  return out;
}

/** `params.catalog`: "<lower-cased channel>#<event id>" -> catalog row. */
export function catalogParams(): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const spec of EVENT_CATALOG) out[`${spec.channel.toLowerCase()}#${spec.id}`] = specParams(spec);
  return out;
}

/** `params.tables`: every decode table the script consults. */
export function tableParams(): Record<string, Json> {
  const channels: Record<string, string> = {};
  for (const c of NTLM_CHANNELS) channels[c.toLowerCase()] = c;
  const ntstatus: Record<string, Json> = {};
  for (const e of NTSTATUS_CODES) ntstatus[String(e.value)] = { name: e.name, message: e.message };
  const mechanisms: Record<string, string> = {};
  for (const m of MECHANISM_OIDS) mechanisms[m.oid] = m.name;
  return {
    placeholders: [...PLACEHOLDERS],
    channels,
    levelByName: { ...LEVEL_BY_NAME },
    // Level tables and the NTLMv1-by-definition IDs come from core, so the pipeline cannot drift from it.
    levelByNumber: Object.fromEntries(Object.entries(LEVEL_BY_NUMBER)),
    levelNames: { ...ECS_LOG_LEVELS },
    ntlmv1EventIds: [...NTLMV1_EVENT_IDS],
    negotiateFlags: flagTable(NEGOTIATE_FLAGS),
    avFlags: flagTable(AV_FLAGS),
    booleans: { ...BOOLEAN_SPELLINGS },
    luids: { ...WELL_KNOWN_LUIDS },
    mechanisms,
    ntstatus,
    logonTypes: codeTable(LOGON_TYPES, () => ({})),
    secureChannelTypes: codeTable(SECURE_CHANNEL_TYPES, () => ({})),
    usageReasons: codeTable(
      NTLM_USAGE_REASONS,
      (e) => ({ slug: e.slug, description: e.description }),
      (e) => [e.description],
    ),
    ntlmVersion: spellings(NTLM_VERSION_SPELLINGS),
    sessionKey: spellings(SESSION_KEY_SPELLINGS),
    channelBinding: spellings(CHANNEL_BINDING_SPELLINGS),
    mic: spellings(MIC_STATUS_SPELLINGS),
    signOn: spellings(SIGN_ON_TYPE_SPELLINGS),
  };
}

export { ECS_DATASET };
