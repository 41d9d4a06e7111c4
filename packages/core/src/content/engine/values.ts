import { decodeIpAddress } from "../../decode/ip.js";
import { isDecodeFailure } from "../../decode/result.js";
import type { FieldValue } from "../field-map.js";
import type { StringPart } from "../sigma/types.js";

/** A number from a field value: numbers as they are, decimal or 0x-hex text parsed; undefined otherwise. */
export function toNumber(value: FieldValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return value;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}

export function toText(value: FieldValue): string {
  return typeof value === "number" ? String(value) : value;
}

// The characters `windash` treats as one: hyphen, slash, en dash, em dash, horizontal bar.
const DASHES = "-/\u2013\u2014\u2015";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The anchored regular expression of a Sigma string value under a match mode: `*` any run, `?` one character,
 * everything else literal; case-insensitive unless `cased`.
 */
export function stringPattern(
  parts: readonly StringPart[],
  mode: "equals" | "contains" | "startswith" | "endswith",
  options: { caseSensitive: boolean; windash: boolean },
): RegExp {
  let body = "";
  for (const part of parts) {
    if (part.type === "wildcard") body += part.char === "*" ? "[\\s\\S]*" : "[\\s\\S]";
    else if (options.windash)
      body += [...part.text]
        .map((c) => (DASHES.includes(c) ? `[${escapeRegExp(DASHES)}]` : escapeRegExp(c)))
        .join("");
    else body += escapeRegExp(part.text);
  }
  const lead = mode === "contains" || mode === "endswith" ? "[\\s\\S]*" : "";
  const tail = mode === "contains" || mode === "startswith" ? "[\\s\\S]*" : "";
  return new RegExp(`^${lead}${body}${tail}$`, options.caseSensitive ? "" : "i");
}

/** IP address as a bigint and its family, or undefined for text that is not an IP. */
export function ipBits(text: string): { family: 4 | 6; bits: bigint } | undefined {
  const ip = decodeIpAddress(text);
  if (ip === undefined || isDecodeFailure(ip)) return undefined;
  if (ip.version === 4) {
    const octets = ip.ip.split(".").map((o) => BigInt(Number(o)));
    return { family: 4, bits: octets.reduce((acc, o) => (acc << 8n) | o, 0n) };
  }
  return { family: 6, bits: ipv6Bits(ip.ip) };
}

function ipv6Bits(text: string): bigint {
  // Canonical RFC 5952 text from decodeIpAddress: at most one "::", an embedded IPv4 tail possible.
  let tail: bigint[] = [];
  let body = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (v4?.[1] !== undefined) {
    const o = v4[1].split(".").map((x) => BigInt(Number(x)));
    tail = [((o[0] ?? 0n) << 8n) | (o[1] ?? 0n), ((o[2] ?? 0n) << 8n) | (o[3] ?? 0n)];
    body = body.slice(0, -v4[1].length).replace(/:$/, "") || ":";
    if (body === ":") body = "::";
  }
  const [head = "", rest] = body.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const restGroups = rest === undefined || rest === "" ? [] : rest.split(":");
  const fill = 8 - tail.length - headGroups.length - restGroups.length;
  const groups = [
    ...headGroups,
    ...(rest === undefined ? [] : Array<string>(Math.max(fill, 0)).fill("0")),
    ...restGroups,
  ];
  let bits = 0n;
  for (const g of groups) bits = (bits << 16n) | BigInt(Number.parseInt(g || "0", 16));
  for (const t of tail) bits = (bits << 16n) | t;
  return bits;
}

/** Whether `text` is an address inside network/prefix of the family. */
export function inCidr(text: string, family: 4 | 6, network: string, prefix: number): boolean {
  const ip = ipBits(text);
  const net = ipBits(network);
  if (!ip || !net || ip.family !== family || net.family !== family) return false;
  const width = family === 4 ? 32n : 128n;
  const shift = width - BigInt(prefix);
  return ip.bits >> shift === net.bits >> shift;
}
