import type { ChunkContext } from "../binxml/chunk-context.js";
import { Token, TOKEN_MORE_FLAG, ValueType, VALUE_ARRAY_FLAG } from "../binxml/constants.js";
import type { ValueSlice } from "../binxml/nodes.js";
import { decodeArray, decodeScalar } from "../binxml/values.js";
import { EvtxFormatError } from "../problems.js";

/**
 * The substitution array of a template instance, read without its template (libevtx "Template instance" and
 * "Template instance data"): when a deleted record's template definition was overwritten, the instance header,
 * the value descriptors and the values themselves are still in the record, so the values can be recovered even
 * though the XML around them cannot.
 */

export interface InstanceValues {
  templateId: number;
  values: ValueSlice[];
}

const TEMPLATE_HEADER_SIZE = 24;

function fail(code: string, message: string, at: number): never {
  throw new EvtxFormatError(code, message, at);
}

/** The instance at `start` (after an optional fragment header), every read bounded by `end`. */
export function instanceValues(ctx: ChunkContext, start: number, end: number): InstanceValues {
  const buf = ctx.buf;
  let p = start;
  if (p < end && (buf.readUInt8(p) as Token) === Token.FragmentHeader) p += 4;
  if (p + 10 > end || ((buf.readUInt8(p) & ~TOKEN_MORE_FLAG) as Token) !== Token.TemplateInstance) {
    fail("evtx-carve-no-instance", `no template instance at chunk offset ${p}`, p);
  }
  const templateId = buf.readUInt32LE(p + 2);
  const defOffset = buf.readUInt32LE(p + 6);
  p += 10;
  if (defOffset === p) {
    // Defined inline: step over the definition by its data size.
    if (p + TEMPLATE_HEADER_SIZE > end) fail("evtx-binxml-truncated", "inline template definition is cut", p);
    p += TEMPLATE_HEADER_SIZE + buf.readUInt32LE(p + 20);
  }
  if (p + 4 > end) fail("evtx-binxml-truncated", `template instance data at chunk offset ${p} is cut`, p);
  const count = buf.readUInt32LE(p);
  p += 4;
  if (count > ctx.limits.maxSubstitutions || p + count * 4 > end) {
    fail("evtx-substitution-count", `template instance declares ${count} values that do not fit`, p - 4);
  }
  const values: ValueSlice[] = new Array<ValueSlice>(count);
  let offset = p + count * 4;
  for (let i = 0; i < count; i++) {
    const size = buf.readUInt16LE(p + i * 4);
    values[i] = { type: buf.readUInt8(p + i * 4 + 2), offset, size };
    offset += size;
  }
  if (offset > end) fail("evtx-binxml-truncated", "substitution values run past the record", offset);
  return { templateId, values };
}

/** A value as Windows renders it, or null for NULL and empty values (an element without content). */
export function valueText(ctx: ChunkContext, slice: ValueSlice | undefined): string | null {
  if (slice === undefined || (slice.type as ValueType) === ValueType.Null) return null;
  let text: string;
  if ((slice.type & VALUE_ARRAY_FLAG) !== 0)
    text = decodeArray(ctx.buf, slice.type, slice.offset, slice.size, ctx.warnings).join(",");
  else text = decodeScalar(ctx.buf, slice.type, slice.offset, slice.size, ctx.warnings);
  return text === "" ? null : text;
}
