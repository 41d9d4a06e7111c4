import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile, readdir } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "./run-cli.js";

const CLI = resolve(import.meta.dirname, "../dist/main.js");

const samples = resolve(import.meta.dirname, "../../../packages/core/test/fixtures/samples");
const pki01 = join(samples, "carved/pki01_8002.xml");

const EVENT = (id: number, record: number, data: string) =>
  `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-NTLM"/><EventID>${id}</EventID><Level>4</Level><TimeCreated SystemTime="2024-01-02T03:04:05.1234567Z"/><EventRecordID>${record}</EventRecordID><Channel>Microsoft-Windows-NTLM/Operational</Channel><Computer>fs01.contoso.local</Computer></System><EventData>${data}</EventData></Event>`;
const GOOD_8002 = (record: number) =>
  EVENT(
    8002,
    record,
    '<Data Name="CallerPID">4</Data><Data Name="ProcessName"></Data><Data Name="ClientLUID">0x3e7</Data><Data Name="ClientUserName">FS01$</Data><Data Name="ClientDomainName">CONTOSO</Data><Data Name="MechanismOID">(NULL)</Data>',
  );
const BAD_PID_8002 = (record: number) =>
  EVENT(8002, record, '<Data Name="CallerPID">not-a-pid</Data><Data Name="ClientUserName">FS01$</Data>');

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "ntlm-siem-cli-"));
}

function lines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown);
}

