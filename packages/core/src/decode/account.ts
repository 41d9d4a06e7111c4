/**
 * Account names. NTLM events carry user and domain either as separate fields (UserName + DomainName,
 * ClientUserName + ClientDomainName) or combined ("OFFSEC\\alice", "NT AUTHORITY\\SYSTEM"); users may also type a
 * UPN ("alice@contoso.com"), which NTLM forwards in the user field with an empty domain. `kind` follows ASIM's
 * UsernameType values: Windows (DOMAIN\\user), UPN, Simple (no domain).
 *
 * Computer accounts end in "$" (MS-ADTS: sAMAccountName of a computer object); "ANONYMOUS LOGON" is the name
 * Windows logs for null sessions (S-1-5-7). Names are partly client-supplied and Credential Guard sessions have
 * logged garbled names, so odd characters are flagged (`hasNonPrintable`), never a reason to reject.
 */
import { fail, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { hasNonPrintable } from "./text.js";

export type AccountKind = "windows" | "upn" | "simple";

/** ASIM UsernameType spelling for each kind. */
export const ASIM_USERNAME_TYPES: Readonly<Record<AccountKind, "Windows" | "UPN" | "Simple">> = Object.freeze(
  {
    windows: "Windows",
    upn: "UPN",
    simple: "Simple",
  },
);

export interface DecodedAccount {
  /** The account name without domain (for a UPN: the part before "@"). */
  name: string;
  domain?: string;
  /** The full UPN when the name was given as one. */
  upn?: string;
  kind: AccountKind;
  /** Name ends in "$": a computer (or trust/gMSA) account. */
  isMachine: boolean;
  /** For machine accounts: the name without the trailing "$". */
  host?: string;
  isAnonymous: boolean;
  /** Name or domain contains non-printable characters (garbled / Credential Guard / hostile input). */
  hasNonPrintable: boolean;
}

const ANONYMOUS = "ANONYMOUS LOGON";

function build(name: string, domain: string | undefined, kind: AccountKind, upn?: string): DecodedAccount {
  const isMachine = name.length > 1 && name.charCodeAt(name.length - 1) === 36; // "$"
  const out: DecodedAccount = {
    name,
    kind,
    isMachine,
    isAnonymous: name.length === ANONYMOUS.length && name.toUpperCase() === ANONYMOUS,
    hasNonPrintable: hasNonPrintable(name) || (domain !== undefined && hasNonPrintable(domain)),
  };
  if (domain !== undefined) out.domain = domain;
  if (upn !== undefined) out.upn = upn;
  if (isMachine) out.host = name.slice(0, -1);
  return out;
}

/**
 * Decode an account from a user field and, optionally, its separate domain field. A domain embedded in the user
 * field ("DOMAIN\\user") wins over the separate field.
 */
export function decodeAccount(userRaw: RawValue, domainRaw?: RawValue): Decoded<DecodedAccount> {
  const user = presentOrUndefined(userRaw);
  if (user === undefined) return undefined;
  const domainField = presentOrUndefined(domainRaw);

  const bs = user.indexOf("\\");
  if (bs >= 0) {
    const name = user.slice(bs + 1);
    if (name.length === 0) return fail("not-an-account", "has a domain but no user name", user);
    if (name.indexOf("\\") >= 0) return fail("not-an-account", 'has more than one "\\"', user);
    const domain = bs > 0 ? user.slice(0, bs) : domainField;
    return build(name, domain, domain === undefined ? "simple" : "windows");
  }

  const at = user.lastIndexOf("@");
  if (at >= 0) {
    if (at === 0 || at === user.length - 1) {
      return fail("not-an-account", "is not a user principal name (empty part around @)", user);
    }
    return build(user.slice(0, at), domainField ?? user.slice(at + 1), "upn", user);
  }

  return build(user, domainField, domainField === undefined ? "simple" : "windows");
}

/** The account as ASIM/CIM want it in one string: DOMAIN\\user, the UPN, or the bare name. */
export function formatAccount(account: DecodedAccount): string {
  if (account.kind === "upn" && account.upn !== undefined) return account.upn;
  return account.domain === undefined ? account.name : `${account.domain}\\${account.name}`;
}
