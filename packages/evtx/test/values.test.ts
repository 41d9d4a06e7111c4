import { describe, expect, it } from "vitest";
import { decodeArray, decodeScalar } from "../src/binxml/values.js";
import { formatFileTime } from "../src/binxml/format.js";
import { ValueType } from "../src/index.js";
import type { RecordWarning } from "../src/index.js";

function scalar(type: number, bytes: number[] | Buffer): { text: string; warnings: RecordWarning[] } {
  const buf = Buffer.from(bytes);
  const warnings: RecordWarning[] = [];
  return { text: decodeScalar(buf, type, 0, buf.length, warnings), warnings };
}

function le(value: bigint, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return out;
}

const utf16 = (s: string): number[] => [...Buffer.from(s, "utf16le")];

describe("value types ([MS-EVEN6] 2.2.12, libevtx Value types) render as Windows prints them", () => {
  const cases: [string, number, number[], string][] = [
    ["WString, terminating NUL dropped", ValueType.WString, utf16("abc\0"), "abc"],
    ["AnsiString as Latin-1", ValueType.AnsiString, [0x61, 0xa6, 0x00], "a\u00a6"],
    ["Int8", ValueType.Int8, [0xff], "-1"],
    ["UInt8", ValueType.UInt8, [0xff], "255"],
    ["Int16", ValueType.Int16, le(-2n & 0xffffn, 2), "-2"],
    ["UInt16", ValueType.UInt16, le(65535n, 2), "65535"],
    ["Int32", ValueType.Int32, le(-3n & 0xffffffffn, 4), "-3"],
    ["UInt32", ValueType.UInt32, le(4294967295n, 4), "4294967295"],
    ["Int64 negative", ValueType.Int64, le(-5n & 0xffffffffffffffffn, 8), "-5"],
    ["Int64 beyond 2^53", ValueType.Int64, le(9007199254740993n, 8), "9007199254740993"],
    ["UInt64 max", ValueType.UInt64, le(18446744073709551615n, 8), "18446744073709551615"],
    ["Real32", ValueType.Real32, [...new Uint8Array(new Float32Array([1.5]).buffer)], "1.5"],
    ["Real64", ValueType.Real64, [...new Uint8Array(new Float64Array([-0.25]).buffer)], "-0.25"],
    ["Real64 infinity", ValueType.Real64, [...new Uint8Array(new Float64Array([Infinity]).buffer)], "1.#INF"],
    ["Bool 0", ValueType.Bool, le(0n, 4), "false"],
    ["Bool 1", ValueType.Bool, le(1n, 4), "true"],
    ["Binary upper-case hex", ValueType.Binary, [0x00, 0xab, 0x1f], "00AB1F"],
    [
      "GUID braced upper-case",
      ValueType.Guid,
      [0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d],
      "{54849625-5478-4994-A5BA-3E3B0328C30D}",
    ],
    ["SizeT 32-bit", ValueType.SizeT, le(0x1cn, 4), "0x1c"],
    ["SizeT 64-bit", ValueType.SizeT, le(0x1_0000_0000n, 8), "0x100000000"],
    [
      "SYSTEMTIME",
      ValueType.SystemTime,
      [
        ...le(2020n, 2),
        ...le(1n, 2),
        ...le(4n, 2),
        ...le(2n, 2),
        ...le(3n, 2),
        ...le(4n, 2),
        ...le(5n, 2),
        ...le(6n, 2),
      ],
      "2020-01-02T03:04:05.0060000Z",
    ],
    [
      "SID",
      ValueType.Sid,
      [1, 4, 0, 0, 0, 0, 0, 5, ...le(21n, 4), ...le(1n, 4), ...le(2n, 4), ...le(500n, 4)],
      "S-1-5-21-1-2-500",
    ],
    [
      "SID of 48-bit authority",
      ValueType.Sid,
      [1, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc],
      "S-1-0x123456789ABC",
    ],
    ["HexInt32 lower-case unpadded", ValueType.HexInt32, le(0xc000006dn, 4), "0xc000006d"],
    ["HexInt64 small", ValueType.HexInt64, le(0x3e7n, 8), "0x3e7"],
    ["HexInt64 large", ValueType.HexInt64, le(0x8020000000000000n, 8), "0x8020000000000000"],
    ["Null", ValueType.Null, [], ""],
  ];
  for (const [title, type, bytes, expected] of cases) {
    it(title, () => {
      const { text, warnings } = scalar(type, bytes);
      expect(text).toBe(expected);
      expect(warnings).toEqual([]);
    });
  }

  it("FILETIME with 7 fractional digits and Z, exact beyond 2^53 ticks", () => {
    const ms = Date.UTC(2020, 0, 2, 3, 4, 5, 678);
    const ticks = (BigInt(ms) + 11644473600000n) * 10000n + 1234n;
    const lo = Number(ticks & 0xffffffffn);
    const hi = Number(ticks >> 32n);
    expect(formatFileTime(lo, hi)).toBe("2020-01-02T03:04:05.6781234Z");
    expect(scalar(ValueType.FileTime, le(ticks, 8)).text).toBe("2020-01-02T03:04:05.6781234Z");
    expect(formatFileTime(0, 0)).toBe("1601-01-01T00:00:00.0000000Z");
  });

  it("an irregular boolean (neither 0 nor 1) is true and reported", () => {
    const { text, warnings } = scalar(ValueType.Bool, le(65536n, 4));
    expect(text).toBe("true");
    expect(warnings.map((w) => w.code)).toEqual(["evtx-bool-irregular"]);
  });

  it("malformed UTF-16 (unpaired surrogate, odd length) becomes U+FFFD and is reported", () => {
    const lone = scalar(ValueType.WString, [0x41, 0x00, 0x00, 0xd8, 0x42, 0x00]);
    expect(lone.text).toBe("A\uFFFDB");
    expect(lone.warnings.map((w) => w.code)).toEqual(["evtx-utf16-malformed"]);
    const odd = scalar(ValueType.WString, [0x41, 0x00, 0x42]);
    expect(odd.text).toBe("A");
    expect(odd.warnings.map((w) => w.code)).toEqual(["evtx-utf16-malformed"]);
    expect(scalar(ValueType.WString, [0x3d, 0xd8, 0x00, 0xde]).text).toBe("\u{1F600}");
  });

  it("a value too short for its type, a malformed SID and an unknown type are kept as hex and reported", () => {
    expect(scalar(ValueType.UInt32, [1, 2]).text).toBe("0102");
    expect(scalar(ValueType.Sid, [1, 9, 0, 0]).warnings[0]?.code).toBe("evtx-value-malformed");
    const unknown = scalar(0x23, [0xde, 0xad]);
    expect(unknown.text).toBe("DEAD");
    expect(unknown.warnings[0]?.code).toBe("evtx-value-type-unknown");
  });
});

