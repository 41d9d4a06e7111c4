/**
 * Value decoders: turn the raw strings of an NTLM event into typed values, once, fast.
 *
 * Error convention (applies to every decoder here):
 *  - Input is `string | null | undefined` exactly as the event carried it (`RawValue`).
 *  - Absent values – null/undefined, empty, whitespace-only, "(NULL)", "NULL", "-" – decode to `undefined`.
 *  - A decoded value is returned as is (no wrapper object).
 *  - A non-empty value that cannot be decoded returns a `DecodeFailure` (never thrown) with a stable `code`, a
 *    `reason` and the offending `raw` text. Test with `isDecodeFailure(x)`; turn it into the record's rejection with
 *    `decodeErrorFor(fieldName, failure, location)`, whose message names the field.
 *  - Exceptions: decoders whose inputs are unverified or client-controlled never fail – the KB5064479 status
 *    strings (→ "unknown" + raw), `decodeAvFlagsText`, and host names (flagged `wellFormed: false`); unknown but
 *    well-formed codes (logon types, usage reasons, secure channels, NTSTATUS, OIDs) decode with `known: false`.
 *
 * Decoders are pure (no I/O, no clock) and table-driven; known table hits return shared frozen objects, which
 * callers must treat as read-only.
 */
export * from "./result.js";
export * from "./placeholder.js";
export * from "./integer.js";
export * from "./boolean.js";
export * from "./time.js";
export * from "./sid.js";
export * from "./luid.js";
export * from "./ip.js";
export * from "./spn.js";
export * from "./text.js";
export * from "./account.js";
export * from "./host.js";
export * from "./enum-table.js";
export * from "./negotiate-flags.js";
export * from "./av-flags.js";
export * from "./usage-reason.js";
export * from "./logon-type.js";
export * from "./secure-channel.js";
export * from "./ntstatus.js";
export * from "./mechanism-oid.js";
export * from "./status-strings.js";
