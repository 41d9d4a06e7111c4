/**
 * Logon session identifiers (LUID, rendered as HexInt64 such as ClientLUID "0x3e4"). The fixed LUIDs of the
 * built-in service logon sessions come from ntifs.h / winnt.h: SYSTEM_LUID 0x3e7, ANONYMOUS_LOGON_LUID 0x3e6,
 * LOCALSERVICE_LUID 0x3e5, NETWORKSERVICE_LUID 0x3e4, IUSER_LUID 0x3e3.
 */
import { isDecodeFailure, type Decoded, type RawValue } from "./result.js";
import { decodeHexInt64, type HexInt64 } from "./integer.js";

export interface DecodedLuid extends HexInt64 {
  /** Name of a well-known logon session (e.g. "NETWORK SERVICE" for 0x3e4). */
  name?: string;
}

export const WELL_KNOWN_LUIDS: Readonly<Record<string, string>> = Object.freeze({
  "0x3e3": "IUSR",
  "0x3e4": "NETWORK SERVICE",
  "0x3e5": "LOCAL SERVICE",
  "0x3e6": "ANONYMOUS LOGON",
  "0x3e7": "SYSTEM",
});

export function decodeLuid(raw: RawValue): Decoded<DecodedLuid> {
  const r = decodeHexInt64(raw);
  if (r === undefined || isDecodeFailure(r)) return r;
  const name = WELL_KNOWN_LUIDS[r.hex];
  if (name === undefined) return r;
  const out: DecodedLuid = r;
  out.name = name;
  return out;
}
