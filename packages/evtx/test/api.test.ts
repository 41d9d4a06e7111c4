import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEventXml, readInputs, unregisterBinaryReader } from "@ntlm-siem/core";
import type { RawRecord } from "@ntlm-siem/core";
import {
  EVTX_READER_NAME,
  evtxBinaryReader,
  inspectEvtx,
  readEvtx,
  readEvtxEvents,
  registerEvtxReader,
  renderEvtxXml,
  toRawRecord,
} from "../src/index.js";
import { FIXTURES, comparable } from "./helpers/reference.js";

const security = join(FIXTURES, "omerbenamram/security.evtx");

describe("registration with core", () => {
  it("detects .evtx content by the ElfFile signature", () => {
    const reader = evtxBinaryReader();
    expect(reader.detect(Buffer.from("ElfFile\0rest"))).toBe(true);
    expect(reader.detect(Buffer.from("<Event xmlns"))).toBe(false);
    expect(reader.detect(Buffer.alloc(0))).toBe(false);
  });

  it("core's readInputs hands .evtx files to the registered reader", async () => {
    registerEvtxReader();
    try {
      let records = 0;
      let first: RawRecord | undefined;
      for await (const item of readInputs([join(FIXTURES, "omerbenamram/new-user-security.evtx")])) {
        if (item.kind === "record") {
          records++;
          first ??= item.record;
        }
      }
      expect(records).toBe(4);
      expect(first?.origin).toMatchObject({ record: 1, offset: 4096 + 512, format: "evtx" });
    } finally {
      unregisterBinaryReader(EVTX_READER_NAME);
    }
  });
});

describe("XML rendering", () => {
  it("renders every record of security.evtx so that core's XML reader gives back the same RawRecord", async () => {
    let count = 0;
    for await (const item of readEvtxEvents(security, { file: "s.evtx" })) {
      if (item.kind !== "event") continue;
      const origin = {
        file: "s.evtx",
        record: item.event.ordinal,
        offset: item.event.offset,
        format: "evtx" as const,
      };
      const direct = toRawRecord(item.event.root, origin);
      const viaXml = parseEventXml(renderEvtxXml(item.event.content), origin);
      // Control characters (record 55 holds U+0003) cannot be written in XML 1.0: the rendering has U+FFFD
      // where the RawRecord keeps the character; comparable() maps both to U+FFFD.
      expect(comparable(viaXml), `record ${item.event.recordId}`).toEqual(comparable(direct as RawRecord));
      expect(viaXml.origin).toEqual(direct?.origin);
      count++;
    }
    expect(count).toBe(2261);
  });

  it("renders System values as Windows does", async () => {
    for await (const item of readEvtx(security)) {
      if (item.kind !== "record") continue;
      expect(item.record.system).toMatchObject({
        providerName: "Microsoft-Windows-Security-Auditing",
        providerGuid: "{54849625-5478-4994-A5BA-3E3B0328C30D}",
        keywords: "0x8020000000000000",
        eventRecordId: "1",
        channel: "Security",
      });
      expect(item.record.system.timeCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      break;
    }
    const logonIds = new Set<string>();
    for await (const item of readEvtx(security)) {
      if (item.kind !== "record") continue;
      const v = item.record.eventData.find((d) => d.name === "SubjectLogonId")?.value;
      if (v) logonIds.add(v);
    }
    // HexInt64 values, lower-case and unpadded (evtxexport pads them to 0x00000000000003e7).
    expect(logonIds.has("0x3e7")).toBe(true);
  });

  it("indents on request", async () => {
    for await (const item of readEvtxEvents(join(FIXTURES, "velocidex/Security_1_record.evtx"))) {
      if (item.kind !== "event") continue;
      const xml = renderEvtxXml(item.event.content, { indent: 2 });
      expect(xml).toMatch(
        /^<Event xmlns="http:\/\/schemas.microsoft.com\/win\/2004\/08\/events\/event">\n {2}<System>/,
      );
    }
  });
});

describe("inspectEvtx", () => {
  it("reports header, chunks, records, channels, event IDs and problems", async () => {
    const result = await inspectEvtx(join(FIXTURES, "omerbenamram/sample_with_a_bad_chunk_magic.evtx"), {
      file: "bad.evtx",
    });
    expect(result.header).toMatchObject({
      version: "3.1",
      chunkCount: 16,
      dirty: true,
      checksumOk: true,
      nextRecordId: 4309,
    });
    expect(result.chunks).toEqual({ inHeader: 16, inFile: 16, found: 4, empty: 10, bad: 5 });
    expect(result.records).toMatchObject({ read: 298, rejected: 86 });
    expect(Object.values(result.channels).reduce((a, b) => a + b, 0)).toBe(298);
    expect(Object.keys(result.eventIds).length).toBeGreaterThan(0);
    const problem = result.problems.find((p) => p.severity === "reject");
    expect(problem).toMatchObject({ chunk: 0, record: 14, recordId: 46741, offset: 4096 + 0x1fc0 });
  });

  it("on a clean file", async () => {
    const result = await inspectEvtx(join(FIXTURES, "omerbenamram/new-user-security.evtx"));
    expect(result.records).toMatchObject({ read: 4, rejected: 0 });
    expect(result.channels).toEqual({ Security: 4 });
    expect(result.problems).toEqual([]);
  });

  it("lists every reject but only the first warnings of a code, then one line for the rest", async () => {
    const path = join(FIXTURES, "omerbenamram/sample-with-irregular-bool-values.evtx");
    const all = await inspectEvtx(path);
    const codes = all.problems.map((p) => p.code);
    const code = "evtx-bool-irregular";
    expect(codes.filter((c) => c === code)).toHaveLength(97);
    const capped = await inspectEvtx(path, { limits: { maxWarningsPerCode: 5 } });
    const listed = capped.problems.filter((p) => p.code === code);
    expect(listed).toHaveLength(6);
    expect(listed.slice(0, 5)).toEqual(all.problems.filter((p) => p.code === code).slice(0, 5));
    expect(listed[5]).toEqual({
      code,
      severity: "warning",
      message: "92 more warning(s) of this kind (97 in all) not listed",
    });
    expect(capped.records).toEqual(all.records);
  });
});