describe("ntlm-siem convert", () => {
  it("writes one NDJSON document per event to stdout and a summary to stderr", async () => {
    const result = await runCliCaptured(["convert", pki01, "--to", "ecs"]);
    expect(result.code).toBe(0);
    const docs = lines(result.stdout) as { event: { code: string }; host: { name: string } }[];
    expect(docs).toHaveLength(7);
    expect(docs.every((d) => d.event.code === "8002" && d.host.name === "pki01.offsec.lan")).toBe(true);
    expect(result.stderr).toContain("7 records read, 7 converted, 0 skipped (other logs), 0 rejected");
    expect(result.stderr).toContain("events by ID: 8002=7");
  });

  it.each(["normalized", "ecs", "cim", "asim"])("converts to %s", async (schema) => {
    const result = await runCliCaptured(["convert", pki01, "--to", schema]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(7);
  });

  it("rejects a bad record with its file, record and line, keeps its neighbours, writes --rejects, exits 1", async () => {
    const dir = await tempDir();
    const input = join(dir, "mixed.xml");
    await writeFile(input, `<Events>\n${GOOD_8002(1)}\n${BAD_PID_8002(2)}\n${GOOD_8002(3)}\n</Events>\n`);
    const rejects = join(dir, "rejects.ndjson");
    const result = await runCliCaptured(["convert", input, "--to", "cim", "--rejects", rejects]);
    expect(result.code).toBe(1);
    const docs = lines(result.stdout) as { ntlm_record_id: string }[];
    expect(docs.map((d) => d.ntlm_record_id)).toEqual(["1", "3"]);
    expect(result.stderr).toMatch(/mixed\.xml \(record 2, line 3\): event 8002: CallerPID: "not-a-pid"/);
    expect(result.stderr).toContain("rejected by reason:");
    const rejected = lines(await readFile(rejects, "utf8")) as {
      file: string;
      record: number;
      line: number;
      code: string;
    }[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ file: input, record: 2, line: 3, code: "decode.not-an-integer" });
  });

  it("prints the first 20 rejects of a batch one by one, then one line for the rest, and writes them all", async () => {
    const dir = await tempDir();
    const input = join(dir, "many-bad.xml");
    const records = Array.from({ length: 45 }, (_, i) =>
      i % 3 === 0 ? GOOD_8002(i + 1) : BAD_PID_8002(i + 1),
    );
    await writeFile(input, `<Events>\n${records.join("\n")}\n</Events>\n`);
    const rejects = join(dir, "rejects.ndjson");
    const result = await runCliCaptured(["convert", input, "--to", "ecs", "--rejects", rejects]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toHaveLength(15);
    const printed = result.stderr.split("\n").filter((l) => l.startsWith("rejected: "));
    expect(printed).toHaveLength(21);
    expect(printed[0]).toMatch(/many-bad\.xml \(record 2, line 3\)/);
    expect(printed[20]).toBe("rejected: more records rejected; see the summary");
    const written = lines(await readFile(rejects, "utf8")) as { record: number }[];
    expect(written.map((r) => r.record)).toEqual(
      Array.from({ length: 45 }, (_, i) => i + 1).filter((n) => (n - 1) % 3 !== 0),
    );
  });

  it("writes --out atomically: the file appears complete, no partial file is left", async () => {
    const dir = await tempDir();
    const out = join(dir, "sub", "ecs.ndjson");
    const result = await runCliCaptured(["convert", pki01, "--to", "ecs", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(lines(await readFile(out, "utf8"))).toHaveLength(7);
    expect(await readdir(join(dir, "sub"))).toEqual(["ecs.ndjson"]);
  });

  it("reads stdin with -", async () => {
    const result = await runCliCaptured(["convert", "-", "--to", "normalized"], { stdin: GOOD_8002(9) });
    expect(result.code).toBe(0);
    const [doc] = lines(result.stdout) as { record: { recordId: string }; origin: { file: string } }[];
    expect(doc?.record.recordId).toBe("9");
    expect(doc?.origin.file).toBe("-");
  });

  it("skips and counts events of other channels", async () => {
    const other = GOOD_8002(5).replace(
      "Microsoft-Windows-NTLM/Operational",
      "Microsoft-Windows-AppLocker/EXE and DLL",
    );
    const result = await runCliCaptured(["convert", "-", "--to", "ecs"], {
      stdin: `<Events>${other}${GOOD_8002(6)}</Events>`,
    });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(1);
    expect(result.stderr).toContain("skipped by channel: Microsoft-Windows-AppLocker/EXE and DLL=1");
  });

  it("reports a missing input and converts the others", async () => {
    const result = await runCliCaptured([
      "convert",
      join(samples, "does-not-exist.xml"),
      pki01,
      "--to",
      "ecs",
    ]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toHaveLength(7);
    expect(result.stderr).toContain("does-not-exist.xml");
  });

  it.each([
    [["convert", pki01], "--to is required"],
    [["convert", pki01, "--to", "splunk"], "--to must be one of normalized, ecs, cim, asim"],
    [["convert", "--to", "ecs"], "no inputs given"],
    [["convert", pki01, "--to", "ecs", "--bogus"], "Unknown option"],
  ])("exits 2 on usage errors: %j", async (argv, message) => {
    const result = await runCliCaptured(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage:");
  });

  it("exits 2 for an unknown command and 0 for help", async () => {
    expect((await runCliCaptured(["frobnicate"])).code).toBe(2);
    const help = await runCliCaptured(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("convert");
  });

  it("removes its unfinished --out and --rejects files when interrupted, leaving the final names untouched", async () => {
    const dir = await tempDir();
    const out = join(dir, "out.ndjson");
    const rejectsFile = join(dir, "rejects.ndjson");
    // The built CLI (as users run it), reading stdin that stays open: the conversion is under way when signalled.
    const child = spawn(
      process.execPath,
      [CLI, "convert", "-", "--to", "ecs", "--out", out, "--rejects", rejectsFile],
      {
        stdio: ["pipe", "ignore", "ignore"],
      },
    );
    child.stdin.write(`<Events>\n${GOOD_8002(1)}\n`);
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on("exit", (_code, signal) => done(signal)),
    );
    for (let i = 0; i < 200 && (await readdir(dir)).length < 2; i++) await delay(25);
    expect((await readdir(dir)).sort()).toEqual([
      `out.ndjson.partial-${child.pid}`,
      `rejects.ndjson.partial-${child.pid}`,
    ]);
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    expect(await readdir(dir)).toEqual([]);
  });

  it("takes --threads 1 to 64 and gives the same output whatever the number", async () => {
    for (const bad of ["0", "x", "1.5", "65"]) {
      const result = await runCliCaptured(["convert", pki01, "--to", "ecs", "--threads", bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--threads must be a whole number from 1 to 64");
    }
    const one = await runCliCaptured(["convert", pki01, "--to", "ecs", "--threads", "1"]);
    const four = await runCliCaptured(["convert", pki01, "--to", "ecs", "--threads", "4"]);
    expect(one.code).toBe(0);
    expect(lines(one.stdout)).toHaveLength(7);
    expect(four.stdout).toBe(one.stdout);
  });
});

describe("ntlm-siem sample", () => {
  it("converts every bundled sample to every schema with no rejects and no schema problems", async () => {
    const dir = await tempDir();
    const result = await runCliCaptured(["sample", "--out", dir]);
    expect(result.stderr).not.toContain("schema problem:");
    expect(result.code).toBe(0);
    for (const schema of ["ecs", "cim", "asim"]) {
      expect(result.stderr).toMatch(new RegExp(`${schema} schema check: (\\d+) documents, 0 problems`));
    }
    expect((await readdir(dir)).sort()).toEqual([
      "asim.ndjson",
      "cim.ndjson",
      "ecs.ndjson",
      "normalized.ndjson",
    ]);
    expect(lines(await readFile(join(dir, "ecs.ndjson"), "utf8")).length).toBeGreaterThanOrEqual(100);
  });
});
