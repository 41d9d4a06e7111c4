import {
  OUTPUT_SCHEMAS,
  convertBatches,
  isOutputSchema,
  newConvertStats,
  readInputs,
  type ConvertItem,
  type ConvertStats,
  type OutputSchema,
} from "@ntlm-siem/core";
import { registerEvtxReader } from "@ntlm-siem/evtx";
import type { Command, CommandContext } from "../command.js";
import { NdjsonWriter } from "../ndjson-writer.js";
import { Progress } from "../progress.js";
import { reportReject, RejectSink } from "../rejects.js";
import { formatSummary } from "../summary.js";
import { parseCommandArgs } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const convertCommand: Command = {
  name: "convert",
  summary: "Convert NTLM events to normalized, ECS, CIM or ASIM NDJSON",
  usage: `ntlm-siem convert <inputs...> --to ${OUTPUT_SCHEMAS.join("|")} [--out FILE] [--rejects FILE] [--carve]

  inputs     files, directories, globs, or - for stdin (XML, JSON, NDJSON, .gz, binary .evtx)
  --to       output schema
  --out      write NDJSON here (atomically) instead of stdout
  --rejects  write each rejected record (file, record, line, reason, excerpt) here as NDJSON
  --carve    .evtx inputs: also recover deleted records from unallocated chunk space (marked recovered)`,
  async run(context) {
    const { values, positionals } = parseOrUsage(context.argv);
    const to = values.to;
    if (to === undefined) throw new UsageError("--to is required");
    if (!isOutputSchema(to))
      throw new UsageError(`--to must be one of ${OUTPUT_SCHEMAS.join(", ")}, got "${to}"`);
    if (positionals.length === 0) throw new UsageError("no inputs given (use - for stdin)");
    const stats = await convertTo(context, positionals, to, values.out, values.rejects, {
      carve: values.carve === true,
    });
    return stats.rejected > 0 ? 1 : 0;
  },
};

function parseOrUsage(argv: string[]) {
  return parseCommandArgs(argv, {
    to: { type: "string" },
    out: { type: "string" },
    rejects: { type: "string" },
    carve: { type: "boolean" },
  });
}

type DocumentItem = Extract<ConvertItem, { kind: "document" }>;

/**
 * The documents of a conversion, one at a time: reads every input, reports rejected records (stderr and the
 * --rejects sink) and reader warnings, and keeps the progress line current. Shared by `convert`, `sample`,
 * `detect` and `ship`, so every command reads inputs the same way.
 */
export async function* readConverted(
  context: CommandContext,
  inputs: string[],
  schema: OutputSchema,
  stats: ConvertStats,
  rejects: RejectSink,
  progress: Progress,
  options: { carve?: boolean } = {},
): AsyncGenerator<DocumentItem> {
  for await (const batch of readConvertedBatches(context, inputs, schema, stats, rejects, progress, options))
    yield* batch;
}

/** readConverted a reader batch at a time (one await per batch rather than per document). */
export async function* readConvertedBatches(
  context: CommandContext,
  inputs: string[],
  schema: OutputSchema,
  stats: ConvertStats,
  rejects: RejectSink,
  progress: Progress,
  options: { carve?: boolean } = {},
): AsyncGenerator<DocumentItem[]> {
  // --carve: the EVTX reader registered at start-up, switched to carving for this run only.
  if (options.carve === true) registerEvtxReader({ carve: true });
  try {
    yield* convertRead(context, inputs, schema, stats, rejects, progress);
  } finally {
    if (options.carve === true) registerEvtxReader();
  }
}

async function* convertRead(
  context: CommandContext,
  inputs: string[],
  schema: OutputSchema,
  stats: ConvertStats,
  rejects: RejectSink,
  progress: Progress,
): AsyncGenerator<DocumentItem[]> {
  const items = readInputs(inputs, { stdin: context.stdin, cwd: context.cwd });
  let rejected = 0;
  for await (const batch of convertBatches(items, schema, stats)) {
    const documents: DocumentItem[] = [];
    for (const item of batch) {
      if (item.kind === "document") documents.push(item);
      else if (item.kind === "reject") {
        progress.clear();
        rejected += 1;
        reportReject(context.stderr, item.error, rejected);
        await rejects.write(item.error, item.excerpt);
      } else if (item.kind === "warning") {
        progress.clear();
        context.stderr.write(`warning: ${item.error.describe()} [${item.error.code}]\n`);
      }
    }
    progress.update(stats);
    if (documents.length > 0) yield documents;
  }
}

/** Runs one conversion; shared by `convert` and `sample`. */
export async function convertTo(
  context: CommandContext,
  inputs: string[],
  schema: OutputSchema,
  out: string | undefined,
  rejectsPath: string | undefined,
  options: { label?: string; quiet?: boolean; carve?: boolean } = {},
): Promise<ConvertStats> {
  const stats = newConvertStats();
  const writer = out === undefined ? NdjsonWriter.toStream(context.stdout) : await NdjsonWriter.toFile(out);
  const rejects = await RejectSink.open(rejectsPath);
  const progress = new Progress(context.stderr, context.isTTY && out !== undefined);
  try {
    const carve = options.carve === true ? { carve: true } : {};
    for await (const batch of readConvertedBatches(context, inputs, schema, stats, rejects, progress, carve))
      await writer.writeAll(batch.map((item) => item.document));
    await writer.close();
    await rejects.close();
  } catch (error) {
    await writer.abort();
    await rejects.abort();
    throw error;
  } finally {
    progress.clear();
  }
  if (!options.quiet) context.stderr.write(formatSummary(stats, options.label ?? schema));
  return stats;
}
