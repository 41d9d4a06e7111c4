/**
 * Shared machinery for small numeric code tables (usage reasons, logon types, secure-channel types): decode a
 * decimal (or 0x-hex) code or one of the entry's names, case-insensitively. Unknown numeric codes are returned as
 * `known: false` rather than rejected – Windows adds codes over time and a new code must not drop the event.
 */
import { fail, type Decoded, type RawValue } from "./result.js";
import { presentOrUndefined } from "./placeholder.js";
import { hasHexPrefix, parseUnsignedDecimal, UINT32_MAX } from "./integer.js";

export interface CodeEntry {
  id: number;
  name: string;
}

export interface CodeTable<E extends CodeEntry> {
  byId: ReadonlyMap<number, E>;
  byName: ReadonlyMap<string, E>;
}

/** Fold for name look-ups: lower case, spaces/hyphens/underscores removed. */
export function foldKey(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 45 || c === 95 || c === 9) continue;
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i];
  }
  return out;
}

export function buildCodeTable<E extends CodeEntry>(
  entries: readonly E[],
  aliases: (e: E) => string[],
): CodeTable<E> {
  const byId = new Map<number, E>();
  const byName = new Map<string, E>();
  for (const e of entries) {
    byId.set(e.id, e);
    for (const a of [e.name, ...aliases(e)]) byName.set(foldKey(a), e);
  }
  return { byId, byName };
}

const HEX32 = /^0[xX][0-9a-fA-F]{1,8}$/;

export type Looked<E> = { known: true; entry: E; id: number } | { known: false; id: number };

/** Decode a code: the entry, an unknown id, or a failure for text that is neither a number nor a known name. */
export function lookupCode<E extends CodeEntry>(
  raw: RawValue,
  table: CodeTable<E>,
  what: string,
): Decoded<Looked<E>> {
  const s = presentOrUndefined(raw);
  if (s === undefined) return undefined;
  const id = hasHexPrefix(s)
    ? HEX32.test(s)
      ? Number.parseInt(s.slice(2), 16)
      : -1
    : parseUnsignedDecimal(s, UINT32_MAX);
  if (id >= 0) {
    const entry = table.byId.get(id);
    return entry === undefined ? { known: false, id } : { known: true, entry, id };
  }
  const byName = table.byName.get(foldKey(s));
  if (byName !== undefined) return { known: true, entry: byName, id: byName.id };
  return fail("not-a-code", `is not a ${what} (a number or a known name)`, s);
}
