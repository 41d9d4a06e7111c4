import { describe, expect, it } from "vitest";
import { parseEventXml } from "@ntlm-siem/core";
import {
  DEFAULT_EVTX_LIMITS,
  newChunkContext,
  parseChunkHeader,
  renderEvtxXml,
  toRawRecord,
  walkChunk,
} from "../src/index.js";
import type { ChunkItem, EvtxLimits } from "../src/index.js";
import { Asm, chunk, simpleEvent } from "./helpers/binxml-asm.js";

const origin = { file: "t.evtx", record: 1, format: "evtx" as const };

function walk(buf: Buffer, limits: Partial<EvtxLimits> = {}): ChunkItem[] {
  const ctx = newChunkContext(buf, 65536, { ...DEFAULT_EVTX_LIMITS, ...limits });
  return walkChunk(ctx, parseChunkHeader(ctx));
}

function only(buf: Buffer): Extract<ChunkItem, { kind: "record" }> {
  const items = walk(buf);
  expect(items.map((i) => i.kind)).toEqual(["record"]);
  return items[0] as Extract<ChunkItem, { kind: "record" }>;
}

const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const utf16 = (s: string): number[] => [...Buffer.from(s, "utf16le")];

describe("Binary XML tokens (libevtx Binary XML, [MS-EVEN6] 3.1.4.7)", () => {
  it("elements, attributes, value text with the more-data flag, character and entity references, CDATA, PI", () => {
    const buf = chunk([
      (a) =>
        simpleEvent(a, (d) => {
          d.element("Data", [["Name", (x) => x.text("Joined", true).text("Text")]], (x) =>
            x.text("a", true).text("b"),
          );
          d.element("Data", [["Name", (x) => x.text("Refs")]], (x) => {
            x.u8(0x08).u16(65); // &#65;
            x.u8(0x09).name("amp"); // &amp;
            x.u8(0x07).u16(3).utf16("<c>"); // CDATA
          });
          d.u8(0x0a).name("pi").u8(0x0b).u16(4).utf16("data");
          d.element("Data", [["Name", (x) => x.text("Empty")]]);
        }),
    ]);
    const { record } = only(buf);
    const raw = toRawRecord(record.root, origin);
    expect(raw?.system).toEqual({ providerName: "Test-Provider", eventId: "4624", channel: "Security" });
    expect(raw?.eventData).toEqual([
      { name: "JoinedText", value: "ab" },
      { name: "Refs", value: "A&<c>" },
      { name: "Empty", value: null },
    ]);
    const xml = renderEvtxXml(record.content);
    expect(xml).toContain('<Data Name="Refs">&#65;&amp;<![CDATA[<c>]]></Data><?pi data?>');
    expect(parseEventXml(xml, { ...origin, format: "xml" }).eventData).toEqual(raw?.eventData);
  });

  it("substitutions: normal, optional NULL (element and attribute left out), arrays repeat their element", () => {
    const body = (a: Asm): unknown =>
      a.element("Event", [], (e) => {
        e.element("System", [], (s) => {
          s.element("EventID", [["Qualifiers", (x) => x.sub(1, 0x06, true)]], (x) => x.sub(0, 0x06));
          s.element("Correlation", [["ActivityID", (x) => x.sub(2, 0x0f, true)]]);
        });
        e.element("EventData", [], (d) => {
          d.element("Data", [["Name", (x) => x.text("Status")]], (x) => x.sub(3, 0x14));
          d.element("Data", [["Name", (x) => x.text("List")]], (x) => x.sub(4, 0x81));
          d.element("Binary", [], (x) => x.sub(5, 0x0e, true));
          d.element("Data", [["Name", (x) => x.text("Null")]], (x) => x.sub(6, 0x01));
        });
      });
    const buf = chunk([
      (a) =>
        a.instance(body, [
          [0x06, [0x50, 0x12]],
          [0x00, []],
          [0x00, []],
          [0x14, u32(0xc000006d)],
          [0x81, utf16("x\0y\0")],
          [0x00, []],
          [0x00, []],
        ]),
    ]);
    const { record } = only(buf);
    const raw = toRawRecord(record.root, origin);
    expect(raw?.system).toEqual({ eventId: "4688" });
    expect(raw?.eventData).toEqual([
      { name: "Status", value: "0xc000006d" },
      { name: "List", value: "x" },
      { name: "List", value: "y" },
      { name: "Null", value: null },
    ]);
    expect(renderEvtxXml(record.content)).toContain("<Correlation/>");
  });

  it("a template defined in one record is used by offset from the next (per-chunk cache)", () => {
    let defOffset = 0;
    const body = (a: Asm): unknown =>
      a.element("Event", [], (e) =>
        e.element("EventData", [], (d) => d.element("Data", [], (x) => x.sub(0, 0x01))),
      );
    const buf = chunk([
      (a) => {
        defOffset = a.here() + 10;
        a.instance(body, [[0x01, utf16("first")]]);
      },
      (a) => a.instance(body, [[0x01, utf16("second")]], defOffset),
    ]);
    const items = walk(buf);
    expect(
      items.map((i) => (i.kind === "record" ? toRawRecord(i.record.root, origin)?.eventData : i)),
    ).toEqual([[{ name: undefined, value: "first" }], [{ name: undefined, value: "second" }]]);
  });

  it("a Binary XML value (type 0x21) is a nested fragment with its own template instance; UserData flattens", () => {
    const buf = chunk([
      (a) => {
        // The nested fragment's offsets are chunk-relative: lay it out where it will land.
        const inner = (at: number): number[] => {
          const n = new Asm(at);
          n.names.clear();
          n.fragmentHeader().instance(
            (t) =>
              t.element("Rule", [], (x) =>
                x.element("Path", [["Id", (y) => y.sub(0, 0x08)]], (p) => p.sub(1, 0x01)),
              ),
            [
              [0x08, u32(7)],
              [0x01, utf16("C:\\x")],
            ],
          );
          n.u8(0x00);
          return n.bytes;
        };
        const body = (t: Asm): unknown =>
          t.element("Event", [], (e) =>
            e.element("UserData", [], (u) => u.element("Wrapper", [], (w) => w.sub(0, 0x21))),
          );
        // Two passes: measure where the value lands, then build it for that offset.
        const probe = new Asm(a.here());
        for (const [k, v] of a.names) probe.names.set(k, v);
        probe.instance(body, [[0x21, inner(0)]]);
        const valueAt = a.here() + probe.bytes.length - inner(0).length;
        a.instance(body, [[0x21, inner(valueAt)]]);
      },
    ]);
    const { record } = only(buf);
    expect(toRawRecord(record.root, origin)?.userData).toEqual([
      { name: "Path@Id", value: "7" },
      { name: "Path", value: "C:\\x" },
    ]);
  });

  it("an element start without the dependency identifier (as in some Binary XML values) is read too", () => {
    const buf = chunk([
      (a) =>
        a.element("Event", [], (e) =>
          e.element("EventData", [], (d) => d.element("Data", [], (x) => x.text("v"), { dependency: false })),
        ),
    ]);
    expect(toRawRecord(only(buf).record.root, origin)?.eventData).toEqual([{ name: undefined, value: "v" }]);
  });

  it("nesting deeper than maxDepth is rejected, not a stack overflow", () => {
    const deep = (a: Asm, n: number): void => {
      a.element("E", [], n > 0 ? (x) => deep(x, n - 1) : undefined);
    };
    const buf = chunk([(a) => deep(a, 80)]);
    const items = walk(buf);
    expect(items.map((i) => i.kind)).toEqual(["reject"]);
    expect(items[0]?.kind === "reject" && items[0].code).toBe("evtx-binxml-depth");
  });

  it("a substitution count beyond the limit is rejected", () => {
    const buf = chunk([
      (a) => a.instance((t) => t.element("Event"), new Array<[number, number[]]>(40).fill([0x04, [1]])),
    ]);
    const items = walk(buf, { maxSubstitutions: 16 });
    expect(items[0]?.kind === "reject" && items[0].code).toBe("evtx-substitution-count");
  });

  it("a record expanding beyond the node budget is rejected", () => {
    const buf = chunk([
      (a) =>
        a.element("Event", [], (e) => {
          for (let i = 0; i < 50; i++) e.element("D", [], (x) => x.text("x"));
        }),
    ]);
    const items = walk(buf, { maxNodesPerRecord: 20 });
    expect(items[0]?.kind === "reject" && items[0].code).toBe("evtx-record-too-large");
  });

  it("a template reference that points nowhere rejects the record and the walk goes on", () => {
    const body = (a: Asm): unknown =>
      a.element("Event", [], (e) =>
        e.element("EventData", [], (d) => d.element("Data", [], (x) => x.sub(0, 0x01))),
      );
    const buf = chunk([
      (a) => a.instance(body, [[0x01, utf16("x")]], 60000),
      (a) => a.instance(body, [[0x01, utf16("ok")]]),
    ]);
    const items = walk(buf);
    expect(items.map((i) => i.kind)).toEqual(["reject", "record"]);
    expect(items[0]?.kind === "reject" && items[0].code).toBe("evtx-template-missing");
  });
});
