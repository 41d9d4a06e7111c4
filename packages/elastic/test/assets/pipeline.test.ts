import { describe, expect, it } from "vitest";
import {
  agentDocument,
  expectedFromCore,
  FIELDS_THE_PIPELINE_CANNOT_KNOW,
} from "../../src/assets/pipeline/agent-document.js";
import {
  buildIngestPipeline,
  MAX_SCRIPT_BYTES,
  type IngestProcessor,
} from "../../src/assets/pipeline/pipeline.js";
import { PROCESSOR_ALLOW_LIST } from "../../src/assets/pipeline/processors.js";
import { goldenEcsDocuments } from "./golden.js";
import { compilePainless, PainlessError, toPainless, type PMap } from "./ingest/painless.js";
import { simulatePipeline } from "./ingest/simulate.js";

const pipeline = buildIngestPipeline();
const golden = goldenEcsDocuments();

function processorTypes(list: readonly IngestProcessor[]): string[] {
  return list.flatMap((p) =>
    Object.entries(p).flatMap(([type, cfg]) => [
      type,
      ...processorTypes((cfg.on_failure as IngestProcessor[] | undefined) ?? []),
    ]),
  );
}

describe("ingest pipeline", () => {
  it("uses only documented processors (allow-list with reference pages)", () => {
    const used = processorTypes([...pipeline.processors, ...pipeline.on_failure]);
    for (const type of used) expect(PROCESSOR_ALLOW_LIST, type).toHaveProperty(type);
    for (const url of Object.values(PROCESSOR_ALLOW_LIST))
      expect(url).toMatch(/^https:\/\/www\.elastic\.co\//);
  });

  it("keeps its Painless under the cluster's script size limit", () => {
    const script = pipeline.processors.find((p) => "script" in p)?.script as { source: string };
    expect(Buffer.byteLength(script.source)).toBeLessThan(MAX_SCRIPT_BYTES);
  });

  it.each(golden.map((g) => [`${g.caseName}#${g.index}`, g] as const))(
    "turns the winlog document of %s into core's ECS document",
    (_name, g) => {
      const result = simulatePipeline(pipeline, agentDocument(g.doc));
      expect(result.error).toBeUndefined();
      expect(result.doc).toEqual(expectedFromCore(g.doc));
    },
  );

  it("lists, with reasons, the only fields it cannot reproduce", () => {
    expect(Object.keys(FIELDS_THE_PIPELINE_CANNOT_KNOW)).toEqual(["ntlm.recovered", "ntlm.file_offset"]);
  });

  it("leaves documents ntlm-siem already normalized as they are", () => {
    const g = golden[0];
    if (!g) throw new Error("no golden documents");
    expect(simulatePipeline(pipeline, g.doc).doc).toEqual({ ...g.doc });
  });

  it("keeps a document whose manifest field cannot be decoded, flagged as a pipeline error", () => {
    const g = golden.find((x) => x.doc.event && (x.doc.event as { code?: string }).code === "8001");
    if (!g) throw new Error("no 8001 golden document");
    const input = agentDocument(g.doc);
    (input.winlog as { event_data: Record<string, string> }).event_data.CallerPID = "not-a-pid";
    const result = simulatePipeline(pipeline, input);
    expect(result.doc.event).toMatchObject({ kind: "pipeline_error" });
    expect(String((result.doc.error as { message: string[] }).message)).toContain("CallerPID");
  });

  it("passes other channels through untouched", () => {
    const doc = { winlog: { channel: "Security", event_id: "4624" }, message: "x" };
    expect(simulatePipeline(pipeline, doc).doc).toEqual({ ...doc, ecs: { version: "8.17.0" } });
  });
});

describe("the Painless interpreter", () => {
  const run = (src: string): PMap => {
    const ctx = toPainless({}) as PMap;
    compilePainless(src).run(ctx, new Map());
    return ctx;
  };
  it("follows Java semantics where they differ from JavaScript", () => {
    const ctx = run(
      "ctx.a = 7 / 2; ctx.b = 'x' + 1 + 2; ctx.c = ' \\t a '.trim(); ctx.d = 'ab' == 'a' + 'b';",
    );
    expect(Object.fromEntries(ctx)).toEqual({ a: 3, b: "x12", c: "a", d: true });
    expect(() => run("ctx.a = 'abc'.substring(2, 5);")).toThrow(PainlessError);
    expect(() => run("String s = [:];")).toThrow(/cannot store Map in String/);
  });
  it("refuses what is outside the subset", () => {
    expect(() => run("ctx.a = /x/.matcher('x');")).toThrow(PainlessError);
    expect(() => run("ctx.a = 'a,b'.split(',');")).toThrow(/outside the subset/);
    expect(() => compilePainless("Map f() { return ctx; } f();").run(new Map(), new Map())).toThrow(
      /unknown variable ctx/,
    );
  });
});
