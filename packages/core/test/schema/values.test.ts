import { describe, expect, it } from "vitest";
import {
  isIpAddress,
  isIpv4,
  isIpv6,
  isIsoDateTime,
  isMacAddress,
  isoToEpochMs,
} from "../../src/schema/index.js";

describe("isIpv4 / isIpv6", () => {
  it.each(["0.0.0.0", "10.1.2.3", "255.255.255.255", "127.0.0.1"])("accepts IPv4 %s", (ip) => {
    expect(isIpv4(ip)).toBe(true);
    expect(isIpAddress(ip)).toBe(true);
  });
  it.each(["256.0.0.1", "10.1.2", "010.1.2.3", "1.2.3.4.5", "a.b.c.d", "", "-", " 10.1.2.3"])(
    "refuses IPv4 %j",
    (ip) => {
      expect(isIpv4(ip)).toBe(false);
    },
  );
  it.each([
    "::",
    "::1",
    "fe80::1",
    "2001:db8::8a2e:370:7334",
    "::ffff:10.1.2.3",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:1.2.3.4",
  ])("accepts IPv6 %s", (ip) => {
    expect(isIpv6(ip)).toBe(true);
  });
  it.each([
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "12345::",
    "fe80::1%eth0",
    "::ffff:10.1.2",
    "g::1",
    ":1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7",
  ])("refuses IPv6 %j", (ip) => {
    expect(isIpv6(ip)).toBe(false);
  });
});

describe("isIsoDateTime", () => {
  it.each([
    "2024-05-01",
    "2024-05-01T10:00Z",
    "2024-05-01T10:00:00Z",
    "2024-05-01T10:00:00.123Z",
    "2024-05-01T10:00:00.1234567Z",
    "2024-05-01T10:00:00.123456789+02:00",
    "2024-05-01T10:00:00-0530",
    "2024-05-01T10:00:00",
    "2024-02-29T00:00:00Z",
  ])("accepts %s", (text) => {
    expect(isIsoDateTime(text)).toBe(true);
  });
  it.each([
    "2024-05-01 10:00:00",
    "2024-13-01T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "2024-05-01T24:00:00Z",
    "2024-05-01T10:00:00.1234567890Z",
    "05/01/2024",
    "1714557600000",
    "",
  ])("refuses %j", (text) => {
    expect(isIsoDateTime(text)).toBe(false);
  });
  it("orders times with sub-millisecond fractions and zones", () => {
    expect(isoToEpochMs("2024-05-01T10:00:00.1239999Z")).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(isoToEpochMs("2024-05-01T12:00:00+02:00")).toBe(Date.UTC(2024, 4, 1, 10));
    expect(isoToEpochMs("2024-05-01T12:00:00+0200")).toBe(Date.UTC(2024, 4, 1, 10));
    expect(isoToEpochMs("2024-05-01T10:00")).toBe(Date.UTC(2024, 4, 1, 10));
    expect(isoToEpochMs("2024-05-01")).toBe(Date.UTC(2024, 4, 1));
    expect(isoToEpochMs("nope")).toBeUndefined();
  });
});

describe("isMacAddress", () => {
  it("accepts colon or dash separated octets, one separator throughout", () => {
    expect(isMacAddress("06:10:9f:eb:8f:14")).toBe(true);
    expect(isMacAddress("06-10-9F-EB-8F-14")).toBe(true);
    expect(isMacAddress("06:10-9f:eb:8f:14")).toBe(false);
    expect(isMacAddress("06109feb8f14")).toBe(false);
  });
});
