import { describe, expect, it } from "vitest";
import {
  ASIM_USERNAME_TYPES,
  cleanHostName,
  decodeAccount,
  decodeHostName,
  formatAccount,
  hasNonPrintable,
  hostKey,
  sameHost,
} from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("decodeAccount", () => {
  it("DOMAIN\\user", () => {
    expect(ok(decodeAccount("OFFSEC\\alice"))).toEqual({
      name: "alice",
      domain: "OFFSEC",
      kind: "windows",
      isMachine: false,
      isAnonymous: false,
      hasNonPrintable: false,
    });
  });

  it("separate user and domain fields", () => {
    expect(ok(decodeAccount("domainuser", "LUDUS"))).toMatchObject({
      name: "domainuser",
      domain: "LUDUS",
      kind: "windows",
    });
    expect(ok(decodeAccount("bogus", "(NULL)"))).toMatchObject({ name: "bogus", kind: "simple" });
    expect(ok(decodeAccount("bogus", "-")).domain).toBeUndefined();
    // An embedded domain wins over the separate field.
    expect(ok(decodeAccount("CONTOSO\\bob", "OTHER")).domain).toBe("CONTOSO");
  });

  it("UPN", () => {
    expect(ok(decodeAccount("user@contoso.com"))).toEqual({
      name: "user",
      domain: "contoso.com",
      upn: "user@contoso.com",
      kind: "upn",
      isMachine: false,
      isAnonymous: false,
      hasNonPrintable: false,
    });
    expect(ok(decodeAccount("user@contoso.com", "CONTOSO")).domain).toBe("CONTOSO");
  });

  it("bare user", () => {
    expect(ok(decodeAccount("localuser"))).toMatchObject({
      name: "localuser",
      kind: "simple",
      isMachine: false,
    });
    expect(ok(decodeAccount("\\localuser"))).toMatchObject({ name: "localuser", kind: "simple" });
  });

  it("machine accounts", () => {
    expect(ok(decodeAccount("JUMP01$", "OFFSEC"))).toMatchObject({
      name: "JUMP01$",
      isMachine: true,
      host: "JUMP01",
      domain: "OFFSEC",
    });
    expect(ok(decodeAccount("LAB-WIN11$"))).toMatchObject({
      isMachine: true,
      host: "LAB-WIN11",
      kind: "simple",
    });
    expect(ok(decodeAccount("$")).isMachine).toBe(false);
  });

  it("well-known and anonymous", () => {
    expect(ok(decodeAccount("NT AUTHORITY\\SYSTEM"))).toMatchObject({
      name: "SYSTEM",
      domain: "NT AUTHORITY",
      kind: "windows",
      isAnonymous: false,
    });
    expect(ok(decodeAccount("ANONYMOUS LOGON"))).toMatchObject({ isAnonymous: true, kind: "simple" });
    expect(ok(decodeAccount("NT AUTHORITY\\ANONYMOUS LOGON")).isAnonymous).toBe(true);
    expect(ok(decodeAccount("anonymous logon")).isAnonymous).toBe(true);
  });

  it("garbled names are flagged, not rejected", () => {
    const garbled = ok(decodeAccount("\u0001\u0002\ufffd\ud800x"));
    expect(garbled.hasNonPrintable).toBe(true);
    expect(garbled.name).toBe("\u0001\u0002\ufffd\ud800x");
    expect(ok(decodeAccount("bob", "DOM\u0007")).hasNonPrintable).toBe(true);
    expect(ok(decodeAccount("Jürgen")).hasNonPrintable).toBe(false);
    expect(ok(decodeAccount("用户😀")).hasNonPrintable).toBe(false);
  });

  it("rejects structurally empty names", () => {
    for (const raw of ["OFFSEC\\", "\\", "@contoso.com", "user@", "a\\b\\c"])
      failed(decodeAccount(raw), "not-an-account");
  });

  it("absent user means absent account", () => {
    expect(decodeAccount("-", "OFFSEC")).toBeUndefined();
    expect(decodeAccount(null)).toBeUndefined();
  });

  it("formatAccount and ASIM username types", () => {
    expect(formatAccount(ok(decodeAccount("alice", "OFFSEC")))).toBe("OFFSEC\\alice");
    expect(formatAccount(ok(decodeAccount("alice@contoso.com")))).toBe("alice@contoso.com");
    expect(formatAccount(ok(decodeAccount("alice")))).toBe("alice");
    expect(ASIM_USERNAME_TYPES).toEqual({ windows: "Windows", upn: "UPN", simple: "Simple" });
  });
});

