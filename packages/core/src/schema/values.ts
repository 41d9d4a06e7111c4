/**
 * Value-format checks shared by the schema checkers. Written out instead of using node:net so that the schema
 * layer has no runtime dependency on Node and behaves the same wherever the core package is loaded.
 */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * Dotted-quad IPv4. Leading zeros are refused ("010.0.0.1"): some parsers read them as octal, so the same text
 * would name different hosts in different tools.
 */
export function isIpv4(text: string): boolean {
  const m = IPV4.exec(text);
  if (m === null) return false;
  for (let i = 1; i <= 4; i++) {
    const octet = m[i] ?? "";
    if (octet.length > 1 && octet.startsWith("0")) return false;
    if (Number(octet) > 255) return false;
  }
  return true;
}

/**
 * IPv6 in RFC 4291 text form: eight hex groups, one "::" run, optionally an embedded IPv4 tail
 * ("::ffff:10.0.0.1", which Windows logs for IPv4 clients on dual-stack sockets). Zone indexes ("%eth0") are
 * refused: Elasticsearch's ip type and ASIM's IP logical type both reject them.
 */
export function isIpv6(text: string): boolean {
  if (text.length < 2 || text.length > 45) return false;
  let hex = text;
  const dot = hex.indexOf(".");
  if (dot !== -1) {
    const lastColon = hex.lastIndexOf(":");
    if (lastColon === -1 || lastColon > dot || !isIpv4(hex.slice(lastColon + 1))) return false;
    // The IPv4 tail stands for two groups; replace it so the rest is a plain hex check.
    hex = `${hex.slice(0, lastColon + 1)}0:0`;
  }
  const run = hex.indexOf("::");
  if (run !== -1 && hex.indexOf("::", run + 1) !== -1) return false;
  const parts = run === -1 ? [hex] : [hex.slice(0, run), hex.slice(run + 2)];
  let groups = 0;
  for (const part of parts) {
    if (part === "") continue;
    for (const group of part.split(":")) {
      if (!HEX_GROUP.test(group)) return false;
      groups++;
    }
  }
  return run === -1 ? groups === 8 : groups <= 7;
}

export function isIpAddress(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

// yyyy-MM-dd, then optionally THH:mm[:ss[.f{1,9}]] and a zone. Up to nine fractional digits: Windows event
// times carry 100 ns ticks (seven digits) and Elasticsearch's strict_date_optional_time reads up to nine.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * An ISO-8601 calendar date or date-time as Elasticsearch's default date format and Kusto's datetime parser
 * accept it. Calendar ranges are checked ("2024-02-30" is refused), which Date.parse would silently roll over.
 * A missing zone is accepted (both stores then read UTC).
 */
export function isIsoDateTime(text: string): boolean {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return false;
  const [, y, mo, d, h, mi, s, , zone, zh, zm] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59)) return false;
  if (s !== undefined && Number(s) > 59) return false;
  if (zone !== undefined && zone !== "Z") {
    if (Number(zh) > 23 || (zm !== undefined && Number(zm) > 59)) return false;
  }
  return true;
}

const MAC = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}$/;

/** Six hex octets separated by ":" or "-" (one separator throughout). */
export function isMacAddress(text: string): boolean {
  return MAC.test(text);
}

/**
 * Milliseconds since the epoch for a string isIsoDateTime accepts (else undefined), for ordering two times.
 * Fractions are cut to milliseconds and a missing zone is read as UTC, as Elasticsearch and Kusto read it:
 * Date.parse alone would read a zone-less date-time as local time.
 */
export function isoToEpochMs(text: string): number | undefined {
  if (!isIsoDateTime(text)) return undefined;
  const m = /^([^T]*)(?:T([\d:]+)(?:\.(\d+))?(.*))?$/.exec(text);
  if (m === null) return undefined;
  const [, date = "", time, fraction, zone] = m;
  if (time === undefined) return Date.parse(`${date}T00:00:00Z`);
  const clock = time.length === 5 ? `${time}:00` : time;
  const ms = (fraction ?? "").padEnd(3, "0").slice(0, 3);
  const offset = zone === undefined || zone === "" ? "Z" : zone.length === 3 ? `${zone}:00` : zone;
  const normalOffset = /^[+-]\d{4}$/.test(offset) ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
  return Date.parse(`${date}T${clock}.${ms}${normalOffset}`);
}
