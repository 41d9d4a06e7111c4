import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMAS, normalize, readInputs, unregisterBinaryReader } from "@ntlm-siem/core";
import type { NtlmEvent, RawRecord } from "@ntlm-siem/core";
import { EVTX_READER_NAME, registerEvtxReader } from "../src/index.js";
import { FIXTURES } from "./helpers/reference.js";
import { CARVED_DIR, GOLDEN_DIR } from "./writer/event-sources.js";

/**
 * The golden NTLM events through the binary path: `written/ntlm-golden.evtx` holds every event of the core golden
 * cases' input.xml (and the real carved samples), written by the test writer. Read with core's readInputs (the
 * registered EVTX reader) and normalized, each record must give the event its XML source gives, and the ECS, CIM
 * and ASIM documents of each case must equal the case's expected.*.json.
 */

const WRITTEN = join(FIXTURES, "written");
const sources = JSON.parse(readFileSync(join(WRITTEN, "ntlm-golden.sources.json"), "utf8")) as string[];

type Normalized = { kind: "event"; event: NtlmEvent } | { kind: "skip" } | { kind: "reject"; code: string };

function normalized(record: RawRecord): Normalized {
  const result = normalize(record);
  if (result.kind === "event") return { kind: "event", event: result.event };
  if (result.kind === "skip") return { kind: "skip" };
  return { kind: "reject", code: result.error.code };
}

async function readAll(inputs: string[], cwd?: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const item of readInputs(inputs, cwd === undefined ? {} : { cwd })) {
    if (item.kind === "record") out.push(item.record);
    else if (item.kind === "reject") throw new Error(`${item.error.code}: ${item.error.message}`);
  }
  return out;
}

/**
 * What legitimately differs between a record read from XML and from its binary form: where it came from, and
 * what only RenderingInfo carries (the rendered message, task and opcode names), which no .evtx stores: Windows
 * renders it from the provider's message table on export.
 */
const RENDERED = new Set(["message", "taskName", "opcodeName"]);

/**
 * Times to 100 ns, as a FILETIME holds them: an XML input may write SystemTime with 9 fractional digits
 * (`…00.746139000Z`), which an .evtx stores as FILETIME and Windows renders with 7 (`…00.7461390Z`).
 */
function sameTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === "string" ? v.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7})00Z$/, "$1Z") : v,
  );
}

function comparable(event: NtlmEvent): unknown {
  const { origin: _origin, record, ...rest } = event;
  void _origin;
  const kept = Object.fromEntries(Object.entries(record).filter(([k]) => !RENDERED.has(k)));
  return sameTimes({ ...rest, record: kept });
}

/** The binary record with the XML's RenderingInfo, the one part an .evtx cannot hold, for whole-document checks. */
function withRendering(record: RawRecord, xml: RawRecord): RawRecord {
  return xml.rendering === undefined ? record : { ...record, rendering: xml.rendering };
}

/** The source of an ntlm-golden record: the XML file and the 1-based position of the event in it. */
function sourceOf(source: string): { kind: "golden" | "carved"; name: string; n: number } {
  const match = /^(golden|carved)\/(.+)#(\d+)$/.exec(source);
  if (match === null) throw new Error(`bad source ${source}`);
  return { kind: match[1] as "golden" | "carved", name: match[2] as string, n: Number(match[3]) };
}

let evtxRecords: RawRecord[] = [];
const xmlCache = new Map<string, RawRecord[]>();

async function xmlRecords(kind: "golden" | "carved", name: string): Promise<RawRecord[]> {
  const key = `${kind}/${name}`;
  let records = xmlCache.get(key);
  if (records === undefined) {
    records =
      kind === "golden"
        ? await readAll(["input.xml"], join(GOLDEN_DIR, name))
        : await readAll([join(CARVED_DIR, name)]);
    xmlCache.set(key, records);
  }
  return records;
}

beforeAll(async () => {
  registerEvtxReader();
  evtxRecords = await readAll([join(WRITTEN, "ntlm-golden.evtx")]);
});
afterAll(() => {
  unregisterBinaryReader(EVTX_READER_NAME);
});

describe("golden NTLM events through the binary path", () => {
  it("reads one record per source event", () => {
    expect(evtxRecords).toHaveLength(sources.length);
    expect(evtxRecords.every((r) => r.origin.format === "evtx" && r.origin.recovered === undefined)).toBe(
      true,
    );
  });

  it("normalizes every record as its XML source normalizes", async () => {
    let events = 0;
    for (const [i, source] of sources.entries()) {
      const { kind, name, n } = sourceOf(source);
      const xml = (await xmlRecords(kind, name))[n - 1];
      expect(xml, source).toBeDefined();
      const fromXml = normalized(xml as RawRecord);
      const fromEvtx = normalized(evtxRecords[i] as RawRecord);
      expect(fromEvtx.kind, source).toBe(fromXml.kind);
      if (fromXml.kind === "event" && fromEvtx.kind === "event") {
        events++;
        expect(comparable(fromEvtx.event), source).toEqual(comparable(fromXml.event));
        // Nothing else differs: with the XML's RenderingInfo the binary record normalizes to the very same event.
        const whole = normalized(withRendering(evtxRecords[i] as RawRecord, xml as RawRecord));
        if (whole.kind !== "event") throw new Error(`${source}: not converted`);
        expect(sameTimes({ ...whole.event, origin: fromXml.event.origin }), source).toEqual(
          sameTimes(fromXml.event),
        );
      }
    }
    expect(events).toBeGreaterThan(100);
  });

  const cases = [...new Set(sources.filter((s) => s.startsWith("golden/")).map((s) => sourceOf(s).name))];
  for (const schema of ["ecs", "cim", "asim"] as const) {
    it(`gives every case's expected.${schema}.json`, async () => {
      for (const name of cases) {
        const docs: unknown[] = [];
        for (const [i, source] of sources.entries()) {
          const s = sourceOf(source);
          if (s.kind !== "golden" || s.name !== name) continue;
          const xml = (await xmlRecords("golden", name))[s.n - 1] as RawRecord;
          const result = normalized(withRendering(evtxRecords[i] as RawRecord, xml));
          if (result.kind !== "event") continue;
          // The documents name where the record came from: give it the XML input's origin (file, record, line).
          const xmlResult = normalized(xml);
          if (xmlResult.kind !== "event") throw new Error(`${source}: XML not converted`);
          docs.push(SCHEMAS[schema]({ ...result.event, origin: xmlResult.event.origin }));
        }
        const expected = JSON.parse(
          readFileSync(join(GOLDEN_DIR, name, `expected.${schema}.json`), "utf8"),
        ) as unknown[];
        expect(sameTimes(docs), `${name} ${schema}`).toEqual(sameTimes(expected));
      }
    });
  }
});
