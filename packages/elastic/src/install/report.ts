/** What install/uninstall did (or, with --dry-run, would do) to each object. */
export type Action = "create" | "update" | "unchanged" | "delete" | "absent" | "skip";

export interface ObjectResult {
  /** "ilm-policy", "ingest-pipeline", "component-template", "index-template", "rule", or a saved-object type. */
  kind: string;
  id: string;
  /** Title for people (rule name, dashboard title), when it differs from the id. */
  title?: string;
  action: Action;
  /** planned: dry run; done: applied; failed: the API refused it (see error). */
  status: "planned" | "done" | "failed";
  error?: string;
}

export interface RunReport {
  dryRun: boolean;
  results: ObjectResult[];
  /** Parts not attempted and why (e.g. Kibana without KIBANA_URL). */
  notes: string[];
}

export function failed(report: RunReport): ObjectResult[] {
  return report.results.filter((r) => r.status === "failed");
}

/** One line per object plus a count per action: what the CLI prints. */
export function formatReport(report: RunReport): string {
  const lines = report.results.map((r) => {
    const what = `${r.kind} ${r.id}${r.title !== undefined ? ` (${r.title})` : ""}`;
    const status =
      r.status === "failed"
        ? `FAILED: ${r.error ?? "unknown error"}`
        : r.status === "planned"
          ? "(dry run)"
          : "";
    return `${r.action.padEnd(9)} ${what}${status === "" ? "" : ` ${status}`}`;
  });
  const counts = new Map<string, number>();
  for (const r of report.results) {
    const key = r.status === "failed" ? "failed" : r.action;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  return (
    [
      ...lines,
      ...report.notes.map((n) => `note: ${n}`),
      `${report.dryRun ? "dry run: " : ""}${summary || "nothing to do"}`,
    ].join("\n") + "\n"
  );
}
