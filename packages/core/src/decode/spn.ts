/**
 * Service principal names and NTLM target names. MS-ADTS 2.2.21 / [MS-SPNG] define SPNs as
 * "serviceclass/host[:port][/servicename]", and Kerberos-style renderings append "@REALM"
 * ("host/FS03.offsec.lan@OFFSEC.LAN"). SQL Server registers "MSSQLSvc/host:port" and "MSSQLSvc/host:instancename"
 * (a named instance in the port position), so a non-numeric "port" is reported as the service name.
 *
 * NTLM 8001/4001 TargetName is not always an SPN: it can be a bare host name or IP ("10.0.0.5", "fs01"), which is
 * decoded as a host with no service class. IPv6 hosts may be bracketed ("cifs/[fe80::1]:445"); an unbracketed host
 * with more than one ":" is taken as an IPv6 literal without port.
 */
import { fail, type DecodeFailure, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { parseIpEndpoint } from "./ip.js";
import { isDecimalDigits, parseUnsignedDecimal } from "./integer.js";

export interface DecodedSpn {
  /** The trimmed value as given. */
  raw: string;
  serviceClass?: string;
  host?: string;
  port?: number;
  /** Third SPN component, or a SQL Server instance name given in the port position. */
  serviceName?: string;
  realm?: string;
  hostIsIp: boolean;
  /** Canonical IP when the host is an IP literal. */
  ip?: string;
}

function applyHost(out: DecodedSpn, hostPart: string, raw: string): DecodedSpn | DecodeFailure {
  if (hostPart.length === 0) return fail("not-an-spn", "has an empty host", raw);
  let host = hostPart;
  let portText: string | undefined;
  if (host.charCodeAt(0) === 91) {
    const close = host.indexOf("]");
    if (close < 0) return fail("not-an-spn", "has an unclosed [ in the host", raw);
    if (close + 1 < host.length) {
      if (host.charCodeAt(close + 1) !== 58) return fail("not-an-spn", "has text after ] in the host", raw);
      portText = host.slice(close + 2);
    }
    host = host.slice(1, close);
  } else {
    const colon = host.indexOf(":");
    // More than one ":" means an unbracketed IPv6 literal, which cannot carry a port.
    if (colon >= 0 && host.indexOf(":", colon + 1) < 0) {
      portText = host.slice(colon + 1);
      host = host.slice(0, colon);
    }
  }
  if (host.length === 0) return fail("not-an-spn", "has an empty host", raw);
  if (portText !== undefined) {
    if (portText.length === 0) return fail("not-an-spn", "has an empty port", raw);
    if (isDecimalDigits(portText)) {
      const port = parseUnsignedDecimal(portText, 65535);
      if (port < 1) return fail("not-an-spn", "has a port outside 1-65535", raw);
      out.port = port;
    } else if (out.serviceName === undefined) {
      out.serviceName = portText; // MSSQLSvc/host:instancename
    } else {
      return fail("not-an-spn", "has a non-numeric port", raw);
    }
  }
  const ep = parseIpEndpoint(host);
  if (ep !== undefined && ep.port === undefined) {
    out.host = ep.ip;
    out.hostIsIp = true;
    out.ip = ep.ip;
  } else {
    out.host = host;
  }
  return out;
}

export function decodeSpn(raw: RawValue): Decoded<DecodedSpn> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  const slash = s.indexOf("/");
  if (slash < 0) {
    // Bare target: a host, an IP, or an IP:port.
    const ep = parseIpEndpoint(s);
    if (ep !== undefined) {
      const out: DecodedSpn = { raw: s, host: ep.ip, hostIsIp: true, ip: ep.ip };
      if (ep.port !== undefined) out.port = ep.port;
      return out;
    }
    return applyHost({ raw: s, hostIsIp: false }, s.charCodeAt(0) === 92 ? s.replace(/^\\+/, "") : s, s);
  }
  if (slash === 0) return fail("not-an-spn", "has an empty service class", s);
  const out: DecodedSpn = { raw: s, serviceClass: s.slice(0, slash), hostIsIp: false };
  let rest = s.slice(slash + 1);
  // Realm: the text after the last "@" of the host/service part.
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    const realm = rest.slice(at + 1);
    if (realm.length === 0) return fail("not-an-spn", "has an empty realm", s);
    out.realm = realm;
    rest = rest.slice(0, at);
  }
  const slash2 = rest.indexOf("/");
  let hostPart = rest;
  if (slash2 >= 0) {
    const serviceName = rest.slice(slash2 + 1);
    if (serviceName.length === 0) return fail("not-an-spn", "has an empty service name", s);
    out.serviceName = serviceName;
    hostPart = rest.slice(0, slash2);
  }
  return applyHost(out, hostPart, s);
}
