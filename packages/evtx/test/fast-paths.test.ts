import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { NtlmSiemError } from "@ntlm-siem/core";
import type { RecordOrigin } from "@ntlm-siem/core";
import { readEvtx, readEvtxEvents, readEvtxXml, renderEvtxXml, toRawRecord } from "../src/index.js";
import { FIXTURES, fixtureFiles } from "./helpers/reference.js";

/**
 * readEvtx and readEvtxXml walk the Binary XML straight into a RawRecord / XML text, without the event tree.
 * They must give exactly what the event tree gives (toRawRecord, renderEvtxXml) on every record, every
 * warning and reject included, on every fixture, with and without carving, and on damaged copies.
 */

type Flat = [string, unknown];

/** What readEvtx gave before it had its own path: the event tree of readEvtxEvents through toRawRecord. */
async function viaTree(path: string, carve: boolean): Promise<{ raw: Flat[]; xml: Flat[] }> {
  const raw: Flat[] = [];
  const xml: Flat[] = [];
  for await (const item of readEvtxEvents(path, { carve })) {
    if (item.kind !== "event") {
      raw.push([item.kind, problem(item.error)]);
      xml.push([item.kind, problem(item.error)]);
      continue;
    }
    const e = item.event;
    const origin: RecordOrigin = { file: path, record: e.ordinal, offset: e.offset, format: "evtx" };
    if (e.recovered !== undefined) origin.recovered = true;
    const record = toRawRecord(e.root, origin);
    raw.push(record === undefined ? ["reject", "evtx-not-event"] : ["record", JSON.stringify(record)]);
    xml.push([
      "xml",
      [e.recordId, e.written, e.size, e.ordinal, e.chunk, e.offset, e.recovered, renderEvtxXml(e.content)],
    ]);
  }
  return { raw, xml };
}

function problem(error: NtlmSiemError): string {
  return `${error.code} ${error.message} ${JSON.stringify(error.location)}`;
}

async function viaRaw(path: string, carve: boolean): Promise<Flat[]> {
  const out: Flat[] = [];
  for await (const item of readEvtx(path, { carve })) {
    if (item.kind === "record") out.push(["record", JSON.stringify(item.record)]);
    else if (item.error.code === "evtx-not-event") out.push(["reject", "evtx-not-event"]);
    else out.push([item.kind, problem(item.error)]);
  }
  return out;
}

async function viaXml(path: string, carve: boolean): Promise<Flat[]> {
  const out: Flat[] = [];
  for await (const item of readEvtxXml(path, { carve })) {
    if (item.kind !== "xml") {
      out.push([item.kind, problem(item.error)]);
      continue;
    }
    const e = item.event;
    out.push(["xml", [e.recordId, e.written, e.size, e.ordinal, e.chunk, e.offset, e.recovered, e.xml]]);
  }
  return out;
}

async function same(path: string, carve: boolean): Promise<number> {
  const tree = await viaTree(path, carve);
  expect(await viaRaw(path, carve)).toEqual(tree.raw);
  expect(await viaXml(path, carve)).toEqual(tree.xml);
  return tree.raw.length;
}

const dir = mkdtempSync(join(tmpdir(), "evtx-fast-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("RawRecord and XML straight from the walk", () => {
  for (const name of fixtureFiles()) {
    it(`equal the event tree's on ${name} (with and without carving)`, async () => {
      const path = join(FIXTURES, name);
      expect(await same(path, false)).toBeGreaterThan(0);
      await same(path, true);
    });
  }

  it("equal the event tree's on damaged copies (flipped bytes, seeded)", async () => {
    const sources = [
      "omerbenamram/new-user-security.evtx",
      "written/ntlm-golden.evtx",
      "mdecrevoisier/ID5124-OCSP_security_settings_changed.evtx",
      "omerbenamram/Application_no_crc32.evtx",
    ].map((n) => readFileSync(join(FIXTURES, n)));
    let seed = 0x9e3779b9;
    const random = (): number => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return seed / 4294967296;
    };
    for (let round = 0; round < 60; round++) {
      const source = sources[round % sources.length] as Buffer;
      const bytes = Buffer.from(source);
      const flips = 1 + Math.floor(random() * 40);
      for (let i = 0; i < flips; i++) {
        // Mostly inside the records of the first chunk, where Binary XML is.
        const at = 4096 + 512 + Math.floor(random() * Math.min(bytes.length - 4608, 65536 - 512));
        bytes[at] = Math.floor(random() * 256);
      }
      const path = join(dir, `damaged-${round}.evtx`);
      writeFileSync(path, bytes);
      await same(path, round % 2 === 0);
    }
  }, 120_000);
});
