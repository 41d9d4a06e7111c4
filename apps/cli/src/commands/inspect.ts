import { resolve } from "node:path";
import { inspectEvtx, type EvtxInspection, type EvtxProblem } from "@ntlm-siem/evtx";
import type { Command } from "../command.js";
import { parseCommandArgs } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const inspectCommand: Command = {
  name: "inspect",
  summary: "Describe an .evtx file: header, chunks, records per channel and event ID, damage found",
  usage: `ntlm-siem inspect <file.evtx> [--json] [--carve]

  --json    one JSON object on stdout (records, recovered, chunks, eventIds, channels, problems, header)
  --carve   also look for deleted records in unallocated chunk space and count them as "recovered"

Exit code 0 when the file was read (damage is reported, not an error), 1 when it could not be read at all,
2 on usage errors.`,
  async run(context) {
    const { values, positionals } = parseOrUsage(context.argv);
    if (positionals.length !== 1) throw new UsageError("give exactly one .evtx file");
    const file = positionals[0] as string;
    const report = await inspectEvtx(resolve(context.cwd, file), { file, carve: values.carve === true });
    const unreadable = unreadableReason(report);
    if (values.json === true)
      context.stdout.write(`${JSON.stringify(toJson(report, values.carve === true))}\n`);
    else context.stdout.write(formatReport(report, values.carve === true));
    if (unreadable !== undefined) {
      context.stderr.write(`ntlm-siem inspect: ${file}: ${unreadable}\n`);
      return 1;
    }
    return 0;
  },
};

function parseOrUsage(argv: string[]) {
  return parseCommandArgs(argv, { json: { type: "boolean" }, carve: { type: "boolean" } });
}

/** Why nothing of the file could be read, or undefined when it was read (however damaged). */
function unreadableReason(report: EvtxInspection): string | undefined {
  if (report.header === undefined) {
    const problem = report.problems.find((p) => p.severity === "reject");
    return problem?.message ?? "cannot be read";
  }
  const nothing = report.chunks.found === 0 && report.records.read === 0 && report.records.rejected === 0;
  if (!report.header.signatureOk && nothing) return "not an EVTX file (no ElfFile signature and no chunk)";
  return undefined;
}

function problemJson(p: EvtxProblem): Record<string, unknown> {
  return {
    code: p.code,
    severity: p.severity,
    chunk: p.chunk ?? null,
    record: p.record ?? null,
    recordId: p.recordId ?? null,
    offset: p.offset ?? null,
    message: p.message,
  };
}

/** The --json document: counts at the top level, as scripts want them, the full detail beside. */
function toJson(report: EvtxInspection, carve: boolean): Record<string, unknown> {
  return {
    file: report.file,
    fileSize: report.fileSize,
    records: report.records.read,
    rejected: report.records.rejected,
    recovered: carve ? report.records.recovered : null,
    recoveredFromValues: carve ? report.records.recoveredFromValues : null,
    firstRecordId: report.records.firstRecordId ?? null,
    lastRecordId: report.records.lastRecordId ?? null,
    header: report.header ?? null,
    chunks: report.chunks,
    channels: report.channels,
    eventIds: report.eventIds,
    ...(carve
      ? { recoveredChannels: report.recoveredChannels, recoveredEventIds: report.recoveredEventIds }
      : {}),
    problems: report.problems.map(problemJson),
  };
}

function counts(map: Record<string, number>): string {
  const entries = Object.entries(map);
  return entries.length === 0 ? "-" : entries.map(([k, n]) => `${k}=${n}`).join(", ");
}

/** Problems listed one per line up to this many; the rest are counted by code. */
const PROBLEM_LINES = 30;

function formatReport(report: EvtxInspection, carve: boolean): string {
  const h = report.header;
  const lines = [`${report.file}: ${report.fileSize} bytes`];
  if (h !== undefined && !h.signatureOk)
    lines.push("  header: no ElfFile signature (damaged, or not an EVTX file)");
  else if (h !== undefined) {
    const flags = [h.dirty ? "dirty" : "", h.full ? "full" : ""].filter((f) => f !== "").join(", ");
    lines.push(
      `  header: version ${h.version}, ${h.chunkCount} chunks, next record id ${h.nextRecordId}, flags 0x${h.flags.toString(16)}${flags === "" ? "" : ` (${flags})`}, signature ${h.signatureOk ? "ok" : "BAD"}, checksum ${h.checksumOk ? "ok" : "BAD"}`,
    );
  }
  const c = report.chunks;
  lines.push(
    `  chunks: ${c.inHeader} in header, ${c.inFile} in file, ${c.found} found, ${c.empty} empty, ${c.bad} damaged`,
  );
  const r = report.records;
  const ids =
    r.firstRecordId === undefined ? "" : ` (record ids ${r.firstRecordId}..${r.lastRecordId ?? "?"})`;
  lines.push(`  records: ${r.read} read, ${r.rejected} rejected${ids}`);
  if (carve) {
    lines.push(
      `  recovered (deleted, carved): ${r.recovered}${r.recoveredFromValues > 0 ? `, ${r.recoveredFromValues} of them from their values alone (template overwritten: no Computer)` : ""}`,
    );
  }
  lines.push(`  channels: ${counts(report.channels)}`, `  event IDs: ${counts(report.eventIds)}`);
  if (carve && r.recovered > 0) {
    lines.push(
      `  recovered channels: ${counts(report.recoveredChannels)}`,
      `  recovered event IDs: ${counts(report.recoveredEventIds)}`,
    );
  }
  const byCode = new Map<string, number>();
  for (const p of report.problems) byCode.set(p.code, (byCode.get(p.code) ?? 0) + 1);
  lines.push(`  damage found: ${byCode.size === 0 ? "none" : counts(Object.fromEntries(byCode))}`);
  for (const p of report.problems.slice(0, PROBLEM_LINES)) {
    const where = [
      p.chunk === undefined ? undefined : `chunk ${p.chunk}`,
      p.record === undefined ? undefined : `record ${p.record}`,
      p.offset === undefined ? undefined : `offset ${p.offset}`,
    ].filter((w) => w !== undefined);
    lines.push(
      `    ${p.severity} ${p.code}${where.length > 0 ? ` (${where.join(", ")})` : ""}: ${p.message}`,
    );
  }
  if (report.problems.length > PROBLEM_LINES)
    lines.push(`    … ${report.problems.length - PROBLEM_LINES} more (use --json for all)`);
  return `${lines.join("\n")}\n`;
}
