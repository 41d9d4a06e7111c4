import type { NtlmEvent } from "../../model/ntlm-event.js";
import { alertEventOf, type Alert } from "../alert.js";
import { loadRules } from "../rules.js";
import type { CorrelationRule, DetectionRule, SigmaRule } from "../sigma/types.js";
import { Correlator, type Signal } from "./correlate.js";
import { EventView } from "./event-view.js";
import { compileDetection, type Predicate } from "./match.js";

/**
 * Evaluates every rule over NtlmEvents. Pure: time is the events' own (TimeCreated), never the clock.
 *
 * Two ways to run it:
 * - `DetectionEngine.push` for a stream in event-time order (a live feed): detection alerts at once, correlation
 *   alerts as their windows complete; signals older than the newest event minus the correlation's timespan are too
 *   late to be placed and are counted in `stats.late`.
 * - `UnorderedDetector` for inputs in any order (several files): detection alerts at once, and the (few) signals
 *   correlations need are kept and replayed in time order by `finish()`.
 */
export interface DetectionStats {
  events: number;
  alerts: number;
  /** Events whose timestamp could not be read: evaluated by detection rules, never correlated. */
  untimed: number;
  /** Signals that arrived after their correlation window had moved on (ordered mode only). */
  late: number;
}

interface CompiledDetection {
  rule: DetectionRule;
  predicate: Predicate;
  /** Alerts on its own: not referenced by a correlation, or referenced by one with `generate: true`. */
  standalone: boolean;
  /** Correlations fed by this rule. */
  correlations: Correlator[];
}

class Matcher {
  readonly detections: CompiledDetection[];
  readonly correlators: Correlator[];

  constructor(rules: readonly SigmaRule[]) {
    loadRules(rules);
    const correlations = rules.filter((r): r is CorrelationRule => r.kind === "correlation");
    this.correlators = correlations.map((r) => new Correlator(r));
    this.detections = rules
      .filter((r): r is DetectionRule => r.kind === "detection")
      .map((rule) => {
        const feeding = this.correlators.filter((c) => c.rule.correlation.rules.includes(rule.meta.id));
        return {
          rule,
          predicate: compileDetection(rule),
          standalone: feeding.length === 0 || feeding.some((c) => c.rule.correlation.generate),
          correlations: feeding,
        };
      });
  }

  /** Standalone alerts for the event, and the signals it gives the correlations. */
  match(event: NtlmEvent, stats: DetectionStats): { alerts: Alert[]; signals: [Correlator, Signal][] } {
    stats.events += 1;
    const view = new EventView(event);
    if (Number.isNaN(view.time)) stats.untimed += 1;
    const alerts: Alert[] = [];
    const signals: [Correlator, Signal][] = [];
    for (const d of this.detections) {
      if (!d.predicate(view)) continue;
      const ref = alertEventOf(event, d.rule.meta.id);
      if (d.standalone) {
        const alert: Alert = {
          ruleId: d.rule.meta.id,
          title: d.rule.meta.title,
          level: d.rule.meta.level,
          tags: d.rule.meta.tags,
          kind: "detection",
          time: event.record.timestamp,
          events: [ref],
        };
        if (event.record.host !== undefined) alert.host = event.record.host;
        alerts.push(alert);
      }
      if (Number.isNaN(view.time)) continue;
      for (const c of d.correlations)
        signals.push([c, { ruleId: d.rule.meta.id, time: view.time, ref, view }]);
    }
    stats.alerts += alerts.length;
    return { alerts, signals };
  }
}

function newStats(): DetectionStats {
  return { events: 0, alerts: 0, untimed: 0, late: 0 };
}

export class DetectionEngine {
  readonly stats: DetectionStats = newStats();
  private readonly matcher: Matcher;
  private readonly watermarks = new Map<Correlator, number>();

  constructor(rules?: readonly SigmaRule[]) {
    this.matcher = new Matcher(rules ?? loadRules());
  }

  push(event: NtlmEvent): Alert[] {
    const { alerts, signals } = this.matcher.match(event, this.stats);
    for (const [correlator, signal] of signals) {
      const newest = this.watermarks.get(correlator) ?? Number.NEGATIVE_INFINITY;
      if (signal.time < newest - correlator.rule.correlation.timespan.ms) {
        this.stats.late += 1;
        continue;
      }
      if (signal.time > newest) this.watermarks.set(correlator, signal.time);
      const alert = correlator.push(signal);
      if (alert) alerts.push(alert);
    }
    this.stats.alerts += alerts.length - countDetections(alerts);
    return alerts;
  }

  /** Groups holding correlation state (tests use it to check that state expires). */
  get correlationState(): number {
    return this.matcher.correlators.reduce((n, c) => n + c.size, 0);
  }
}

export class UnorderedDetector {
  readonly stats: DetectionStats = newStats();
  private readonly matcher: Matcher;
  private pending: [Correlator, Signal, number][] = [];

  constructor(rules?: readonly SigmaRule[]) {
    this.matcher = new Matcher(rules ?? loadRules());
  }

  /** Detection alerts for this event; its correlation signals wait for `finish`. */
  push(event: NtlmEvent): Alert[] {
    const { alerts, signals } = this.matcher.match(event, this.stats);
    for (const [c, s] of signals) this.pending.push([c, s, this.pending.length]);
    return alerts;
  }

  /** Correlation alerts, replaying the signals in event-time order (arrival order breaks ties). */
  finish(): Alert[] {
    const pending = this.pending.sort((a, b) => a[1].time - b[1].time || a[2] - b[2]);
    this.pending = [];
    const alerts: Alert[] = [];
    for (const [correlator, signal] of pending) {
      const alert = correlator.push(signal);
      if (alert) alerts.push(alert);
    }
    this.stats.alerts += alerts.length;
    return alerts;
  }
}

function countDetections(alerts: readonly Alert[]): number {
  return alerts.filter((a) => a.kind === "detection").length;
}

/** Every alert for a set of events in any order: detection alerts in input order, then correlation alerts. */
export function detectAll(events: Iterable<NtlmEvent>, rules?: readonly SigmaRule[]): Alert[] {
  const detector = new UnorderedDetector(rules);
  const alerts: Alert[] = [];
  for (const event of events) alerts.push(...detector.push(event));
  alerts.push(...detector.finish());
  return alerts;
}
