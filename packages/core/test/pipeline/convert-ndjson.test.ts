import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertItems, newConvertStats } from "../../src/pipeline/convert.js";
import { convertToNdjson } from "../../src/pipeline/convert-ndjson.js";
import type { ConvertedPart } from "../../src/pipeline/convert-ndjson.js";
import { readInputs, registerBinaryReader, unregisterBinaryReader } from "../../src/read/index.js";
import type { BinaryReader } from "../../src/read/index.js";
import { FIXTURES, SAMPLES } from "../read/read-helpers.js";

async function viaItems(inputs: string[]) {
  const stats = newConvertStats();
  let ndjson = "";
  const problems: string[] = [];
  for await (const item of convertItems(readInputs(inputs), "ecs", stats)) {
    if (item.kind === "document") ndjson += `${JSON.stringify(item.document)}\n`;
    else if (item.kind !== "skip") problems.push(`${item.kind} ${item.error.describe()}`);
  }
  return { ndjson, problems, stats };
}

async function viaNdjson(
  inputs: string[],
  options: { threads?: number; cwd?: string } = {},
  schema = "ecs" as const,
) {
  const stats = newConvertStats();
  let ndjson = "";
  const problems: string[] = [];
  for await (const batch of convertToNdjson(inputs, schema, stats, options)) {
    ndjson += typeof batch.ndjson === "string" ? batch.ndjson : Buffer.from(batch.ndjson).toString("utf8");
    for (const p of batch.problems) problems.push(`${p.kind} ${p.error.describe()}`);
  }
  return { ndjson, problems, stats };
}

describe("convertToNdjson", () => {
  it("gives the documents, problems and counts of convertItems, serialized", async () => {
    const inputs = [FIXTURES, SAMPLES, path.join(FIXTURES, "no-such-file.xml")];
    const expected = await viaItems(inputs);
    expect(expected.stats.converted).toBeGreaterThan(100);
    expect(expected.problems.length).toBeGreaterThan(0);
    expect(await viaNdjson(inputs)).toEqual(expected);
    expect(await viaNdjson(inputs, { threads: 4 })).toEqual(expected);
  });

  describe("binary readers that convert in parallel", () => {
    const magic = Buffer.from("PARBIN\0");
    const used: string[] = [];
    let dir: string;
    const reader: BinaryReader = {
      name: "test-parallel",
      detect: (head) => head.subarray(0, magic.length).equals(magic),
      async *read(_filePath, file) {
        await Promise.resolve(); // a real reader awaits its file here
        used.push(`read ${file}`);
        yield {
          kind: "record",
          record: {
            origin: { file, record: 1, format: "evtx" },
            system: { eventId: "8001" },
            eventData: [],
          },
        };
      },
      async *convertInParallel(_filePath, file, _limits, schema, threads) {
        await Promise.resolve(); // and its workers here
        used.push(`parallel ${file} ${schema} ${threads}`);
        const stats = newConvertStats();
        stats.read = 2;
        stats.converted = 2;
        stats.byEventId["8004"] = 2;
        const part: ConvertedPart = {
          ndjson: new TextEncoder().encode('{"a":1}\n{"a":2}\n'),
          documents: 2,
          problems: [],
          stats,
        };
        yield part;
      },
    };

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "ntlm-siem-ndjson-"));
      await writeFile(path.join(dir, "one.bin"), magic);
      await writeFile(path.join(dir, "two.bin.gz"), gzipSync(magic));
      registerBinaryReader(reader);
    });
    afterAll(async () => {
      unregisterBinaryReader("test-parallel");
      await rm(dir, { recursive: true, force: true });
    });

    it("hands plain files to the parallel converter when threads > 1, merging its counts", async () => {
      used.length = 0;
      const out = await viaNdjson(["one.bin", "two.bin.gz"], { threads: 3, cwd: dir });
      // A gzip needs spooling first: it goes the ordinary way.
      expect(used).toEqual(["parallel one.bin ecs 3", "read two.bin.gz"]);
      expect(out.ndjson).toBe('{"a":1}\n{"a":2}\n');
      expect(out.stats.read).toBe(3);
      expect(out.stats.converted).toBe(2);
      expect(out.stats.rejected).toBe(1);
      expect(out.stats.byEventId).toEqual({ "8004": 2 });
      expect(out.problems).toEqual([expect.stringMatching(/^reject two.bin.gz/)]);
    });

    it("keeps what a failing parallel converter gave and reports its failure as a reject of the file", async () => {
      const failing: BinaryReader = {
        ...reader,
        name: "test-parallel-failing",
        async *convertInParallel() {
          await Promise.resolve();
          yield {
            ndjson: '{"a":1}\n',
            documents: 1,
            problems: [],
            stats: { ...newConvertStats(), read: 1, converted: 1 },
          };
          throw new Error("worker pool broke");
        },
      };
      unregisterBinaryReader("test-parallel");
      registerBinaryReader(failing);
      try {
        const out = await viaNdjson(["one.bin"], { threads: 2, cwd: dir });
        expect(out.ndjson).toBe('{"a":1}\n');
        expect(out.problems).toEqual(["reject one.bin: worker pool broke"]);
        expect(out.stats).toMatchObject({
          read: 2,
          converted: 1,
          rejected: 1,
          rejectedByReason: { "binary-reader-failed": 1 },
        });
      } finally {
        unregisterBinaryReader("test-parallel-failing");
        registerBinaryReader(reader);
      }
    });

    it("reads on this thread with one thread, and for the normalized schema (its documents hold ordinals)", async () => {
      used.length = 0;
      await viaNdjson(["one.bin"], { threads: 1, cwd: dir });
      await viaNdjson(["one.bin"], { threads: 2, cwd: dir }, "normalized" as "ecs");
      expect(used).toEqual(["read one.bin", "read one.bin"]);
    });
  });
});