describe("array value types (type | 0x80)", () => {
  function array(type: number, bytes: number[]): { items: string[]; warnings: RecordWarning[] } {
    const buf = Buffer.from(bytes);
    const warnings: RecordWarning[] = [];
    return { items: decodeArray(buf, type, 0, buf.length, warnings), warnings };
  }
  it("strings are NUL-separated", () => {
    expect(array(0x81, utf16("a\0bc\0")).items).toEqual(["a", "bc"]);
    expect(array(0x82, [0x61, 0, 0x62, 0]).items).toEqual(["a", "b"]);
  });
  it("fixed-size types are packed", () => {
    expect(array(0x86, [...le(1n, 2), ...le(2n, 2)]).items).toEqual(["1", "2"]);
    expect(array(0x94, [...le(0x10n, 4), ...le(0xffn, 4)]).items).toEqual(["0x10", "0xff"]);
    expect(array(0x8d, [...le(0n, 4), ...le(1n, 4)]).items).toEqual(["false", "true"]);
    expect(array(0x8f, new Array<number>(32).fill(0)).items).toEqual([
      "{00000000-0000-0000-0000-000000000000}",
      "{00000000-0000-0000-0000-000000000000}",
    ]);
  });
  it("SIDs follow each other", () => {
    expect(array(0x93, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]).items).toEqual([
      "S-1-5-18",
      "S-1-1",
    ]);
  });
  it("an empty array has no items; a size that is not a multiple of the element is reported", () => {
    expect(array(0x88, []).items).toEqual([]);
    const odd = array(0x88, [1, 0, 0, 0, 9]);
    expect(odd.items).toEqual(["1"]);
    expect(odd.warnings[0]?.code).toBe("evtx-value-malformed");
  });
});
