/**
 * The rendered status strings of the enhanced NTLM events (KB5064479: 4020–4025 and 4030–4033): NTLM version,
 * session key status, channel binding, MIC status and sign-on type. The exact spellings Windows emits are not
 * verified against real events yet, so these decoders are tolerant (case, spaces, hyphens and underscores are
 * ignored; plausible synonyms are accepted) and never fail: an unrecognised spelling yields "unknown" with the raw
 * text kept, so the event still flows and the spelling can be added later.
 */
import type { RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { foldKey } from "./enum-table.js";

export type NtlmVersion = "ntlmv1" | "ntlmv2" | "lm" | "unknown";
export type PresenceStatus = "present" | "missing" | "unknown";
export type ChannelBindingStatus = "supported" | "not-supported" | "unknown";
export type MicStatus = "protected" | "unprotected" | "unknown";
export type SignOnType = "single-sign-on" | "supplied-credentials" | "unknown";

export interface Normalized<T extends string> {
  value: T;
  /** Trimmed source text. */
  raw: string;
}

function table<T extends string>(entries: Record<T, readonly string[]>): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const [value, spellings] of Object.entries(entries) as [T, readonly string[]][]) {
    for (const sp of spellings) map.set(foldKey(sp), value);
  }
  return map;
}

/** Accepted spellings per value (compared after folding case and removing spaces, "-" and "_"). */
export const NTLM_VERSION_SPELLINGS: Readonly<Record<Exclude<NtlmVersion, "unknown">, readonly string[]>> =
  Object.freeze({
    ntlmv2: ["NTLMv2", "NTLM V2", "NTLM v2", "NTLM-v2", "NTLM2", "v2", "2"],
    ntlmv1: ["NTLMv1", "NTLM V1", "NTLM v1", "NTLM-v1", "NTLM1", "v1", "1"],
    lm: ["LM", "LANMAN", "LAN Manager"],
  });

export const SESSION_KEY_SPELLINGS: Readonly<Record<Exclude<PresenceStatus, "unknown">, readonly string[]>> =
  Object.freeze({
    present: ["Present", "Yes", "True"],
    missing: ["Missing", "Not Present", "Absent", "None", "No", "False"],
  });

export const CHANNEL_BINDING_SPELLINGS: Readonly<
  Record<Exclude<ChannelBindingStatus, "unknown">, readonly string[]>
> = Object.freeze({
  supported: ["Supported", "Present", "Yes", "True"],
  "not-supported": [
    "Not Supported",
    "Unsupported",
    "NotSupported",
    "Absent",
    "Missing",
    "Not Present",
    "No",
    "False",
  ],
});

export const MIC_STATUS_SPELLINGS: Readonly<Record<Exclude<MicStatus, "unknown">, readonly string[]>> =
  Object.freeze({
    protected: ["Protected", "Present", "Yes", "True"],
    unprotected: ["Unprotected", "Not Protected", "Missing", "Absent", "Not Present", "No", "False"],
  });

export const SIGN_ON_TYPE_SPELLINGS: Readonly<Record<Exclude<SignOnType, "unknown">, readonly string[]>> =
  Object.freeze({
    "single-sign-on": ["Single Sign-On", "Single Sign On", "SingleSignOn", "SSO"],
    "supplied-credentials": [
      "Supplied Creds",
      "Supplied Credentials",
      "Explicit Credentials",
      "Explicit Creds",
    ],
  });

const VERSION = table(NTLM_VERSION_SPELLINGS);
const SESSION_KEY = table(SESSION_KEY_SPELLINGS);
const CHANNEL_BINDING = table(CHANNEL_BINDING_SPELLINGS);
const MIC = table(MIC_STATUS_SPELLINGS);
const SIGN_ON = table(SIGN_ON_TYPE_SPELLINGS);

function normalize<T extends string>(
  raw: RawValue,
  map: ReadonlyMap<string, T>,
): Normalized<T | "unknown"> | undefined {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  return { value: map.get(foldKey(s)) ?? "unknown", raw: s };
}

export function normalizeNtlmVersion(raw: RawValue): Normalized<NtlmVersion> | undefined {
  return normalize(raw, VERSION);
}

export function normalizeSessionKeyStatus(raw: RawValue): Normalized<PresenceStatus> | undefined {
  return normalize(raw, SESSION_KEY);
}

export function normalizeChannelBinding(raw: RawValue): Normalized<ChannelBindingStatus> | undefined {
  return normalize(raw, CHANNEL_BINDING);
}

export function normalizeMicStatus(raw: RawValue): Normalized<MicStatus> | undefined {
  return normalize(raw, MIC);
}

export function normalizeSignOnType(raw: RawValue): Normalized<SignOnType> | undefined {
  return normalize(raw, SIGN_ON);
}
