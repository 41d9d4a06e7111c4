import type { ConvertStats } from "@ntlm-siem/core";

/** The end-of-run summary (stderr): counts, then the breakdowns that explain them. */
export function formatSummary(stats: ConvertStats, target: string): string {
  const lines = [
    `${target}: ${stats.read} records read, ${stats.converted} converted, ${stats.skipped} skipped (other logs), ${stats.rejected} rejected`,
  ];
  const byId = Object.entries(stats.byEventId).sort(([a], [b]) => Number(a) - Number(b));
  if (byId.length > 0) lines.push(`  events by ID: ${byId.map(([id, n]) => `${id}=${n}`).join(", ")}`);
  const unknown = Object.entries(stats.unknownEventIds);
  if (unknown.length > 0) {
    lines.push(
      `  not in the catalog (passed through with raw fields): ${unknown.map(([id, n]) => `${id}=${n}`).join(", ")}`,
    );
  }
  if (stats.recovered > 0) lines.push(`  recovered (carved) records: ${stats.recovered}`);
  const skipped = Object.entries(stats.skippedByChannel);
  if (skipped.length > 0)
    lines.push(`  skipped by channel: ${skipped.map(([c, n]) => `${c}=${n}`).join(", ")}`);
  const warnings = Object.entries(stats.warningsByReason);
  if (warnings.length > 0) {
    lines.push(
      `  damage reported (no record lost by it): ${warnings.map(([c, n]) => `${c}=${n}`).join(", ")}`,
    );
  }
  const rejected = Object.entries(stats.rejectedByReason).sort(([, a], [, b]) => b - a);
  if (rejected.length > 0)
    lines.push(`  rejected by reason: ${rejected.map(([c, n]) => `${c}=${n}`).join(", ")}`);
  return `${lines.join("\n")}\n`;
}
