import { describe, expect, it } from "vitest";
import {
  AV_FLAGS,
  decodeAvFlags,
  decodeAvFlagsText,
  decodeNegotiateFlags,
  NEGOTIATE_FLAG_BY_NAME,
  NEGOTIATE_FLAGS,
} from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("NegotiateFlags table", () => {
  it("covers all 32 bits exactly once, lowest first", () => {
    expect(NEGOTIATE_FLAGS).toHaveLength(32);
    NEGOTIATE_FLAGS.forEach((d, i) => expect(d.mask >>> 0).toBe(2 ** i));
    expect(new Set(NEGOTIATE_FLAGS.map((d) => d.name)).size).toBe(32);
    expect(NEGOTIATE_FLAGS.filter((d) => d.reserved)).toHaveLength(10);
  });

  it("documented masks", () => {
    const expected: Record<string, number> = {
      NTLMSSP_NEGOTIATE_UNICODE: 0x1,
      NTLM_NEGOTIATE_OEM: 0x2,
      NTLMSSP_REQUEST_TARGET: 0x4,
      NTLMSSP_NEGOTIATE_SIGN: 0x10,
      NTLMSSP_NEGOTIATE_SEAL: 0x20,
      NTLMSSP_NEGOTIATE_DATAGRAM: 0x40,
      NTLMSSP_NEGOTIATE_LM_KEY: 0x80,
      NTLMSSP_NEGOTIATE_NTLM: 0x200,
      NTLMSSP_NEGOTIATE_ANONYMOUS: 0x800,
      NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED: 0x1000,
      NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED: 0x2000,
      NTLMSSP_NEGOTIATE_ALWAYS_SIGN: 0x8000,
      NTLMSSP_TARGET_TYPE_DOMAIN: 0x10000,
      NTLMSSP_TARGET_TYPE_SERVER: 0x20000,
      NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY: 0x80000,
      NTLMSSP_NEGOTIATE_IDENTIFY: 0x100000,
      NTLMSSP_REQUEST_NON_NT_SESSION_KEY: 0x400000,
      NTLMSSP_NEGOTIATE_TARGET_INFO: 0x800000,
      NTLMSSP_NEGOTIATE_VERSION: 0x2000000,
      NTLMSSP_NEGOTIATE_128: 0x20000000,
      NTLMSSP_NEGOTIATE_KEY_EXCH: 0x40000000,
      NTLMSSP_NEGOTIATE_56: 0x80000000,
    };
    for (const [name, mask] of Object.entries(expected))
      expect(NEGOTIATE_FLAG_BY_NAME.get(name)?.mask).toBe(mask);
  });

  it("every entry round-trips alone", () => {
    for (const d of NEGOTIATE_FLAGS) {
      const r = ok(decodeNegotiateFlags(`0x${d.mask.toString(16)}`));
      expect(r.names).toEqual([d.name]);
      expect(r.value).toBe(d.mask);
    }
  });

  it("MS-NLMP 4.2.4 NTLMv2 example challenge flags 0xe28a8233", () => {
    const r = ok(decodeNegotiateFlags("0xE28A8233"));
    expect(r.hex).toBe("0xe28a8233");
    expect(r.value).toBe(0xe28a8233);
    expect(r.names).toEqual([
      "NTLMSSP_NEGOTIATE_UNICODE",
      "NTLM_NEGOTIATE_OEM",
      "NTLMSSP_NEGOTIATE_SIGN",
      "NTLMSSP_NEGOTIATE_SEAL",
      "NTLMSSP_NEGOTIATE_NTLM",
      "NTLMSSP_NEGOTIATE_ALWAYS_SIGN",
      "NTLMSSP_TARGET_TYPE_SERVER",
      "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY",
      "NTLMSSP_NEGOTIATE_TARGET_INFO",
      "NTLMSSP_NEGOTIATE_VERSION",
      "NTLMSSP_NEGOTIATE_128",
      "NTLMSSP_NEGOTIATE_KEY_EXCH",
      "NTLMSSP_NEGOTIATE_56",
    ]);
  });

  it("decimal input, zero, all bits, reserved bits visible, cached result shared", () => {
    expect(ok(decodeNegotiateFlags(String(0xe28a8233))).hex).toBe("0xe28a8233");
    expect(ok(decodeNegotiateFlags("0x0")).names).toEqual([]);
    expect(ok(decodeNegotiateFlags("0xffffffff")).names).toHaveLength(32);
    expect(ok(decodeNegotiateFlags("0x8")).names).toEqual(["NTLMSSP_RESERVED_R10"]);
    expect(ok(decodeNegotiateFlags("0x10")).names).toBe(ok(decodeNegotiateFlags("16")).names);
  });

  it("malformed and absent", () => {
    failed(decodeNegotiateFlags("0x1ffffffff"), "out-of-range");
    failed(decodeNegotiateFlags("SIGN|SEAL"), "not-an-integer");
    expect(decodeNegotiateFlags("-")).toBeUndefined();
  });
});

describe("AvFlags", () => {
  it("table round-trips", () => {
    expect(AV_FLAGS.map((d) => d.mask)).toEqual([0x1, 0x2, 0x4]);
    for (const d of AV_FLAGS) expect(ok(decodeAvFlags(`0x${d.mask}`)).names).toEqual([d.name]);
  });

  it("combinations and unknown bits", () => {
    expect(ok(decodeAvFlags("0x00000006")).names).toEqual(["MIC_PRESENT", "SPN_FROM_UNTRUSTED_SOURCE"]);
    expect(ok(decodeAvFlags("2")).names).toEqual(["MIC_PRESENT"]);
    expect(ok(decodeAvFlags("0x10")).names).toEqual([]);
    failed(decodeAvFlags("MIC"), "not-an-integer");
  });

  it("text form is tolerant and never fails", () => {
    expect(decodeAvFlagsText("0x2")).toEqual({ raw: "0x2", names: ["MIC_PRESENT"], value: 2, unknown: [] });
    expect(decodeAvFlagsText("MIC Present, SPN from untrusted source")).toEqual({
      raw: "MIC Present, SPN from untrusted source",
      names: ["MIC_PRESENT", "SPN_FROM_UNTRUSTED_SOURCE"],
      value: 6,
      unknown: [],
    });
    expect(decodeAvFlagsText("Account authentication constrained")?.names).toEqual([
      "ACCOUNT_AUTHENTICATION_CONSTRAINED",
    ]);
    const odd = decodeAvFlagsText("Something new; MIC");
    expect(odd).toEqual({ raw: "Something new; MIC", names: ["MIC_PRESENT"], unknown: ["Something new"] });
    expect(decodeAvFlagsText("(NULL)")).toBeUndefined();
  });
});
