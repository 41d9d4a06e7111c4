import { closeSync, openSync, readSync } from "node:fs";
import {
  convertReadItems,
  newConvertStats,
  type ConvertStats,
  type ErrorLocation,
  type ErrorStage,
  type OutputSchema,
} from "@ntlm-siem/core";
import { newChunkContext, resetChunkContext } from "../binxml/chunk-context.js";
import type { ChunkContext } from "../binxml/chunk-context.js";
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from "../binxml/constants.js";
import type { EvtxFileHeader } from "../file/file-header.js";
import { parseFileHeader } from "../file/file-header.js";
import type { EvtxLimits } from "../limits.js";
import type { EvtxProblem } from "../problems.js";
import { eventItem, rawReader } from "../read/read-evtx.js";
import { chunkOffsetOf, oneChunkItems } from "../read/scan-evtx.js";

/**
 * One chunk converted on its own (in a worker thread or, as a fallback, on the main thread): its documents as
 * NDJSON text and, in order, what else it held. Record ordinals in it count from 1 within the chunk; the main
 * thread adds the records of the chunks before (documents of ordinal-free schemas do not contain them).
 * Everything here is plain data, so it crosses threads by structured clone.
 */
export interface ChunkConversion {
  index: number;
  /** Ordinals the chunk used (records read and records rejected). */
  records: number;
  text: string;
  documents: number;
  /** The reader's problems (warnings are capped per file on the main thread) and conversion rejects. */
  entries: ChunkEntry[];
  /** Counts of the chunk's records as converted (reader problems are counted on the main thread). */
  stats: ConvertStats;
}

export type ChunkEntry =
  { kind: "problem"; problem: EvtxProblem } | { kind: "reject"; error: PlainError; excerpt?: string };

/** An NtlmSiemError as plain data. */
export interface PlainError {
  code: string;
  stage: ErrorStage;
  message: string;
  location?: ErrorLocation;
}

/** What a chunk converter needs to know: the same in every worker of one file. */
export interface ChunkJob {
  path: string;
  /** Name reported in origins and errors. */
  file: string;
  schema: OutputSchema;
  limits: EvtxLimits;
}

/** Converts chunks of one file read with synchronous reads (a worker has nothing else to do meanwhile). */
export class ChunkConverter {
  private readonly fd: number;
  private readonly header: EvtxFileHeader;
  private readonly ctx: ChunkContext;
  private readonly reader = rawReader();

  constructor(private readonly job: ChunkJob) {
    this.fd = openSync(job.path, "r");
    const head = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
    readFullySync(this.fd, head, 0);
    this.header = parseFileHeader(head);
    this.ctx = newChunkContext(Buffer.alloc(CHUNK_SIZE), CHUNK_SIZE, job.limits);
  }

  convert(index: number): ChunkConversion {
    const { ctx, job } = this;
    const length = readFullySync(this.fd, ctx.buf, chunkOffsetOf(index));
    if (length < CHUNK_SIZE) ctx.buf.fill(0, length);
    resetChunkContext(ctx, length);
    const { items, records } = oneChunkItems(ctx, index, this.header, this.reader);
    const stats = newConvertStats();
    const entries: ChunkEntry[] = [];
    let text = "";
    let documents = 0;
    for (const item of items) {
      if (item.kind === "problem") {
        entries.push({ kind: "problem", problem: item.problem });
        continue;
      }
      if (item.kind !== "event") continue;
      const [converted] = convertReadItems([eventItem(item.event, job.file)], job.schema, stats);
      if (converted?.kind === "document") {
        text += `${JSON.stringify(converted.document)}\n`;
        documents += 1;
      } else if (converted?.kind === "reject") {
        const { code, stage, message, location } = converted.error;
        const error: PlainError = { code, stage, message };
        if (location !== undefined) error.location = { ...location };
        entries.push(
          converted.excerpt === undefined
            ? { kind: "reject", error }
            : { kind: "reject", error, excerpt: converted.excerpt },
        );
      }
    }
    return { index, records, text, documents, entries, stats };
  }

  close(): void {
    closeSync(this.fd);
  }
}

function readFullySync(fd: number, buf: Buffer, position: number): number {
  let total = 0;
  while (total < buf.length) {
    const read = readSync(fd, buf, total, buf.length - total, position + total);
    if (read === 0) break;
    total += read;
  }
  return total;
}
