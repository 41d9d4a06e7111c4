import { UnorderedDetector, newConvertStats, type Alert } from "@ntlm-siem/core";
import type { Command } from "../command.js";
import { NdjsonWriter } from "../ndjson-writer.js";
import { Progress } from "../progress.js";
import { RejectSink } from "../rejects.js";
import { formatSummary } from "../summary.js";
import { parseCommandArgs } from "../parse-options.js";
import { UsageError } from "../usage-error.js";
import { readConverted } from "./convert.js";

export const detectCommand: Command = {
  name: "detect",
  summary: "Run the NTLM detection rules (Sigma) over events and list the alerts",
  usage: `ntlm-siem detect <inputs...> [--json] [--rejects FILE] [--carve]

  inputs     files, directories, globs, or - for stdin (every input format convert reads, .evtx included)
  --json     one alert per line as NDJSON on stdout (default: a table)
  --rejects  write each rejected record (file, record, line, reason, excerpt) here as NDJSON
  --carve    .evtx inputs: also recover deleted records from unallocated chunk space (marked recovered)

Exit code 0 with or without alerts, 1 when records were rejected, 2 on usage errors.`,
  async run(context) {
    const { values, positionals } = parseOrUsage(context.argv);
    if (positionals.length === 0) throw new UsageError("no inputs given (use - for stdin)");
    const json = values.json === true;
    const stats = newConvertStats();
    const detector = new UnorderedDetector();
    const writer = json ? NdjsonWriter.toStream(context.stdout) : undefined;
    const rejects = await RejectSink.open(values.rejects);
    const progress = new Progress(context.stderr, context.isTTY && json);
    const table: Alert[] = [];
    const emit = async (alerts: readonly Alert[]): Promise<void> => {
      for (const alert of alerts) {
        if (writer) await writer.write(alert);
        else table.push(alert);
      }
    };
    try {
      // Detection alerts come as events are read; correlations replay their signals in time order at the end,
      // so inputs may arrive in any order (several files, several hosts).
      const carve = { carve: values.carve === true };
      for await (const item of readConverted(
        context,
        positionals,
        "normalized",
        stats,
        rejects,
        progress,
        carve,
      ))
        await emit(detector.push(item.event));
      await emit(detector.finish());
      await writer?.close();
      await rejects.close();
    } catch (error) {
      await writer?.abort();
      await rejects.abort();
      throw error;
    } finally {
      progress.clear();
    }
    if (!json) context.stdout.write(formatAlertTable(table));
    context.stderr.write(formatSummary(stats, "detect"));
    context.stderr.write(
      `detect: ${detector.stats.alerts} alert(s) from ${detector.stats.events} events${levelCounts(detector, table)}\n`,
    );
    return stats.rejected > 0 ? 1 : 0;
  },
};

function parseOrUsage(argv: string[]) {
  return parseCommandArgs(argv, {
    json: { type: "boolean" },
    rejects: { type: "string" },
    carve: { type: "boolean" },
  });
}

function levelCounts(detector: UnorderedDetector, table: readonly Alert[]): string {
  if (table.length === 0 || detector.stats.alerts === 0) return "";
  const counts = new Map<string, number>();
  for (const a of table) counts.set(a.level, (counts.get(a.level) ?? 0) + 1);
  return ` (${[...counts].map(([level, n]) => `${level}=${n}`).join(", ")})`;
}

const LEVEL_ORDER = ["critical", "high", "medium", "low", "informational"];

/** The terminal view: one row per alert, most severe first, then by time; events as ID#record@host. */
export function formatAlertTable(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return "No alerts.\n";
  const rows = [...alerts]
    .sort(
      (a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.time.localeCompare(b.time),
    )
    .map((a) => [
      a.time.replace(/(\.\d{3})\d*Z$/, "$1Z"),
      a.level,
      a.title,
      a.host ?? "-",
      describeEvidence(a),
    ]);
  const header = ["TIME", "LEVEL", "RULE", "HOST", "EVIDENCE"];
  const widths = header.map((h, i) =>
    Math.min(i === 2 ? 70 : 40, Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? c.length;
        const cut = i < cells.length - 1 && c.length > w ? `${c.slice(0, w - 1)}…` : c;
        return i < cells.length - 1 ? cut.padEnd(w) : cut;
      })
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

function describeEvidence(alert: Alert): string {
  const first = alert.events
    .slice(0, 3)
    .map((e) => `${e.eventId}#${e.recordId ?? "?"} ${e.origin.file}:${e.origin.record}`);
  const more = alert.events.length > 3 ? ` +${alert.events.length - 3} more` : "";
  const group =
    alert.group === undefined
      ? ""
      : `${Object.entries(alert.group)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(" ")} (${alert.value ?? alert.events.length}) `;
  return `${group}${first.join(", ")}${more}`;
}
