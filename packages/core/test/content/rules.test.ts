import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DetectionEngine } from "../../src/content/engine/engine.js";
import { EventView } from "../../src/content/engine/event-view.js";
import { compileDetection } from "../../src/content/engine/match.js";
import { loadRules } from "../../src/content/rules.js";
import type { DetectionRule } from "../../src/content/sigma/types.js";
import type { NtlmEvent } from "../../src/model/ntlm-event.js";
import { at, dcAudit, event, golden } from "./helpers.js";

/**
 * Every rule against events that must match and events that must not: real golden events where they exist,
 * synthetic RawRecords through the real normalizer otherwise. Correlations are driven through the engine.
 */
const RULES = loadRules();

function detection(id: string): DetectionRule {
  const rule = RULES.find((r) => r.meta.id === id);
  if (rule?.kind !== "detection") throw new Error(`no detection rule ${id}`);
  return rule;
}

function matches(id: string, e: NtlmEvent): boolean {
  return compileDetection(detection(id))(new EventView(e));
}

async function goldenOne(name: string): Promise<NtlmEvent> {
  const [first] = await golden(name);
  if (!first) throw new Error(`golden case ${name} has no event`);
  return first;
}

function alertsOf(id: string, events: readonly NtlmEvent[]) {
  const engine = new DetectionEngine();
  return events.flatMap((e) => engine.push(e)).filter((a) => a.ruleId === id);
}

function outgoing(data: Record<string, string | null>, extra: { time?: string; computer?: string } = {}) {
  return event({
    eventId: 8001,
    computer: extra.computer ?? "WS01.contoso.local",
    ...(extra.time === undefined ? {} : { time: extra.time }),
    data: {
      TargetName: "cifs/fs01.contoso.local",
      UserName: "(NULL)",
      DomainName: "(NULL)",
      CallerPID: "4",
      ProcessName: "System",
      ...data,
    },
  });
}

