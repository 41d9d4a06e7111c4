import { readError, rejectItem } from "../read-reject.js";
import type { ReadItem, ReadLimits } from "../read-result.js";
import { classifyJsonDocument } from "./classify-json.js";
import { parseJsonExact } from "./json-numbers.js";
import { JsonSplitter } from "./json-splitter.js";
import type { JsonPiece } from "./json-splitter.js";

/** Reads NDJSON, a top-level array or concatenated JSON documents, one document in memory at a time. */
export async function* readJson(
  chunks: AsyncIterable<string>,
  file: string,
  limits: ReadLimits,
): AsyncGenerator<ReadItem> {
  const splitter = new JsonSplitter(limits.maxRecordChars);
  let records = 0;
  const nextRecord = (): number => ++records;
  for await (const chunk of chunks) {
    for (const piece of splitter.push(chunk)) yield* pieceItems(piece, file, nextRecord);
  }
  for (const piece of splitter.end()) yield* pieceItems(piece, file, nextRecord);
}

function pieceItems(piece: JsonPiece, file: string, nextRecord: () => number): ReadItem[] {
  const where =
    piece.element === undefined
      ? `line ${piece.line}`
      : `array element ${piece.element} (line ${piece.line})`;
  switch (piece.kind) {
    case "too-large":
      return [
        rejectItem(
          readError("record-too-large", `${where}: JSON document is larger than the record size limit`, {
            file,
            record: nextRecord(),
            line: piece.line,
          }),
          piece.excerpt,
        ),
      ];
    case "malformed":
      return [
        rejectItem(
          readError("json-malformed", `${where}: ${piece.reason}`, {
            file,
            record: nextRecord(),
            line: piece.line,
          }),
          piece.text,
        ),
      ];
    case "value": {
      let doc: unknown;
      try {
        doc = parseJsonExact(piece.text);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return [
          rejectItem(
            readError(
              "json-malformed",
              `${where}: invalid JSON: ${message}`,
              { file, record: nextRecord(), line: piece.line },
              err,
            ),
            piece.text,
          ),
        ];
      }
      return classifyJsonDocument(doc, { file, line: piece.line, nextRecord, where });
    }
  }
}
