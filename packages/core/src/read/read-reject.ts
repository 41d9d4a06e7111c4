import { NtlmSiemError } from "../errors.js";
import type { ErrorLocation } from "../errors.js";
import type { ReadItem } from "./read-result.js";

/** Longest excerpt kept with a rejection: enough to recognise the record, never the whole of a hostile one. */
export const EXCERPT_CHARS = 200;

export function readError(
  code: string,
  message: string,
  location: ErrorLocation,
  cause?: unknown,
): NtlmSiemError {
  return new NtlmSiemError(code, "read", message, cause === undefined ? { location } : { location, cause });
}

export function excerptOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

export function rejectItem(error: NtlmSiemError, text?: string): ReadItem {
  const excerpt = excerptOf(text);
  return excerpt === undefined ? { kind: "reject", error } : { kind: "reject", error, excerpt };
}

/** Wraps anything thrown while reading a record into the project's error type, keeping NtlmSiemError as is. */
export function asReadError(err: unknown, fallbackCode: string, location: ErrorLocation): NtlmSiemError {
  if (err instanceof NtlmSiemError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return readError(fallbackCode, message, location, err);
}
