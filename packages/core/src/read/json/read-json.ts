import { readError, rejectItem } from "../read-reject.js";
import type { ReadItem, ReadLimits } from "../read-result.js";
import { classifyJsonDocument } from "./classify-json.js";
import type { JsonDocumentContext } from "./classify-json.js";
import { parseJsonExact } from "./json-numbers.js";
import { JsonSplitter } from "./json-splitter.js";
import type { JsonPiece } from "./json-splitter.js";

/** Reads NDJSON, a top-level array or concatenated JSON documents, one document in memory at a time. */
export async function* readJson(
  chunks: AsyncIterable<string>,
  file: string,
  limits: ReadLimits,
): AsyncGenerator<ReadItem> {
  for await (const batch of readJsonBatches(chunks, file, limits)) yield* batch;
}

/**
 * readJson, handing out the items of one text chunk together: one await per chunk instead of one per record.
 * Memory stays bounded by the chunk size (and the largest document).
 */
export async function* readJsonBatches(
  chunks: AsyncIterable<string>,
  file: string,
  limits: ReadLimits,
): AsyncGenerator<ReadItem[]> {
  const splitter = new JsonSplitter(limits.maxRecordChars);
  let records = 0;
  const nextRecord = (): number => ++records;
  for await (const chunk of chunks) yield* piecesItems(splitter.push(chunk), file, nextRecord);
  yield* piecesItems(splitter.end(), file, nextRecord);
}

/**
 * Records per batch: enough to make the await per batch negligible, few enough that a batch's records are still
 * young when they are converted (a whole chunk's worth would outlive minor garbage collections and cost more).
 */
const BATCH_RECORDS = 32;

/**
 * The items of some pieces, in batches. Should a piece fail unexpectedly, the items before it are still handed
 * out before the error, as they would have been one by one.
 */
function* piecesItems(pieces: JsonPiece[], file: string, nextRecord: () => number): Generator<ReadItem[]> {
  let items: ReadItem[] = [];
  let failure: { error: unknown } | undefined;
  for (const piece of pieces) {
    try {
      pieceItems(piece, file, nextRecord, items);
    } catch (error) {
      failure = { error };
      break;
    }
    if (items.length >= BATCH_RECORDS) {
      yield items;
      items = [];
    }
  }
  if (items.length > 0) yield items;
  if (failure !== undefined) throw failure.error;
}

/** How a piece is named in messages ("line 12", "array element 3 (line 40)"). */
function placeOf(piece: JsonPiece): string {
  return piece.element === undefined
    ? `line ${piece.line}`
    : `array element ${piece.element} (line ${piece.line})`;
}

function pieceItems(piece: JsonPiece, file: string, nextRecord: () => number, out: ReadItem[]): void {
  switch (piece.kind) {
    case "too-large":
      out.push(
        rejectItem(
          readError(
            "record-too-large",
            `${placeOf(piece)}: JSON document is larger than the record size limit`,
            { file, record: nextRecord(), line: piece.line },
          ),
          piece.excerpt,
        ),
      );
      return;
    case "malformed":
      out.push(
        rejectItem(
          readError("json-malformed", `${placeOf(piece)}: ${piece.reason}`, {
            file,
            record: nextRecord(),
            line: piece.line,
          }),
          piece.text,
        ),
      );
      return;
    case "value": {
      let doc: unknown;
      try {
        doc = parseJsonExact(piece.text);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        out.push(
          rejectItem(
            readError(
              "json-malformed",
              `${placeOf(piece)}: invalid JSON: ${message}`,
              { file, record: nextRecord(), line: piece.line },
              err,
            ),
            piece.text,
          ),
        );
        return;
      }
      for (const item of classifyJsonDocument(doc, new PieceContext(file, piece, nextRecord))) out.push(item);
      return;
    }
  }
}

/** The context of one document; its name in messages is only spelled out when a message needs it. */
class PieceContext implements JsonDocumentContext {
  readonly line: number;

  constructor(
    readonly file: string,
    private readonly piece: JsonPiece,
    readonly nextRecord: () => number,
  ) {
    this.line = piece.line;
  }

  get where(): string {
    return placeOf(this.piece);
  }
}
