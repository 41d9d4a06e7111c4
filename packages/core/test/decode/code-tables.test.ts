import { describe, expect, it } from "vitest";
import {
  decodeLogonType,
  decodeMechanismOid,
  decodeSecureChannelType,
  decodeUsageReason,
  isValidOid,
  LOGON_TYPES,
  MECHANISM_OIDS,
  mechanismName,
  NTLM_USAGE_REASONS,
  SECURE_CHANNEL_TYPES,
} from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("NTLM usage reasons (KB5064479)", () => {
  it("IDs 0–11 with the KB descriptions and unique slugs", () => {
    expect(NTLM_USAGE_REASONS.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(new Set(NTLM_USAGE_REASONS.map((r) => r.slug)).size).toBe(12);
    expect(NTLM_USAGE_REASONS[7]).toMatchObject({
      slug: "target-is-ip",
      description: "The target name contains an IP address",
    });
    expect(NTLM_USAGE_REASONS[11]?.description).toBe("NTLM was called with a null session");
  });

  it("every entry round-trips by id, slug and description", () => {
    for (const r of NTLM_USAGE_REASONS) {
      const expected = { id: r.id, known: true, slug: r.slug, description: r.description };
      expect(ok(decodeUsageReason(String(r.id)))).toEqual(expected);
      expect(ok(decodeUsageReason(r.slug))).toEqual(expected);
      expect(ok(decodeUsageReason(r.description.toUpperCase()))).toEqual(expected);
    }
  });

  it("hex ids, unknown ids, junk, absent", () => {
    expect(ok(decodeUsageReason("0x7")).slug).toBe("target-is-ip");
    expect(ok(decodeUsageReason("12"))).toEqual({
      id: 12,
      known: false,
      slug: "unrecognized",
      description: "Unrecognized reason 12",
    });
    failed(decodeUsageReason("because"), "not-a-code");
    failed(decodeUsageReason("-1"), "not-a-code");
    expect(decodeUsageReason("")).toBeUndefined();
  });
});

describe("logon types", () => {
  it("table: ids, names and ASIM hints", () => {
    expect(LOGON_TYPES.map((t) => [t.id, t.name])).toEqual([
      [0, "System"],
      [2, "Interactive"],
      [3, "Network"],
      [4, "Batch"],
      [5, "Service"],
      [7, "Unlock"],
      [8, "NetworkCleartext"],
      [9, "NewCredentials"],
      [10, "RemoteInteractive"],
      [11, "CachedInteractive"],
      [12, "CachedRemoteInteractive"],
      [13, "CachedUnlock"],
    ]);
    const allowed = [
      "System",
      "Interactive",
      "RemoteInteractive",
      "Service",
      "RemoteService",
      "Remote",
      "AssumeRole",
    ];
    for (const t of LOGON_TYPES) expect(allowed).toContain(t.asimEventSubType);
    // Microsoft's ASIM Windows parsers map 2–11 to the Windows name.
    expect(LOGON_TYPES.filter((t) => t.asimParserSubType !== undefined).map((t) => t.id)).toEqual([
      2, 3, 4, 5, 7, 8, 9, 10, 11,
    ]);
  });

  it("every entry round-trips by number and name", () => {
    for (const t of LOGON_TYPES) {
      const byId = ok(decodeLogonType(String(t.id)));
      expect(byId).toMatchObject({
        id: t.id,
        known: true,
        name: t.name,
        asimEventSubType: t.asimEventSubType,
      });
      expect(byId.asimParserSubType).toBe(t.asimParserSubType);
      expect(ok(decodeLogonType(t.name.toLowerCase())).id).toBe(t.id);
    }
  });

  it("hints for the common NTLM cases", () => {
    expect(ok(decodeLogonType("3"))).toMatchObject({
      asimEventSubType: "Remote",
      asimParserSubType: "Network",
    });
    expect(ok(decodeLogonType("10")).asimEventSubType).toBe("RemoteInteractive");
    expect(ok(decodeLogonType("5")).asimEventSubType).toBe("Service");
  });

  it("unknown, malformed, absent", () => {
    expect(ok(decodeLogonType("6"))).toEqual({ id: 6, known: false, name: "Unknown(6)" });
    failed(decodeLogonType("Telepathic"), "not-a-code");
    expect(decodeLogonType("-")).toBeUndefined();
  });
});

describe("secure channel types (MS-NRPC 2.2.1.3.13)", () => {
  it("table", () => {
    expect(SECURE_CHANNEL_TYPES.map((c) => [c.id, c.name])).toEqual([
      [0, "NullSecureChannel"],
      [1, "MsvApSecureChannel"],
      [2, "WorkstationSecureChannel"],
      [3, "TrustedDnsDomainSecureChannel"],
      [4, "TrustedDomainSecureChannel"],
      [5, "UasServerSecureChannel"],
      [6, "ServerSecureChannel"],
      [7, "CdcServerSecureChannel"],
    ]);
  });

  it("every entry round-trips by number and name", () => {
    for (const c of SECURE_CHANNEL_TYPES) {
      const expected = { id: c.id, known: true, name: c.name, label: c.label };
      expect(ok(decodeSecureChannelType(String(c.id)))).toEqual(expected);
      expect(ok(decodeSecureChannelType(c.name))).toEqual(expected);
      expect(ok(decodeSecureChannelType(c.name.toUpperCase()))).toEqual(expected);
    }
  });

  it("unknown, malformed, absent", () => {
    expect(ok(decodeSecureChannelType("9")).known).toBe(false);
    failed(decodeSecureChannelType("Tunnel"), "not-a-code");
    expect(decodeSecureChannelType(undefined)).toBeUndefined();
  });
});

describe("mechanism OIDs", () => {
  it("every known OID round-trips", () => {
    for (const m of MECHANISM_OIDS) {
      expect(ok(decodeMechanismOid(m.oid))).toEqual({ oid: m.oid, name: m.name, known: true });
      expect(mechanismName(m.oid)).toBe(m.name);
    }
    expect(ok(decodeMechanismOid("1.3.6.1.4.1.311.2.2.10")).name).toBe("NTLMSSP");
    expect(ok(decodeMechanismOid("1.3.6.1.5.5.2")).name).toBe("SPNEGO (Negotiate)");
  });

  it("(NULL) is absent; unknown valid OIDs pass through", () => {
    expect(decodeMechanismOid("(NULL)")).toBeUndefined();
    expect(ok(decodeMechanismOid("1.3.6.1.4.1.311.2.2.99"))).toEqual({
      oid: "1.3.6.1.4.1.311.2.2.99",
      known: false,
    });
    expect(ok(decodeMechanismOid("2.999.1")).known).toBe(false);
  });

  it.each(["1", "3.1", "1.40", "1.3..6", "1.3.6.", ".1.3", "1.03.6", "1.3.6.a", "NTLM", "01.3"])(
    "rejects %j",
    (raw) => {
      failed(decodeMechanismOid(raw), "not-an-oid");
      expect(isValidOid(raw)).toBe(false);
    },
  );
});
