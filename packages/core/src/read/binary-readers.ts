import type { OutputSchema } from "../map/index.js";
import type { ConvertedPart } from "../pipeline/convert-ndjson.js";
import type { ReadItem, ReadLimits } from "./read-result.js";

/**
 * A reader for a binary input format (the EVTX package registers one). Core never depends on such a package:
 * the package registers itself and readInputs asks every registered reader about the first 4 KiB of each input.
 */
export interface BinaryReader {
  name: string;
  /** Decides from the first (up to) 4 KiB of the (decompressed) content. */
  detect(head: Buffer): boolean;
  /** `path` is a readable file on disk; `file` is the name to report (as the user gave it, "-" for stdin). */
  read(path: string, file: string, limits: ReadLimits): AsyncIterable<ReadItem>;
  /**
   * Optional: converts a file to NDJSON documents of an ordinal-free schema with up to `threads` threads, parts in
   * file order, exactly as reading it with `read` and converting would (same documents, rejects, warnings and
   * counts). Used by convertToNdjson when more than one thread is allowed.
   */
  convertInParallel?(
    path: string,
    file: string,
    limits: ReadLimits,
    schema: OutputSchema,
    threads: number,
  ): AsyncIterable<ConvertedPart>;
}

export const BINARY_HEAD_BYTES = 4096;

const registry: BinaryReader[] = [];

/** Registers a reader; registering a reader with the same name again replaces the earlier one. */
export function registerBinaryReader(reader: BinaryReader): void {
  const existing = registry.findIndex((r) => r.name === reader.name);
  if (existing >= 0) registry.splice(existing, 1, reader);
  else registry.push(reader);
}

export function unregisterBinaryReader(name: string): boolean {
  const existing = registry.findIndex((r) => r.name === name);
  if (existing < 0) return false;
  registry.splice(existing, 1);
  return true;
}

export function findBinaryReader(head: Buffer): BinaryReader | undefined {
  const sample = head.subarray(0, BINARY_HEAD_BYTES);
  return registry.find((r) => r.detect(sample));
}
