import { describe, expect, it } from "vitest";
import { BOOLEAN_SPELLINGS, decodeBoolean, decodeTimestamp } from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("decodeBoolean", () => {
  it("every table spelling round-trips, in several cases", () => {
    for (const [spelling, value] of Object.entries(BOOLEAN_SPELLINGS)) {
      expect(ok(decodeBoolean(spelling))).toBe(value);
      expect(ok(decodeBoolean(spelling.toUpperCase()))).toBe(value);
      expect(ok(decodeBoolean(` ${spelling} `))).toBe(value);
    }
  });

  it.each([
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ["false", false],
    ["False", false],
    ["1", true],
    ["0", false],
    ["yes", true],
    ["No", false],
    ["on", true],
    ["OFF", false],
    ["%%1842", true],
    ["%%1843", false],
  ])("%j → %s", (raw, value) => expect(ok(decodeBoolean(raw))).toBe(value));

  it("absent and malformed", () => {
    expect(decodeBoolean("-")).toBeUndefined();
    expect(decodeBoolean(null)).toBeUndefined();
    for (const raw of ["2", "truee", "y", "%%1844", "enabled", "t r u e"])
      failed(decodeBoolean(raw), "not-a-boolean");
  });
});

describe("decodeTimestamp", () => {
  it("7 digits, Z (native): kept verbatim", () => {
    const s = "2020-07-06T08:41:10.3568583Z";
    const t = ok(decodeTimestamp(s));
    expect(t.iso).toBe(s);
    expect(t.epochMs).toBe(Date.UTC(2020, 6, 6, 8, 41, 10, 356));
    expect(t.nanosOfSecond).toBe(356858300);
    expect(t.fractionDigits).toBe(7);
  });

  it("9 digits keeps trailing zeros", () => {
    const t = ok(decodeTimestamp("2019-03-02T23:00:00.746139000Z"));
    expect(t.iso).toBe("2019-03-02T23:00:00.746139000Z");
    expect(t.nanosOfSecond).toBe(746139000);
    expect(t.epochMs).toBe(Date.UTC(2019, 2, 2, 23, 0, 0, 746));
  });

  it("6 digits with +00:00 offset", () => {
    const t = ok(decodeTimestamp("2026-03-12T02:56:00.824258+00:00"));
    expect(t.iso).toBe("2026-03-12T02:56:00.824258Z");
    expect(t.nanosOfSecond).toBe(824258000);
    expect(t.epochMs).toBe(Date.UTC(2026, 2, 12, 2, 56, 0, 824));
  });

  it("non-zero offsets are converted to UTC, across a date boundary", () => {
    expect(ok(decodeTimestamp("2026-03-12T01:30:00.5+02:00")).iso).toBe("2026-03-11T23:30:00.5Z");
    expect(ok(decodeTimestamp("2025-12-31T22:15:00-0330")).iso).toBe("2026-01-01T01:45:00Z");
    expect(ok(decodeTimestamp("2024-02-29T00:00:00.1234567+05")).iso).toBe("2024-02-28T19:00:00.1234567Z");
  });

  it("no fraction", () => {
    const t = ok(decodeTimestamp("2026-05-03T21:03:06Z"));
    expect(t.iso).toBe("2026-05-03T21:03:06Z");
    expect(t.nanosOfSecond).toBe(0);
    expect(t.fractionDigits).toBe(0);
  });

  it("space separator without zone is UTC", () => {
    const t = ok(decodeTimestamp("2026-05-03 21:03:06.9528515"));
    expect(t.iso).toBe("2026-05-03T21:03:06.9528515Z");
    expect(t.epochMs).toBe(Date.UTC(2026, 4, 3, 21, 3, 6, 952));
    expect(t.nanosOfSecond).toBe(952851500);
  });

  it("Sentinel 3 digits: no precision invented", () => {
    const t = ok(decodeTimestamp("2026-05-03T21:03:06.952Z"));
    expect(t.iso).toBe("2026-05-03T21:03:06.952Z");
    expect(t.nanosOfSecond).toBe(952000000);
  });

  it("seed offset rendering +00:00 with 7 digits", () => {
    expect(ok(decodeTimestamp("2026-05-03T21:03:06.9528515+00:00")).iso).toBe("2026-05-03T21:03:06.9528515Z");
  });

  it("leap day, early years and lower-case separators", () => {
    expect(ok(decodeTimestamp("2024-02-29T12:00:00Z")).iso).toBe("2024-02-29T12:00:00Z");
    expect(ok(decodeTimestamp("1601-01-01T00:00:00Z")).epochMs).toBe(-11644473600000);
    expect(ok(decodeTimestamp("0050-01-01T00:00:00Z")).epochMs).toBe(
      new Date("0050-01-01T00:00:00Z").getTime(),
    );
    expect(ok(decodeTimestamp("2020-07-06t08:41:10z")).iso).toBe("2020-07-06T08:41:10Z");
  });

  it.each([
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "2026-01-01T23:60:00Z",
    "2026-01-01T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "2026-01-01T00:00:00+25:00",
  ])("rejects invalid date %j", (raw) => {
    failed(decodeTimestamp(raw), "invalid-date");
  });

  it.each([
    "2026-01-01",
    "2026/01/01T00:00:00Z",
    "2026-01-01T00:00:00.Z",
    "2026-01-01T00:00:00.1234567890Z",
    "2026-01-01T00:00:00ZZ",
    "2026-01-01T00:00:00+0",
    "2026-01-01T00:00:00 UTC",
    "2026-1-01T00:00:00Z",
    "yesterday at noon, roughly",
    "1594024870",
  ])("rejects malformed %j", (raw) => {
    failed(decodeTimestamp(raw), "not-a-timestamp");
  });

  it("absent", () => {
    expect(decodeTimestamp("")).toBeUndefined();
    expect(decodeTimestamp(undefined)).toBeUndefined();
  });
});
