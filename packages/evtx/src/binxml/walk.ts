import { EvtxFormatError } from "../problems.js";
import type { ChunkContext } from "./chunk-context.js";
import { ValueType, VALUE_ARRAY_FLAG } from "./constants.js";
import { PartKind } from "./nodes.js";
import type { ElementPart, Part, ValuePart, ValueSlice } from "./nodes.js";
import { parseDocument } from "./parse.js";
import { decodeArray, decodeScalar } from "./values.js";

/**
 * Substitutes one record's values into template trees (libevtx "Normal substitution", "Optional substitution",
 * "Template instance data") and reports the resulting event tree to a sink, node by node, in document order,
 * without building it: the event tree, the RawRecord and the XML text are three sinks over this one walk, so
 * they cannot disagree. Bounded by a node and character budget per record, since nested Binary XML values can
 * make a small record expand a lot. Values are decoded at their first use (cached per template instance), so
 * warnings come in document order.
 */

/** Receives the event tree of a record: an element's attributes come right after its `open`. */
export interface EventSink {
  open(name: string): void;
  attribute(name: string, value: string): void;
  close(): void;
  text(text: string): void;
  cdata(text: string): void;
  entity(name: string): void;
  charRef(code: number): void;
  pi(target: string, data: string): void;
}

export interface Scope {
  values: ValueSlice[];
  scalars: (string | null | undefined)[];
  arrays: (string[] | undefined)[];
}

export interface Budget {
  nodes: number;
  chars: number;
}

