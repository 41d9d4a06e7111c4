import type { Alert, AlertEvent } from "../alert.js";
import { FIELD_MAP, type FieldMapping, type FieldValue } from "../field-map.js";
import type { CorrelationRule } from "../sigma/types.js";
import type { EventView } from "./event-view.js";
import { toNumber, toText } from "./values.js";

/**
 * A correlation rule's state. Events arrive in time order (signals); each group (the group-by values, compared
 * case-insensitively as Windows names are) keeps only the signals inside the timespan, so memory is bounded by the
 * events of one window. When the condition holds the group alerts with the signals that made it and starts over,
 * so one burst yields one alert, not one per further event.
 */
export interface Signal {
  ruleId: string;
  time: number;
  ref: AlertEvent;
  view: EventView;
}

interface Entry {
  time: number;
  ruleId: string;
  ref: AlertEvent;
  /** value_count: the distinct key; value_sum/avg: the number. */
  value?: string | number;
}

interface Group {
  entries: Entry[];
  values: FieldValue[];
}

export class Correlator {
  readonly rule: CorrelationRule;
  private readonly groups = new Map<string, Group>();
  private readonly groupFields: ReadonlyMap<string, readonly FieldMapping[]>;
  private readonly valueFields: readonly FieldMapping[];
  private readonly span: number;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(rule: CorrelationRule) {
    this.rule = rule;
    this.span = rule.correlation.timespan.ms;
    const perRule = new Map<string, FieldMapping[]>();
    for (const ruleId of rule.correlation.rules) {
      perRule.set(
        ruleId,
        rule.correlation.groupBy.map((g) => mapping(rule.correlation.aliases[g]?.[ruleId] ?? g)),
      );
    }
    this.groupFields = perRule;
    this.valueFields = (rule.correlation.valueFields ?? []).map(mapping);
  }

  /** Number of groups holding state (for tests of the memory bound). */
  get size(): number {
    return this.groups.size;
  }

  push(signal: Signal): Alert | undefined {
    const fields = this.groupFields.get(signal.ruleId);
    if (!fields) return undefined;
    this.sweep(signal.time);
    const values: FieldValue[] = [];
    for (const f of fields) {
      const v = signal.view.read(f);
      // An event without a group-by value cannot be attributed to a group: it never correlates.
      if (v === undefined) return undefined;
      values.push(v);
    }
    const entry: Entry = { time: signal.time, ruleId: signal.ruleId, ref: signal.ref };
    const type = this.rule.correlation.type;
    if (type === "value_count") {
      const parts = this.valueFields.map((f) => signal.view.read(f));
      if (parts.some((p) => p === undefined)) return undefined;
      entry.value = JSON.stringify(parts.map((p) => toText(p as FieldValue).toLowerCase()));
    } else if (type === "value_sum" || type === "value_avg") {
      const field = this.valueFields[0];
      const n = field === undefined ? undefined : toNumber(signal.view.read(field));
      if (n === undefined) return undefined;
      entry.value = n;
    }
    const key = JSON.stringify(values.map((v) => toText(v).toLowerCase()));
    let group = this.groups.get(key);
    if (!group) {
      group = { entries: [], values };
      this.groups.set(key, group);
    }
    group.values = values;
    evict(group, signal.time - this.span);
    insertByTime(group.entries, entry);
    const hit = this.evaluate(group);
    if (hit === undefined) return undefined;
    this.groups.delete(key);
    return this.alert(group.values, hit.value, hit.entries, signal);
  }

  private evaluate(group: Group): { value: number; entries: Entry[] } | undefined {
    const { type, condition, rules } = this.rule.correlation;
    const entries = group.entries;
    switch (type) {
      case "event_count":
        return holds(condition, entries.length) ? { value: entries.length, entries } : undefined;
      case "value_count": {
        const distinct = new Set(entries.map((e) => e.value)).size;
        return holds(condition, distinct) ? { value: distinct, entries } : undefined;
      }
      case "value_sum":
      case "value_avg": {
        const sum = entries.reduce((acc, e) => acc + (typeof e.value === "number" ? e.value : 0), 0);
        const value = type === "value_sum" ? sum : sum / entries.length;
        return holds(condition, value) ? { value, entries } : undefined;
      }
      case "temporal": {
        const seen = new Set(entries.map((e) => e.ruleId)).size;
        const ok = condition.length === 0 ? seen === rules.length : holds(condition, seen);
        return ok ? { value: seen, entries } : undefined;
      }
      case "temporal_ordered": {
        // The referenced rules in their written order, each after the previous one, inside the window.
        const chain: Entry[] = [];
        for (const e of entries) if (e.ruleId === rules[chain.length]) chain.push(e);
        return chain.length === rules.length ? { value: chain.length, entries: chain } : undefined;
      }
    }
  }

  private alert(
    values: readonly FieldValue[],
    value: number,
    entries: readonly Entry[],
    last: Signal,
  ): Alert {
    const { meta, correlation } = this.rule;
    const group: Record<string, FieldValue> = {};
    correlation.groupBy.forEach((g, i) => {
      const v = values[i];
      if (v !== undefined) group[g] = v;
    });
    const alert: Alert = {
      ruleId: meta.id,
      title: meta.title,
      level: meta.level,
      tags: meta.tags,
      kind: "correlation",
      correlationType: correlation.type,
      time: last.ref.time,
      group,
      value,
      events: entries.map((e) => e.ref),
    };
    if (last.ref.host !== undefined) alert.host = last.ref.host;
    return alert;
  }

  /** Drops expired signals of every group once per timespan of event time, so idle groups do not linger. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.span) return;
    this.lastSweep = now;
    for (const [key, group] of this.groups) {
      evict(group, now - this.span);
      if (group.entries.length === 0) this.groups.delete(key);
    }
  }
}

function mapping(field: string): FieldMapping {
  const m = FIELD_MAP.get(field);
  if (!m) throw new Error(`field ${field} is not in the field map`);
  return m;
}

function evict(group: Group, oldest: number): void {
  let drop = 0;
  while (drop < group.entries.length && (group.entries[drop]?.time ?? 0) < oldest) drop++;
  if (drop > 0) group.entries.splice(0, drop);
}

function insertByTime(entries: Entry[], entry: Entry): void {
  let i = entries.length;
  while (i > 0 && (entries[i - 1]?.time ?? 0) > entry.time) i--;
  entries.splice(i, 0, entry);
}

function holds(condition: CorrelationRule["correlation"]["condition"], n: number): boolean {
  return condition.every(({ op, value }) => {
    switch (op) {
      case "gt":
        return n > value;
      case "gte":
        return n >= value;
      case "lt":
        return n < value;
      case "lte":
        return n <= value;
      case "eq":
        return n === value;
      case "neq":
        return n !== value;
    }
  });
}
