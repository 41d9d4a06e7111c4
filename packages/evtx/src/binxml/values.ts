import type { RecordWarning } from "../problems.js";
import { ValueType, VALUE_ARRAY_FLAG } from "./constants.js";
import {
  formatFileTime,
  formatGuid,
  formatHex32,
  formatHex64,
  formatInt64,
  formatReal,
  formatSid,
  formatSystemTime,
  formatUInt64,
  hexUpper,
} from "./format.js";
import { cutAtNul, decodeAnsi, decodeUtf16 } from "./text.js";

/**
 * Substitution values (libevtx "Value types", [MS-EVEN6] 2.2.12 "Type System") decoded to the text Windows
 * renders. The value descriptor's type decides (a SizeT substitution is paired with a HexInt32/64 value).
 */

/** Byte size of one element of each fixed-size type; 0 for variable-size types. */
export function fixedSize(type: number): number {
  switch ((type & ~VALUE_ARRAY_FLAG) as ValueType) {
    case ValueType.Int8:
    case ValueType.UInt8:
      return 1;
    case ValueType.Int16:
    case ValueType.UInt16:
      return 2;
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.Real32:
    case ValueType.Bool:
    case ValueType.HexInt32:
      return 4;
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.Real64:
    case ValueType.FileTime:
    case ValueType.HexInt64:
      return 8;
    case ValueType.Guid:
    case ValueType.SystemTime:
      return 16;
    case ValueType.Null:
    case ValueType.WString:
    case ValueType.AnsiString:
    case ValueType.Binary:
    case ValueType.SizeT:
    case ValueType.Sid:
    case ValueType.EvtHandle:
    case ValueType.BinXml:
    case ValueType.EvtXml:
    default:
      return 0;
  }
}

/** Decodes one scalar value of `type` from `size` bytes at `p`. Never throws for in-bounds input. */
export function decodeScalar(
  buf: Buffer,
  type: number,
  p: number,
  size: number,
  warnings: RecordWarning[],
): string {
  const need = fixedSize(type);
  if (need > 0 && size < need) {
    warnings.push({
      code: "evtx-value-malformed",
      message: `value of type 0x${type.toString(16)} has ${size} bytes, needs ${need}; rendered as hex`,
    });
    return hexUpper(buf, p, size);
  }
  switch (type as ValueType) {
    case ValueType.Null:
      return "";
    case ValueType.WString:
      return cutAtNul(decodeUtf16(buf, p, size, warnings));
    case ValueType.AnsiString:
      return cutAtNul(decodeAnsi(buf, p, size));
    case ValueType.Int8:
      return String(buf.readInt8(p));
    case ValueType.UInt8:
      return String(buf.readUInt8(p));
    case ValueType.Int16:
      return String(buf.readInt16LE(p));
    case ValueType.UInt16:
      return String(buf.readUInt16LE(p));
    case ValueType.Int32:
      return String(buf.readInt32LE(p));
    case ValueType.UInt32:
      return String(buf.readUInt32LE(p));
    case ValueType.Int64:
      return formatInt64(buf.readUInt32LE(p), buf.readUInt32LE(p + 4));
    case ValueType.UInt64:
      return formatUInt64(buf.readUInt32LE(p), buf.readUInt32LE(p + 4));
    case ValueType.Real32:
      return formatReal(buf.readFloatLE(p));
    case ValueType.Real64:
      return formatReal(buf.readDoubleLE(p));
    case ValueType.Bool:
      return decodeBool(buf, p, size, warnings);
    case ValueType.Binary:
      return hexUpper(buf, p, size);
    case ValueType.Guid:
      return formatGuid(buf, p);
    case ValueType.SizeT:
      // libevtx: SizeT is 32 or 64 bits and renders like HexInt32/HexInt64.
      if (size === 4) return formatHex32(buf.readUInt32LE(p));
      if (size === 8) return formatHex64(buf.readUInt32LE(p), buf.readUInt32LE(p + 4));
      warnings.push({
        code: "evtx-value-malformed",
        message: `SizeT value of ${size} bytes; rendered as hex`,
      });
      return hexUpper(buf, p, size);
    case ValueType.FileTime:
      return formatFileTime(buf.readUInt32LE(p), buf.readUInt32LE(p + 4));
    case ValueType.SystemTime:
      return formatSystemTime(buf, p);
    case ValueType.Sid: {
      const sid = formatSid(buf, p, size);
      if (sid !== undefined) return sid.text;
      warnings.push({
        code: "evtx-value-malformed",
        message: `SID value of ${size} bytes is malformed; rendered as hex`,
      });
      return hexUpper(buf, p, size);
    }
    case ValueType.HexInt32:
      return formatHex32(buf.readUInt32LE(p));
    case ValueType.HexInt64:
      return formatHex64(buf.readUInt32LE(p), buf.readUInt32LE(p + 4));
    case ValueType.EvtHandle:
    case ValueType.BinXml:
    case ValueType.EvtXml:
    default:
      // EvtHandle (0x20), EvtXml (0x23), Binary XML out of place and unknown types carry no documented rendering: keep the bytes.
      warnings.push({
        code: "evtx-value-type-unknown",
        message: `value type 0x${type.toString(16)} has no rendering; ${size} bytes rendered as hex`,
      });
      return hexUpper(buf, p, size);
  }
}

