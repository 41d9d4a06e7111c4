/**
 * NTSTATUS values ([MS-ERREF] 2.3) as NTLM and Security events log them: HexInt32 ("0xc000006d", "0xC000006D"),
 * decimal, or a negative Int32 from tools that treat the field as signed ("-1073741715").
 *
 * `asimResultDetails` is the ASIM Authentication `EventResultDetails` value. Where Microsoft's ASIM Windows
 * authentication parser maps the code (Azure-Sentinel Parsers/ASimAuthentication/Parsers/
 * ASimAuthenticationMicrosoftWindowsEvent.yaml and …MicrosoftSecurityEvents.yaml, `LogonStatus` datatable), the
 * same value is used and `asimSource` is "asim-parser" – including its choices of "Other" for STATUS_LOGON_FAILURE
 * and STATUS_PASSWORD_MUST_CHANGE. Codes the parser does not list are mapped by this project (`asimSource:
 * "project"`). The parser also lists a few SSPI HRESULTs (SEC_E_*) seen in 4625; they are kept for parity.
 */
import { fail, isDecodeFailure, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import {
  decodeHexInt32,
  hasHexPrefix,
  isDecimalDigits,
  parseUnsignedDecimal,
  UINT32_MAX,
} from "./integer.js";

/** Values allowed for ASIM EventResultDetails that this table uses. */
export type AsimResultDetails =
  | "No such user or password"
  | "Incorrect password"
  | "Account expired"
  | "Password expired"
  | "User locked"
  | "User disabled"
  | "Logon violates policy"
  | "Session expired"
  | "Other";

export const ASIM_RESULT_DETAILS: readonly AsimResultDetails[] = Object.freeze([
  "No such user or password",
  "Incorrect password",
  "Account expired",
  "Password expired",
  "User locked",
  "User disabled",
  "Logon violates policy",
  "Session expired",
  "Other",
]);

export type NtStatusSeverity = "success" | "informational" | "warning" | "error";

export interface NtStatusEntry {
  value: number;
  /** "0xC000006D": 8 upper-case hex digits, the form Microsoft documentation uses. */
  code: string;
  name: string;
  message: string;
  /** Undefined for success codes. */
  asimResultDetails?: AsimResultDetails;
  asimSource?: "asim-parser" | "project";
}

export interface DecodedNtStatus {
  value: number;
  code: string;
  name?: string;
  message?: string;
  /** NT_SUCCESS(): severity success or informational. */
  isSuccess: boolean;
  severity: NtStatusSeverity;
  asimResultDetails?: AsimResultDetails;
}

function codeText(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, "0")}`;
}

const P = "asim-parser" as const;
const J = "project" as const;
const e = (
  value: number,
  name: string,
  message: string,
  asim?: AsimResultDetails,
  source?: typeof P | typeof J,
): NtStatusEntry =>
  Object.freeze(
    asim === undefined
      ? { value, code: codeText(value), name, message }
      : { value, code: codeText(value), name, message, asimResultDetails: asim, asimSource: source ?? J },
  );

/** Authentication-relevant status codes. Names per [MS-ERREF] 2.3.1; messages are short paraphrases. */
export const NTSTATUS_CODES: readonly NtStatusEntry[] = Object.freeze([
  e(0x00000000, "STATUS_SUCCESS", "The operation completed successfully."),
  e(0xc0000008, "STATUS_INVALID_HANDLE", "An invalid handle was specified.", "Other", P),
  e(0xc0000017, "STATUS_NO_MEMORY", "Not enough virtual memory or paging file quota.", "Other", P),
  e(0xc0000022, "STATUS_ACCESS_DENIED", "Access denied.", "Other", P),
  e(0xc0000034, "STATUS_OBJECT_NAME_NOT_FOUND", "The object name was not found.", "Other", P),
  e(
    0xc000005e,
    "STATUS_NO_LOGON_SERVERS",
    "No logon servers are available to service the logon request.",
    "Other",
    P,
  ),
  e(0xc0000062, "STATUS_INVALID_ACCOUNT_NAME", "The account name is not properly formatted.", "Other", J),
  e(
    0xc0000064,
    "STATUS_NO_SUCH_USER",
    "The specified account does not exist.",
    "No such user or password",
    P,
  ),
  e(
    0xc000006a,
    "STATUS_WRONG_PASSWORD",
    "The user name is correct but the password is wrong.",
    "Incorrect password",
    P,
  ),
  e(
    0xc000006c,
    "STATUS_PASSWORD_RESTRICTION",
    "The password does not meet password policy requirements.",
    "Other",
    J,
  ),
  e(0xc000006d, "STATUS_LOGON_FAILURE", "Logon failure: unknown user name or bad password.", "Other", P),
  e(
    0xc000006e,
    "STATUS_ACCOUNT_RESTRICTION",
    "An account restriction prevented the logon.",
    "Logon violates policy",
    P,
  ),
  e(
    0xc000006f,
    "STATUS_INVALID_LOGON_HOURS",
    "Logon outside the account's allowed hours.",
    "Logon violates policy",
    P,
  ),
  e(
    0xc0000070,
    "STATUS_INVALID_WORKSTATION",
    "The account may not log on from this workstation.",
    "Logon violates policy",
    P,
  ),
  e(0xc0000071, "STATUS_PASSWORD_EXPIRED", "The account's password has expired.", "Password expired", P),
  e(0xc0000072, "STATUS_ACCOUNT_DISABLED", "The account is disabled.", "User disabled", P),
  e(
    0xc0000073,
    "STATUS_NONE_MAPPED",
    "No mapping between account names and security IDs was done.",
    "Other",
    P,
  ),
  e(0xc000009a, "STATUS_INSUFFICIENT_RESOURCES", "Insufficient system resources.", "Other", P),
  e(0xc00000bb, "STATUS_NOT_SUPPORTED", "The request is not supported.", "Other", J),
  e(0xc00000dc, "STATUS_INVALID_SERVER_STATE", "The SAM server was in the wrong state.", "Other", P),
  e(0xc00000df, "STATUS_NO_SUCH_DOMAIN", "The specified domain does not exist.", "Other", J),
  e(0xc00000fe, "STATUS_NO_SUCH_PACKAGE", "The specified authentication package is unknown.", "Other", P),
  e(0xc0000106, "STATUS_NAME_TOO_LONG", "A specified name is too long.", "Other", P),
  e(
    0xc000010b,
    "STATUS_INVALID_LOGON_TYPE",
    "An invalid logon type was requested.",
    "Logon violates policy",
    P,
  ),
  e(
    0xc0000133,
    "STATUS_TIME_DIFFERENCE_AT_DC",
    "The clocks of the client and the domain controller differ too much.",
    "Other",
    P,
  ),
  e(
    0xc000015b,
    "STATUS_LOGON_TYPE_NOT_GRANTED",
    "The user has not been granted the requested logon type.",
    "Logon violates policy",
    P,
  ),
  e(
    0xc000018b,
    "STATUS_NO_TRUST_SAM_ACCOUNT",
    "The SAM database has no computer account for this trust relationship.",
    "Logon violates policy",
    P,
  ),
  e(
    0xc000018d,
    "STATUS_TRUSTED_RELATIONSHIP_FAILURE",
    "The trust relationship with the domain failed.",
    "Other",
    P,
  ),
  e(0xc0000192, "STATUS_NETLOGON_NOT_STARTED", "The Netlogon service is not started.", "Other", J),
  e(0xc0000193, "STATUS_ACCOUNT_EXPIRED", "The account has expired.", "Account expired", P),
  e(
    0xc0000198,
    "STATUS_NOLOGON_INTERDOMAIN_TRUST_ACCOUNT",
    "The account is an interdomain trust account.",
    "Other",
    J,
  ),
  e(
    0xc0000199,
    "STATUS_NOLOGON_WORKSTATION_TRUST_ACCOUNT",
    "The account is a workstation trust account.",
    "Other",
    J,
  ),
  e(0xc000019a, "STATUS_NOLOGON_SERVER_TRUST_ACCOUNT", "The account is a server trust account.", "Other", J),
  e(
    0xc0000224,
    "STATUS_PASSWORD_MUST_CHANGE",
    "The password must be changed before logging on the first time.",
    "Other",
    P,
  ),
  e(0xc0000225, "STATUS_NOT_FOUND", "The object was not found.", "Other", J),
  e(0xc0000234, "STATUS_ACCOUNT_LOCKED_OUT", "The account is locked out.", "User locked", P),
  e(
    0xc00002ee,
    "STATUS_UNFINISHED_CONTEXT_DELETED",
    "A security context was deleted before it was completed.",
    "Other",
    P,
  ),
  e(0xc000035c, "STATUS_NETWORK_SESSION_EXPIRED", "The client session has expired.", "Session expired", J),
  e(0xc0000380, "STATUS_SMARTCARD_WRONG_PIN", "An incorrect smart card PIN was presented.", "Other", P),
  e(0xc0000381, "STATUS_SMARTCARD_CARD_BLOCKED", "The smart card is blocked.", "Other", P),
  e(
    0xc0000382,
    "STATUS_SMARTCARD_CARD_NOT_AUTHENTICATED",
    "No PIN was presented to the smart card.",
    "Other",
    P,
  ),
  e(0xc0000383, "STATUS_SMARTCARD_NO_CARD", "No smart card is available.", "Other", P),
  e(
    0xc0000384,
    "STATUS_SMARTCARD_NO_KEY_CONTAINER",
    "The smart card key container does not exist.",
    "Other",
    P,
  ),
  e(0xc0000385, "STATUS_SMARTCARD_NO_CERTIFICATE", "The smart card certificate does not exist.", "Other", P),
  e(0xc0000386, "STATUS_SMARTCARD_NO_KEYSET", "The smart card keyset does not exist.", "Other", P),
  e(0xc0000387, "STATUS_SMARTCARD_IO_ERROR", "A smart card communication error occurred.", "Other", P),
  e(
    0xc0000388,
    "STATUS_DOWNGRADE_DETECTED",
    "An attempt to downgrade the authentication protocol was detected.",
    "Other",
    P,
  ),
  e(0xc0000389, "STATUS_SMARTCARD_CERT_REVOKED", "The smart card certificate has been revoked.", "Other", P),
  e(
    0xc0000413,
    "STATUS_AUTHENTICATION_FIREWALL_FAILED",
    "The user is not allowed to authenticate to this server (selective authentication).",
    "Logon violates policy",
    J,
  ),
  e(
    0xc0000418,
    "STATUS_NTLM_BLOCKED",
    "NTLM authentication was blocked by policy.",
    "Logon violates policy",
    J,
  ),
  e(0x80090302, "SEC_E_UNSUPPORTED_FUNCTION", "The requested SSPI function is not supported.", "Other", P),
  e(0x80090308, "SEC_E_INVALID_TOKEN", "The token supplied to the function is invalid.", "Other", P),
  e(0x8009030e, "SEC_E_NO_CREDENTIALS", "No credentials are available in the security package.", "Other", P),
  e(
    0x80090325,
    "SEC_E_UNTRUSTED_ROOT",
    "The certificate chain was issued by an untrusted authority.",
    "Other",
    P,
  ),
]);

const SEVERITIES: readonly NtStatusSeverity[] = ["success", "informational", "warning", "error"];

function toDecoded(value: number): DecodedNtStatus {
  const severity = SEVERITIES[value >>> 30] ?? "error";
  const isSuccess = value < 0x80000000;
  const out: DecodedNtStatus = { value, code: codeText(value), isSuccess, severity };
  if (!isSuccess) out.asimResultDetails = "Other";
  return out;
}

/** Precomputed, shared (frozen) results for the known codes: decoding a known code allocates nothing. */
const KNOWN: ReadonlyMap<number, DecodedNtStatus> = new Map(
  NTSTATUS_CODES.map((entry) => {
    const d = toDecoded(entry.value);
    d.name = entry.name;
    d.message = entry.message;
    if (entry.asimResultDetails !== undefined) d.asimResultDetails = entry.asimResultDetails;
    return [entry.value, Object.freeze(d)];
  }),
);

export const NTSTATUS_BY_NAME: ReadonlyMap<string, NtStatusEntry> = new Map(
  NTSTATUS_CODES.map((x) => [x.name, x]),
);

/** NTSTATUS from hex, unsigned decimal or negative Int32 decimal. */
export function decodeNtStatus(raw: RawValue): Decoded<DecodedNtStatus> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  let value: number;
  if (hasHexPrefix(s)) {
    const hex = decodeHexInt32(s);
    if (hex === undefined || isDecodeFailure(hex)) {
      return fail("not-a-code", "is not an NTSTATUS (0x + hex digits, at most 32 bits)", s);
    }
    value = hex.value;
  } else if (s.charCodeAt(0) === 45 && isDecimalDigits(s, 1)) {
    const magnitude = parseUnsignedDecimal(s, 0x80000000, 1);
    if (magnitude < 0) return fail("out-of-range", "is below the Int32 minimum -2147483648", s);
    value = magnitude === 0 ? 0 : 0x100000000 - magnitude;
  } else {
    value = parseUnsignedDecimal(s, UINT32_MAX);
    if (value === -2) return fail("out-of-range", "does not fit in 32 bits", s);
    if (value < 0) return fail("not-a-code", "is not an NTSTATUS (hex or decimal)", s);
  }
  return KNOWN.get(value) ?? toDecoded(value);
}
