import {
  OUTPUT_SCHEMAS,
  convertBatches,
  convertToNdjson,
  isOutputSchema,
  newConvertStats,
  readInputs,
  type ConvertItem,
  type ConvertProblem,
  type ConvertStats,
  type OutputSchema,
} from "@ntlm-siem/core";
import { availableParallelism } from "node:os";
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
  usage: `ntlm-siem convert <inputs...> --to ${OUTPUT_SCHEMAS.join("|")} [--out FILE] [--rejects FILE] [--carve] [--threads N]

  inputs     files, directories, globs, or - for stdin (XML, JSON, NDJSON, .gz, binary .evtx)
  --to       output schema
  --out      write NDJSON here (atomically) instead of stdout
  --rejects  write each rejected record (file, record, line, reason, excerpt) here as NDJSON
  --carve    .evtx inputs: also recover deleted records from unallocated chunk space (marked recovered)
  --threads  threads for converting a large .evtx file to ecs, cim or asim (default: the cores, at most 4;
             1 = no worker threads); the output is the same whatever the number`,
  async run(context) {
    const { values, positionals } = parseOrUsage(context.argv);
    const to = values.to;
    if (to === undefined) throw new UsageError("--to is required");
    if (!isOutputSchema(to))
      throw new UsageError(`--to must be one of ${OUTPUT_SCHEMAS.join(", ")}, got "${to}"`);
    if (positionals.length === 0) throw new UsageError("no inputs given (use - for stdin)");
    const stats = await convertTo(context, positionals, to, values.out, values.rejects, {
      carve: values.carve === true,
      threads: parseThreads(values.threads),
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
    threads: { type: "string" },
  });
}

function parseThreads(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const threads = Number(text);
  if (!/^[0-9]+$/.test(text) || threads < 1 || threads > 64)
    throw new UsageError(`--threads must be a whole number from 1 to 64, got "${text}"`);
  return threads;
}

type DocumentItem = Extract<ConvertItem, { kind: "document" }>;

/** Reports rejects (stderr, the first 20 one by one, and the --rejects file) and warnings (stderr). */
class ProblemReporter {
  private rejected = 0;

  constructor(
    private readonly context: CommandContext,
    private readonly rejects: RejectSink,
    private readonly progress: Progress,
  ) {}

  async report(problem: ConvertProblem): Promise<void> {
    this.progress.clear();
    if (problem.kind === "reject") {
      this.rejected += 1;
      reportReject(this.context.stderr, problem.error, this.rejected);
      await this.rejects.write(problem.error, problem.excerpt);
    } else this.context.stderr.write(`warning: ${problem.error.describe()} [${problem.error.code}]\n`);
  }
}

/**
 * The documents of a conversion, one at a time: reads every input, reports rejected records (stderr and the
 * --rejects sink) and reader warnings, and keeps the progress line current. Shared by `detect` and `ship`, so
 * every command reads inputs the same way as `convert`.
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
  // --carve: the EVTX reader registered at start-up, switched to carving for this run only.
  if (options.carve === true) registerEvtxReader({ carve: true });
  try {
    const reporter = new ProblemReporter(context, rejects, progress);
    const items = readInputs(inputs, { stdin: context.stdin, cwd: context.cwd });
    for await (const batch of convertBatches(items, schema, stats)) {
      for (const item of batch) {
        if (item.kind === "document") yield item;
        else if (item.kind !== "skip") await reporter.report(item);
      }
      progress.update(stats);
    }
  } finally {
    if (options.carve === true) registerEvtxReader();
  }
}

/** Runs one conversion; shared by `convert` and `sample`. */
export async function convertTo(
  context: CommandContext,
  inputs: string[],
  schema: OutputSchema,
  out: string | undefined,
  rejectsPath: string | undefined,
  options: { label?: string; quiet?: boolean; carve?: boolean; threads?: number | undefined } = {},
): Promise<ConvertStats> {
  const stats = newConvertStats();
  const writer = out === undefined ? NdjsonWriter.toStream(context.stdout) : await NdjsonWriter.toFile(out);
  const rejects = await RejectSink.open(rejectsPath);
  const progress = new Progress(context.stderr, context.isTTY && out !== undefined);
  // Interrupted: the output files being written are removed (the final names were never touched), then the
  // process ends as it would have without this handler.
  const onSignal = (signal: NodeJS.Signals) => {
    writer.abortNow();
    rejects.abortNow();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // --carve: the EVTX reader registered at start-up, switched to carving for this run only.
  if (options.carve === true) registerEvtxReader({ carve: true });
  try {
    const batches = convertToNdjson(inputs, schema, stats, {
      stdin: context.stdin,
      cwd: context.cwd,
      threads: options.threads ?? defaultThreads(),
    });
    const reporter = new ProblemReporter(context, rejects, progress);
    for await (const batch of batches) {
      for (const problem of batch.problems) await reporter.report(problem);
      progress.update(stats);
      await writer.writeNdjson(batch.ndjson);
    }
    await writer.close();
    await rejects.close();
  } catch (error) {
    await writer.abort();
    await rejects.abort();
    throw error;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    if (options.carve === true) registerEvtxReader();
    progress.clear();
  }
  if (!options.quiet) context.stderr.write(formatSummary(stats, options.label ?? schema));
  return stats;
}

/** Threads for converting one large .evtx file: the machine's cores, at most MAX_DEFAULT_THREADS. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

const MAX_DEFAULT_THREADS = 4;
