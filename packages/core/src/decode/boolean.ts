/**
 * Booleans arrive in many spellings: the manifest's Boolean type renders "true"/"false", exporters emit JSON
 * true/false or "True"/"False", Security-log style fields use the message-table references "%%1842" (Yes) and
 * "%%1843" (No) from msobjs.dll, and hand-written configs say yes/no/on/off/1/0.
 */
import { fail, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";

/** Every accepted spelling (compared case-insensitively) and the value it means. */
export const BOOLEAN_SPELLINGS: Readonly<Record<string, boolean>> = Object.freeze({
  true: true,
  false: false,
  "1": true,
  "0": false,
  yes: true,
  no: false,
  on: true,
  off: false,
  "%%1842": true,
  "%%1843": false,
});

const LOOKUP: ReadonlyMap<string, boolean> = new Map(Object.entries(BOOLEAN_SPELLINGS));

export function decodeBoolean(raw: RawValue): Decoded<boolean> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  if (s.length <= 7) {
    // Exact hit first (the common "true"/"false"), lower-casing only when needed.
    const exact = LOOKUP.get(s);
    if (exact !== undefined) return exact;
    const folded = LOOKUP.get(s.toLowerCase());
    if (folded !== undefined) return folded;
  }
  return fail("not-a-boolean", "is not a boolean (true/false, 1/0, yes/no, on/off, %%1842/%%1843)", s);
}
