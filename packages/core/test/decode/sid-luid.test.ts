import { describe, expect, it } from "vitest";
import {
  decodeLuid,
  decodeSid,
  isValidSid,
  WELL_KNOWN_DOMAIN_RIDS,
  WELL_KNOWN_LUIDS,
  WELL_KNOWN_SIDS,
} from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("decodeSid", () => {
  it.each([
    ["S-1-5-18", "NT AUTHORITY\\SYSTEM"],
    ["S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE"],
    ["S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE"],
    ["S-1-5-7", "NT AUTHORITY\\ANONYMOUS LOGON"],
    ["S-1-0-0", "NULL SID"],
    ["S-1-5-32-544", "BUILTIN\\Administrators"],
    ["S-1-1-0", "Everyone"],
  ])("%s is %s", (sid, name) => {
    expect(ok(decodeSid(sid))).toMatchObject({ sid, name });
  });

  it("every well-known SID round-trips", () => {
    for (const [sid, name] of Object.entries(WELL_KNOWN_SIDS)) {
      const d = ok(decodeSid(sid));
      expect(d.sid).toBe(sid);
      expect(d.name).toBe(name);
    }
  });

  it("domain SIDs: rid, domain SID and well-known RID names", () => {
    const d = ok(decodeSid("S-1-5-21-3623811015-3361044348-30300820-1013"));
    expect(d).toEqual({
      sid: "S-1-5-21-3623811015-3361044348-30300820-1013",
      rid: 1013,
      domainSid: "S-1-5-21-3623811015-3361044348-30300820",
    });
    for (const [rid, name] of Object.entries(WELL_KNOWN_DOMAIN_RIDS)) {
      expect(ok(decodeSid(`S-1-5-21-1-2-3-${rid}`)).ridName).toBe(name);
    }
  });

  it("canonicalises case, leading zeros and small hex authorities", () => {
    expect(ok(decodeSid("s-1-5-18")).sid).toBe("S-1-5-18");
    expect(ok(decodeSid("S-1-5-018")).sid).toBe("S-1-5-18");
    expect(ok(decodeSid("S-1-0x000000000005-18")).sid).toBe("S-1-5-18");
    expect(ok(decodeSid("S-1-0x0000FFFFFFFF-1")).sid).toBe("S-1-4294967295-1");
    // Authorities of 2^32 and above stay in the hex form (MS-DTYP 2.4.2.1).
    expect(ok(decodeSid("S-1-0x000100000000-1")).sid).toBe("S-1-0x000100000000-1");
    expect(ok(decodeSid("S-1-0x0001000000ab-1")).sid).toBe("S-1-0x0001000000AB-1");
    expect(ok(decodeSid("S-1-5")).sid).toBe("S-1-5");
    expect(ok(decodeSid("S-1-5-4294967295")).rid).toBe(4294967295);
  });

  it("15 sub-authorities max", () => {
    const fifteen = `S-1-5${"-1".repeat(15)}`;
    expect(isValidSid(fifteen)).toBe(true);
    failed(decodeSid(`${fifteen}-1`), "not-a-sid");
  });

  it.each([
    "S-2-5-18",
    "S-1",
    "S-1-",
    "S-1-5-",
    "S-1-5--18",
    "S-1-5-18-",
    "S-1-x-18",
    "S-1-5-4294967296",
    "S-1-281474976710656-1",
    "S-1-0x12-1",
    "SID-1-5-18",
    "1-5-18",
    "S-1-5-18 extra",
  ])("rejects %j", (raw) => {
    failed(decodeSid(raw), "not-a-sid");
    expect(isValidSid(raw)).toBe(false);
  });

  it("absent", () => {
    expect(decodeSid("-")).toBeUndefined();
    expect(decodeSid(null)).toBeUndefined();
  });
});

describe("decodeLuid", () => {
  it("every well-known LUID round-trips", () => {
    for (const [hex, name] of Object.entries(WELL_KNOWN_LUIDS)) {
      expect(ok(decodeLuid(hex))).toMatchObject({ hex, name });
      expect(ok(decodeLuid(hex.toUpperCase().replace("0X", "0x"))).name).toBe(name);
    }
  });

  it.each([
    ["0x3e7", "SYSTEM"],
    ["0x3E4", "NETWORK SERVICE"],
    ["0x3e5", "LOCAL SERVICE"],
    ["999", "SYSTEM"],
  ])("%s → %s", (raw, name) => expect(ok(decodeLuid(raw)).name).toBe(name));

  it("ordinary LUIDs", () => {
    expect(ok(decodeLuid("0x4641E93"))).toEqual({ hex: "0x4641e93", value: 0x4641e93n, number: 0x4641e93 });
    expect(ok(decodeLuid("0xffffffffffffffff")).value).toBe(2n ** 64n - 1n);
  });

  it("malformed and absent", () => {
    failed(decodeLuid("0x3e4z"), "not-an-integer");
    failed(decodeLuid("0x1ffffffffffffffff"), "out-of-range");
    expect(decodeLuid("(NULL)")).toBeUndefined();
  });
});
