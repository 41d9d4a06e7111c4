import { describe, expect, it } from "vitest";
import {
  DecodeFailure,
  decodeErrorFor,
  decodeUInt32,
  describeFailure,
  isDecodeFailure,
  isPlaceholder,
  PLACEHOLDERS,
  presentOrUndefined,
} from "../../src/decode/index.js";
import { failed } from "./helpers.js";

describe("isPlaceholder / presentOrUndefined", () => {
  it.each([null, undefined, "", " ", "\t\r\n", "(NULL)", "NULL", "-", " (NULL) ", "  -  ", "(null)", "null"])(
    "%j is absent",
    (raw) => {
      expect(isPlaceholder(raw)).toBe(true);
      expect(presentOrUndefined(raw)).toBeUndefined();
    },
  );

  it("every listed placeholder is absent", () => {
    for (const p of PLACEHOLDERS) expect(presentOrUndefined(p)).toBeUndefined();
  });

  it.each([
    ["JUMP01$", "JUMP01$"],
    ["  lsass.exe  ", "lsass.exe"],
    ["--", "--"],
    ["(NULL)x", "(NULL)x"],
    ["0", "0"],
    ["a long value that is longer than six characters ", "a long value that is longer than six characters"],
    ["NULLS", "NULLS"],
  ])("%j is kept as %j", (raw, expected) => {
    expect(isPlaceholder(raw)).toBe(false);
    expect(presentOrUndefined(raw)).toBe(expected);
  });

  it("returns the same string when nothing needs trimming", () => {
    const s = "cifs/127.0.0.1";
    expect(presentOrUndefined(s)).toBe(s);
  });
});

describe("failure convention", () => {
  it("failures are DecodeFailure instances with code, reason and raw", () => {
    const f = failed(decodeUInt32(" 12ab "), "not-an-integer");
    expect(f).toBeInstanceOf(DecodeFailure);
    expect(f.ok).toBe(false);
    expect(f.raw).toBe("12ab");
    expect(isDecodeFailure(f)).toBe(true);
    expect(isDecodeFailure(12)).toBe(false);
    expect(isDecodeFailure(undefined)).toBe(false);
  });

  it("decodeErrorFor names the field and carries a stable code", () => {
    const f = failed(decodeUInt32("-5"));
    const err = decodeErrorFor("CallerPID", f, { file: "x.xml", record: 3 });
    expect(err.code).toBe("decode.out-of-range");
    expect(err.stage).toBe("normalize");
    expect(err.message).toBe(describeFailure("CallerPID", f));
    expect(err.message).toMatch(/^CallerPID: "-5" /);
    expect(err.describe()).toMatch(/^x\.xml \(record 3\): CallerPID/);
  });

  it("quotes long offending values truncated", () => {
    const f = failed(decodeUInt32("9".repeat(500)));
    expect(describeFailure("F", f).length).toBeLessThan(200);
  });
});
