import type { StringPart } from "./types.js";

/**
 * Sigma plain-string values: `*` and `?` are wildcards; a backslash escapes a following `*`, `?` or backslash and
 * is literal before anything else (so Windows paths need no doubling: `C:\Windows\*` is a path prefix). This is
 * pySigma's SigmaString reading.
 */
export function parseSigmaString(raw: string): StringPart[] {
  const parts: StringPart[] = [];
  let text = "";
  const flush = (): void => {
    if (text !== "") parts.push({ type: "text", text });
    text = "";
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === "\\") {
      const next = raw.charAt(i + 1);
      if (next === "*" || next === "?" || next === "\\") {
        text += next;
        i++;
      } else text += c;
    } else if (c === "*" || c === "?") {
      flush();
      parts.push({ type: "wildcard", char: c });
    } else text += c;
  }
  flush();
  return parts;
}

/** True when the value has an unescaped wildcard. */
export function hasWildcard(parts: readonly StringPart[]): boolean {
  return parts.some((p) => p.type === "wildcard");
}
