import { newConvertStats, type ConvertStats, type NtlmSiemError } from "@ntlm-siem/core";
import {
  loadElasticConfig,
  redactUrl,
  shipToElastic,
  type ElasticConfig,
  type ShipResult,
  type ShipStats,
} from "@ntlm-siem/elastic";
import type { Command, CommandContext } from "../command.js";
import { Progress } from "../progress.js";
import { RejectSink } from "../rejects.js";
import { formatSummary } from "../summary.js";
import { parseCommandArgs } from "../parse-options.js";
import { UsageError } from "../usage-error.js";
import { readConverted } from "./convert.js";

/**
 * `ntlm-siem ship <target> <inputs...>`: reads inputs the way `convert` does and sends the mapped documents to a
 * SIEM. One entry per target; Splunk and Sentinel join the table with the same options and exit codes.
 *
 * Exit codes: 0 everything delivered; 1 some records rejected (reading) or dead-lettered (refused by the SIEM);
 * 2 usage or configuration problem, including credentials, privileges, TLS and a missing template (fix, re-run);
 * 3 delivery failed after retries or was interrupted (re-run with the same --checkpoint to resume).
 */
const TARGETS = { elastic: shipElastic } as const satisfies Record<
  string,
  (context: CommandContext, argv: string[]) => Promise<number>
>;

const USAGE = `ntlm-siem ship elastic <inputs...> [--namespace NS] [--checkpoint FILE] [--dead-letter FILE]
                      [--rejects FILE] [--insecure] [--dry-run] [--carve]

  inputs         files, directories, globs, or - for stdin (XML, JSON, NDJSON, .gz, binary .evtx)
  --namespace    data stream namespace: logs-windows.ntlm_operational-<NS> (default: ELASTIC_NAMESPACE or "default")
  --checkpoint   resume from / record progress in this file (a re-run skips what was acknowledged)
  --dead-letter  documents Elasticsearch refused, with the reason (default: ./ntlm-siem-dead-letter.ndjson)
  --rejects      records that could not be read or normalized, as NDJSON
  --insecure     do not verify the cluster's TLS certificate (never the default)
  --dry-run      check the connection, credentials and template, read and encode everything, send nothing
  --carve        .evtx inputs: also recover deleted records (shipped with their own _ids, marked recovered)

  Connection and secrets come from the environment only, never from the command line:
    ELASTIC_URL, ELASTIC_API_KEY[_FILE] or ELASTIC_USERNAME + ELASTIC_PASSWORD[_FILE], ELASTIC_CA_FILE,
    ELASTIC_NAMESPACE

  Exit: 0 all delivered, 1 records rejected or dead-lettered, 2 usage/config/credentials, 3 delivery failed
  after retries (the checkpoint is kept: re-run to resume)`;

export const shipCommand: Command = {
  name: "ship",
  summary: "Send ECS documents to Elasticsearch (exactly once per event, resumable)",
  usage: USAGE,
  async run(context) {
    const [target, ...rest] = context.argv;
    if (target === undefined) throw new UsageError(`name a target: ${Object.keys(TARGETS).join(", ")}`);
    if (!(target in TARGETS))
      throw new UsageError(`unknown target "${target}" (known: ${Object.keys(TARGETS).join(", ")})`);
    return TARGETS[target as keyof typeof TARGETS](context, rest);
  },
};

function parseOrUsage(argv: string[]) {
  return parseCommandArgs(argv, {
    namespace: { type: "string" },
    checkpoint: { type: "string" },
    "dead-letter": { type: "string" },
    rejects: { type: "string" },
    insecure: { type: "boolean" },
    "dry-run": { type: "boolean" },
    carve: { type: "boolean" },
  });
}

/** Config keys and the environment variables that set them, so a validation message can name what to fix. */
const ENV_OF: Record<string, string> = {
  url: "ELASTIC_URL",
  namespace: "ELASTIC_NAMESPACE / --namespace",
  caFile: "ELASTIC_CA_FILE",
  kibanaUrl: "KIBANA_URL",
};

