/**
 * Every typed field of the real fixture events decodes without a failure, and a few known values come out right.
 * Guards against decoders that pass hand-written cases but trip on what Windows actually logs.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  decodeAccount,
  decodeBoolean,
  decodeEventId,
  decodeHexInt64,
  decodeHostName,
  decodeLevel,
  decodeLogonType,
  decodeLuid,
  decodeMechanismOid,
  decodeOpcode,
  decodeRecordId,
  decodeSid,
  decodeSpn,
  decodeTask,
  decodeTimestamp,
  decodeUInt32,
  decodeVersion,
  isDecodeFailure,
  type RawValue,
} from "../../src/decode/index.js";

const samples = fileURLToPath(new URL("../fixtures/samples/", import.meta.url));

type Json = Record<string, unknown>;
function str(v: unknown): RawValue {
  if (v === null || v === undefined) return v;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** Decode every known field; return "field: reason" for each failure. */
function decodeAll(system: Record<string, RawValue>, data: Record<string, RawValue>): string[] {
  const problems: string[] = [];
  const check = (field: string, r: unknown) => {
    if (isDecodeFailure(r)) problems.push(`${field}: ${r.raw} ${r.reason}`);
  };
  check("EventID", decodeEventId(system.eventId));
  check("Version", decodeVersion(system.version));
  check("Level", decodeLevel(system.level));
  check("Task", decodeTask(system.task));
  check("Opcode", decodeOpcode(system.opcode));
  check("Keywords", decodeHexInt64(system.keywords));
  check("TimeCreated", decodeTimestamp(system.time));
  check("EventRecordID", decodeRecordId(system.recordId));
  check("ProcessID", decodeUInt32(system.processId));
  check("ThreadID", decodeUInt32(system.threadId));
  check("Computer", decodeHostName(system.computer));
  check("UserID", decodeSid(system.userId));
  check("CallerPID", decodeUInt32(data.CallerPID));
  check("ClientLUID", decodeLuid(data.ClientLUID));
  check("ClientUser", decodeAccount(data.ClientUserName, data.ClientDomainName));
  check("User", decodeAccount(data.UserName, data.DomainName));
  check("Workstation", decodeHostName(data.Workstation));
  check("LogonType", decodeLogonType(data.LogonType));
  check("InProc", decodeBoolean(data.InProc));
  check("TargetName", decodeSpn(data.TargetName));
  check("MechanismOID", decodeMechanismOid(data.MechanismOID));
  return problems;
}

function mapValues(o: Json): Record<string, RawValue> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, str(v)]));
}

describe("real fixture events", () => {
  it("carved NDJSON (97 records of 8001/8002/8003) decode cleanly", () => {
    let count = 0;
    for (const file of ["carved/jump01_8001_8002_8003.ndjson", "carved/pki01_8002.ndjson"]) {
      for (const line of readFileSync(`${samples}${file}`, "utf8").split("\n")) {
        if (line.trim() === "") continue;
        const ev = (JSON.parse(line) as { Event: { System: Json; EventData: Json } }).Event;
        const s = ev.System;
        const system = {
          eventId: str(s.EventID),
          version: str(s.Version),
          level: str(s.Level),
          task: str(s.Task),
          opcode: str(s.Opcode),
          keywords: str(s.Keywords),
          time: str((s.TimeCreated as Json).SystemTime),
          recordId: str(s.EventRecordID),
          processId: str((s.Execution as Json).ProcessID),
          threadId: str((s.Execution as Json).ThreadID),
          computer: str(s.Computer),
          userId: str((s.Security as Json).UserID),
        };
        expect(decodeAll(system, mapValues(ev.EventData))).toEqual([]);
        count++;
      }
    }
    expect(count).toBe(97);
  });

  it("seed JSON events decode cleanly", () => {
    for (const name of [
      "seed-4001-desktop-k7q9ms2-32.json",
      "seed-4014-lab-win11-1103.json",
      "seed-8002-lab-win11-1104.json",
      "seed-8003-lab-win11-957.json",
    ]) {
      const ev = JSON.parse(readFileSync(`${samples}seeds/${name}`, "utf8")) as {
        system: Json;
        event_data: Json;
      };
      const s = ev.system;
      const system = {
        eventId: str(s.event_id),
        version: str(s.version),
        level: str(s.level),
        task: str(s.task),
        opcode: str(s.opcode),
        // JSON numbers above 2^53 lose precision when parsed; the reader keeps the source text. Use the
        // documented value here.
        keywords: "9223372036854775808",
        time: str(s.time_created),
        recordId: str(s.event_record_id),
        processId: str((s.execution as Json).process_id),
        threadId: str((s.execution as Json).thread_id),
        computer: str(s.computer),
        userId: str((s.security as Json).user_id),
      };
      expect(decodeAll(system, mapValues(ev.event_data)), name).toEqual([]);
    }
  });

  it("known values from the fixtures", () => {
    expect(decodeTimestamp("2026-05-03T21:03:06.9528515+00:00")).toMatchObject({
      iso: "2026-05-03T21:03:06.9528515Z",
    });
    expect(decodeSpn("cifs/127.0.0.1")).toMatchObject({
      serviceClass: "cifs",
      hostIsIp: true,
      ip: "127.0.0.1",
    });
    expect(decodeAccount("LAB-WIN11$", "WORKGROUP")).toMatchObject({
      isMachine: true,
      host: "LAB-WIN11",
      kind: "windows",
    });
    expect(decodeLuid("0x3e7")).toMatchObject({ name: "SYSTEM" });
    expect(decodeMechanismOid("1.3.6.1.4.1.311.2.2.10")).toMatchObject({ name: "NTLMSSP" });
    expect(decodeHostName("LAB-WIN11.ludus.domain")).toMatchObject({
      host: "LAB-WIN11",
      domain: "ludus.domain",
    });
    expect(decodeBoolean("True")).toBe(true);
  });
});