export function newBudget(): Budget {
  return { nodes: 0, chars: 0 };
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function entityText(name: string): string {
  return PREDEFINED_ENTITIES[name] ?? `&${name};`;
}

export function charRefText(v: number): string {
  return String.fromCharCode(v);
}

/** No array item stands in for a substitution. */
const NO_ITEM = -1;

/**
 * One record's walk. `arrayIndex`/`arrayItem`: while an element holding an array substitution is repeated per
 * item, the substitution of that index in the element's own content stands for the current item.
 */
export class Walker {
  ctx!: ChunkContext;
  sink!: EventSink;
  budget: Budget = newBudget();

  reset(ctx: ChunkContext, sink: EventSink, budget: Budget = newBudget()): void {
    this.ctx = ctx;
    this.sink = sink;
    this.budget = budget;
  }

  content(
    parts: Part[],
    scope: Scope | undefined,
    depth: number,
    arrayIndex = NO_ITEM,
    arrayItem = "",
  ): void {
    const ctx = this.ctx;
    if (depth > ctx.limits.maxDepth) {
      throw new EvtxFormatError("evtx-binxml-depth", `Binary XML nested deeper than ${ctx.limits.maxDepth}`);
    }
    const sink = this.sink;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as Part;
      switch (part.k) {
        case PartKind.Text:
          this.charge(part.v.length);
          sink.text(part.v);
          break;
        case PartKind.CharRef:
          this.charge(1);
          sink.charRef(part.v);
          break;
        case PartKind.EntityRef:
          this.charge(1);
          sink.entity(part.name);
          break;
        case PartKind.CData:
          this.charge(part.v.length);
          sink.cdata(part.v);
          break;
        case PartKind.PI:
          this.charge(part.target.length + part.data.length);
          sink.pi(part.target, part.data);
          break;
        case PartKind.Element:
          this.element(part, scope, depth + 1);
          break;
        case PartKind.Instance:
          this.content(part.template.content, { values: part.values, scalars: [], arrays: [] }, depth + 1);
          break;
        case PartKind.Substitution:
          this.substitution(part.index, scope, depth, arrayIndex, arrayItem);
          break;
      }
    }
  }

  charge(chars: number): void {
    const budget = this.budget;
    budget.nodes += 1;
    budget.chars += chars;
    const limits = this.ctx.limits;
    if (budget.nodes > limits.maxNodesPerRecord || budget.chars > limits.maxRecordChars) {
      throw new EvtxFormatError(
        "evtx-record-too-large",
        `record expands beyond ${limits.maxNodesPerRecord} nodes or ${limits.maxRecordChars} characters`,
      );
    }
  }

  private substitution(
    index: number,
    scope: Scope | undefined,
    depth: number,
    arrayIndex: number,
    arrayItem: string,
  ): void {
    if (arrayIndex === index) {
      if (arrayItem !== "") {
        this.charge(arrayItem.length);
        this.sink.text(arrayItem);
      }
      return;
    }
    const slice = sliceOf(this.ctx, scope, index);
    if (slice === undefined || scope === undefined) return;
    if ((slice.type as ValueType) === ValueType.BinXml) {
      // libevtx "Normal substitution": a Binary XML value is a fragment, an element or a template instance.
      const nested = parseDocument(this.ctx, slice.offset, slice.offset + slice.size, depth + 1);
      this.content(nested.content, undefined, depth + 1);
      return;
    }
    const text = scalarOf(this.ctx, scope, index, slice);
    if (text === null || text === "") return;
    this.charge(text.length);
    this.sink.text(text);
  }

  /**
   * An element whose content substitutes an array value is repeated once per item (libevtx "Normal
   * substitution": the substitution is repeated for every element of the array; an empty array gives one
   * empty element).
   */
  private element(el: ElementPart, scope: Scope | undefined, depth: number): void {
    if (scope !== undefined) {
      if (onlyNullOptionals(el, scope)) return;
      const content = el.content;
      for (let i = 0; i < content.length; i++) {
        const part = content[i] as Part;
        if (part.k !== PartKind.Substitution) continue;
        const slice = scope.values[part.index];
        if (slice === undefined || !isArray(slice.type)) continue;
        const items = arrayOf(this.ctx, scope, part.index, slice);
        if (items.length === 0) this.build(el, scope, depth, part.index, "");
        else for (const item of items) this.build(el, scope, depth, part.index, item);
        return;
      }
    }
    this.build(el, scope, depth, NO_ITEM, "");
  }

  private build(
    el: ElementPart,
    scope: Scope | undefined,
    depth: number,
    arrayIndex: number,
    arrayItem: string,
  ): void {
    this.charge(el.name.length);
    this.sink.open(el.name);
    const attributes = el.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attr = attributes[i] as ElementPart["attributes"][number];
      const value = this.attributeValue(attr.value, scope);
      if (value === null) continue;
      this.charge(attr.name.length + value.length);
      this.sink.attribute(attr.name, value);
    }
    this.content(el.content, scope, depth, arrayIndex, arrayItem);
    this.sink.close();
  }

  /**
   * An attribute's text, or null when it is to be left out: libevtx "Optional substitution": an optional
   * substitution whose value is NULL (or empty) is not rendered, so neither is an attribute made only of such.
   * (An array item never stands for a substitution inside an attribute.)
   */
  private attributeValue(parts: ValuePart[], scope: Scope | undefined): string | null {
    if (parts.length === 1) {
      // The common case: one substitution or one text.
      const part = parts[0] as ValuePart;
      if (part.k === PartKind.Text) return part.v;
      if (part.k === PartKind.Substitution) {
        const v = this.attributeSubstitution(part.index, scope);
        if (v === undefined) return "";
        if (v === null || v === "") return part.optional ? null : "";
        return v;
      }
    }
    let text = "";
    let omitted = false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as ValuePart;
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
          const v = this.attributeSubstitution(part.index, scope);
          if (v === undefined) break;
          if ((v === null || v === "") && part.optional) omitted = true;
          if (v !== null) text += v;
          break;
        }
      }
    }
    return omitted && text === "" ? null : text;
  }

  /** A substitution's text in an attribute: null for a NULL value, undefined when missing or not text. */
  private attributeSubstitution(index: number, scope: Scope | undefined): string | null | undefined {
    const ctx = this.ctx;
    const slice = sliceOf(ctx, scope, index);
    if (slice === undefined || scope === undefined) return undefined;
    if ((slice.type as ValueType) === ValueType.BinXml) {
      ctx.warnings.push({
        code: "evtx-value-malformed",
        message: `Binary XML value ${index} used as an attribute value; left empty`,
      });
      return undefined;
    }
    return scalarOf(ctx, scope, index, slice);
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

/**
 * libevtx "Optional substitution": when the value of an optional substitution is NULL the element is not
 * created (a classic event without binary data has no <Binary> element). Applies when the element's content is
 * nothing but such substitutions; attributes alone never keep it.
 */
function onlyNullOptionals(el: ElementPart, scope: Scope): boolean {
  const content = el.content;
  if (content.length === 0) return false;
  for (let i = 0; i < content.length; i++) {
    const part = content[i] as Part;
    if (part.k !== PartKind.Substitution || !part.optional) return false;
    const slice = scope.values[part.index];
    if (slice !== undefined && (slice.type as ValueType) !== ValueType.Null) return false;
  }
  return true;
}
