/**
 * IP addresses as NTLM/Security events and exporters render them: IPv4, IPv4 with a port ("10.0.0.5:445"),
 * IPv6 compressed or not, with a zone index ("fe80::1%12"), bracketed with a port ("[::1]:445"), and IPv4-mapped
 * IPv6 ("::ffff:10.0.0.5", which Windows logs for dual-stack sockets) – the latter is reported as the IPv4 address
 * it stands for, so one client shows up under one address in every SIEM.
 *
 * Output is canonical: IPv4 dotted decimal, IPv6 in RFC 5952 form (lower case, no leading zeros, longest run of two
 * or more zero groups compressed, first run on ties). Leading-zero IPv4 octets are rejected (ambiguous: octal to
 * some parsers, decimal to others), as node:net's isIP does.
 */
import { fail, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { parseUnsignedDecimal } from "./integer.js";

export interface IpEndpoint {
  /** Canonical address, without zone or brackets. */
  ip: string;
  version: 4 | 6;
  port?: number;
  /** IPv6 zone index / scope id ("12", "eth0"), when given. */
  zone?: string;
  /** True when the source was an IPv4-mapped IPv6 address that was reduced to IPv4. */
  mapped?: boolean;
}

const C_0 = 48;
const C_9 = 57;
const C_DOT = 46;
const C_COLON = 58;

/** Parse s[start..end) as strict dotted-quad IPv4; returns the 32-bit value or -1. */
function parseIpv4(s: string, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let i = start;
  while (octets < 4) {
    const octetStart = i;
    let octet = 0;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < C_0 || c > C_9) break;
      octet = octet * 10 + (c - C_0);
      i++;
      if (i - octetStart > 3) return -1;
    }
    const len = i - octetStart;
    if (len === 0 || octet > 255 || (len > 1 && s.charCodeAt(octetStart) === C_0)) return -1;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (i >= end || s.charCodeAt(i) !== C_DOT) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

function ipv4Text(v: number): string {
  return `${Math.floor(v / 16777216)}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

function hexGroup(part: string): number {
  if (part.length === 0 || part.length > 4) return -1;
  let v = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    let d: number;
    if (c >= C_0 && c <= C_9) d = c - C_0;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Parse a list of ":"-separated groups; the last may be dotted IPv4 when `allowV4Tail`. */
function parseGroups(text: string, allowV4Tail: boolean, out: number[]): boolean {
  if (text.length === 0) return true;
  const parts = text.split(":");
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] ?? "";
    if (allowV4Tail && k === parts.length - 1 && part.indexOf(".") >= 0) {
      const v4 = parseIpv4(part, 0, part.length);
      if (v4 < 0) return false;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    const g = hexGroup(part);
    if (g < 0) return false;
    out.push(g);
  }
  return true;
}

/** Parse an IPv6 address (no zone, no brackets) into 8 groups, or undefined. */
function parseIpv6(addr: string): number[] | undefined {
  const dbl = addr.indexOf("::");
  const groups: number[] = [];
  if (dbl < 0) {
    if (!parseGroups(addr, true, groups) || groups.length !== 8) return undefined;
    return groups;
  }
  if (addr.indexOf("::", dbl + 1) >= 0) return undefined;
  const head: number[] = [];
  const tail: number[] = [];
  if (!parseGroups(addr.slice(0, dbl), false, head)) return undefined;
  if (!parseGroups(addr.slice(dbl + 2), true, tail)) return undefined;
  const zeros = 8 - head.length - tail.length;
  if (zeros < 1) return undefined;
  for (const g of head) groups.push(g);
  for (let z = 0; z < zeros; z++) groups.push(0);
  for (const g of tail) groups.push(g);
  return groups;
}

/** RFC 5952 §4 text form of 8 groups. */
function ipv6Text(g: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1; // only runs of 2+ are compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (i: number) => (g[i] ?? 0).toString(16);
  if (bestStart < 0) return g.map((_, i) => hex(i)).join(":");
  const left: string[] = [];
  for (let i = 0; i < bestStart; i++) left.push(hex(i));
  const right: string[] = [];
  for (let i = bestStart + bestLen; i < 8; i++) right.push(hex(i));
  return `${left.join(":")}::${right.join(":")}`;
}

function v6Endpoint(
  addr: string,
  zone: string | undefined,
  port: number | undefined,
): IpEndpoint | undefined {
  const groups = parseIpv6(addr);
  if (groups === undefined) return undefined;
  let ep: IpEndpoint;
  // IPv4-mapped (::ffff:a.b.c.d, RFC 4291 §2.5.5.2): report the IPv4 address.
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    ep = { ip: ipv4Text((groups[6] ?? 0) * 65536 + (groups[7] ?? 0)), version: 4, mapped: true };
  } else {
    ep = { ip: ipv6Text(groups), version: 6 };
    if (zone !== undefined) ep.zone = zone;
  }
  if (port !== undefined) ep.port = port;
  return ep;
}

function splitZone(text: string): [string, string | undefined] | undefined {
  const pct = text.indexOf("%");
  if (pct < 0) return [text, undefined];
  const zone = text.slice(pct + 1);
  if (zone.length === 0) return undefined;
  return [text.slice(0, pct), zone];
}

function parsePort(s: string, start: number): number | undefined {
  const p = parseUnsignedDecimal(s, 65535, start);
  return p < 0 ? undefined : p;
}

/** Parse an IP address with optional port/zone/brackets; `undefined` when the text is not an IP at all. */
export function parseIpEndpoint(text: string): IpEndpoint | undefined {
  const s = text;
  if (s.length === 0) return undefined;
  if (s.charCodeAt(0) === 91) {
    // [v6] or [v6]:port
    const close = s.indexOf("]");
    if (close < 0) return undefined;
    let port: number | undefined;
    if (close + 1 < s.length) {
      if (s.charCodeAt(close + 1) !== C_COLON) return undefined;
      port = parsePort(s, close + 2);
      if (port === undefined) return undefined;
    }
    const z = splitZone(s.slice(1, close));
    if (z === undefined) return undefined;
    return v6Endpoint(z[0], z[1], port);
  }
  const firstColon = s.indexOf(":");
  if (firstColon < 0) {
    const v4 = parseIpv4(s, 0, s.length);
    // Strict parsing means the input already is the canonical dotted quad: reuse it.
    return v4 < 0 ? undefined : { ip: s, version: 4 };
  }
  if (s.indexOf(":", firstColon + 1) < 0) {
    // a.b.c.d:port
    const v4 = parseIpv4(s, 0, firstColon);
    if (v4 < 0) return undefined;
    const port = parsePort(s, firstColon + 1);
    return port === undefined ? undefined : { ip: ipv4Text(v4), version: 4, port };
  }
  const z = splitZone(s);
  if (z === undefined) return undefined;
  return v6Endpoint(z[0], z[1], undefined);
}

/** True when `host` is an IP address literal (IPv4, IPv6, optionally bracketed or with a zone; no port). */
export function isIpHost(host: string): boolean {
  const ep = parseIpEndpoint(host);
  return ep !== undefined && ep.port === undefined;
}

/** Decoder for IP fields: absent → undefined, an IP → endpoint, anything else → failure. */
export function decodeIpAddress(raw: RawValue): Decoded<IpEndpoint> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  return parseIpEndpoint(s) ?? fail("not-an-ip", "is not an IP address", s);
}
