import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expandInputs,
  readInputs,
  registerBinaryReader,
  unregisterBinaryReader,
} from "../../src/read/index.js";
import type { BinaryReader, ReadItem } from "../../src/read/index.js";
import { collect, event8002, readText, records, rejects } from "./read-helpers.js";

let dir = "";
const ndjson = (n: number): string =>
  `${JSON.stringify({ Event: { System: { EventID: 8001, EventRecordID: n } } })}\n`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ntlm-read-test-"));
  await mkdir(path.join(dir, "sub/deeper"), { recursive: true });
  await mkdir(path.join(dir, ".hidden-dir"));
  await writeFile(path.join(dir, "a.xml"), `<Events>${event8002(1)}${event8002(2)}</Events>`);
  await writeFile(path.join(dir, "b.ndjson.gz"), gzipSync(ndjson(3) + ndjson(4)));
  // gzip recognised by its magic bytes, not by its name.
  await writeFile(path.join(dir, "c.log"), gzipSync(event8002(5)));
  await writeFile(path.join(dir, "notes.txt"), "just some notes\n");
  await writeFile(path.join(dir, ".hidden.xml"), event8002(99));
  await writeFile(path.join(dir, ".hidden-dir/x.xml"), event8002(98));
  await writeFile(path.join(dir, "sub/d.json"), ndjson(6));
  await writeFile(path.join(dir, "sub/deeper/e.xml"), event8002(7));
  await writeFile(path.join(dir, "empty.json"), "");
  await writeFile(path.join(dir, "broken.gz"), gzipSync(event8002(8)).subarray(0, 40));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ids = (items: ReadItem[]): string[] => records(items).map((r) => r.system.eventRecordId ?? "?");
const files = (items: ReadItem[]): string[] => [...new Set(records(items).map((r) => r.origin.file))];

describe("readInputs", () => {
  it("walks a directory recursively, sorted, skipping hidden and unrecognised files", async () => {
    const items = await collect(readInputs(["."], { cwd: dir }));
    expect(files(items)).toEqual(["a.xml", "b.ndjson.gz", "c.log", "sub/d.json", "sub/deeper/e.xml"]);
    expect(ids(items)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    // The truncated gzip is the only rejection.
    expect(rejects(items).map((e) => [e.code, e.location?.file])).toEqual([["gzip-corrupt", "broken.gz"]]);
  });

  it("expands globs: *, ?, character classes and **", async () => {
    const expandedFiles = async (pattern: string): Promise<string[]> =>
      (await expandInputs([pattern], { cwd: dir })).map((e) =>
        e.kind === "file" ? e.file : `${e.kind}:${e.file}`,
      );
    expect(await expandedFiles("*.xml")).toEqual(["a.xml"]);
    expect(await expandedFiles("**/*.xml")).toEqual(["a.xml", "sub/deeper/e.xml"]);
    expect(await expandedFiles("?.*")).toEqual(["a.xml", "b.ndjson.gz", "c.log"]);
    expect(await expandedFiles("[a-b]*")).toEqual(["a.xml", "b.ndjson.gz", "broken.gz"]);
    expect(await expandedFiles("[!a-b]*.*")).toEqual(["c.log", "empty.json", "notes.txt"]);
    expect(await expandedFiles("sub/**")).toEqual(["sub/d.json", "sub/deeper/e.xml"]);
    expect(await expandedFiles(`${dir}/sub/*/e.xml`)).toEqual([`${dir}/sub/deeper/e.xml`]);
    expect(await expandedFiles("nothing-*.xml")).toEqual(["error:nothing-*.xml"]);
    const items = await collect(readInputs(["**/*.xml", "*.gz"], { cwd: dir }));
    expect(ids(items)).toEqual(["1", "2", "7", "3", "4"]);
  });

  it("rejects a missing input once and still reads the others", async () => {
    const items = await collect(readInputs(["missing.xml", "a.xml", "none-*.json", "c.log"], { cwd: dir }));
    expect(ids(items)).toEqual(["1", "2", "5"]);
    expect(rejects(items).map((e) => [e.code, e.location?.file])).toEqual([
      ["input-not-found", "missing.xml"],
      ["input-not-found", "none-*.json"],
    ]);
  });

  it("rejects an explicitly named file with unknown content, and reads an empty one as nothing", async () => {
    const items = await collect(readInputs(["notes.txt", "empty.json"], { cwd: dir }));
    expect(records(items)).toEqual([]);
    const [err] = rejects(items);
    expect(err).toMatchObject({ code: "unknown-format", location: { file: "notes.txt" } });
    expect(err?.message).toContain("notes.txt");
  });

  it("reads stdin, plain and gzip", async () => {
    expect(ids(await readText(event8002(10)))).toEqual(["10"]);
    expect(ids(await readText(gzipSync(ndjson(11) + ndjson(12)), { chunkSize: 7 }))).toEqual(["11", "12"]);
    const items = await collect(
      readInputs(["-", "a.xml"], { cwd: dir, stdin: Readable.from([Buffer.from(ndjson(13))]) }),
    );
    expect(records(items).map((r) => [r.origin.file, r.system.eventRecordId])).toEqual([
      ["-", "13"],
      ["a.xml", "1"],
      ["a.xml", "2"],
    ]);
  });

  it("hands binary content to a registered reader, spooling stdin and gzip to a file", async () => {
    const magic = Buffer.from("TESTBIN\0");
    const seen: string[] = [];
    const reader: BinaryReader = {
      name: "test-binary",
      detect: (head) => head.subarray(0, magic.length).equals(magic),
      async *read(filePath, file) {
        const bytes = await readFile(filePath);
        seen.push(file);
        yield {
          kind: "record",
          record: {
            origin: { file, record: 1, format: "evtx" },
            system: { eventId: bytes.subarray(magic.length).toString() },
            eventData: [],
          },
        };
      },
    };
    registerBinaryReader(reader);
    try {
      await writeFile(path.join(dir, "bin.evtx"), Buffer.concat([magic, Buffer.from("8004")]));
      await writeFile(path.join(dir, "bin.evtx.gz"), gzipSync(Buffer.concat([magic, Buffer.from("8005")])));
      const items = await collect(
        readInputs(["bin.evtx", "bin.evtx.gz", "-"], {
          cwd: dir,
          stdin: Readable.from([Buffer.concat([magic, Buffer.from("8006")])]),
        }),
      );
      expect(rejects(items)).toEqual([]);
      expect(records(items).map((r) => [r.origin.file, r.system.eventId])).toEqual([
        ["bin.evtx", "8004"],
        ["bin.evtx.gz", "8005"],
        ["-", "8006"],
      ]);
    } finally {
      unregisterBinaryReader("test-binary");
      await rm(path.join(dir, "bin.evtx"), { force: true });
      await rm(path.join(dir, "bin.evtx.gz"), { force: true });
    }
  });

  it("stops cleanly when the consumer stops early", async () => {
    const first: ReadItem[] = [];
    for await (const item of readInputs(["a.xml", "sub"], { cwd: dir })) {
      first.push(item);
      break;
    }
    expect(ids(first)).toEqual(["1"]);
  });
});
