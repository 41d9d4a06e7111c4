import { describe, expect, it } from "vitest";
import { EventView } from "../../src/content/engine/event-view.js";
import { compileDetection } from "../../src/content/engine/match.js";
import { compileRuleSet } from "../../src/content/sigma/compile.js";
import type { DetectionRule } from "../../src/content/sigma/types.js";
import type { NtlmEvent } from "../../src/model/ntlm-event.js";
import { dcAudit, event } from "./helpers.js";

/** Sigma value and condition semantics, one rule compiled from an inline detection per case. */
let n = 0;
function rule(detection: Record<string, unknown>): DetectionRule {
  n += 1;
  const { rules } = compileRuleSet([
    {
      file: `inline-${n}.yml`,
      document: 0,
      data: {
        title: "t",
        id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
        description: "d",
        level: "low",
        tags: ["attack.t1110"],
        falsepositives: ["none"],
        references: ["none"],
        logsource: { product: "windows", service: "ntlm" },
        detection,
      },
    },
  ]);
  const [r] = rules;
  if (r?.kind !== "detection") throw new Error("not a detection");
  return r;
}

function hits(detection: Record<string, unknown>, e: NtlmEvent): boolean {
  return compileDetection(rule(detection))(new EventView(e));
}

const ws07 = dcAudit({ WorkstationName: "\\\\WS07", UserName: "Alice", DomainName: "CONTOSO" });
const sel = (item: Record<string, unknown>) => ({ selection: item, condition: "selection" });

