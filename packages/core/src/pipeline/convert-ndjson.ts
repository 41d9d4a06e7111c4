import { ORDINAL_FREE_SCHEMAS, type OutputSchema } from "../map/index.js";
import { expandInput } from "../read/input/expand-inputs.js";
import { asReadError, rejectItem } from "../read/read-reject.js";
import {
  binaryReaderOfFile,
  readExpandedBatches,
  resolveReadLimits,
  type ReadInputsOptions,
} from "../read/read-inputs.js";
import { convertReadItems, mergeConvertStats, type ConvertItem, type ConvertStats } from "./convert.js";

/** A reject or a warning of a conversion. */
export type ConvertProblem = Extract<ConvertItem, { kind: "reject" | "warning" }>;

/** Part of a conversion to NDJSON: documents as text, and the rejects and warnings met on the way, in order. */
export interface NdjsonBatch {
  /**
   * One JSON document per line, each line ending in "\n" (empty when there are none): text, or its UTF-8 bytes
   * when it was made on another thread (bytes cross threads without a copy).
   */
  ndjson: string | Uint8Array;
  documents: number;
  problems: ConvertProblem[];
}

/** An NdjsonBatch made elsewhere (another thread), with the counts of what it covers. */
export interface ConvertedPart extends NdjsonBatch {
  stats: ConvertStats;
}

export interface ConvertNdjsonOptions extends ReadInputsOptions {
  /**
   * Threads a binary reader may use to convert one large file (its parts in parallel, output in file order).
   * 1 (the default) converts everything on this thread.
   */
  threads?: number;
}

/**
 * Every input converted to NDJSON text, a reader batch at a time: what `convertItems(readInputs(...))` gives, with
 * the documents already serialized. Files a registered binary reader can convert in parallel (see
 * BinaryReader.convertInParallel) are, when `threads` > 1 and the schema is ordinal-free; the result is the same.
 */
export async function* convertToNdjson(
  inputs: readonly string[],
  schema: OutputSchema,
  stats: ConvertStats,
  options: ConvertNdjsonOptions = {},
): AsyncGenerator<NdjsonBatch> {
  const limits = resolveReadLimits(options);
  const threads = options.threads ?? 1;
  const parallel = threads > 1 && ORDINAL_FREE_SCHEMAS.includes(schema);
  const expandOptions = options.cwd === undefined ? {} : { cwd: options.cwd };
  for (const input of inputs) {
    for (const target of await expandInput(input, expandOptions)) {
      if (parallel && target.kind === "file") {
        const reader = await binaryReaderOfFile(target.path);
        if (reader?.convertInParallel !== undefined) {
          try {
            const parts = reader.convertInParallel(target.path, target.file, limits, schema, threads);
            for await (const part of parts) {
              mergeConvertStats(stats, part.stats);
              yield { ndjson: part.ndjson, documents: part.documents, problems: part.problems };
            }
          } catch (err) {
            // As for a binary reader that fails (readInputs): what was converted stays, the failure is a reject.
            const error = asReadError(err, "binary-reader-failed", { file: target.file });
            yield toNdjson(convertReadItems([rejectItem(error, `${reader.name} reader`)], schema, stats));
          }
          continue;
        }
      }
      for await (const batch of readExpandedBatches(target, options, limits)) {
        yield toNdjson(convertReadItems(batch, schema, stats));
      }
    }
  }
}

/** The documents of converted items as NDJSON text, with the rejects and warnings among them. */
export function toNdjson(items: readonly ConvertItem[]): NdjsonBatch {
  let text = "";
  let documents = 0;
  const problems: ConvertProblem[] = [];
  for (const item of items) {
    if (item.kind === "document") {
      text += `${JSON.stringify(item.document)}\n`;
      documents += 1;
    } else if (item.kind !== "skip") problems.push(item);
  }
  return { ndjson: text, documents, problems };
}