describe("hasNonPrintable", () => {
  it("detects controls, C1, replacement, noncharacters and lone surrogates", () => {
    for (const s of ["a\u0000", "\t", "\u007f", "\u0085", "\ufffd", "\uffff", "\udc00", "a\ud800"])
      expect(hasNonPrintable(s)).toBe(true);
    for (const s of ["", "plain", "with space", "Ä", "😀"]) expect(hasNonPrintable(s)).toBe(false);
  });
});

describe("host names", () => {
  it.each([
    ["JUMP01", { name: "JUMP01", host: "JUMP01", isIp: false, wellFormed: true }],
    ["\\\\JUMP01", { name: "JUMP01", host: "JUMP01", isIp: false, wellFormed: true }],
    [
      "jump01.offsec.lan.",
      { name: "jump01.offsec.lan", host: "jump01", domain: "offsec.lan", isIp: false, wellFormed: true },
    ],
    [
      "LAB-WIN11.ludus.domain",
      {
        name: "LAB-WIN11.ludus.domain",
        host: "LAB-WIN11",
        domain: "ludus.domain",
        isIp: false,
        wellFormed: true,
      },
    ],
    ["10.0.0.5", { name: "10.0.0.5", host: "10.0.0.5", isIp: true, ip: "10.0.0.5", wellFormed: true }],
    ["\\\\10.0.0.5", { name: "10.0.0.5", host: "10.0.0.5", isIp: true, ip: "10.0.0.5", wellFormed: true }],
    ["::ffff:10.0.0.5", { name: "10.0.0.5", host: "10.0.0.5", isIp: true, ip: "10.0.0.5", wellFormed: true }],
    ["EVIL HOST", { name: "EVIL HOST", host: "EVIL HOST", isIp: false, wellFormed: false }],
    ["a/b", { name: "a/b", host: "a/b", isIp: false, wellFormed: false }],
  ])("%j", (raw, expected) => {
    expect(ok(decodeHostName(raw))).toEqual(expected);
  });

  it("nothing left after cleaning is absent", () => {
    expect(decodeHostName("\\\\")).toBeUndefined();
    expect(decodeHostName("...")).toBeUndefined();
    expect(decodeHostName("\\\\-")).toBeUndefined();
    expect(decodeHostName("(NULL)")).toBeUndefined();
  });

  it("cleanHostName / hostKey", () => {
    expect(cleanHostName("\\\\FS01.")).toBe("FS01");
    expect(cleanHostName("FS01")).toBe("FS01");
    expect(hostKey(" \\\\Jump01.OFFSEC.lan. ")).toBe("jump01.offsec.lan");
  });

  it("sameHost", () => {
    expect(sameHost("JUMP01", "jump01")).toBe(true);
    expect(sameHost("\\\\JUMP01", "jump01.")).toBe(true);
    expect(sameHost("JUMP01", "jump01.offsec.lan")).toBe(false);
    expect(sameHost("JUMP01", "jump01.offsec.lan", { matchShortName: true })).toBe(true);
    expect(sameHost("jump01.offsec.lan", "JUMP01", { matchShortName: true })).toBe(true);
    expect(sameHost("JUMP0", "jump01.offsec.lan", { matchShortName: true })).toBe(false);
    expect(sameHost("jump01.a.lan", "jump01.b.lan", { matchShortName: true })).toBe(false);
    expect(sameHost("10", "10.0.0.5", { matchShortName: true })).toBe(false);
    expect(sameHost("", "")).toBe(false);
  });
});