function loadConfig(values: ReturnType<typeof parseOrUsage>["values"]): ElasticConfig {
  try {
    return loadElasticConfig(process.env, {
      namespace: values.namespace,
      tlsVerify: values.insecure === true ? false : undefined,
    });
  } catch (error) {
    if (error instanceof Error && error.name === "ZodError") {
      const issues = (error as unknown as { issues: { path: PropertyKey[]; message: string }[] }).issues;
      const text = issues
        .map((i) => {
          const key = i.path.map(String).join(".");
          const env = ENV_OF[key];
          return `${key}${env === undefined ? "" : ` (${env})`}: ${i.message}`;
        })
        .join("; ");
      throw new UsageError(`invalid Elastic configuration: ${text}`);
    }
    // A secret file named by *_FILE that cannot be read.
    throw new UsageError(
      `cannot load the Elastic configuration: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function shipElastic(context: CommandContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseOrUsage(argv);
  if (positionals.length === 0) throw new UsageError("no inputs given (use - for stdin)");
  const config = loadConfig(values);
  if (!config.tlsVerify)
    context.stderr.write("warning: --insecure: the cluster's TLS certificate is NOT verified\n");

  const convertStats = newConvertStats();
  const rejects = await RejectSink.open(values.rejects);
  const progress = new ShipProgress(context.stderr, context.isTTY, convertStats);
  const controller = new AbortController();
  const stop = (): void => {
    progress.clear();
    context.stderr.write("stopping: finishing the requests in flight and saving the checkpoint...\n");
    controller.abort();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let result: ShipResult;
  try {
    const carve = values.carve === true ? { carve: true } : {};
    result = await shipToElastic({
      config,
      records: readConverted(context, positionals, "ecs", convertStats, rejects, progress, carve),
      ...(values.checkpoint === undefined ? {} : { checkpointPath: values.checkpoint }),
      ...(values["dead-letter"] === undefined ? {} : { deadLetterPath: values["dead-letter"] }),
      dryRun: values["dry-run"] === true,
      cwd: context.cwd,
      signal: controller.signal,
      logger: {
        warn: (message) => {
          progress.clear();
          context.stderr.write(`warning: ${message}\n`);
        },
        info: (message) => {
          progress.clear();
          context.stderr.write(`${message}\n`);
        },
      },
      onProgress: (stats) => progress.ship(stats),
    });
    await rejects.close();
  } catch (error) {
    await rejects.abort();
    throw error;
  } finally {
    process.removeListener("SIGINT", stop);
    process.removeListener("SIGTERM", stop);
    progress.clear();
  }
  // Nothing was read when the healthcheck stopped the run: only the reason is worth printing then.
  if (result.server !== undefined) context.stderr.write(formatSummary(convertStats, "elastic"));
  context.stderr.write(formatShipSummary(result, values["dry-run"] === true));
  return exitCode(result, convertStats);
}

function exitCode(result: ShipResult, convertStats: ConvertStats): number {
  if (result.error !== undefined && result.outcome !== "delivered") return result.error.retryable ? 3 : 2;
  return convertStats.rejected > 0 || result.stats.deadLettered > 0 ? 1 : 0;
}

export function formatShipSummary(result: ShipResult, dryRun: boolean): string {
  const s = result.stats;
  const where = `${result.dataStream} at ${redactUrl(result.url)}${result.server ? ` (Elasticsearch ${result.server.version})` : ""}`;
  const lines: string[] = [];
  if (result.server === undefined) {
    // Stopped before sending anything (configuration, credentials, healthcheck).
  } else if (dryRun) {
    lines.push(
      `elastic (dry run): would ship ${s.documents - s.skippedAcknowledged} documents in ${s.batches} requests (${s.bytes} bytes) to ${where}`,
    );
    if (s.skippedAcknowledged > 0)
      lines.push(`  ${s.skippedAcknowledged} skipped: acknowledged by the checkpoint`);
  } else {
    lines.push(`elastic: shipped to ${where}`);
    lines.push(
      `  ${s.sent} sent, ${s.alreadyPresent} already present (409), ${s.deadLettered} dead-lettered, ${s.skippedAcknowledged} skipped (acknowledged by the checkpoint), ${s.retries} retries (${s.retriedDocuments} documents)`,
    );
    if (s.failureStore > 0)
      lines.push(`  ${s.failureStore} of the sent documents were redirected to the failure store`);
    if (result.deadLetterPath !== undefined)
      lines.push(`  dead letters (with reasons): ${result.deadLetterPath}`);
    if (result.checkpointPath !== undefined) lines.push(`  checkpoint: ${result.checkpointPath}`);
  }
  if (result.error !== undefined) {
    const error = result.error;
    lines.push(`elastic: ${result.outcome === "aborted" ? "stopped" : "failed"}: ${describe(error)}`);
    if (error.retryable) {
      lines.push(
        result.checkpointPath !== undefined
          ? `  nothing acknowledged was lost; re-run with --checkpoint ${result.checkpointPath} to resume`
          : "  re-run to resume (already delivered documents answer 409; add --checkpoint FILE to skip them)",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function describe(error: NtlmSiemError): string {
  return `${error.describe()} [${error.code}]`;
}

/** The progress line (terminal only): reading and shipping counters together, redrawn at most every 200 ms. */
class ShipProgress extends Progress {
  private shipStats: Readonly<ShipStats> | undefined;
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly onTerminal: boolean,
    private readonly convertStats: ConvertStats,
  ) {
    super(out, false);
  }

  override update(_stats: ConvertStats): void {
    this.draw();
  }

  ship(stats: Readonly<ShipStats>): void {
    this.shipStats = stats;
    this.draw();
  }

  override clear(): void {
    if (this.onTerminal && this.shown) this.out.write("\r\x1b[2K");
    this.shown = false;
  }

  private draw(): void {
    if (!this.onTerminal) return;
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.shown = true;
    const c = this.convertStats;
    const s = this.shipStats;
    this.out.write(
      `\r\x1b[2K${c.read.toLocaleString("en-US")} read, ${(s?.sent ?? 0).toLocaleString("en-US")} sent, ${s?.alreadyPresent ?? 0} already present, ${s?.deadLettered ?? 0} dead-lettered, ${c.rejected} rejected, ${s?.retries ?? 0} retries`,
    );
  }
}
