import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readInputs } from "../../src/read/index.js";
import { event8002 } from "./read-helpers.js";

/** A stream of `totalBytes` of generated input, produced lazily so the test itself holds none of it. */
function generated(totalBytes: number, head: string, piece: (n: number) => string, tail: string): Readable {
  let produced = 0;
  let n = 0;
  let state: "head" | "body" | "done" = "head";
  return new Readable({
    read() {
      if (state === "head") {
        state = "body";
        this.push(head);
        return;
      }
      if (state === "done") return;
      let batch = "";
      while (batch.length < 256 * 1024 && produced < totalBytes) {
        const text = piece(++n);
        batch += text;
        produced += text.length;
      }
      this.push(batch);
      if (produced >= totalBytes) {
        this.push(tail);
        this.push(null);
        state = "done";
      }
    },
  });
}

async function measure(
  stream: Readable,
): Promise<{ records: number; rejects: number; growthMb: number; inputMb: number }> {
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let count = 0;
  let bad = 0;
  let bytes = 0;
  stream.on("data", (chunk: Buffer | string) => {
    bytes += chunk.length;
  });
  for await (const item of readInputs(["-"], { stdin: stream })) {
    if (item.kind === "record") count++;
    else bad++;
    if ((count & 0x3fff) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { records: count, rejects: bad, growthMb: (peak - baseline) / 2 ** 20, inputMb: bytes / 2 ** 20 };
}

describe("streaming memory", () => {
  it("reads ~200 MB of NDJSON without the heap growing with the input", async () => {
    const line = (n: number): string =>
      `${JSON.stringify({
        Event: {
          System: {
            Provider: { Name: "Microsoft-Windows-NTLM" },
            EventID: 8002,
            EventRecordID: n,
            TimeCreated: { SystemTime: "2024-05-01T10:00:00.1234567Z" },
          },
          EventData: {
            CallerPID: 4,
            ProcessName: "C:\\Windows\\System32\\lsass.exe",
            ClientLUID: "0x3e7",
            ClientUserName: `user${n}`,
            ClientDomainName: "EXAMPLE",
            MechanismOID: "(NULL)",
            Padding: "p".repeat(600),
          },
        },
      })}\n`;
    const result = await measure(generated(200 * 2 ** 20, "", line, ""));
    expect(result.inputMb).toBeGreaterThan(199);
    expect(result.rejects).toBe(0);
    expect(result.records).toBeGreaterThan(200_000);
    // Garbage collection timing makes some growth normal; holding the input would mean 200+ MB.
    expect(result.growthMb).toBeLessThan(100);
  });

  it("reads ~200 MB of Event XML without the heap growing with the input", async () => {
    const result = await measure(
      generated(200 * 2 ** 20, "<Events>\n", (n) => event8002(n, "p".repeat(400)), "</Events>\n"),
    );
    expect(result.inputMb).toBeGreaterThan(199);
    expect(result.rejects).toBe(0);
    expect(result.records).toBeGreaterThan(200_000);
    // Garbage collection timing makes some growth normal; holding the input would mean 200+ MB.
    expect(result.growthMb).toBeLessThan(100);
  });
});
