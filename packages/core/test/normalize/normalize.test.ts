import { describe, expect, it } from "vitest";
import { normalize, type NormalizeResult } from "../../src/normalize/normalize.js";
import type { NtlmEvent } from "../../src/model/ntlm-event.js";
import { NtlmEventSchema } from "../../src/model/ntlm-event.js";
import type { RawDataItem, RawRecord, RawSystem } from "../../src/raw/raw-record.js";

const NTLM = "Microsoft-Windows-NTLM/Operational";

function raw(system: RawSystem, data: Record<string, string | null> | RawDataItem[]): RawRecord {
  const eventData = Array.isArray(data)
    ? data
    : Object.entries(data).map(([name, value]) => ({ name, value }));
  return {
    origin: { file: "test.xml", record: 7, line: 12, format: "xml" },
    system: {
      timeCreated: "2024-05-06T07:08:09.1234567Z",
      channel: NTLM,
      computer: "ws01.contoso.local",
      ...system,
    },
    eventData,
  };
}

function event(result: NormalizeResult): NtlmEvent {
  if (result.kind !== "event") throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  // Every normalized event satisfies the published zod schema.
  return NtlmEventSchema.parse(result.event);
}

const OUTGOING = {
  TargetName: "HTTP/web01.contoso.local:8080",
  UserName: "alice",
  DomainName: "CONTOSO",
  CallerPID: "1234",
  ProcessName: "C:\\Program Files\\App\\app.exe",
  ClientLUID: "0x3E7",
  ClientUserName: "WS01$",
  ClientDomainName: "CONTOSO",
  MechanismOID: "1.3.6.1.4.1.311.2.2.10",
};

