import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { NtlmSiemError } from "../errors.js";
import { BINARY_HEAD_BYTES, findBinaryReader } from "./binary-readers.js";
import type { BinaryReader } from "./binary-readers.js";
import { expandInput } from "./input/expand-inputs.js";
import type { ExpandedInput } from "./input/expand-inputs.js";
import { openInput } from "./input/open-input.js";
import type { OpenedInput } from "./input/open-input.js";
import { sniffTextFormat } from "./input/sniff-format.js";
import { decodeChunks, decodeHead, detectEncoding } from "./input/text-decoding.js";
import { readJsonBatches } from "./json/read-json.js";
import { batchesOf, flattenBatches } from "./read-batches.js";
import { asReadError, readError, rejectItem } from "./read-reject.js";
import { DEFAULT_READ_LIMITS } from "./read-result.js";
import type { ReadItem, ReadLimits } from "./read-result.js";
import { readXmlBatches } from "./xml/read-xml.js";

/**
 * File read size. Each chunk becomes one string: V8 keeps strings under 128 KiB in the young generation, where
 * making them (and dropping them) is several times cheaper than for larger strings.
 */
const FILE_CHUNK_BYTES = 64 * 1024;

export interface ReadInputsOptions {
  limits?: Partial<ReadLimits>;
  /** The stream read for the input "-" (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Directory relative inputs are resolved against (default: process.cwd()). */
  cwd?: string;
}

/**
 * Reads every input in order and yields its records and rejections. Inputs are files, directories (walked
 * recursively in sorted order, hidden entries skipped, only files whose content is recognised), glob patterns
 * and "-" for stdin. An input that cannot be found or read yields one rejection; the other inputs are still read.
 */
export function readInputs(
  inputs: readonly string[],
  options: ReadInputsOptions = {},
): AsyncGenerator<ReadItem> {
  return flattenBatches(readInputBatches(inputs, options));
}

/** readInputs, a text chunk's items at a time (see read-batches.ts). */
async function* readInputBatches(
  inputs: readonly string[],
  options: ReadInputsOptions,
): AsyncGenerator<ReadItem[]> {
  const limits = resolveReadLimits(options);
  const expandOptions = options.cwd === undefined ? {} : { cwd: options.cwd };
  for (const input of inputs) {
    for (const target of await expandInput(input, expandOptions)) {
      yield* readExpandedBatches(target, options, limits);
    }
  }
}

export function resolveReadLimits(options: ReadInputsOptions): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...options.limits };
}

/** What readInputs reads for one expanded input, a batch at a time. */
export async function* readExpandedBatches(
  target: ExpandedInput,
  options: ReadInputsOptions,
  limits: ReadLimits,
): AsyncGenerator<ReadItem[]> {
  switch (target.kind) {
    case "error":
      yield [rejectItem(target.error)];
      break;
    case "stdin":
      yield* readStreamBatches(options.stdin ?? process.stdin, "-", undefined, true, limits);
      break;
    case "file":
      yield* readStreamBatches(
        createReadStream(target.path, { highWaterMark: FILE_CHUNK_BYTES }),
        target.file,
        target.path,
        target.explicit,
        limits,
      );
      break;
  }
}

/**
 * The registered binary reader for a plain (not gzip) file on disk, from its first bytes, or undefined (also when
 * the file cannot be read: the ordinary reading path then reports why).
 */
export async function binaryReaderOfFile(filePath: string): Promise<BinaryReader | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(filePath, "r");
    const head = Buffer.alloc(BINARY_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return findBinaryReader(head.subarray(0, bytesRead));
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/**
 * Reads one byte stream: gzip is undone, registered binary readers are asked first, then the text is sniffed as
 * XML or JSON. `explicit` inputs with unrecognised content are rejected; files found by expansion are skipped.
 */
export function readStream(
  stream: NodeJS.ReadableStream,
  file: string,
  filePath: string | undefined,
  explicit: boolean,
  limits: ReadLimits,
): AsyncGenerator<ReadItem> {
  return flattenBatches(readStreamBatches(stream, file, filePath, explicit, limits));
}

async function* readStreamBatches(
  stream: NodeJS.ReadableStream,
  file: string,
  filePath: string | undefined,
  explicit: boolean,
  limits: ReadLimits,
): AsyncGenerator<ReadItem[]> {
  let opened: OpenedInput;
  try {
    opened = await openInput(stream, BINARY_HEAD_BYTES);
  } catch (err) {
    destroy(stream);
    yield [rejectItem(inputError(err, file))];
    return;
  }
  const binary = findBinaryReader(opened.head);
  if (binary !== undefined) {
    yield* readBinary(binary, opened, file, filePath, stream, limits);
    return;
  }
  const encoding = detectEncoding(opened.head);
  const format = sniffTextFormat(decodeHead(opened.head, encoding));
  if (format === undefined) {
    destroy(stream);
    const blank = decodeHead(opened.head, encoding).trim() === "";
    if (explicit && !blank) {
      yield [
        rejectItem(
          readError(
            "unknown-format",
            `${file}: content is not recognised as Windows Event XML, JSON or a registered binary format`,
            { file },
          ),
          opened.head.subarray(0, 64).toString("latin1"),
        ),
      ];
    }
    return;
  }
  const text = decodeChunks(opened.chunks, encoding);
  try {
    yield* format === "xml" ? readXmlBatches(text, file, limits) : readJsonBatches(text, file, limits);
  } catch (err) {
    yield [rejectItem(inputError(err, file))];
  } finally {
    destroy(stream);
  }
}

async function* readBinary(
  reader: BinaryReader,
  opened: OpenedInput,
  file: string,
  filePath: string | undefined,
  stream: NodeJS.ReadableStream,
  limits: ReadLimits,
): AsyncGenerator<ReadItem[]> {
  if (filePath !== undefined && !opened.gzip) {
    // The binary reader opens the file itself (it needs random access).
    destroy(stream);
    yield* guarded(reader.read(filePath, file, limits), reader, file);
    return;
  }
  // stdin or a gzip: spool the content to a private temporary file, since binary readers need a path.
  const dir = await mkdtemp(path.join(tmpdir(), "ntlm-siem-"));
  try {
    const spool = path.join(dir, "input");
    try {
      await pipeline(Readable.from(opened.chunks), createWriteStream(spool, { mode: 0o600 }));
    } catch (err) {
      yield [rejectItem(inputError(err, file))];
      return;
    }
    yield* guarded(reader.read(spool, file, limits), reader, file);
  } finally {
    destroy(stream);
    await rm(dir, { recursive: true, force: true });
  }
}

async function* guarded(
  items: AsyncIterable<ReadItem>,
  reader: BinaryReader,
  file: string,
): AsyncGenerator<ReadItem[]> {
  try {
    yield* batchesOf(items);
  } catch (err) {
    yield [rejectItem(asReadError(err, "binary-reader-failed", { file }), `${reader.name} reader`)];
  }
}

function inputError(err: unknown, file: string): NtlmSiemError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return readError("input-not-found", `${file} does not exist`, { file }, err);
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" || code === "Z_STREAM_ERROR") {
    return readError("gzip-corrupt", `${file}: gzip data is corrupt or truncated`, { file }, err);
  }
  if (err instanceof NtlmSiemError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return readError("input-unreadable", `${file}: cannot be read: ${message}`, { file }, err);
}

function destroy(stream: NodeJS.ReadableStream): void {
  // process.stdin is shared with the rest of the program: leave it open.
  if (stream === process.stdin) return;
  const d = (stream as { destroy?: () => void }).destroy;
  if (typeof d === "function") d.call(stream);
}
