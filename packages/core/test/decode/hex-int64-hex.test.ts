import { describe, expect, it } from "vitest";
import { decodeHexInt64, decodeHexInt64Hex } from "../../src/decode/integer.js";

describe("decodeHexInt64Hex", () => {
  const inputs = [
    "0x8000000000000000",
    "0X8000000000000000",
    "0x3e4",
    "0x3E4",
    "0x000003e4",
    "0x0",
    "0x",
    "0xffffffffffffffff",
    "0x1ffffffffffffffff",
    "0x0000000000000000001",
    "0xZZ",
    "9223372036854775808",
    "18446744073709551616",
    "996",
    "-1",
    " 0x10 ",
    "(NULL)",
    "",
    null,
    undefined,
  ];

  it("gives decodeHexInt64's canonical hex, or its very failure", () => {
    for (const raw of inputs) {
      const full = decodeHexInt64(raw);
      const hex = decodeHexInt64Hex(raw);
      if (full === undefined) expect(hex).toBeUndefined();
      else if ("hex" in full) expect(hex).toBe(full.hex);
      else expect(hex).toEqual(full);
    }
  });
});
