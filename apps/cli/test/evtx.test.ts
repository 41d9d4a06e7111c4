import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "./run-cli.js";

const evtxFixtures = resolve(import.meta.dirname, "../../../packages/evtx/test/fixtures");
const golden = join(evtxFixtures, "written/ntlm-golden.evtx");
const pki01 = join(evtxFixtures, "mdecrevoisier/ID5124-OCSP_security_settings_changed.evtx");
const security = join(evtxFixtures, "omerbenamram/security.evtx");

function lines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "ntlm-siem-evtx-"));
}

describe(".evtx inputs", () => {
  it("convert reads binary .evtx transparently", async () => {
    const result = await runCliCaptured(["convert", golden, "--to", "ecs"]);
    expect(result.code).toBe(0);
    const docs = lines(result.stdout) as { event: { code: string }; log: { file: { path: string } } }[];
    expect(result.stderr).toMatch(/ecs: 134 records read, (\d+) converted, (\d+) skipped/);
    expect(docs.length).toBeGreaterThan(100);
  });

  it("detects the format by its signature, so a renamed file works", async () => {
    const dir = await tempDir();
    const renamed = join(dir, "export.bin");
    await copyFile(golden, renamed);
    const a = await runCliCaptured(["convert", golden, "--to", "normalized"]);
    const b = await runCliCaptured(["convert", renamed, "--to", "normalized"]);
    expect(b.code).toBe(0);
    const strip = (text: string) => lines(text).map((d) => ({ ...d, origin: undefined }));
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
  });

  it("convert --carve adds the deleted NTLM records, marked recovered with their file offset", async () => {
    const plain = await runCliCaptured(["convert", pki01, "--to", "ecs"]);
    expect(plain.code).toBe(0);
    expect(lines(plain.stdout)).toHaveLength(0);
    expect(plain.stderr).toContain("7 records read, 0 converted, 7 skipped");

    const carved = await runCliCaptured(["convert", pki01, "--to", "ecs", "--carve"]);
    expect(carved.code).toBe(0);
    const docs = lines(carved.stdout) as {
      event: { code: string };
      log: { file: { path: string }; recovered?: boolean; file_offset?: number };
      winlog: { record_id: string | number };
    }[];
    expect(docs).toHaveLength(7);
    expect(docs.every((d) => d.event.code === "8002")).toBe(true);
    expect(carved.stderr).toContain("14 records read, 7 converted, 7 skipped");
    expect(carved.stderr).toContain("recovered (carved) records: 7");
    expect(JSON.stringify(docs[0])).toContain('"recovered":true');
    expect(JSON.stringify(docs[0])).toContain('"file_offset":66176');

    // The reader is back to live records only after a --carve run.
    const again = await runCliCaptured(["convert", pki01, "--to", "ecs"]);
    expect(lines(again.stdout)).toHaveLength(0);
  });

  it("detect reads .evtx and, with --carve, the recovered records too", async () => {
    const plain = await runCliCaptured(["detect", pki01, "--json"]);
    expect(plain.code).toBe(0);
    expect(lines(plain.stdout)).toHaveLength(0);
    const carved = await runCliCaptured(["detect", pki01, "--json", "--carve"]);
    expect(carved.code).toBe(0);
    const alerts = lines(carved.stdout) as { events: { recordId: string; origin: { offset?: number } }[] }[];
    // SigmaHQ's NTLM Logon rule fires once per 8002 event: one alert per recovered record.
    expect(alerts.map((a) => a.events[0]?.recordId)).toEqual([
      "1715",
      "1716",
      "1717",
      "1718",
      "1719",
      "1720",
      "1721",
    ]);
    expect(alerts[0]?.events[0]?.origin.offset).toBe(66176);
    expect(carved.stderr).toContain("recovered (carved) records: 7");
  });
});

describe("ntlm-siem inspect", () => {
  it("prints header, chunks, records, channels, event IDs and damage", async () => {
    const result = await runCliCaptured(["inspect", security]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("header: version 3.1, 26 chunks");
    expect(result.stdout).toContain("records: 2261 read, 0 rejected");
    expect(result.stdout).toContain("channels: Security=2261");
    expect(result.stdout).toContain("damage found: evtx-file-dirty=1");
  });

  it("--json gives one object with records, chunks, problems and eventIds", async () => {
    const result = await runCliCaptured(["inspect", security, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      records: number;
      recovered: number | null;
      chunks: { found: number };
      eventIds: Record<string, number>;
      problems: { chunk: number | null; record: number | null; offset: number | null; message: string }[];
    };
    expect(report.records).toBe(2261);
    expect(report.recovered).toBeNull();
    expect(report.chunks.found).toBe(26);
    expect(Object.values(report.eventIds).reduce((a, b) => a + b, 0)).toBe(2261);
    expect(report.problems[0]).toMatchObject({ chunk: null, record: null, offset: 0 });
  });

  it("--carve counts the deleted records apart from live ones", async () => {
    const result = await runCliCaptured(["inspect", pki01, "--json", "--carve"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      records: number;
      recovered: number;
      eventIds: Record<string, number>;
      recoveredEventIds: Record<string, number>;
    };
    expect(report.records).toBe(7);
    expect(report.recovered).toBe(7);
    expect(report.recoveredEventIds).toEqual({ "8002": 7 });
    const text = await runCliCaptured(["inspect", pki01, "--carve"]);
    expect(text.stdout).toContain("recovered (deleted, carved): 7, 7 of them from their values alone");
  });

  it("reports damage with chunk, record and offset", async () => {
    const result = await runCliCaptured([
      "inspect",
      join(evtxFixtures, "omerbenamram/Microsoft-Windows-HelloForBusiness%4Operational.evtx"),
      "--json",
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      records: number;
      problems: { severity: string; chunk: number | null; record: number | null; offset: number | null }[];
    };
    expect(report.records).toBe(5);
    expect(report.problems.find((p) => p.severity === "reject")).toMatchObject({ chunk: 0, record: 6 });
  });

  it("exits 1 when the file cannot be read at all", async () => {
    const dir = await tempDir();
    const missing = await runCliCaptured(["inspect", join(dir, "nope.evtx")]);
    expect(missing.code).toBe(1);
    const text = join(dir, "text.evtx");
    await writeFile(text, "not an event log at all\n".repeat(10));
    const notEvtx = await runCliCaptured(["inspect", text]);
    expect(notEvtx.code).toBe(1);
    expect(notEvtx.stderr).toContain("not an EVTX file");
  });

  it("exits 2 on usage errors", async () => {
    expect((await runCliCaptured(["inspect"])).code).toBe(2);
    expect((await runCliCaptured(["inspect", security, security])).code).toBe(2);
    expect((await runCliCaptured(["inspect", security, "--bogus"])).code).toBe(2);
  });
});
