import { createHash } from "node:crypto";
import type { CorrelationRule, SigmaLevel, SigmaRule, SigmaRuleMeta } from "../sigma/types.js";

/** A file-name slug of a rule: its Sigma `name` when it has one, else its title. */
export function ruleSlug(meta: SigmaRuleMeta): string {
  const base = meta.name ?? meta.title;
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return slug === "" ? meta.id : slug;
}

// Namespace of our derived ids (a fixed random UUID): the same Sigma id always yields the same GUID.
const NAMESPACE = "9b2f3c55-7e0a-4d3e-8a61-2f4c1b7d5e90";

/** RFC 4122 version-5 UUID of `name` in our namespace: stable ids for platform objects derived from a Sigma id. */
export function stableGuid(name: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Timespans in the units each platform writes. */
export function isoDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 86_400 === 0) return `P${s / 86_400}D`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `PT${h > 0 ? `${h}H` : ""}${m > 0 ? `${m}M` : ""}${sec > 0 ? `${sec}S` : ""}`;
}

/** Warnings without repeats (several targets of one field warn alike). */
export function uniqueWarnings<T extends { field?: string; message: string }>(warnings: readonly T[]): T[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.field ?? ""}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `30s`, `5m`, `2h`, `1d`: Elastic date math, EQL maxspan, Kusto timespan and Splunk relative times all read it. */
export function shortDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 86_400 === 0) return `${s / 86_400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When a compiled rule runs and how far back it looks.
 * - Detections: every 5 minutes over the last 5 (Elastic reads 1 minute more, its default overlap; Kibana
 *   deduplicates alerts by source document).
 * - Count correlations: every max(5m, min(timespan, 1h)), each run counting over the last `timespan` (never less
 *   than the interval, so no event is skipped): a burst is found when one run's window holds it.
 * - Sequences: every 5 minutes looking back 5 minutes plus the timespan, so a sequence that straddles two runs is
 *   still seen whole (the query itself checks the span).
 * Sentinel bounds: frequency 5m..14d, period 5m..14d, period >= frequency.
 */
export interface Schedule {
  intervalMs: number;
  lookbackMs: number;
}

export function scheduleOf(rule: SigmaRule): Schedule {
  if (rule.kind === "detection") return { intervalMs: 5 * MINUTE, lookbackMs: 5 * MINUTE };
  const span = rule.correlation.timespan.ms;
  if (isSequence(rule))
    return { intervalMs: 5 * MINUTE, lookbackMs: clamp(5 * MINUTE + span, 5 * MINUTE, 14 * DAY) };
  const interval = Math.max(5 * MINUTE, Math.min(span, HOUR));
  return { intervalMs: interval, lookbackMs: clamp(Math.max(span, interval), 5 * MINUTE, 14 * DAY) };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export function isSequence(rule: CorrelationRule): boolean {
  return rule.correlation.type === "temporal_ordered";
}

/** Elastic severity and risk score (the 21/47/73/99 steps of Elastic's prebuilt rules; informational is 1). */
export const ELASTIC_SEVERITY: Readonly<Record<SigmaLevel, { severity: string; risk: number }>> = {
  informational: { severity: "low", risk: 1 },
  low: { severity: "low", risk: 21 },
  medium: { severity: "medium", risk: 47 },
  high: { severity: "high", risk: 73 },
  critical: { severity: "critical", risk: 99 },
};

/** Sentinel AlertSeverity: Informational, Low, Medium, High (critical has no own level). */
export const SENTINEL_SEVERITY: Readonly<Record<SigmaLevel, string>> = {
  informational: "Informational",
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "High",
};

/** Splunk alert.severity: 1 debug, 2 info, 3 warn, 4 error, 5 severe, 6 fatal (savedsearches.conf.spec). */
export const SPLUNK_SEVERITY: Readonly<Record<SigmaLevel, number>> = {
  informational: 2,
  low: 3,
  medium: 4,
  high: 5,
  critical: 6,
};

/** A rule id -> rule lookup over a rule set, resolving correlation references. */
export function ruleIndex(rules: readonly SigmaRule[]): ReadonlyMap<string, SigmaRule> {
  return new Map(rules.map((r) => [r.meta.id, r]));
}

/**
 * Detection rules that only feed correlations (`generate: false`, the Sigma default) and are never referenced
 * with `generate: true`: compiled as building blocks (Elastic) or disabled (Splunk, Sentinel), since the
 * correlation queries embed their conditions.
 */
export function buildingBlocks(rules: readonly SigmaRule[]): ReadonlySet<string> {
  const quiet = new Set<string>();
  const loud = new Set<string>();
  for (const r of rules) {
    if (r.kind !== "correlation") continue;
    for (const id of r.correlation.rules) (r.correlation.generate ? loud : quiet).add(id);
  }
  return new Set([...quiet].filter((id) => !loud.has(id)));
}

/** The description with the rule's provenance, for platforms without separate fields for it. */
export function describe(meta: SigmaRuleMeta): string {
  return meta.description.trim();
}