describe("values", () => {
  it("compares strings case-insensitively, with * and ? wildcards", () => {
    expect(hits(sel({ UserName: "alice" }), ws07)).toBe(true);
    expect(hits(sel({ UserName: "al*" }), ws07)).toBe(true);
    expect(hits(sel({ UserName: "al?ce" }), ws07)).toBe(true);
    expect(hits(sel({ UserName: "al?e" }), ws07)).toBe(false);
    expect(hits(sel({ UserName: "alic" }), ws07)).toBe(false);
  });
  it("honours escapes: \\* is a literal star, a lone backslash is literal", () => {
    const star = event({ eventId: 8001, data: { TargetName: "HTTP/*.contoso" } });
    const plain = event({ eventId: 8001, data: { TargetName: "HTTP/x.contoso" } });
    expect(hits(sel({ TargetName: "HTTP/\\*.contoso" }), star)).toBe(true);
    expect(hits(sel({ TargetName: "HTTP/\\*.contoso" }), plain)).toBe(false);
    const path = event({ eventId: 8001, data: { ProcessName: "C:\\Windows\\System32\\lsass.exe" } });
    // Sigma: a backslash before * escapes it, so "a path segment wildcard" is written \\*.
    expect(hits(sel({ ProcessName: "C:\\Windows\\\\*\\lsass.exe" }), path)).toBe(true);
    expect(hits(sel({ ProcessName: "C:\\Windows\\*\\lsass.exe" }), path)).toBe(false);
    expect(hits(sel({ ProcessName: "c:\\windows\\system32\\LSASS.EXE" }), path)).toBe(true);
  });
  it("cased compares case-sensitively", () => {
    expect(hits(sel({ "UserName|cased": "alice" }), ws07)).toBe(false);
    expect(hits(sel({ "UserName|cased": "Alice" }), ws07)).toBe(true);
  });
  it("contains, startswith, endswith", () => {
    expect(hits(sel({ "UserName|contains": "LIC" }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|startswith": "ali" }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|endswith": "ice" }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|endswith": "ali" }), ws07)).toBe(false);
  });
  it("a list is OR, all makes it AND", () => {
    expect(hits(sel({ UserName: ["bob", "alice"] }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|contains|all": ["al", "ce"] }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|contains|all": ["al", "bo"] }), ws07)).toBe(false);
  });
  it("null matches an absent field or a Windows placeholder, never a value", () => {
    const nullDomain = dcAudit({ DomainName: "(NULL)" });
    expect(hits(sel({ DomainName: null }), nullDomain)).toBe(true);
    expect(hits(sel({ DomainName: null }), dcAudit({ DomainName: "NULL" }))).toBe(true);
    expect(hits(sel({ DomainName: null }), dcAudit({ DomainName: "-" }))).toBe(true);
    expect(hits(sel({ DomainName: null }), ws07)).toBe(false);
    // A field the event does not have at all.
    expect(hits(sel({ TargetName: null }), ws07)).toBe(true);
    expect(hits(sel({ TargetName: "*" }), ws07)).toBe(false);
  });
  it("exists", () => {
    expect(hits(sel({ "UserName|exists": true }), ws07)).toBe(true);
    expect(hits(sel({ "TargetName|exists": false }), ws07)).toBe(true);
    expect(hits(sel({ "DomainName|exists": true }), dcAudit({ DomainName: "NULL" }))).toBe(false);
  });
  it("numbers compare numerically, also against hex EventData and strings", () => {
    expect(hits(sel({ EventID: 8004 }), ws07)).toBe(true);
    expect(hits(sel({ EventID: "8004" }), ws07)).toBe(true);
    expect(hits(sel({ EventID: "80*" }), ws07)).toBe(true);
    expect(hits(sel({ "EventID|gte": 8000, "EventID|lt": 8005 }), ws07)).toBe(true);
    expect(hits(sel({ "EventID|gt": 8004 }), ws07)).toBe(false);
    const pid = event({ eventId: 4021, data: { ProcessPID: "0x1a2c" } });
    expect(hits(sel({ ProcessPID: 6700 }), pid)).toBe(true);
  });
  it("re is a case-sensitive search unless re|i", () => {
    expect(hits(sel({ "UserName|re": "^Al" }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|re": "^al" }), ws07)).toBe(false);
    expect(hits(sel({ "UserName|re|i": "^al" }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|re": "lic" }), ws07)).toBe(true);
  });
  it("cidr matches IPv4, IPv4-mapped and IPv6 addresses", () => {
    const v4 = event({ eventId: 4023, data: { ClientIP: "10.1.2.3" } });
    const mapped = event({ eventId: 4023, data: { ClientIP: "::ffff:10.1.2.3" } });
    const v6 = event({ eventId: 4023, data: { ClientIP: "fe80::1%12" } });
    expect(hits(sel({ "ClientIP|cidr": "10.0.0.0/8" }), v4)).toBe(true);
    expect(hits(sel({ "ClientIP|cidr": "10.0.0.0/8" }), mapped)).toBe(true);
    expect(hits(sel({ "ClientIP|cidr": "192.168.0.0/16" }), v4)).toBe(false);
    expect(hits(sel({ "ClientIP|cidr": "fe80::/10" }), v6)).toBe(true);
    expect(hits(sel({ "ClientIP|cidr": "fe80::/10" }), v4)).toBe(false);
  });
  it("windash treats - and / (and the dashes) alike", () => {
    const e = event({ eventId: 8001, data: { TargetName: "HTTP/web-01" } });
    expect(hits(sel({ "TargetName|windash|contains": "web/01" }), e)).toBe(true);
    expect(hits(sel({ "TargetName|contains": "web/01" }), e)).toBe(false);
  });
  it("neq negates the item (an absent field matches, as pySigma compiles it)", () => {
    expect(hits(sel({ "UserName|neq": "bob" }), ws07)).toBe(true);
    expect(hits(sel({ "UserName|neq": "alice" }), ws07)).toBe(false);
    expect(hits(sel({ "TargetName|neq": "x" }), ws07)).toBe(true);
  });
  it("fieldref compares two fields case-insensitively; absent never equals", () => {
    const same = dcAudit({ UserName: "WS07$", WorkstationName: "\\\\ws07" });
    expect(hits(sel({ "WorkstationName|fieldref": "AccountMachineName" }), same)).toBe(true);
    expect(hits(sel({ "WorkstationName|fieldref": "AccountMachineName" }), ws07)).toBe(false);
    expect(hits(sel({ "SChannelName|fieldref": "WorkstationName" }), dcAudit({ SChannelName: "ws07" }))).toBe(
      true,
    );
  });
  it("reads the catalog's other spellings of a field, within the same meaning only", () => {
    // 4021 spells it Username; Sigma's UserName reads it.
    expect(hits(sel({ UserName: "svc" }), event({ eventId: 4021, data: { Username: "svc" } }))).toBe(true);
    // Rendered-label spelling of 8001's supplied user.
    expect(hits(sel({ UserName: "bob" }), event({ eventId: 8001, data: { Supplied_user: "bob" } }))).toBe(
      true,
    );
    // On 4030 ClientUserName is an alias of the client account, not 8001's process identity: not read.
    const dc = event({ eventId: 4030, data: { ClientUserName: "carol" } });
    expect(hits(sel({ ClientUserName: "carol" }), dc)).toBe(false);
    expect(hits(sel({ UserName: "carol" }), dc)).toBe(true);
  });
  it("canonicalizes enumerations: any accepted spelling matches the canonical one", () => {
    const e = event({
      eventId: 4022,
      data: { NtlmVersion: "ntlm-v1", MicStatus: "Missing", ChannelBindingStatus: "Unsupported" },
    });
    expect(
      hits(
        sel({ NtlmVersion: "NTLMv1", MicStatus: "Unprotected", ChannelBindingStatus: "Not Supported" }),
        e,
      ),
    ).toBe(true);
  });
});

describe("conditions", () => {
  const detection = {
    a: { UserName: "alice" },
    b: { WorkstationName: "WS07" },
    c: { DomainName: "OTHER" },
    filter_x: { SChannelName: "FS01" },
    _helper: { UserName: "nobody" },
  };
  const cond = (condition: string) => hits({ ...detection, condition }, ws07);
  it("and, or, not and parentheses with Sigma precedence (not > and > or)", () => {
    expect(cond("a and b")).toBe(true);
    expect(cond("a and c")).toBe(false);
    expect(cond("c or a")).toBe(true);
    expect(cond("not c and a")).toBe(true);
    expect(cond("not (c or a)")).toBe(false);
    expect(cond("c and a or b")).toBe(true);
    expect(cond("c and (a or b)")).toBe(false);
  });
  it("1 of / all of patterns and them (without _ helpers)", () => {
    expect(cond("1 of filter_*")).toBe(true);
    expect(cond("all of filter_*")).toBe(true);
    expect(cond("all of them")).toBe(false);
    expect(cond("1 of them")).toBe(true);
    expect(
      hits({ a: detection.a, b: detection.b, _helper: detection._helper, condition: "all of them" }, ws07),
    ).toBe(true);
    expect(cond("a and not 1 of c*")).toBe(true);
  });
  it("a list of maps is OR over AND groups", () => {
    const d = {
      selection: [{ UserName: "bob" }, { UserName: "alice", WorkstationName: "WS07" }],
      condition: "selection",
    };
    expect(hits(d, ws07)).toBe(true);
  });
  it("rejects conditions that do not parse or name unknown identifiers", () => {
    expect(() => rule({ a: detection.a, condition: "a and" })).toThrow(/condition/);
    expect(() => rule({ a: detection.a, condition: "a or zzz" })).toThrow(/unknown search identifier/);
    expect(() => rule({ a: detection.a, condition: "1 of q*" })).toThrow(/matches no search identifier/);
  });
});
