import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "./run-cli.js";

const samples = resolve(import.meta.dirname, "../../../packages/core/test/fixtures/samples");
const pki01 = join(samples, "carved/pki01_8002.xml");

const NS = "http://schemas.microsoft.com/win/2004/08/events/event";
const dcEvent = (record: number, seconds: number, user: string, workstation: string) =>
  `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Security-Netlogon"/><EventID>8004</EventID><Level>4</Level><TimeCreated SystemTime="2025-03-11T10:${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}.0000000Z"/><EventRecordID>${record}</EventRecordID><Channel>Microsoft-Windows-NTLM/Operational</Channel><Computer>DC01.contoso.local</Computer></System><EventData><Data Name="SChannelName">FS01</Data><Data Name="UserName">${user}</Data><Data Name="DomainName">NULL</Data><Data Name="WorkstationName">${workstation}</Data><Data Name="SChannelType">2</Data></EventData></Event>`;

async function writeTemp(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ntlm-siem-detect-"));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function lines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("ntlm-siem detect", () => {
  it("prints NDJSON alerts with --json, detection alerts with the event identity", async () => {
    const result = await runCliCaptured(["detect", pki01, "--json"]);
    expect(result.code).toBe(0);
    const alerts = lines(result.stdout);
    // Every pki01 record is an 8002: SigmaHQ's NTLM Logon rule fires once per event.
    expect(alerts).toHaveLength(7);
    const first = alerts[0] as {
      ruleId: string;
      kind: string;
      host: string;
      events: { eventId: number; origin: { file: string; record: number } }[];
    };
    expect(first.ruleId).toBe("98c3bcf1-56f2-49dc-9d8d-c66cf190238b");
    expect(first.kind).toBe("detection");
    expect(first.host).toBe("pki01.offsec.lan");
    expect(first.events[0]?.eventId).toBe(8002);
    expect(first.events[0]?.origin).toMatchObject({ file: pki01, record: 1 });
    expect(result.stderr).toContain("detect: 7 alert(s) from 7 events");
  });

  it("prints a table by default", async () => {
    const result = await runCliCaptured(["detect", pki01]);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^TIME\s+LEVEL\s+RULE\s+HOST\s+EVIDENCE$/);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toContain("NTLM Logon");
    expect(rows[0]).toContain("8002#");
  });

  it("correlates across inputs given in any order", async () => {
    const users = Array.from({ length: 10 }, (_, i) => `user${i}`);
    const events = users.map((u, i) => dcEvent(100 + i, i * 30, u, "\\\\ATTACKER"));
    // Later half first, in a second file: the correlation still sees ten users inside one hour.
    const a = await writeTemp("late.xml", `<Events>${events.slice(5).join("")}</Events>`);
    const b = await writeTemp("early.xml", `<Events>${events.slice(0, 5).join("")}</Events>`);
    const result = await runCliCaptured(["detect", a, b, "--json"]);
    expect(result.code).toBe(0);
    const correlations = lines(result.stdout).filter((x) => x.kind === "correlation");
    expect(correlations.map((c) => c.ruleId)).toEqual(["84bc161f-d90e-43e9-829a-be14e002f607"]);
    expect(correlations[0]).toMatchObject({ group: { SChannelName: "FS01" }, value: 10 });
  });

  it("exits 0 and says so when nothing matches", async () => {
    const path = await writeTemp("one.xml", dcEvent(1, 0, "alice", "WS07").replace("NULL", "CONTOSO"));
    const result = await runCliCaptured(["detect", path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("No alerts.\n");
  });

  it("exits 2 on usage errors", async () => {
    expect((await runCliCaptured(["detect"])).code).toBe(2);
    expect((await runCliCaptured(["detect", pki01, "--to", "ecs"])).code).toBe(2);
  });
});
