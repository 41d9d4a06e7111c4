/**
 * The one error convention every decoder follows.
 *
 *  - absent / placeholder value        → `undefined`
 *  - value decoded                     → the decoded value (never wrapped, so the happy path allocates nothing extra)
 *  - non-empty value that makes no sense → a `DecodeFailure` instance (returned, never thrown)
 *
 * Returning instead of throwing keeps the per-event cost flat (no stack capture) and lets the normalizer decide per
 * field whether a failure rejects the record. `decodeErrorFor` turns a failure into the project's `NtlmSiemError`
 * with a message that names the field, which is what a rejected record must carry.
 */
import { NtlmSiemError, type ErrorLocation } from "../errors.js";

/** Raw values arrive exactly as the event carried them. */
export type RawValue = string | null | undefined;

/** Stable, machine-readable failure reasons (used in "rejected by reason" summaries). */
export type DecodeFailureCode =
  | "not-an-integer"
  | "out-of-range"
  | "not-a-boolean"
  | "not-a-timestamp"
  | "invalid-date"
  | "not-a-sid"
  | "not-an-ip"
  | "not-an-spn"
  | "not-an-account"
  | "not-a-hostname"
  | "not-an-oid"
  | "not-a-code";

export class DecodeFailure {
  /** Discriminant so failures are recognisable after structured cloning / JSON too. */
  readonly ok = false as const;
  readonly code: DecodeFailureCode;
  /** Human-readable reason, without the field name (the caller knows the field). */
  readonly reason: string;
  /** The offending value (trimmed), for --rejects output. */
  readonly raw: string;

  constructor(code: DecodeFailureCode, reason: string, raw: string) {
    this.code = code;
    this.reason = reason;
    this.raw = raw;
  }
}

/** A decoder's result: the value, `undefined` when absent, or a failure. */
export type Decoded<T> = T | DecodeFailure | undefined;

export function isDecodeFailure(value: unknown): value is DecodeFailure {
  return value instanceof DecodeFailure;
}

/** Longest excerpt of an offending value quoted in a message, so hostile input cannot bloat reports. */
const MAX_QUOTED = 80;

export function quoteRaw(raw: string): string {
  return JSON.stringify(raw.length > MAX_QUOTED ? `${raw.slice(0, MAX_QUOTED)}…` : raw);
}

/** "ClientLUID: \"0xZZ\" is not a hexadecimal integer" */
export function describeFailure(field: string, failure: DecodeFailure): string {
  return `${field}: ${quoteRaw(failure.raw)} ${failure.reason}`;
}

/** The rejection a normalizer reports for a field that failed to decode. */
export function decodeErrorFor(
  field: string,
  failure: DecodeFailure,
  location?: ErrorLocation,
): NtlmSiemError {
  return new NtlmSiemError(
    `decode.${failure.code}`,
    "normalize",
    describeFailure(field, failure),
    location === undefined ? {} : { location },
  );
}

export function fail(code: DecodeFailureCode, reason: string, raw: string): DecodeFailure {
  return new DecodeFailure(code, reason, raw);
}