describe("SigmaHQ rules", () => {
  it("NTLM Logon (8002) matches the real 8002 events only", async () => {
    const id = "98c3bcf1-56f2-49dc-9d8d-c66cf190238b";
    for (const name of ["real-jump01-8002", "real-pki01-8002", "real-seed-8002", "real-atc-8002-eventviewer"])
      for (const e of await golden(name)) expect(matches(id, e), name).toBe(true);
    for (const name of ["real-jump01-8001", "real-jump01-8003", "real-seed-4001"])
      for (const e of await golden(name)) expect(matches(id, e), name).toBe(false);
  });

  it("NTLM Brute Force matches tool workstation names on 8004, with or without the leading \\\\", async () => {
    const id = "9c8acf1a-cbf9-4db6-b63c-74baabe03e59";
    expect(matches(id, dcAudit({ WorkstationName: "\\\\Rdesktop" }))).toBe(true);
    expect(matches(id, dcAudit({ WorkstationName: "FREERDP" }))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-8004-dc-audit-null-domain"))).toBe(false);
    expect(matches(id, dcAudit({ WorkstationName: "Rdesktop" }, { eventId: 4004 }))).toBe(false);
    expect(matches(id, dcAudit({ WorkstationName: "Rdesktop2" }))).toBe(false);
  });

  it("Potential RDP Connection To Non-Domain Host matches 8001 TERMSRV targets", async () => {
    const id = "ce5678bb-b9aa-4fb5-be4b-e57f686256ad";
    expect(matches(id, outgoing({ TargetName: "TERMSRV/192.168.1.20" }))).toBe(true);
    expect(matches(id, outgoing({ TargetName: "termsrv/box" }))).toBe(true);
    expect(matches(id, await goldenOne("real-jump01-8001"))).toBe(false);
    expect(matches(id, outgoing({}))).toBe(false);
  });
});

describe("our detection rules", () => {
  it("null-domain DC authentication (building block)", async () => {
    const id = "17221aa5-969c-4474-9b75-adf79370fcf2";
    expect(matches(id, await goldenOne("synthetic-8004-dc-audit-null-domain"))).toBe(true);
    expect(matches(id, dcAudit({ DomainName: "(NULL)" }, { eventId: 8006 }))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-8005-dc-audit-machine-account"))).toBe(false);
    // A UPN carries its domain: not a null-domain logon.
    expect(matches(id, await goldenOne("synthetic-8006-dc-audit-upn"))).toBe(false);
    expect(matches(id, dcAudit({ DomainName: "NULL", UserName: "(NULL)" }))).toBe(false);
    expect(matches(id, dcAudit({ DomainName: "NULL" }, { eventId: 4004 }))).toBe(false);
  });

  it("brute-force tool workstation names, audit and blocked IDs", async () => {
    const id = "4d016c92-b1da-439e-a684-e178386c92f3";
    expect(matches(id, dcAudit({ WorkstationName: "Windows2016" }, { eventId: 4004 }))).toBe(true);
    expect(matches(id, dcAudit({ WorkstationName: "\\\\remmina" }, { eventId: 8005 }))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4004-dc-blocked"))).toBe(false);
    expect(matches(id, await goldenOne("synthetic-8004-dc-audit-null-domain"))).toBe(false);
  });

  it("random 16-character workstation names", async () => {
    const id = "bbdf502f-143c-4782-b705-8a0b0721499c";
    expect(matches(id, dcAudit({ WorkstationName: "Ab3dE5gH7jK9mN1p" }))).toBe(true);
    expect(matches(id, dcAudit({ WorkstationName: "\\\\QWERTYUIOPASDFGH" }, { eventId: 4004 }))).toBe(true);
    expect(matches(id, dcAudit({ WorkstationName: "Ab3dE5gH7jK9mN1" }))).toBe(false);
    expect(matches(id, dcAudit({ WorkstationName: "Ab3dE5gH7jK9mN1pX" }))).toBe(false);
    expect(matches(id, dcAudit({ WorkstationName: "LAPTOP-7F3K2ABCD" }))).toBe(false);
    expect(matches(id, await goldenOne("synthetic-8006-dc-audit-upn"))).toBe(false);
  });

  it("NTLMv1 in use: the version field in any spelling, and Warning twins not stating NTLMv2", async () => {
    const id = "3c432f02-12c0-4399-8885-341e3d78b3bf";
    for (const name of [
      "synthetic-4021-client-usage-ntlmv1",
      "synthetic-4031-dc-forwarded-ntlmv1",
      "synthetic-4033-dc-usage-ntlmv1",
    ])
      expect(matches(id, await goldenOne(name)), name).toBe(true);
    expect(matches(id, event({ eventId: 4022, data: { NtlmVersion: "NTLM V1", Username: "bob" } }))).toBe(
      true,
    );
    expect(matches(id, event({ eventId: 4021, level: 3, data: { Username: "bob" } }))).toBe(true);
    for (const name of [
      "synthetic-4020-client-usage-target-ip",
      "synthetic-4022-server-usage-success",
      "synthetic-4023-server-usage-failure",
      "synthetic-4030-dc-forwarded",
      "synthetic-4032-dc-usage",
      "real-jump01-8001",
    ])
      expect(matches(id, await goldenOne(name)), name).toBe(false);
  });

  it("NTLM without MIC or channel binding", async () => {
    const id = "44886bcf-3f20-4b18-afb1-3166ec4daef7";
    for (const name of [
      "synthetic-4021-client-usage-ntlmv1",
      "synthetic-4023-server-usage-failure",
      "synthetic-4033-dc-usage-ntlmv1",
    ])
      expect(matches(id, await goldenOne(name)), name).toBe(true);
    expect(matches(id, event({ eventId: 4022, data: { MicStatus: "Not Protected" } }))).toBe(true);
    for (const name of [
      "synthetic-4020-client-usage-target-ip",
      "synthetic-4022-server-usage-success",
      "synthetic-4032-dc-usage",
    ])
      expect(matches(id, await goldenOne(name)), name).toBe(false);
  });

  it("outgoing NTLM to an IP target or an unresolvable name", async () => {
    const id = "26f0cf1d-1ca5-449b-bb68-fd825d140c62";
    expect(matches(id, await goldenOne("synthetic-4020-client-usage-target-ip"))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4021-client-usage-ntlmv1"))).toBe(true);
    expect(matches(id, outgoing({ TargetName: "cifs/10.0.0.5" }))).toBe(true);
    expect(matches(id, outgoing({ TargetName: "10.0.0.5" }))).toBe(true);
    expect(matches(id, await goldenOne("real-jump01-8001"))).toBe(false);
    expect(matches(id, outgoing({ TargetName: "cifs/fs01.contoso.local" }))).toBe(false);
    expect(matches(id, event({ eventId: 4020, data: { NtlmUsageId: "2" } }))).toBe(false);
    // 4001 carries the same TargetName but is a block event, not the 8001 audit.
    expect(matches(id, await goldenOne("real-seed-4001"))).toBe(false);
  });

  it("Credential Guard blocks", async () => {
    const id = "a3488def-c172-4284-9176-33ff63cf6927";
    expect(matches(id, await goldenOne("synthetic-4013-ntlmv1-credential-guard"))).toBe(true);
    expect(matches(id, await goldenOne("real-seed-4014"))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4010-client-min-security"))).toBe(false);
  });

  it("NTLMv1-derived SSO", async () => {
    const id = "f5be5626-e7eb-48c7-bac2-d1e94ecd9189";
    expect(matches(id, await goldenOne("synthetic-4024-ntlmv1-sso-audit"))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4025-ntlmv1-sso-blocked"))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4021-client-usage-ntlmv1"))).toBe(false);
  });

  it("Protected Users and authentication policy failures, in their own channels", async () => {
    const id = "5dcd3442-da3c-4873-a694-433b0a4821cb";
    for (const name of [
      "synthetic-100-protected-user",
      "synthetic-101-auth-policy-blocked",
      "synthetic-301-auth-policy-audit",
    ])
      expect(matches(id, await goldenOne(name)), name).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4012-domain-password-fallback"))).toBe(false);
  });

  it("machine account from a workstation that is not itself (fieldref on the derived AccountMachineName)", async () => {
    const id = "3e98d9ce-7760-41f2-ab4f-ef4c4477e4f3";
    expect(matches(id, dcAudit({ UserName: "WS01$", WorkstationName: "\\\\KALI" }))).toBe(true);
    expect(matches(id, dcAudit({ UserName: "DC01$", WorkstationName: "WS07" }, { eventId: 8006 }))).toBe(
      true,
    );
    expect(matches(id, await goldenOne("synthetic-8005-dc-audit-machine-account"))).toBe(false);
    expect(matches(id, dcAudit({ UserName: "WS01$", WorkstationName: "\\\\ws01" }))).toBe(false);
    expect(matches(id, dcAudit({ UserName: "alice", WorkstationName: "KALI" }))).toBe(false);
    expect(matches(id, dcAudit({ UserName: "WS01$", WorkstationName: "(NULL)" }))).toBe(false);
  });

  it("coercion building blocks need the peer IP", async () => {
    const incoming = "049b55a6-405b-4b6a-9505-e505be6fc33d";
    const outgoingId = "c374d496-7a0e-4cfa-9b29-27af79ac8bb6";
    expect(matches(incoming, await goldenOne("synthetic-4023-server-usage-failure"))).toBe(true);
    expect(matches(incoming, event({ eventId: 4023, data: { ClientIP: "(NULL)" } }))).toBe(false);
    expect(matches(incoming, await goldenOne("synthetic-4022-server-usage-success"))).toBe(false);
    expect(matches(outgoingId, await goldenOne("synthetic-4021-client-usage-ntlmv1"))).toBe(true);
    expect(matches(outgoingId, await goldenOne("synthetic-4020-client-usage-target-ip"))).toBe(false);
    expect(matches(outgoingId, event({ eventId: 4021, data: { TargetMachine: "FS01" } }))).toBe(false);
  });

  it("DC user authentication (building block) needs a user and a workstation", async () => {
    const id = "8c353181-4446-489a-a121-db9689a7a8cf";
    expect(matches(id, await goldenOne("synthetic-8004-dc-audit-null-domain"))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4004-dc-blocked"))).toBe(true);
    expect(matches(id, dcAudit({ WorkstationName: "(NULL)" }))).toBe(false);
    expect(matches(id, dcAudit({ UserName: "" }))).toBe(false);
    expect(matches(id, await goldenOne("real-jump01-8003"))).toBe(false);
  });

  it("outgoing NTLM blocked by policy (building block)", async () => {
    const id = "84003fe4-986a-44e5-8999-4432d646e61c";
    expect(matches(id, await goldenOne("real-seed-4001"))).toBe(true);
    expect(matches(id, await goldenOne("synthetic-4015-outgoing-blocked"))).toBe(true);
    expect(matches(id, await goldenOne("real-jump01-8001"))).toBe(false);
  });

  it("building blocks referenced by correlations do not alert on their own", async () => {
    const engine = new DetectionEngine();
    const alerts = [
      await goldenOne("synthetic-8004-dc-audit-null-domain"),
      await goldenOne("synthetic-4015-outgoing-blocked"),
      await goldenOne("synthetic-4023-server-usage-failure"),
    ].flatMap((e) => engine.push(e));
    const ids = alerts.map((a) => a.ruleId);
    for (const building of [
      "17221aa5-969c-4474-9b75-adf79370fcf2",
      "8c353181-4446-489a-a121-db9689a7a8cf",
      "84003fe4-986a-44e5-8999-4432d646e61c",
      "049b55a6-405b-4b6a-9505-e505be6fc33d",
    ])
      expect(ids).not.toContain(building);
  });
});

describe("our correlation rules", () => {
  const users = (n: number) => Array.from({ length: n }, (_, i) => `user${i}`);

  it("many users with a null domain to one destination (value_count, 1h)", () => {
    const id = "84bc161f-d90e-43e9-829a-be14e002f607";
    const burst = (count: number, step: number) =>
      users(count).map((u, i) => dcAudit({ UserName: u, DomainName: "NULL" }, { time: at(i * step) }));
    const [alert, ...more] = alertsOf(id, burst(10, 60));
    expect(more).toHaveLength(0);
    expect(alert?.value).toBe(10);
    expect(alert?.group).toEqual({ SChannelName: "FS01" });
    expect(alert?.events).toHaveLength(10);
    expect(alertsOf(id, burst(9, 60))).toHaveLength(0);
    // Ten users spread over 2.5 hours never have ten inside one hour.
    expect(alertsOf(id, burst(10, 900))).toHaveLength(0);
    // The same user ten times is one distinct value.
    expect(
      alertsOf(
        id,
        Array.from({ length: 10 }, (_, i) =>
          dcAudit({ UserName: "ALICE", DomainName: "NULL" }, { time: at(i) }),
        ),
      ),
    ).toHaveLength(0);
  });

  it("password spray: many users from one workstation (value_count, 30m)", () => {
    const id = "738aeea4-77a8-4a4c-97a2-72da981d9a09";
    const spray = users(15).map((u, i) =>
      dcAudit({ UserName: u, WorkstationName: "\\\\ATTACKER" }, { time: at(i * 10) }),
    );
    const alerts = alertsOf(id, spray);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.group).toEqual({ Computer: "DC01.contoso.local", WorkstationName: "ATTACKER" });
    expect(alertsOf(id, spray.slice(1))).toHaveLength(0);
    // Fifteen users from fifteen workstations are fifteen groups.
    const spread = users(15).map((u, i) =>
      dcAudit({ UserName: u, WorkstationName: `WS${i}` }, { time: at(i) }),
    );
    expect(alertsOf(id, spread)).toHaveLength(0);
  });

  describe("coercion chain (temporal_ordered 4023 -> 4021, same machine and IP, 30s)", () => {
    const id = "32133eea-909d-4ce9-9c8a-8405b0dc2c87";
    const incoming = (seconds: number, ip = "192.168.56.101", computer = "FS01.contoso.local") =>
      event({
        eventId: 4023,
        level: 3,
        computer,
        time: at(seconds),
        data: { Username: "attacker", ClientIP: ip, NtlmVersion: "NTLMv2" },
      });
    const outgoingTo = (seconds: number, ip = "192.168.56.101", computer = "FS01.contoso.local") =>
      event({
        eventId: 4021,
        level: 3,
        computer,
        time: at(seconds),
        data: { Username: "FS01$", TargetIP: ip, NtlmVersion: "NTLMv1" },
      });

    it("alerts on 4023 then 4021 to the same IP within 30 s", () => {
      const alerts = alertsOf(id, [incoming(0), outgoingTo(5)]);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.group).toEqual({ Computer: "FS01.contoso.local", peer_ip: "192.168.56.101" });
      expect(alerts[0]?.events.map((e) => e.eventId)).toEqual([4023, 4021]);
    });
    it("matches the IP in its canonical form (IPv4-mapped IPv6)", () => {
      expect(alertsOf(id, [incoming(0, "::ffff:192.168.56.101"), outgoingTo(5)])).toHaveLength(1);
    });
    it("does not alert out of order, too late, for another IP or another machine", () => {
      expect(alertsOf(id, [outgoingTo(0), incoming(5)])).toHaveLength(0);
      expect(alertsOf(id, [incoming(0), outgoingTo(31)])).toHaveLength(0);
      expect(alertsOf(id, [incoming(0), outgoingTo(5, "10.9.9.9")])).toHaveLength(0);
      expect(alertsOf(id, [incoming(0), outgoingTo(5, "192.168.56.101", "WS09.contoso.local")])).toHaveLength(
        0,
      );
    });
  });

  it("outgoing NTLM blocked: one process and target repeatedly (event_count) and many targets (value_count)", () => {
    const repeat = Array.from({ length: 5 }, (_, i) =>
      event({
        eventId: 4001,
        computer: "WS01",
        time: at(i * 60),
        data: { TargetName: "cifs/fs01", ProcessName: "C:\\tools\\app.exe" },
      }),
    );
    expect(alertsOf("61aa7bf8-d55d-4425-b15d-a42ce804d323", repeat)).toHaveLength(1);
    expect(alertsOf("61aa7bf8-d55d-4425-b15d-a42ce804d323", repeat.slice(1))).toHaveLength(0);
    expect(alertsOf("49561ae4-e6c0-4790-85ce-f19728b2cb2a", repeat)).toHaveLength(0);
    const scan = Array.from({ length: 5 }, (_, i) =>
      event({
        eventId: 4015,
        computer: "WS01",
        time: at(i),
        data: { TargetName: `cifs/host${i}`, ProcessName: "C:\\tools\\scan.exe" },
      }),
    );
    const alerts = alertsOf("49561ae4-e6c0-4790-85ce-f19728b2cb2a", scan);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.value).toBe(5);
    expect(alerts[0]?.group).toEqual({ Computer: "WS01", ProcessName: "C:\\tools\\scan.exe" });
  });
});

it("every rule in the set is exercised by this file", () => {
  const source = readFileSync(fileURLToPath(import.meta.url), "utf8");
  const ids = RULES.map((r) => r.meta.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => !source.includes(`"${id}"`))).toEqual([]);
});
