import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startElasticDouble, type ElasticDouble } from "../../src/double/elastic-double.js";
import { API_KEY, REPO, tempDir, writeCorpus } from "../ship/support.js";
import { deadLetterIds, expectedIds, expectExactlyOnce } from "./oracle.js";

/**
 * F13: the CLI process is SIGKILLed at several points (while reading, with a bulk request in flight, right after
 * responses were sent, after the server committed a request whose response was lost), then re-run with the same
 * checkpoint. The oracle holds after the final run: every event exactly once by `_id`, nothing else.
 */
const CLI = join(REPO, "apps/cli/dist/main.js");
const EVENTS = 3000;

describe("SIGKILL and resume (CLI child process)", () => {
  let double: ElasticDouble;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: string;

  beforeAll(() => {
    if (!existsSync(CLI))
      throw new Error(
        `${CLI} is missing: build the CLI first (pnpm exec turbo run build from the repository root)`,
      );
  });
  beforeEach(async () => {
    double = await startElasticDouble({ auth: { apiKey: API_KEY } });
    tmp = await tempDir();
    corpus = join(tmp.dir, "corpus.ndjson");
    await writeCorpus(corpus, EVENTS);
  });
  afterEach(async () => {
    await double.stop();
    await tmp.cleanup();
  });

  function run(): {
    child: ChildProcess;
    done: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  } {
    const child = spawn(
      process.execPath,
      [CLI, "ship", "elastic", corpus, "--checkpoint", "ship.checkpoint", "--dead-letter", "dead.ndjson"],
      {
        cwd: tmp.dir,
        env: { PATH: process.env.PATH ?? "", ELASTIC_URL: double.url, ELASTIC_API_KEY: API_KEY },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
      child.on("close", (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, done };
  }

  /** Runs the CLI and SIGKILLs it as soon as `when` holds (checked every 2 ms). */
  async function runAndKill(when: () => boolean): Promise<void> {
    const { child, done } = run();
    const timer = setInterval(() => {
      if (when()) child.kill("SIGKILL");
    }, 2);
    const result = await done;
    clearInterval(timer);
    expect(result.signal, result.stderr).toBe("SIGKILL");
  }

  async function finish(): Promise<string> {
    const { done } = run();
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    return result.stderr;
  }

  const answered = (): number => double.bulkRequests().filter((r) => r.outcome === 200).length;

  it("killed while reading, with a request in flight, and after answers: resumes without loss or duplicates", async () => {
    const expected = await expectedIds([corpus]);
    // Every bulk request waits a little, so kills land with requests in flight.
    double.inject(...Array.from({ length: 40 }, () => ({ kind: "delay" as const, ms: 40 })));
    const started = Date.now();
    // While reading (or at the latest when the first request arrives).
    await runAndKill(() => Date.now() - started > 150 || double.bulkRequests().length > 0);
    // With a request in flight (arrived, not answered).
    await runAndKill(() => double.bulkRequests().some((r) => r.outcome === 0));
    // Right after an answer (the checkpoint may or may not have been written).
    const before = answered();
    await runAndKill(() => answered() >= before + 1);
    const summary = await finish();
    expect(summary).toContain("skipped (acknowledged by the checkpoint)");
    expectExactlyOnce(double, expected, await deadLetterIds(join(tmp.dir, "dead.ndjson")));
  });

  it("killed after the server committed a request whose response was lost", async () => {
    const expected = await expectedIds([corpus]);
    double.inject({ kind: "delay", ms: 20 }, { kind: "lose-response" });
    await runAndKill(() => double.requests.some((r) => r.outcome === "lost"));
    const summary = await finish();
    expect(summary).toMatch(/[1-9]\d* already present \(409\)/);
    expectExactlyOnce(double, expected, new Map());
  });

  it("killed repeatedly right after each answer: every run makes progress and the last one completes", async () => {
    const expected = await expectedIds([corpus]);
    for (let i = 0; i < 3; i++) {
      const seen = answered();
      await runAndKill(() => answered() > seen);
    }
    await finish();
    expectExactlyOnce(double, expected, new Map());
    // Deterministic _ids made every overlap harmless: no document was created twice.
    expect(Math.max(...double.created.values())).toBe(1);
  });
});
