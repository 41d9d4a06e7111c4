import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_CATALOG, lookupEvent } from "../../src/catalog/registry.js";
import type { NtlmEvent } from "../../src/model/ntlm-event.js";
import type { InputFormat } from "../../src/raw/raw-record.js";
import { loadCases, runCase, type GoldenCase } from "./cases.js";

/**
 * Meta-tests over the golden cases: the catalog is covered, case.json files tell the truth, and every input shape
 * lands on the same normalized event as the Windows Event XML of the same record.
 */
const cases = loadCases();
const byName = new Map(cases.map((c) => [c.name, c]));

describe("golden coverage", () => {
  it("has a case for every event ID of the catalog", () => {
    const covered = new Set(cases.flatMap((c) => c.meta.eventIds));
    const missing = EVENT_CATALOG.map((spec) => spec.id).filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
  });

  it("names only catalog event IDs, unless a case declares them unknown", () => {
    const catalogIds = new Set(EVENT_CATALOG.map((spec) => spec.id));
    const strays = cases.flatMap((c) =>
      c.meta.eventIds
        .filter((id) => !catalogIds.has(id) && !(c.meta.unknownEventIds ?? []).includes(id))
        .map((id) => `${c.name}: ${id}`),
    );
    expect(strays).toEqual([]);
    // An ID declared unknown must really be unknown (otherwise the declaration hides a catalog row).
    const wrongUnknowns = cases.flatMap((c) =>
      (c.meta.unknownEventIds ?? []).filter((id) => catalogIds.has(id)).map((id) => `${c.name}: ${id}`),
    );
    expect(wrongUnknowns).toEqual([]);
  });

  it("keeps kind and the synthetic flag consistent, and marks synthetic XML inputs", () => {
    const problems: string[] = [];
    for (const c of cases) {
      if (c.meta.kind === "real" && c.meta.synthetic)
        problems.push(`${c.name}: a real case cannot be synthetic`);
      if (c.meta.kind === "synthetic" && !c.meta.synthetic)
        problems.push(`${c.name}: a synthetic case must say synthetic: true`);
      if (c.meta.synthetic && c.input === "input.xml") {
        const head = readFileSync(path.join(c.dir, c.input), "utf8").trimStart();
        if (!head.startsWith("<!-- synthetic:") && !head.startsWith("<!-- mixed:")) {
          problems.push(`${c.name}: a synthetic XML input starts with a <!-- synthetic: … --> comment`);
        }
      }
      if (c.meta.kind !== "format" && c.meta.twin !== undefined)
        problems.push(`${c.name}: only format cases have a twin`);
    }
    expect(problems).toEqual([]);
  });

  it("reads every text input format in at least one case", async () => {
    const seen = new Set<string>();
    for (const c of cases) for (const e of (await runCase(c)).events) seen.add(e.origin.format);
    const expected: InputFormat[] = [
      "xml",
      "json-evtx",
      "json-seed",
      "json-winlog",
      "json-sentinel-windowsevent",
      "json-sentinel-event",
      "json-splunk",
    ];
    expect([...seen].sort()).toEqual(expect.arrayContaining(expected));
  });

  it("gives every known event the provider, channel and level its catalog row names", async () => {
    const problems: string[] = [];
    for (const c of cases) {
      for (const e of (await runCase(c)).events) {
        const spec = lookupEvent(e.record.channel, e.record.eventId);
        if (spec === undefined) continue;
        if (e.record.provider !== spec.provider)
          problems.push(`${c.name}: provider ${e.record.provider} ≠ ${spec.provider}`);
        if (e.event.severity !== spec.level)
          problems.push(`${c.name}: level ${e.event.severity} ≠ ${spec.level}`);
        if (e.record.channel !== spec.channel)
          problems.push(`${c.name}: channel ${e.record.channel} ≠ ${spec.channel}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("format cases normalize like their XML twin", () => {
  const formats = cases.filter((c) => c.meta.kind === "format");

  it("has format cases, each with an XML twin of the same event IDs", () => {
    expect(formats.length).toBeGreaterThan(0);
    for (const c of formats) {
      const twin = byName.get(c.meta.twin ?? "");
      expect(twin, `${c.name}: twin ${c.meta.twin}`).toBeDefined();
      expect(twin?.input).toBe("input.xml");
      expect(twin?.meta.eventIds).toEqual(c.meta.eventIds);
    }
  });

  for (const c of formats) {
    it(`${c.name} ≡ ${c.meta.twin}`, async () => {
      const twin = byName.get(c.meta.twin ?? "") as GoldenCase;
      const [mine, theirs] = await Promise.all([runCase(c), runCase(twin)]);
      expect(mine.events.length).toBe(theirs.events.length);
      mine.events.forEach((event, i) => {
        const other = theirs.events[i] as NtlmEvent;
        expect(comparable(event)).toEqual(comparable(other));
        expect(recordDisagreements(event.record, other.record)).toEqual([]);
      });
    });
  }
});

/**
 * What must be identical whatever the input shape: everything decoded from EventData and the catalog (event,
 * client, target, process, ntlm, usage, status, policy, unmapped) and the EventData itself (every shape carries the
 * same names and value texts; JSON numbers and booleans become their text). The record's identity (ID, channel,
 * host) must match too. Left out: `origin` (file, format and line describe the input, not the event) and the rest
 * of `record`, which recordDisagreements compares where both sides have it: shapes legitimately lack parts of the
 * System section (a Log Analytics Event row has no record ID, process or activity), render it at another precision
 * (Winlogbeat milliseconds, evtx_dump microseconds, Splunk nine digits) or spell GUIDs differently, and
 * `record.message` is only there when the exporter rendered one, in its own wording and line breaks.
 */
function comparable(e: NtlmEvent): Record<string, unknown> {
  return {
    eventId: e.record.eventId,
    channel: e.record.channel,
    host: e.record.host,
    event: e.event,
    client: e.client,
    target: e.target,
    process: e.process,
    ntlm: e.ntlm,
    usage: e.usage,
    status: e.status,
    policy: e.policy,
    unmapped: e.unmapped,
    eventData: e.eventData,
  };
}

type RecordSection = NtlmEvent["record"];
const OPTIONAL_RECORD_KEYS = [
  "provider",
  "version",
  "level",
  "task",
  "opcode",
  "keywords",
  "recordId",
  "processId",
  "threadId",
  "userSid",
] as const satisfies readonly (keyof RecordSection)[];

/** System fields both records carry but disagree on (GUIDs compared without braces or case, times at the coarser precision). */
function recordDisagreements(a: RecordSection, b: RecordSection): string[] {
  const out: string[] = [];
  for (const key of OPTIONAL_RECORD_KEYS) {
    const x = a[key];
    const y = b[key];
    if (x !== undefined && y !== undefined && x !== y) out.push(`${key}: ${String(x)} ≠ ${String(y)}`);
  }
  for (const key of ["providerGuid", "activityId", "relatedActivityId"] as const) {
    const x = a[key];
    const y = b[key];
    if (x !== undefined && y !== undefined && guid(x) !== guid(y)) out.push(`${key}: ${x} ≠ ${y}`);
  }
  if (!sameInstant(a.timestamp, b.timestamp)) out.push(`timestamp: ${a.timestamp} ≠ ${b.timestamp}`);
  return out;
}

function guid(text: string): string {
  return text.replace(/[{}]/g, "").toLowerCase();
}

/** Same second, and the less precise fraction (trailing zeros dropped) is a prefix of the other: exporters truncate. */
function sameInstant(a: string, b: string): boolean {
  const split = (t: string): [string, string] => {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(?:Z|[+-]00:?00)$/.exec(t);
    if (m === null) return [t, ""];
    return [m[1] ?? t, (m[2] ?? "").replace(/0+$/, "")];
  };
  const [sa, fa] = split(a);
  const [sb, fb] = split(b);
  if (sa !== sb) return false;
  return fa.length <= fb.length ? fb.startsWith(fa) : fa.startsWith(fb);
}
