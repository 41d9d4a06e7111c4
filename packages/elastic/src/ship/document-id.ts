import { createHash } from "node:crypto";
import type { NtlmEvent } from "@ntlm-siem/core";

/**
 * The document `_id`: a hash of the record's identity, so the same event always gets the same `_id` and a retry or a
 * re-run meets a 409 on `create` instead of a duplicate (Beats documents the same fix for its at-least-once delivery:
 * https://www.elastic.co/guide/en/beats/filebeat/current/filebeat-deduplication.html).
 *
 * Identity: host, channel, provider, event ID, EventRecordID and TimeCreated (a record ID alone repeats across hosts
 * and after a log is cleared), and whether the record was carved from unallocated space: a recovered copy is evidence
 * of its own and must never be taken for (or hide) the live record. Inputs without an EventRecordID (some exports drop
 * it) fall back to the whole mapped document, which is deterministic.
 *
 * 32 base64url characters (192 bits of SHA-256): far below the 512-byte `_id` limit, no collisions in practice.
 */
export function documentId(event: NtlmEvent, document: unknown): string {
  const { record } = event;
  const identity: unknown[] = [
    "ntlm-siem/1",
    record.host ?? "",
    record.channel,
    record.provider ?? "",
    record.eventId,
    record.timestamp,
    event.origin.recovered === true ? "recovered" : "live",
  ];
  identity.push(record.recordId ?? ["content", document]);
  return createHash("sha256").update(JSON.stringify(identity)).digest("base64url").slice(0, 32);
}
