import { describe, expect, it } from "vitest";
import { decodeIpAddress, decodeSpn, isIpHost, parseIpEndpoint } from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("IP addresses", () => {
  it.each([
    ["10.0.0.5", { ip: "10.0.0.5", version: 4 }],
    ["10.0.0.5:445", { ip: "10.0.0.5", version: 4, port: 445 }],
    ["255.255.255.255", { ip: "255.255.255.255", version: 4 }],
    ["0.0.0.0", { ip: "0.0.0.0", version: 4 }],
    ["::1", { ip: "::1", version: 6 }],
    ["::", { ip: "::", version: 6 }],
    ["[::1]:445", { ip: "::1", version: 6, port: 445 }],
    ["[::1]", { ip: "::1", version: 6 }],
    ["FE80::1%12", { ip: "fe80::1", version: 6, zone: "12" }],
    ["[fe80::1%eth0]:5985", { ip: "fe80::1", version: 6, zone: "eth0", port: 5985 }],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", { ip: "2001:db8::1", version: 6 }],
    ["2001:db8:0:0:1:0:0:1", { ip: "2001:db8::1:0:0:1", version: 6 }],
    ["2001:db8:0:1:1:1:1:1", { ip: "2001:db8:0:1:1:1:1:1", version: 6 }],
    ["2001:db8::", { ip: "2001:db8::", version: 6 }],
    ["::ffff:10.0.0.5", { ip: "10.0.0.5", version: 4, mapped: true }],
    ["::FFFF:0a00:0005", { ip: "10.0.0.5", version: 4, mapped: true }],
    ["0:0:0:0:0:ffff:192.168.1.1", { ip: "192.168.1.1", version: 4, mapped: true }],
    ["[::ffff:10.0.0.5]:445", { ip: "10.0.0.5", version: 4, mapped: true, port: 445 }],
    ["::1.2.3.4", { ip: "::102:304", version: 6 }],
    ["64:ff9b::192.0.2.33", { ip: "64:ff9b::c000:221", version: 6 }],
  ])("%s", (raw, expected) => {
    expect(ok(decodeIpAddress(raw))).toEqual(expected);
  });

  it.each([
    "10.0.0",
    "10.0.0.256",
    "010.0.0.1",
    "10.0.0.5:",
    "10.0.0.5:65536",
    "10.0.0.5:x",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    ":::1",
    "12345::1",
    "fe80::1%",
    "[::1",
    "[::1]x",
    "[10.0.0.5]",
    "fs03.offsec.lan",
    "host:445",
    "::ffff:10.0.0.256",
  ])("rejects %j", (raw) => {
    failed(decodeIpAddress(raw), "not-an-ip");
    expect(parseIpEndpoint(raw)).toBeUndefined();
  });

  it("isIpHost: bare IP literals only", () => {
    expect(isIpHost("10.0.0.5")).toBe(true);
    expect(isIpHost("fe80::1%12")).toBe(true);
    expect(isIpHost("[::1]")).toBe(true);
    expect(isIpHost("10.0.0.5:445")).toBe(false);
    expect(isIpHost("JUMP01")).toBe(false);
    expect(isIpHost("")).toBe(false);
  });

  it("absent", () => {
    expect(decodeIpAddress("-")).toBeUndefined();
  });
});

describe("decodeSpn", () => {
  it.each([
    [
      "cifs/127.0.0.1",
      { raw: "cifs/127.0.0.1", serviceClass: "cifs", host: "127.0.0.1", hostIsIp: true, ip: "127.0.0.1" },
    ],
    [
      "HTTP/web.contoso.com:8080",
      {
        raw: "HTTP/web.contoso.com:8080",
        serviceClass: "HTTP",
        host: "web.contoso.com",
        port: 8080,
        hostIsIp: false,
      },
    ],
    ["TERMSRV/host", { raw: "TERMSRV/host", serviceClass: "TERMSRV", host: "host", hostIsIp: false }],
    [
      "MSSQLSvc/db.contoso.com:1433/instance",
      {
        raw: "MSSQLSvc/db.contoso.com:1433/instance",
        serviceClass: "MSSQLSvc",
        host: "db.contoso.com",
        port: 1433,
        serviceName: "instance",
        hostIsIp: false,
      },
    ],
    [
      "MSSQLSvc/db.contoso.com:SQLEXPRESS",
      {
        raw: "MSSQLSvc/db.contoso.com:SQLEXPRESS",
        serviceClass: "MSSQLSvc",
        host: "db.contoso.com",
        serviceName: "SQLEXPRESS",
        hostIsIp: false,
      },
    ],
    [
      "host/FS03.offsec.lan@OFFSEC.LAN",
      {
        raw: "host/FS03.offsec.lan@OFFSEC.LAN",
        serviceClass: "host",
        host: "FS03.offsec.lan",
        realm: "OFFSEC.LAN",
        hostIsIp: false,
      },
    ],
    [
      "ldap/dc01.contoso.com/contoso.com@CONTOSO.COM",
      {
        raw: "ldap/dc01.contoso.com/contoso.com@CONTOSO.COM",
        serviceClass: "ldap",
        host: "dc01.contoso.com",
        serviceName: "contoso.com",
        realm: "CONTOSO.COM",
        hostIsIp: false,
      },
    ],
    [
      "cifs/[fe80::1]:445",
      {
        raw: "cifs/[fe80::1]:445",
        serviceClass: "cifs",
        host: "fe80::1",
        port: 445,
        hostIsIp: true,
        ip: "fe80::1",
      },
    ],
    [
      "cifs/fe80::1",
      { raw: "cifs/fe80::1", serviceClass: "cifs", host: "fe80::1", hostIsIp: true, ip: "fe80::1" },
    ],
    [
      "cifs/::ffff:10.0.0.5",
      { raw: "cifs/::ffff:10.0.0.5", serviceClass: "cifs", host: "10.0.0.5", hostIsIp: true, ip: "10.0.0.5" },
    ],
    ["fs01", { raw: "fs01", host: "fs01", hostIsIp: false }],
    ["fs01.contoso.com", { raw: "fs01.contoso.com", host: "fs01.contoso.com", hostIsIp: false }],
    ["10.0.0.5", { raw: "10.0.0.5", host: "10.0.0.5", hostIsIp: true, ip: "10.0.0.5" }],
    ["10.0.0.5:445", { raw: "10.0.0.5:445", host: "10.0.0.5", port: 445, hostIsIp: true, ip: "10.0.0.5" }],
    ["\\\\fs01", { raw: "\\\\fs01", host: "fs01", hostIsIp: false }],
  ])("%s", (raw, expected) => {
    expect(ok(decodeSpn(raw))).toEqual(expected);
  });

  it.each([
    "/host",
    "cifs/",
    "cifs/:445",
    "HTTP/web:0",
    "HTTP/web:65536",
    "HTTP/web:",
    "host/x@",
    "cifs/host/",
    "cifs/[::1",
    "cifs/[::1]x",
    "MSSQLSvc/h:inst/x:y",
  ])("rejects %j", (raw) => {
    failed(decodeSpn(raw), "not-an-spn");
  });

  it("absent", () => {
    expect(decodeSpn("(NULL)")).toBeUndefined();
    expect(decodeSpn("")).toBeUndefined();
  });
});
