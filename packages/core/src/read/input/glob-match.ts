/**
 * A small glob matcher (Node 20 has no fs.glob): `*`, `?`, `[abc]`, `[a-z]`, `[!x]` / `[^x]` within one path
 * segment, and `**` as a whole segment for any number of directories. As in a shell, wildcards do not match a
 * leading dot, so hidden files are only found when the pattern names the dot itself.
 */

export function hasGlobMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

export function segmentHasMagic(segment: string): boolean {
  return hasGlobMagic(segment);
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/;

/** Compiles one path segment (no `/`) into an anchored regular expression. */
export function compileSegment(segment: string): RegExp {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charAt(i);
    if (c === "*") {
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const cls = readClass(segment, i);
      if (cls === undefined) {
        out += "\\[";
      } else {
        out += cls.source;
        i = cls.end;
      }
    } else {
      out += REGEX_SPECIAL.test(c) ? `\\${c}` : c;
    }
  }
  return new RegExp(`^${out}$`, "u");
}

/** Parses `[...]` starting at `start`; undefined when it is not closed (then `[` is literal, as in a shell). */
function readClass(segment: string, start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (segment.charAt(i) === "!" || segment.charAt(i) === "^") {
    negate = true;
    i++;
  }
  let body = "";
  let first = true;
  for (; i < segment.length; i++) {
    const c = segment.charAt(i);
    if (c === "]" && !first) return { source: `[${negate ? "^" : ""}${body}]`, end: i };
    first = false;
    // Inside a class only these have a meaning to the RegExp engine that a glob class does not give them.
    body += c === "\\" || c === "]" || c === "^" || c === "[" ? `\\${c}` : c;
  }
  return undefined;
}

export function matchSegment(regex: RegExp, name: string, segment: string): boolean {
  if (name.startsWith(".") && !segment.startsWith(".")) return false;
  return regex.test(name);
}
