import { FIELD_MAP, type FieldMapping } from "../field-map.js";
import type { ConditionNode, DetectionItem, DetectionRule, SigmaValue } from "../sigma/types.js";
import type { EventView } from "./event-view.js";
import { inCidr, stringPattern, toNumber, toText } from "./values.js";

/**
 * Detection rules compiled into predicates over an EventView, once per engine. Sigma semantics: string
 * comparison case-insensitive (unless `cased`), wildcards, null = absent, a list is OR (AND with `all`), a map is
 * AND, a list of maps is OR, and the condition tree over the search identifiers.
 */
export type Predicate = (view: EventView) => boolean;

export function compileDetection(rule: DetectionRule): Predicate {
  const selections = new Map<string, Predicate>();
  for (const [name, selection] of Object.entries(rule.detection.selections)) {
    const groups = selection.groups.map((items) => {
      const preds = items.map(compileItem);
      return (view: EventView) => preds.every((p) => p(view));
    });
    selections.set(name, (view) => groups.some((g) => g(view)));
  }
  return compileCondition(rule.detection.condition, selections);
}

function compileCondition(node: ConditionNode, selections: ReadonlyMap<string, Predicate>): Predicate {
  switch (node.type) {
    case "and": {
      const ops = node.operands.map((n) => compileCondition(n, selections));
      return (view) => ops.every((p) => p(view));
    }
    case "or": {
      const ops = node.operands.map((n) => compileCondition(n, selections));
      return (view) => ops.some((p) => p(view));
    }
    case "not": {
      const op = compileCondition(node.operand, selections);
      return (view) => !op(view);
    }
    case "selection":
      return selectionOf(node.name, selections);
    case "of": {
      const ops = node.selections.map((name) => selectionOf(name, selections));
      return node.quantifier === "all"
        ? (view) => ops.every((p) => p(view))
        : (view) => ops.some((p) => p(view));
    }
  }
}

function selectionOf(name: string, selections: ReadonlyMap<string, Predicate>): Predicate {
  const p = selections.get(name);
  if (!p) throw new Error(`condition names unknown selection ${name}`);
  return p;
}

function mappingOf(field: string): FieldMapping {
  const mapping = FIELD_MAP.get(field);
  // Rules are verified against the field map when they load; reaching this is a bug in the loader.
  if (!mapping) throw new Error(`field ${field} is not in the field map`);
  return mapping;
}

function compileItem(item: DetectionItem): Predicate {
  const mapping = mappingOf(item.field);
  const tests = item.values.map((v) => compileValue(item, v));
  const combined: Predicate =
    item.combine === "all"
      ? (view) => tests.every((t) => t(view, view.read(mapping)))
      : (view) => tests.some((t) => t(view, view.read(mapping)));
  return item.negate ? (view) => !combined(view) : combined;
}

type ValueTest = (view: EventView, value: ReturnType<EventView["read"]>) => boolean;

function compileValue(item: DetectionItem, v: SigmaValue): ValueTest {
  const options = { caseSensitive: item.caseSensitive, windash: item.windash };
  switch (v.kind) {
    case "null":
      return (_view, value) => value === undefined;
    case "boolean":
      // Only `exists` produces booleans (the compiler turns other booleans into strings).
      return (_view, value) => (value !== undefined) === v.value;
    case "number": {
      if (item.match === "lt") return (_view, value) => cmp(value, (n) => n < v.value);
      if (item.match === "lte") return (_view, value) => cmp(value, (n) => n <= v.value);
      if (item.match === "gt") return (_view, value) => cmp(value, (n) => n > v.value);
      if (item.match === "gte") return (_view, value) => cmp(value, (n) => n >= v.value);
      if (item.match === "equals") return (_view, value) => cmp(value, (n) => n === v.value);
      const pattern = stringPattern([{ type: "text", text: String(v.value) }], modeOf(item), options);
      return (_view, value) => value !== undefined && pattern.test(toText(value));
    }
    case "string": {
      const pattern = stringPattern(v.parts, modeOf(item), options);
      return (_view, value) => value !== undefined && pattern.test(toText(value));
    }
    case "regex": {
      const flags = `${v.flags.i ? "i" : ""}${v.flags.m ? "m" : ""}${v.flags.s ? "s" : ""}`;
      const re = new RegExp(v.pattern, flags);
      return (_view, value) => value !== undefined && re.test(toText(value));
    }
    case "cidr":
      return (_view, value) => value !== undefined && inCidr(toText(value), v.family, v.network, v.prefix);
    case "fieldref": {
      const other = mappingOf(v.field);
      return (view, value) => {
        const ref = view.read(other);
        if (value === undefined || ref === undefined) return false;
        const a = toText(value);
        const b = toText(ref);
        return item.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
      };
    }
  }
}

function modeOf(item: DetectionItem): "equals" | "contains" | "startswith" | "endswith" {
  const m = item.match;
  return m === "contains" || m === "startswith" || m === "endswith" ? m : "equals";
}

function cmp(value: ReturnType<EventView["read"]>, test: (n: number) => boolean): boolean {
  const n = toNumber(value);
  return n !== undefined && test(n);
}
