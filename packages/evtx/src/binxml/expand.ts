import { EvtxFormatError } from "../problems.js";
import type { ChunkContext } from "./chunk-context.js";
import { ValueType, VALUE_ARRAY_FLAG } from "./constants.js";
import { PartKind } from "./nodes.js";
import type {
  ElementPart,
  EvtxAttribute,
  EvtxElement,
  EvtxNode,
  Part,
  ValuePart,
  ValueSlice,
} from "./nodes.js";
import { parseDocument } from "./parse.js";
import { decodeArray, decodeScalar } from "./values.js";

/**
 * Substitutes one record's values into template trees (libevtx "Normal substitution", "Optional substitution",
 * "Template instance data"), giving the event tree. Bounded by a node and character budget per record, since
 * nested Binary XML values can make a small record expand a lot.
 */

interface Scope {
  values: ValueSlice[];
  scalars: (string | null | undefined)[];
  arrays: (string[] | undefined)[];
}

export interface Budget {
  nodes: number;
  chars: number;
}

/** One array item standing in for a substitution while its element is repeated per item. */
interface ArrayItem {
  index: number;
  item: string;
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function entityText(name: string): string {
  return PREDEFINED_ENTITIES[name] ?? `&${name};`;
}

export function charRefText(v: number): string {
  return String.fromCharCode(v);
}

export function newBudget(): Budget {
  return { nodes: 0, chars: 0 };
}

export function expandContent(
  ctx: ChunkContext,
  parts: Part[],
  scope: Scope | undefined,
  out: EvtxNode[],
  budget: Budget,
  depth: number,
  arrayItem?: ArrayItem,
): void {
  if (depth > ctx.limits.maxDepth) {
    throw new EvtxFormatError("evtx-binxml-depth", `Binary XML nested deeper than ${ctx.limits.maxDepth}`);
  }
  for (const part of parts) {
    switch (part.k) {
      case PartKind.Text:
        charge(ctx, budget, part.v.length);
        out.push(part.v);
        break;
      case PartKind.CharRef:
        charge(ctx, budget, 1);
        out.push({ charRef: part.v });
        break;
      case PartKind.EntityRef:
        charge(ctx, budget, 1);
        out.push({ entity: part.name });
        break;
      case PartKind.CData:
        charge(ctx, budget, part.v.length);
        out.push({ cdata: part.v });
        break;
      case PartKind.PI:
        charge(ctx, budget, part.target.length + part.data.length);
        out.push({ pi: { target: part.target, data: part.data } });
        break;
      case PartKind.Element:
        expandElement(ctx, part, scope, out, budget, depth + 1);
        break;
      case PartKind.Instance:
        expandContent(
          ctx,
          part.template.content,
          { values: part.values, scalars: [], arrays: [] },
          out,
          budget,
          depth + 1,
        );
        break;
      case PartKind.Substitution:
        expandSubstitution(ctx, part.index, part.optional, scope, out, budget, depth, arrayItem);
        break;
    }
  }
}

function charge(ctx: ChunkContext, budget: Budget, chars: number): void {
  budget.nodes += 1;
  budget.chars += chars;
  if (budget.nodes > ctx.limits.maxNodesPerRecord || budget.chars > ctx.limits.maxRecordChars) {
    throw new EvtxFormatError(
      "evtx-record-too-large",
      `record expands beyond ${ctx.limits.maxNodesPerRecord} nodes or ${ctx.limits.maxRecordChars} characters`,
    );
  }
}

function sliceOf(ctx: ChunkContext, scope: Scope | undefined, index: number): ValueSlice | undefined {
  const slice = scope?.values[index];
  if (slice === undefined) {
    ctx.warnings.push({
      code: "evtx-substitution-range",
      message: `substitution ${index} has no value (${scope?.values.length ?? 0} values); left empty`,
    });
  }
  return slice;
}

function isArray(type: number): boolean {
  return (type & VALUE_ARRAY_FLAG) !== 0;
}

/** The text of a scalar value, or null for a NULL value (type 0x00). */
function scalarOf(ctx: ChunkContext, scope: Scope, index: number, slice: ValueSlice): string | null {
  const cached = scope.scalars[index];
  if (cached !== undefined) return cached;
  let text: string | null;
  if ((slice.type as ValueType) === ValueType.Null) text = null;
  else if (isArray(slice.type)) text = arrayOf(ctx, scope, index, slice).join(",");
  else text = decodeScalar(ctx.buf, slice.type, slice.offset, slice.size, ctx.warnings);
  scope.scalars[index] = text;
  return text;
}

function arrayOf(ctx: ChunkContext, scope: Scope, index: number, slice: ValueSlice): string[] {
  const cached = scope.arrays[index];
  if (cached !== undefined) return cached;
  const items = decodeArray(ctx.buf, slice.type, slice.offset, slice.size, ctx.warnings);
  scope.arrays[index] = items;
  return items;
}

function expandSubstitution(
  ctx: ChunkContext,
  index: number,
  optional: boolean,
  scope: Scope | undefined,
  out: EvtxNode[],
  budget: Budget,
  depth: number,
  arrayItem: ArrayItem | undefined,
): void {
  if (arrayItem !== undefined && arrayItem.index === index) {
    if (arrayItem.item !== "") {
      charge(ctx, budget, arrayItem.item.length);
      out.push(arrayItem.item);
    }
    return;
  }
  const slice = sliceOf(ctx, scope, index);
  if (slice === undefined || scope === undefined) return;
  if ((slice.type as ValueType) === ValueType.BinXml) {
    // libevtx "Normal substitution": a Binary XML value is a fragment, an element or a template instance.
    const nested = parseDocument(ctx, slice.offset, slice.offset + slice.size, depth + 1);
    expandContent(ctx, nested.content, undefined, out, budget, depth + 1);
    return;
  }
  void optional;
  const text = scalarOf(ctx, scope, index, slice);
  if (text === null || text === "") return;
  charge(ctx, budget, text.length);
  out.push(text);
}

/**
 * An element whose content substitutes an array value is repeated once per item (libevtx "Normal substitution":
 * the substitution is repeated for every element of the array; an empty array gives one empty element).
 */
function expandElement(
  ctx: ChunkContext,
  el: ElementPart,
  scope: Scope | undefined,
  out: EvtxNode[],
  budget: Budget,
  depth: number,
): void {
  if (scope !== undefined && onlyNullOptionals(el, scope)) return;
  if (scope !== undefined) {
    for (const part of el.content) {
      if (part.k !== PartKind.Substitution) continue;
      const slice = scope.values[part.index];
      if (slice === undefined || !isArray(slice.type)) continue;
      const items = arrayOf(ctx, scope, part.index, slice);
      if (items.length === 0) {
        out.push(buildElement(ctx, el, scope, budget, depth, { index: part.index, item: "" }));
      } else {
        for (const item of items)
          out.push(buildElement(ctx, el, scope, budget, depth, { index: part.index, item }));
      }
      return;
    }
  }
  out.push(buildElement(ctx, el, scope, budget, depth, undefined));
}

/**
 * libevtx "Optional substitution": when the value of an optional substitution is NULL the element is not
 * created (a classic event without binary data has no <Binary> element). Applies when the element's content is
 * nothing but such substitutions; attributes alone never keep it.
 */
function onlyNullOptionals(el: ElementPart, scope: Scope): boolean {
  if (el.content.length === 0) return false;
  for (const part of el.content) {
    if (part.k !== PartKind.Substitution || !part.optional) return false;
    const slice = scope.values[part.index];
    if (slice !== undefined && (slice.type as ValueType) !== ValueType.Null) return false;
  }
  return true;
}

function buildElement(
  ctx: ChunkContext,
  el: ElementPart,
  scope: Scope | undefined,
  budget: Budget,
  depth: number,
  arrayItem: ArrayItem | undefined,
): EvtxElement {
  charge(ctx, budget, el.name.length);
  const attributes: EvtxAttribute[] = [];
  for (const attr of el.attributes) {
    const value = attributeValue(ctx, attr.value, scope);
    if (value === null) continue;
    charge(ctx, budget, attr.name.length + value.length);
    attributes.push({ name: attr.name, value });
  }
  const children: EvtxNode[] = [];
  expandContent(ctx, el.content, scope, children, budget, depth, arrayItem);
  return { name: el.name, attributes, children };
}

/**
 * An attribute's text, or null when it is to be left out: libevtx "Optional substitution": an optional
 * substitution whose value is NULL (or empty) is not rendered, so neither is an attribute made only of such.
 */
function attributeValue(ctx: ChunkContext, parts: ValuePart[], scope: Scope | undefined): string | null {
  let text = "";
  let omitted = false;
  for (const part of parts) {
    switch (part.k) {
      case PartKind.Text:
        text += part.v;
        break;
      case PartKind.CharRef:
        text += charRefText(part.v);
        break;
      case PartKind.EntityRef:
        text += entityText(part.name);
        break;
      case PartKind.Substitution: {
        const slice = sliceOf(ctx, scope, part.index);
        if (slice === undefined || scope === undefined) break;
        if ((slice.type as ValueType) === ValueType.BinXml) {
          ctx.warnings.push({
            code: "evtx-value-malformed",
            message: `Binary XML value ${part.index} used as an attribute value; left empty`,
          });
          break;
        }
        const v = scalarOf(ctx, scope, part.index, slice);
        if ((v === null || v === "") && part.optional) omitted = true;
        if (v !== null) text += v;
        break;
      }
    }
  }
  return omitted && text === "" ? null : text;
}