describe("normalize", () => {
  it("decodes an outgoing audit event field by field", () => {
    const e = event(
      normalize(raw({ eventId: "8001", providerName: "Microsoft-Windows-NTLM", level: "4" }, OUTGOING)),
    );
    expect(e.record).toMatchObject({
      eventId: 8001,
      timestamp: "2024-05-06T07:08:09.1234567Z",
      channel: NTLM,
    });
    expect(e.event).toMatchObject({
      known: true,
      role: "client",
      mode: "audit",
      outcome: "unknown",
      action: "ntlm-outgoing-audit",
    });
    expect(e.client.user).toEqual({
      name: "alice",
      domain: "CONTOSO",
      kind: "windows",
      isMachine: false,
      isAnonymous: false,
    });
    expect(e.process).toMatchObject({
      pid: 1234,
      name: "app.exe",
      executable: "C:\\Program Files\\App\\app.exe",
      luid: "0x3e7",
      luidName: "SYSTEM",
      user: { name: "WS01$", domain: "CONTOSO", isMachine: true },
    });
    expect(e.target.spn).toEqual({
      raw: "HTTP/web01.contoso.local:8080",
      serviceClass: "HTTP",
      host: "web01.contoso.local",
      port: 8080,
    });
    expect(e.target.host).toMatchObject({ name: "web01.contoso.local", domain: "contoso.local", port: 8080 });
    expect(e.ntlm.mechanism).toEqual({ oid: "1.3.6.1.4.1.311.2.2.10", name: "NTLMSSP" });
    expect(e.unmapped).toEqual({});
  });

  it("accepts the rendered field names as aliases of the manifest names", () => {
    const manifest = event(
      normalize(
        raw({ eventId: "8002" }, { CallerPID: "4", ClientUserName: "FS01$", ClientDomainName: "CONTOSO" }),
      ),
    );
    const rendered = event(
      normalize(
        raw(
          { eventId: "8002" },
          {
            Calling_process_PID: "4",
            Calling_process_user_identity: "FS01$",
            Calling_process_domain_identity: "CONTOSO",
          },
        ),
      ),
    );
    expect(rendered.process).toEqual(manifest.process);
  });

  it("names unnamed (positional) data from the manifest field order", () => {
    const positional = ["cifs/fs01", "bob", "CONTOSO", "4", "", "0x3e7", "WS01$", "CONTOSO", "(NULL)"].map(
      (value) => ({
        name: undefined,
        value,
      }),
    );
    const e = event(normalize(raw({ eventId: "4001" }, positional)));
    expect(e.eventData.TargetName).toBe("cifs/fs01");
    expect(e.client.user?.name).toBe("bob");
    expect(e.process.pid).toBe(4);
  });

  it("turns Windows placeholders into absent values, keeps them raw in eventData", () => {
    const e = event(
      normalize(
        raw(
          { eventId: "8004", providerName: "Microsoft-Windows-Security-Netlogon" },
          {
            SChannelName: "FS01",
            UserName: "carol",
            DomainName: "NULL",
            WorkstationName: "\\\\WS07",
            SChannelType: "2",
          },
        ),
      ),
    );
    expect(e.client.user).toEqual({ name: "carol", kind: "simple", isMachine: false, isAnonymous: false });
    expect(e.client.workstation).toMatchObject({ name: "WS07" });
    expect(e.ntlm.secureChannel).toEqual({
      name: "FS01",
      type: { code: 2, name: "WorkstationSecureChannel" },
    });
    expect(e.eventData.DomainName).toBe("NULL");
    expect(e.event).toMatchObject({ role: "domain-controller", outcome: "unknown" });
  });

  it("rejects a record whose manifest-typed field cannot be decoded, naming file, record and field", () => {
    const result = normalize(raw({ eventId: "8001" }, { ...OUTGOING, CallerPID: "12ab" }));
    expect(result.kind).toBe("reject");
    if (result.kind !== "reject") return;
    expect(result.error.code).toBe("decode.not-an-integer");
    expect(result.error.describe()).toBe(
      'test.xml (record 7, line 12): event 8001: CallerPID: "12ab" is not a decimal UInt32',
    );
  });

  it("keeps an odd value of an unverified field instead of rejecting the record", () => {
    const e = event(
      normalize(raw({ eventId: "4032" }, { ClientName: "dave", ServerIP: "not-an-ip", Status: "0x0" })),
    );
    expect(e.unmapped.ServerIP).toBe("not-an-ip");
    expect(e.event.outcome).toBe("success");
  });

  it("passes an unknown event ID of the channel through with its raw fields", () => {
    const e = event(normalize(raw({ eventId: "4099" }, { Foo: "bar", Empty: "" })));
    expect(e.event).toMatchObject({
      known: false,
      action: "ntlm-unknown-event",
      role: "unknown",
      outcome: "unknown",
    });
    expect(e.unmapped).toEqual({ Foo: "bar" });
  });

  it("skips events of other channels, including colliding IDs", () => {
    expect(
      normalize(raw({ eventId: "8004", channel: "Microsoft-Windows-AppLocker/EXE and DLL" }, {})),
    ).toEqual({
      kind: "skip",
      reason: "other-channel",
      channel: "Microsoft-Windows-AppLocker/EXE and DLL",
    });
    expect(normalize(raw({ eventId: "4624", channel: "Security" }, {})).kind).toBe("skip");
  });

  it("recovers the channel from provider + ID when the input lost it, matching channel case-insensitively", () => {
    const noChannel = raw({ eventId: "100", providerName: "Microsoft-Windows-NTLM" }, { AccountName: "eve" });
    delete noChannel.system.channel;
    expect(event(normalize(noChannel)).record.channel).toBe(
      "Microsoft-Windows-Authentication/ProtectedUserFailures-DomainController",
    );
    expect(
      event(normalize(raw({ eventId: "8001", channel: "microsoft-windows-ntlm/operational" }, OUTGOING)))
        .record.channel,
    ).toBe(NTLM);
  });

  it("decides status-bearing outcomes from NTSTATUS and never invents one", () => {
    const ok = event(normalize(raw({ eventId: "4022" }, { Username: "u", Status: "0x0" })));
    const bad = event(normalize(raw({ eventId: "4022" }, { Username: "u", Status: "0xC000006D" })));
    const none = event(normalize(raw({ eventId: "4022" }, { Username: "u" })));
    expect([ok.event.outcome, bad.event.outcome, none.event.outcome]).toEqual([
      "success",
      "failure",
      "unknown",
    ]);
    expect(bad.status).toMatchObject({ code: "0xC000006D", name: "STATUS_LOGON_FAILURE", isSuccess: false });
    expect(event(normalize(raw({ eventId: "4001" }, OUTGOING))).event.outcome).toBe("failure");
  });

  it("flags insecure NTLM from the version, MIC and channel binding, and from Warning twins", () => {
    const v1 = event(
      normalize(
        raw(
          { eventId: "4021", level: "3" },
          { NtlmVersion: "NTLMv1", MicStatus: "Unprotected", ChannelBindingStatus: "Not Supported" },
        ),
      ),
    );
    expect(v1.event.insecureReasons).toEqual(["ntlmv1", "mic-missing", "channel-binding-missing"]);
    const warningOnly = event(normalize(raw({ eventId: "4023", level: "3" }, { NtlmVersion: "NTLMv2" })));
    expect(warningOnly.event).toMatchObject({ insecure: true, insecureReasons: ["warning-level"] });
    const fine = event(
      normalize(raw({ eventId: "4020", level: "4" }, { NtlmVersion: "NTLMv2", MicStatus: "Protected" })),
    );
    expect(fine.event.insecure).toBe(false);
  });

  it("keeps every fractional digit of TimeCreated and rejects a record without one", () => {
    expect(
      event(normalize(raw({ eventId: "8001", timeCreated: "2019-03-02T23:00:00.746139000Z" }, OUTGOING)))
        .record.timestamp,
    ).toBe("2019-03-02T23:00:00.746139000Z");
    const missing = raw({ eventId: "8001" }, OUTGOING);
    delete missing.system.timeCreated;
    const result = normalize(missing);
    expect(result.kind === "reject" && result.error.code).toBe("missing-time-created");
  });

  it("marks recovered (carved) records and keeps their file offset", () => {
    const carved = raw({ eventId: "8002" }, { CallerPID: "4" });
    carved.origin = { file: "x.evtx", record: 3, offset: 4096, format: "evtx", recovered: true };
    expect(event(normalize(carved)).origin).toEqual({
      file: "x.evtx",
      record: 3,
      offset: 4096,
      format: "evtx",
      recovered: true,
    });
  });
});
