import { describe, expect, it } from "vitest";
import { normalize, toEcs, type JsonObject, type RawRecord } from "@ntlm-siem/core";
import { agentDocument, expectedFromCore } from "../../src/assets/pipeline/agent-document.js";
import { buildIngestPipeline } from "../../src/assets/pipeline/pipeline.js";
import { goldenEcsDocuments } from "./golden.js";
import { simulatePipeline } from "./ingest/simulate.js";

/**
 * Beyond the golden events: the same event with each EventData value replaced by awkward spellings (hex case,
 * IPv6 forms, SPNs with ports and realms, UPNs, placeholders, out-of-range numbers, unknown codes). For every
 * variant, core (normalize + toEcs) and the pipeline must agree: the same document, or both reject it.
 */
const POOL = [
  "0x3E4",
  "996",
  "0x",
  "0x000000010",
  "0xFFFFFFFFF",
  "-5",
  "(NULL)",
  " spaced ",
  "-",
  "::ffff:10.1.2.3",
  "1:0:2:3:4:5:6:7",
  "[fe80::1%12]:445",
  "FE80:0:0:0:0:0:0:1",
  "1::2:0:0:3",
  "10.0.0.1:445",
  "010.0.0.1",
  "::",
  "cifs/FS01.contoso.local@CONTOSO.LOCAL",
  "MSSQLSvc/db01:inst1",
  "HTTP/[::1]:8080/svc",
  "host/",
  "/x",
  "host/a:0",
  "\\\\WS07",
  "WS07.",
  "ws07.corp.example.",
  "CONTOSO\\alice",
  "alice@contoso.com",
  "@x",
  "a\\b\\c",
  "\\alice",
  "ANONYMOUS LOGON",
  "PC$",
  "bad\u0001name",
  "NTLM V1",
  "ntlm-v2",
  "LANMAN",
  "not supported",
  "Unprotected",
  "SSO",
  "Explicit Creds",
  "true",
  "%%1842",
  "maybe",
  "3",
  "Network",
  "0x7",
  "99",
  "1.3.6.1.4.1.311.2.2.10",
  "1.2.40.1",
  "2.999.1",
  "0xC000006D",
  "-1073741715",
  "3221225581",
  "4294967296",
  "0.0.0.0",
  "LM",
  "18446744073709551615",
  "Authenticating a Cloud Account",
  "target-is-ip",
  "TrustedDnsDomainSecureChannel",
];

/** A small seeded generator, so a failure names a reproducible variant. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The raw record core would read from the same winlog document (what core's json-winlog reader extracts). */
function rawFromWinlog(doc: JsonObject): RawRecord {
  const w = doc.winlog as Record<string, unknown>;
  const system: RawRecord["system"] = {};
  const set = (key: keyof RawRecord["system"], v: unknown): void => {
    if (v !== undefined && v !== null) system[key] = typeof v === "string" ? v : JSON.stringify(v);
  };
  set("providerName", w.provider_name);
  set("providerGuid", w.provider_guid);
  set("eventId", w.event_id);
  set("version", w.version);
  set("level", w.level);
  set("keywords", Array.isArray(w.keywords) ? w.keywords[0] : undefined);
  set("timeCreated", w.time_created);
  set("eventRecordId", w.record_id);
  set("activityId", w.activity_id);
  set("relatedActivityId", w.related_activity_id);
  const p = w.process as { pid?: number; thread?: { id?: number } } | undefined;
  set("processId", p?.pid);
  set("threadId", p?.thread?.id);
  set("channel", w.channel);
  set("computer", w.computer_name);
  set("userId", (w.user as { identifier?: string } | undefined)?.identifier);
  const rendering: NonNullable<RawRecord["rendering"]> = {};
  if (typeof w.task === "string") rendering.task = w.task;
  if (typeof w.opcode === "string") rendering.opcode = w.opcode;
  if (typeof doc.message === "string") rendering.message = doc.message;
  const data = (w.event_data ?? {}) as Record<string, string>;
  return {
    origin: { file: "variant", record: 1, format: "json-winlog" },
    system,
    eventData: Object.entries(data).map(([name, value]) => ({ name, value })),
    rendering,
  };
}

describe("pipeline and core agree on awkward values", () => {
  const pipeline = buildIngestPipeline();
  const golden = goldenEcsDocuments();
  it.each(golden.map((g, i) => [`${g.caseName}#${g.index}`, g, i] as const))("%s", (_name, g, seed) => {
    const random = rng(seed + 1);
    const base = agentDocument(g.doc);
    const keys = Object.keys((base.winlog as { event_data?: object }).event_data ?? {});
    let compared = 0;
    for (const key of keys) {
      for (let n = 0; n < 5; n++) {
        const value = POOL[Math.floor(random() * POOL.length)] as string;
        const input = structuredClone(base);
        (input.winlog as { event_data: Record<string, string> }).event_data[key] = value;
        const core = normalize(rawFromWinlog(input));
        const result = simulatePipeline(pipeline, input);
        const label = `${key}=${JSON.stringify(value)}`;
        if (core.kind === "reject") {
          expect(
            result.error,
            `${label}: core rejects (${core.error.message}), the pipeline must fail too`,
          ).toBeDefined();
        } else if (core.kind === "event") {
          expect(result.error, label).toBeUndefined();
          expect(result.doc, label).toEqual(expectedFromCore(toEcs(core.event)));
        }
        compared += 1;
      }
    }
    expect(compared).toBe(keys.length * 5);
  });
});
