import { describe, expect, it } from "vitest";
import {
  decodeEventId,
  decodeHexInt32,
  decodeHexInt64,
  decodeLevel,
  decodeOpcode,
  decodeRecordId,
  decodeTask,
  decodeUInt16,
  decodeUInt32,
  decodeUInt64,
  decodeUInt8,
  decodeVersion,
} from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("decodeUInt32", () => {
  it.each([
    ["0", 0],
    ["720", 720],
    [" 4 ", 4],
    ["000123", 123],
    ["4294967295", 4294967295],
    ["0004294967295", 4294967295],
  ])("%j → %d", (raw, n) => expect(ok(decodeUInt32(raw))).toBe(n));

  it("absent values", () => {
    for (const raw of [null, undefined, "", "-", "(NULL)"]) expect(decodeUInt32(raw)).toBeUndefined();
  });

  it.each([
    ["4294967296", "out-of-range"],
    ["99999999999999999999999", "out-of-range"],
    ["-1", "out-of-range"],
    ["-0", "out-of-range"],
    ["12a", "not-an-integer"],
    ["1 2", "not-an-integer"],
    ["+5", "not-an-integer"],
    ["1.0", "not-an-integer"],
    ["0x10", "not-an-integer"],
    ["1e3", "not-an-integer"],
    ["abc", "not-an-integer"],
    ["42949672950x", "not-an-integer"],
  ] as const)("rejects %j (%s)", (raw, code) => {
    failed(decodeUInt32(raw), code);
  });
});

describe("small unsigned and event-level numbers", () => {
  it("UInt8/UInt16 boundaries", () => {
    expect(ok(decodeUInt8("255"))).toBe(255);
    failed(decodeUInt8("256"), "out-of-range");
    expect(ok(decodeUInt16("65535"))).toBe(65535);
    failed(decodeUInt16("65536"), "out-of-range");
  });

  it("EventID 0–65535", () => {
    expect(ok(decodeEventId("8002"))).toBe(8002);
    expect(ok(decodeEventId("0"))).toBe(0);
    expect(ok(decodeEventId("65535"))).toBe(65535);
    failed(decodeEventId("65536"), "out-of-range");
    failed(decodeEventId("80O2"), "not-an-integer");
  });

  it("Level, Task, Opcode, Version", () => {
    expect(ok(decodeLevel("4"))).toBe(4);
    failed(decodeLevel("300"), "out-of-range");
    expect(ok(decodeTask("12544"))).toBe(12544);
    expect(ok(decodeOpcode("0"))).toBe(0);
    expect(ok(decodeVersion("2"))).toBe(2);
    failed(decodeVersion("x"), "not-an-integer");
  });
});

describe("decodeHexInt32", () => {
  it.each([
    ["0x3e4", "0x3e4", 0x3e4],
    ["0X3E4", "0x3e4", 0x3e4],
    ["0x000003E4", "0x3e4", 0x3e4],
    ["996", "0x3e4", 996],
    ["0x0", "0x0", 0],
    ["0x00000000", "0x0", 0],
    ["0", "0x0", 0],
    ["0xffffffff", "0xffffffff", 4294967295],
    ["0xFFFFFFFF", "0xffffffff", 4294967295],
    ["4294967295", "0xffffffff", 4294967295],
    ["0xC000006D", "0xc000006d", 0xc000006d],
  ])("%j → %s", (raw, hex, value) => {
    expect(ok(decodeHexInt32(raw))).toEqual({ hex, value });
  });

  it("reuses an already canonical input string", () => {
    const s = "0x4641e93";
    expect(ok(decodeHexInt32(s)).hex).toBe(s);
  });

  it.each([
    ["0x100000000", "out-of-range"],
    ["4294967296", "out-of-range"],
    ["-1", "out-of-range"],
    ["0x", "not-an-integer"],
    ["0xg1", "not-an-integer"],
    ["0x 1", "not-an-integer"],
    ["3e4", "not-an-integer"],
    ["x3e4", "not-an-integer"],
  ] as const)("rejects %j (%s)", (raw, code) => {
    failed(decodeHexInt32(raw), code);
  });
});

describe("decodeHexInt64", () => {
  it("small values carry a number", () => {
    expect(ok(decodeHexInt64("0x3e4"))).toEqual({ hex: "0x3e4", value: 996n, number: 996 });
    expect(ok(decodeHexInt64("0x4641E93"))).toEqual({
      hex: "0x4641e93",
      value: 0x4641e93n,
      number: 0x4641e93,
    });
  });

  it("keywords in both renderings agree", () => {
    const a = ok(decodeHexInt64("0x8000000000000000"));
    const b = ok(decodeHexInt64("9223372036854775808"));
    expect(a).toEqual({ hex: "0x8000000000000000", value: 0x8000000000000000n });
    expect(b).toEqual(a);
    expect(a.number).toBeUndefined();
  });

  it("HexInt64 max and BigInt precision", () => {
    expect(ok(decodeHexInt64("0xFFFFFFFFFFFFFFFF"))).toEqual({
      hex: "0xffffffffffffffff",
      value: 2n ** 64n - 1n,
    });
    expect(ok(decodeHexInt64("18446744073709551615")).value).toBe(2n ** 64n - 1n);
    // 2^53 + 1 is not a safe integer: exact bigint, no number.
    const r = ok(decodeHexInt64("0x20000000000001"));
    expect(r.value).toBe(2n ** 53n + 1n);
    expect(r.number).toBeUndefined();
    // MAX_SAFE_INTEGER still carries a number.
    expect(ok(decodeHexInt64("0x1fffffffffffff")).number).toBe(Number.MAX_SAFE_INTEGER);
    expect(ok(decodeHexInt64("9007199254740991")).number).toBe(Number.MAX_SAFE_INTEGER);
    expect(ok(decodeHexInt64("0x0000000000000000000003e4")).hex).toBe("0x3e4");
  });

  it.each([
    ["0x10000000000000000", "out-of-range"],
    ["18446744073709551616", "out-of-range"],
    ["-1", "out-of-range"],
    ["0xfffffffffffffffg", "not-an-integer"],
    ["12.5", "not-an-integer"],
  ] as const)("rejects %j (%s)", (raw, code) => {
    failed(decodeHexInt64(raw), code);
  });
});

describe("record IDs and UInt64", () => {
  it("keeps full precision as text and bigint", () => {
    expect(ok(decodeRecordId("1261"))).toEqual({ text: "1261", value: 1261n, number: 1261 });
    expect(ok(decodeRecordId("18446744073709551615"))).toEqual({
      text: "18446744073709551615",
      value: 18446744073709551615n,
    });
    expect(ok(decodeUInt64("00042")).text).toBe("42");
    expect(ok(decodeUInt64("0")).text).toBe("0");
    expect(ok(decodeUInt64("9007199254740993"))).toEqual({
      text: "9007199254740993",
      value: 9007199254740993n,
    });
  });

  it("rejects out of range and junk", () => {
    failed(decodeRecordId("18446744073709551616"), "out-of-range");
    failed(decodeRecordId("123456789012345678901"), "out-of-range");
    failed(decodeRecordId("-3"), "out-of-range");
    failed(decodeRecordId("0x10"), "not-an-integer");
  });
});
