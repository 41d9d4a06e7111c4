import { resolve } from "node:path";
import type { Client } from "@elastic/elasticsearch";
import { NtlmSiemError, type JsonObject, type NtlmEvent } from "@ntlm-siem/core";
import { NAMES } from "../assets/names.js";
import { dataStreamName, type ElasticConfig } from "../config.js";
import { sleep as defaultSleep } from "../transport/backoff.js";
import { configSecrets, createElasticClient, scrub } from "../transport/create-client.js";
import { ElasticTransport } from "../transport/elastic-transport.js";
import { redactUrl } from "../transport/redact-url.js";
import { AckTracker } from "./ack-tracker.js";
import { Batcher } from "./batcher.js";
import { BoundedQueue } from "./bounded-queue.js";
import { sendBatch, type BatchResult } from "./bulk-service.js";
import { Checkpoint, fingerprint, type Fingerprint } from "./checkpoint.js";
import { DeadLetterFile } from "./dead-letter.js";
import { encodeDocument, type EncodedDocument } from "./encode.js";
import { healthcheck, type HealthReport } from "./healthcheck.js";
import { silentLogger, type ShipLogger } from "./logger.js";

/** One mapped document and the event it came from (what core's convertItems yields for the ECS schema). */
export interface ShipRecord {
  document: JsonObject;
  event: NtlmEvent;
}

export interface ShipOptions {
  config: ElasticConfig;
  records: AsyncIterable<ShipRecord>;
  /** Resume from / record progress in this file. */
  checkpointPath?: string;
  /** Where refused documents go; defaults to ntlm-siem-dead-letter.ndjson in `cwd`. Created only when needed. */
  deadLetterPath?: string;
  /** Healthcheck and encode everything, send nothing, write nothing. */
  dryRun?: boolean;
  /** Name of the index template the healthcheck requires; default: the one `ntlm-siem install elastic` creates. */
  templateName?: string;
  /** Ask has_privileges for create_doc before sending (default true when credentials are configured). */
  checkPrivileges?: boolean;
  cwd?: string;
  logger?: ShipLogger;
  /** Called as documents are read and batches finish (throttle on the caller's side). */
  onProgress?: (stats: Readonly<ShipStats>) => void;
  /** Aborting stops reading, lets in-flight batches finish their current attempt, and saves the checkpoint. */
  signal?: AbortSignal;
  /** Seam for tests: an already configured client (the caller closes it). */
  client?: Client;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** A partly filled batch is sent after this long without a new document (slow inputs such as stdin). */
  lingerMs?: number;
}

export interface ShipStats {
  /** Documents the reader produced (records that mapped to ECS). */
  documents: number;
  /** Documents skipped because the checkpoint says an earlier run acknowledged them. */
  skippedAcknowledged: number;
  /** Newly created in the data stream (201). */
  sent: number;
  /** Answered 409: a document with that `_id` was already there. */
  alreadyPresent: number;
  /** Accepted but redirected to the failure store (Elasticsearch 9.1+). */
  failureStore: number;
  deadLettered: number;
  retries: number;
  retriedDocuments: number;
  batches: number;
  bytes: number;
}

export type ShipOutcome = "delivered" | "failed" | "aborted";

export interface ShipResult {
  outcome: ShipOutcome;
  stats: ShipStats;
  dataStream: string;
  /** URL without credentials. */
  url: string;
  server?: HealthReport;
  /** Present when something failed: `stage: "config"` or `retryable: false` means "fix, then re-run". */
  error?: NtlmSiemError;
  deadLetterPath: string | undefined;
  checkpointPath: string | undefined;
}

const DEFAULT_DEAD_LETTER = "ntlm-siem-dead-letter.ndjson";

function newStats(): ShipStats {
  return {
    documents: 0,
    skippedAcknowledged: 0,
    sent: 0,
    alreadyPresent: 0,
    failureStore: 0,
    deadLettered: 0,
    retries: 0,
    retriedDocuments: 0,
    batches: 0,
    bytes: 0,
  };
}

/**
 * Ships ECS documents to `logs-<dataset>-<namespace>`: healthcheck, then a reader feeding a bounded queue of batches
 * and `batch.concurrency` senders draining it. The checkpoint only ever moves past documents with a final fate, so
 * an interrupted run (crash, SIGKILL, gave up) resumes without loss, and deterministic `_id`s make the overlap
 * harmless. Never throws for delivery problems: the result says what happened; it throws only for bugs.
 */
