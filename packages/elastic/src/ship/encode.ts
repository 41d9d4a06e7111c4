import type { JsonObject, NtlmEvent } from "@ntlm-siem/core";
import { documentId } from "./document-id.js";

/** One document ready for `_bulk`: its action and source lines, serialized once and reused on every retry. */
export interface EncodedDocument {
  id: string;
  /** The `create` action line (no trailing newline). */
  action: string;
  /** The source line (no trailing newline). */
  source: string;
  /** Bytes both lines take in the request body, newlines included. */
  bytes: number;
  /** Where the record came from: the checkpoint and the dead-letter file name it. */
  origin: { file: string; record: number; line?: number };
  /** Absolute path of the input, or undefined for stdin (which cannot be re-read, so is never checkpointed). */
  fileKey: string | undefined;
}

export interface DataStreamTarget {
  name: string;
  dataset: string;
  namespace: string;
}

/**
 * ECS document -> bulk lines. Data streams accept only `create` operations
 * (https://elastic.co/docs/manage-data/data-store/data-streams/use-data-stream#add-documents-to-a-data-stream), and a
 * `create` with an existing `_id` answers 409 instead of overwriting, which is what makes resending safe.
 *
 * The mapped document is sent as core produced it, plus the `data_stream.*` fields Elastic Agent sets: the `logs`
 * mappings declare them `constant_keyword`, so they must agree with the stream the document lands in.
 */
export function encodeDocument(
  document: JsonObject,
  event: NtlmEvent,
  target: DataStreamTarget,
  fileKey: string | undefined,
): EncodedDocument {
  const id = documentId(event, document);
  const action = `{"create":{"_id":${JSON.stringify(id)}}}`;
  const source = JSON.stringify({
    ...document,
    data_stream: { type: "logs", dataset: target.dataset, namespace: target.namespace },
  });
  const origin: EncodedDocument["origin"] = { file: event.origin.file, record: event.origin.record };
  if (event.origin.line !== undefined) origin.line = event.origin.line;
  return {
    id,
    action,
    source,
    bytes: Buffer.byteLength(action) + Buffer.byteLength(source) + 2,
    origin,
    fileKey,
  };
}