/**
 * [MS-EVEN6] 2.2.12: a BoolType is a 32-bit integer that MUST be 0 or 1. Other values occur in real logs; like
 * Windows' C-style rendering any non-zero value is `true`, and the irregular value is reported.
 */
function decodeBool(buf: Buffer, p: number, size: number, warnings: RecordWarning[]): string {
  const v = size >= 4 ? buf.readUInt32LE(p) : size === 2 ? buf.readUInt16LE(p) : buf.readUInt8(p);
  if (v === 0) return "false";
  if (v !== 1) {
    warnings.push({
      code: "evtx-bool-irregular",
      message: `boolean value ${v} (neither 0 nor 1) read as true`,
    });
  }
  return "true";
}

/**
 * Array values (type | 0x80): strings are NUL-separated, fixed-size types are packed, SIDs follow each other.
 * An empty array yields no items.
 */
export function decodeArray(
  buf: Buffer,
  type: number,
  p: number,
  size: number,
  warnings: RecordWarning[],
): string[] {
  const base = (type & ~VALUE_ARRAY_FLAG) as ValueType;
  if (size === 0) return [];
  if (base === ValueType.WString || base === ValueType.AnsiString) {
    const text = base === ValueType.WString ? decodeUtf16(buf, p, size, warnings) : decodeAnsi(buf, p, size);
    const items = text.split("\0");
    if (items.length > 1 && items[items.length - 1] === "") items.pop();
    return items;
  }
  if (base === ValueType.Sid) {
    const items: string[] = [];
    let q = p;
    while (q < p + size) {
      const sid = formatSid(buf, q, p + size - q);
      if (sid === undefined) {
        warnings.push({ code: "evtx-value-malformed", message: "SID array ends in a malformed SID" });
        break;
      }
      items.push(sid.text);
      q += sid.size;
    }
    return items;
  }
  let element = fixedSize(base);
  let itemType = base;
  if (base === ValueType.SizeT) {
    element = size % 8 === 0 ? 8 : 4;
    itemType = element === 8 ? ValueType.HexInt64 : ValueType.HexInt32;
  }
  if (element === 0) {
    // Binary, BinXml and unknown types have no array form (MSDN "Array Types"): keep the bytes as one item.
    warnings.push({
      code: "evtx-value-type-unknown",
      message: `array of value type 0x${base.toString(16)} has no rendering; rendered as hex`,
    });
    return [hexUpper(buf, p, size)];
  }
  if (size % element !== 0) {
    warnings.push({
      code: "evtx-value-malformed",
      message: `array of type 0x${base.toString(16)}: ${size} bytes is not a multiple of ${element}; the rest ignored`,
    });
  }
  const items: string[] = [];
  for (let q = p; q + element <= p + size; q += element)
    items.push(decodeScalar(buf, itemType, q, element, warnings));
  return items;
}