export async function shipToElastic(options: ShipOptions): Promise<ShipResult> {
  const { config } = options;
  const logger = scrubbingLogger(options.logger ?? silentLogger, configSecrets(config));
  const stats = newStats();
  const dataStream = dataStreamName(config);
  const cwd = options.cwd ?? process.cwd();
  const deadLetterPath = resolve(cwd, options.deadLetterPath ?? DEFAULT_DEAD_LETTER);
  const checkpointPath =
    options.checkpointPath === undefined ? undefined : resolve(cwd, options.checkpointPath);
  const result = (outcome: ShipOutcome, extra: Partial<ShipResult> = {}): ShipResult => ({
    outcome,
    stats,
    dataStream,
    url: redactUrl(config.url),
    deadLetterPath: stats.deadLettered > 0 ? deadLetterPath : undefined,
    checkpointPath,
    ...extra,
  });

  let client: Client | undefined;
  try {
    client = options.client ?? createElasticClient(config);
  } catch (error) {
    return result("failed", { error: asShipError(error, configSecrets(config)) });
  }
  try {
    // A dry run reads the checkpoint (to skip what is acknowledged) but never writes it.
    const checkpoint =
      checkpointPath === undefined
        ? Checkpoint.none(dataStream)
        : await Checkpoint.open(checkpointPath, dataStream, (m) => logger.warn(m));
    const transport = new ElasticTransport(client);
    const sleep = options.sleep ?? defaultSleep;
    const random = options.random ?? Math.random;
    const server = await healthcheck(transport, {
      dataStream,
      templateName: options.templateName ?? installedTemplateName(config.dataset),
      serverMajor: config.serverMajor,
      checkPrivileges: options.checkPrivileges ?? config.auth.kind !== "none",
      retry: config.retry,
      logger,
      sleep,
      random,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    logger.info(
      `connected to Elasticsearch ${server.version} at ${redactUrl(config.url)}; shipping to ${dataStream}`,
    );
    const run = new ShipRun(
      options,
      transport,
      checkpoint,
      stats,
      logger,
      dataStream,
      deadLetterPath,
      cwd,
      sleep,
      random,
    );
    const error = await run.execute();
    if (error !== undefined)
      return result(error.code === "ship-aborted" ? "aborted" : "failed", { server, error });
    return result("delivered", { server });
  } catch (error) {
    return result("failed", { error: asShipError(error, configSecrets(config)) });
  } finally {
    if (options.client === undefined) await client.close();
  }
}

/** One run's pipeline state: reader -> batcher -> queue -> senders -> acknowledgements -> checkpoint. */
class ShipRun {
  private readonly tracker = new AckTracker();
  private readonly prints = new Map<string, Fingerprint | undefined>();
  private readonly deadLetters: DeadLetterFile;
  private readonly queue: BoundedQueue<EncodedDocument[]>;
  private failure: NtlmSiemError | undefined;

  constructor(
    private readonly options: ShipOptions,
    private readonly transport: ElasticTransport,
    private readonly checkpoint: Checkpoint,
    private readonly stats: ShipStats,
    private readonly logger: ShipLogger,
    private readonly dataStream: string,
    deadLetterPath: string,
    private readonly cwd: string,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
    private readonly random: () => number,
  ) {
    this.deadLetters = new DeadLetterFile(deadLetterPath);
    // Bounded memory: at most `concurrency` batches in flight plus `concurrency` waiting plus the one being filled.
    this.queue = new BoundedQueue(options.config.batch.concurrency);
  }

  async execute(): Promise<NtlmSiemError | undefined> {
    const dryRun = this.options.dryRun === true;
    const workers = dryRun
      ? []
      : Array.from({ length: this.options.config.batch.concurrency }, () => this.worker());
    try {
      await this.produce(dryRun);
    } catch (error) {
      this.fail(asShipError(error, configSecrets(this.options.config)));
    } finally {
      this.queue.close();
    }
    await Promise.all(workers);
    if (!dryRun) {
      try {
        await this.saveCheckpoint();
        await this.deadLetters.close();
      } catch (error) {
        this.fail(
          new NtlmSiemError(
            "checkpoint-write-failed",
            "send",
            `cannot write the checkpoint or dead-letter file: ${String(error)}`,
            { retryable: true },
          ),
        );
      }
    }
    if (this.failure === undefined && this.options.signal?.aborted === true)
      return new NtlmSiemError("ship-aborted", "send", "stopped before the end of the input", {
        retryable: true,
      });
    return this.failure;
  }

  /** Reads, skips what is acknowledged, encodes, batches; waits whenever the queue is full. */
  private async produce(dryRun: boolean): Promise<void> {
    const { config } = this.options;
    const batcher = new Batcher(config.batch);
    const target = { name: this.dataStream, dataset: config.dataset, namespace: config.namespace };
    const linger = this.options.lingerMs ?? 1000;
    const iterator = this.options.records[Symbol.asyncIterator]();
    const emit = async (batch: EncodedDocument[] | undefined): Promise<boolean> => {
      if (batch === undefined) return true;
      if (dryRun) {
        this.stats.batches += 1;
        for (const doc of batch) this.stats.bytes += doc.bytes;
        return true;
      }
      return this.queue.push(batch);
    };
    try {
      let next = iterator.next();
      for (;;) {
        if (this.failure !== undefined || this.options.signal?.aborted === true) return;
        let step: IteratorResult<ShipRecord> | "linger";
        if (batcher.size > 0) {
          let timer: NodeJS.Timeout | undefined;
          const lingering = new Promise<"linger">((resolveLinger) => {
            timer = setTimeout(() => resolveLinger("linger"), linger);
          });
          step = await Promise.race([next, lingering]);
          clearTimeout(timer);
        } else {
          step = await next;
        }
        if (step === "linger") {
          if (!(await emit(batcher.take()))) return;
          continue;
        }
        if (step.done === true) break;
        next = iterator.next();
        const doc = await this.admit(step.value, target);
        this.options.onProgress?.(this.stats);
        if (doc === undefined) continue;
        if (!(await emit(batcher.add(doc)))) return;
      }
      await emit(batcher.take());
    } finally {
      // Ends the reader (closes files) when we stop early.
      await iterator.return?.();
    }
  }

  /** Counts a record, skips it if acknowledged, registers it as pending and encodes it. */
  private async admit(
    record: ShipRecord,
    target: Parameters<typeof encodeDocument>[2],
  ): Promise<EncodedDocument | undefined> {
    this.stats.documents += 1;
    const file = record.event.origin.file;
    const fileKey = file === "-" ? undefined : resolve(this.cwd, file);
    if (fileKey !== undefined) {
      if (!this.prints.has(fileKey)) await this.beginFile(fileKey);
      if (record.event.origin.record <= this.checkpoint.acknowledged(fileKey)) {
        this.stats.skippedAcknowledged += 1;
        return undefined;
      }
      this.tracker.read(fileKey, record.event.origin.record);
    }
    return encodeDocument(record.document, record.event, target, fileKey);
  }

  private async beginFile(fileKey: string): Promise<void> {
    const acknowledged = await this.checkpoint.resumeFrom(fileKey, (m) => this.logger.warn(m));
    this.prints.set(fileKey, await fingerprint(fileKey));
    this.tracker.begin(fileKey, acknowledged);
  }

  private async worker(): Promise<void> {
    for (;;) {
      const batch = await this.queue.take();
      if (batch === undefined) return;
      let outcome: BatchResult;
      try {
        outcome = await sendBatch(this.transport, batch, {
          dataStream: this.dataStream,
          retry: this.options.config.retry,
          sleep: this.sleep,
          random: this.random,
          ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
          onRetry: (message) => this.logger.warn(message),
        });
      } catch (error) {
        this.fail(asShipError(error, configSecrets(this.options.config)));
        return;
      }
      try {
        await this.settle(batch, outcome);
      } catch (error) {
        this.fail(
          new NtlmSiemError(
            "checkpoint-write-failed",
            "send",
            `cannot write the checkpoint or dead-letter file: ${String(error)}`,
            { retryable: true },
          ),
        );
        return;
      }
    }
  }

  /** A batch has a final fate for every document: dead letters first (durably), then the acknowledgement. */
  private async settle(batch: EncodedDocument[], outcome: BatchResult): Promise<void> {
    for (const { doc, reason } of outcome.deadLetters)
      await this.deadLetters.write(doc, this.dataStream, reason);
    const { stats } = this;
    stats.sent += outcome.created;
    stats.alreadyPresent += outcome.alreadyPresent;
    stats.failureStore += outcome.failureStore;
    stats.deadLettered += outcome.deadLetters.length;
    stats.retries += outcome.retries;
    stats.retriedDocuments += outcome.retriedDocuments;
    stats.batches += 1;
    for (const doc of batch) {
      stats.bytes += doc.bytes;
      if (doc.fileKey !== undefined) this.tracker.finish(doc.fileKey, doc.origin.record);
    }
    this.options.onProgress?.(stats);
    await this.saveCheckpoint();
  }

  private async saveCheckpoint(): Promise<void> {
    for (const [file, mark] of this.tracker.entries()) {
      const print = this.prints.get(file);
      if (print !== undefined && mark > 0) this.checkpoint.update(file, mark, print);
    }
    await this.checkpoint.save(() => this.deadLetters.sync());
  }

  private fail(error: NtlmSiemError): void {
    // The first failure is the one to report; stop reading and drop batches not yet sent (their records are not
    // acknowledged, so a re-run sends them).
    this.failure ??= error;
    this.queue.abort();
  }
}

/** The installer's index template (assets/names.ts), for our data set or another one configured. */
function installedTemplateName(dataset: string): string {
  return dataset === "windows.ntlm_operational" ? NAMES.indexTemplate : `logs-${dataset}-ntlm-siem`;
}

function asShipError(error: unknown, secrets: readonly string[]): NtlmSiemError {
  if (error instanceof NtlmSiemError) {
    const message = scrub(error.message, secrets);
    if (message === error.message) return error;
    return new NtlmSiemError(error.code, error.stage, message, { retryable: error.retryable });
  }
  if (error instanceof Error && error.name === "ZodError")
    return new NtlmSiemError("config-invalid", "config", scrub(error.message, secrets));
  throw error;
}

function scrubbingLogger(logger: ShipLogger, secrets: readonly string[]): ShipLogger {
  return {
    warn: (message) => logger.warn(scrub(message, secrets)),
    info: (message) => logger.info(scrub(message, secrets)),
  };
}
