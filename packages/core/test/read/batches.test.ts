import path from "node:path";
import { describe, expect, it } from "vitest";
import { convertBatches, convertItems, newConvertStats } from "../../src/pipeline/convert.js";
import type { ConvertItem } from "../../src/pipeline/convert.js";
import { readInputs } from "../../src/read/index.js";
import type { ReadItem } from "../../src/read/index.js";
import { batchesOf, takeBatches } from "../../src/read/read-batches.js";
import { CORE_DIR, FIXTURES, SAMPLES } from "./read-helpers.js";

const inputs = [FIXTURES, SAMPLES, path.join(CORE_DIR, "test/golden/cases")];

/** The same items, through an iterable the converter cannot see batches behind. */
async function* oneByOne(items: AsyncIterable<ReadItem>): AsyncGenerator<ReadItem> {
  for await (const item of items) yield item;
}

function describeItem(item: ConvertItem): string {
  switch (item.kind) {
    case "document":
      return JSON.stringify(item.document);
    case "reject":
    case "warning":
      return `${item.kind} ${item.error.code} ${item.error.describe()}`;
    case "skip":
      return `skip ${item.channel}`;
  }
}

async function convertAll(items: AsyncIterable<ReadItem>): Promise<{ out: string[]; stats: object }> {
  const stats = newConvertStats();
  const out: string[] = [];
  for await (const item of convertItems(items, "ecs", stats)) out.push(describeItem(item));
  return { out, stats };
}

describe("batched reading", () => {
  it("converts readInputs' batches exactly as its items one by one", async () => {
    const batched = await convertAll(readInputs(inputs));
    const single = await convertAll(oneByOne(readInputs(inputs)));
    expect(batched.out.length).toBeGreaterThan(100);
    expect(batched.out).toEqual(single.out);
    expect(batched.stats).toEqual(single.stats);
  });

  it("convertBatches hands out the same items and counts as convertItems, a reader batch at a time", async () => {
    const stats = newConvertStats();
    const out: string[] = [];
    const sizes: number[] = [];
    for await (const batch of convertBatches(readInputs(inputs), "ecs", stats)) {
      sizes.push(batch.length);
      out.push(...batch.map(describeItem));
    }
    const single = await convertAll(readInputs(inputs));
    expect(out).toEqual(single.out);
    expect(stats).toEqual(single.stats);
    expect(sizes.length).toBeLessThan(out.length);
    // An iterable without batches behind it is taken one item per batch (nothing waits for a batch to fill).
    const ones: number[] = [];
    for await (const batch of convertBatches(oneByOne(readInputs([FIXTURES])), "ecs"))
      ones.push(batch.length);
    expect(ones.length).toBeGreaterThan(0);
    expect(new Set(ones)).toEqual(new Set([1]));
  });

  it("hands out the batches only before the items were started", async () => {
    const items = readInputs([FIXTURES]);
    const first = await items.next();
    expect(first.done).toBe(false);
    expect(takeBatches(items)).toBeUndefined();
    const rest: ReadItem[] = [];
    for await (const item of items) rest.push(item);
    const all: ReadItem[] = [];
    for await (const item of readInputs([FIXTURES])) all.push(item);
    expect(rest.length).toBe(all.length - 1);
  });

  it("stops reading when the converter is stopped early", async () => {
    const seen: string[] = [];
    for await (const item of convertItems(readInputs(inputs), "ecs")) {
      seen.push(item.kind);
      if (seen.length === 3) break;
    }
    expect(seen).toHaveLength(3);
  });
});

describe("batchesOf (binary readers' items)", () => {
  const item = (n: number): ReadItem => ({
    kind: "record",
    record: { origin: { file: "x.evtx", record: n, format: "evtx" }, system: {}, eventData: [] },
  });
  async function* source(count: number, failAfter?: number): AsyncGenerator<ReadItem> {
    for (let n = 1; n <= count; n++) {
      // A real reader awaits file reads between records.
      await Promise.resolve();
      if (failAfter !== undefined && n > failAfter) throw new Error("reader broke");
      yield item(n);
    }
  }
  async function collect(batches: AsyncIterable<ReadItem[]>): Promise<number[][]> {
    const out: number[][] = [];
    for await (const batch of batches)
      out.push(batch.map((i) => (i.kind === "record" ? i.record.origin.record : 0)));
    return out;
  }

  it("groups items in order, at most `size` per batch, the remainder last", async () => {
    expect(await collect(batchesOf(source(7), 3))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await collect(batchesOf(source(0), 3))).toEqual([]);
  });

  it("delivers what was read before the reader failed, then the failure", async () => {
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const batch of batchesOf(source(10, 4), 3)) {
          seen.push(batch.map((i) => (i.kind === "record" ? i.record.origin.record : 0)));
        }
      })(),
    ).rejects.toThrow("reader broke");
    expect(seen).toEqual([[1, 2, 3], [4]]);
  });
});
