import { describe, expect, it } from "vitest";
import {
  CHANNEL_BINDING_SPELLINGS,
  MIC_STATUS_SPELLINGS,
  normalizeChannelBinding,
  normalizeMicStatus,
  normalizeNtlmVersion,
  normalizeSessionKeyStatus,
  normalizeSignOnType,
  NTLM_VERSION_SPELLINGS,
  SESSION_KEY_SPELLINGS,
  SIGN_ON_TYPE_SPELLINGS,
} from "../../src/decode/index.js";

type Normalizer = (raw: string | null | undefined) => { value: string; raw: string } | undefined;

const cases: [string, Normalizer, Record<string, readonly string[]>][] = [
  ["NTLM version", normalizeNtlmVersion, NTLM_VERSION_SPELLINGS],
  ["session key", normalizeSessionKeyStatus, SESSION_KEY_SPELLINGS],
  ["channel binding", normalizeChannelBinding, CHANNEL_BINDING_SPELLINGS],
  ["MIC status", normalizeMicStatus, MIC_STATUS_SPELLINGS],
  ["sign-on type", normalizeSignOnType, SIGN_ON_TYPE_SPELLINGS],
];

describe.each(cases)("%s", (_label, normalize, spellings) => {
  it("every listed spelling maps to its value, tolerant of case, spaces, hyphens and underscores", () => {
    for (const [value, list] of Object.entries(spellings)) {
      for (const sp of list) {
        expect(normalize(sp)).toEqual({ value, raw: sp });
        expect(normalize(` ${sp.toUpperCase()} `)?.value).toBe(value);
        expect(normalize(sp.replace(/ /g, "-"))?.value).toBe(value);
        expect(normalize(sp.replace(/ /g, "_").toLowerCase())?.value).toBe(value);
      }
    }
  });

  it("unknown spellings → unknown with the raw text; never throws", () => {
    expect(normalize("Definitely Not A Known Spelling")).toEqual({
      value: "unknown",
      raw: "Definitely Not A Known Spelling",
    });
    expect(normalize("\u0000")).toEqual({ value: "unknown", raw: "\u0000" });
  });

  it("absent", () => {
    expect(normalize("-")).toBeUndefined();
    expect(normalize(null)).toBeUndefined();
    expect(normalize("(NULL)")).toBeUndefined();
  });
});

describe("specific spellings from the brief", () => {
  it.each([
    [normalizeNtlmVersion, "NTLMv2", "ntlmv2"],
    [normalizeNtlmVersion, "NTLM V2", "ntlmv2"],
    [normalizeNtlmVersion, "NTLMv1", "ntlmv1"],
    [normalizeNtlmVersion, "LM", "lm"],
    [normalizeNtlmVersion, "2", "ntlmv2"],
    [normalizeNtlmVersion, "3", "unknown"],
    [normalizeSessionKeyStatus, "Present", "present"],
    [normalizeSessionKeyStatus, "Missing", "missing"],
    [normalizeChannelBinding, "Supported", "supported"],
    [normalizeChannelBinding, "Not Supported", "not-supported"],
    [normalizeChannelBinding, "Present", "supported"],
    [normalizeChannelBinding, "Absent", "not-supported"],
    [normalizeMicStatus, "Protected", "protected"],
    [normalizeMicStatus, "Unprotected", "unprotected"],
    [normalizeMicStatus, "Present", "protected"],
    [normalizeMicStatus, "Missing", "unprotected"],
    [normalizeSignOnType, "Single Sign-On", "single-sign-on"],
    [normalizeSignOnType, "Supplied Creds", "supplied-credentials"],
  ] as const)("%#: %s → %s", (fn, raw, value) => {
    expect(fn(raw)?.value).toBe(value);
  });
});
