/**
 * Windows renders "no value" in several ways: the event log's "(NULL)" for empty UnicodeString substitutions,
 * "NULL", the Security log's "-", or simply an empty element. All of them mean absent; anything else is kept as
 * given apart from surrounding whitespace (Event Viewer copies carry trailing spaces, see the atc-data fixture).
 */
import type { RawValue } from "./result.js";

/** Spellings treated as absent (after trimming). Lower-case variants come from tools that fold case. */
export const PLACEHOLDERS: readonly string[] = ["(NULL)", "NULL", "(null)", "null", "-", ""];

const PLACEHOLDER_SET: ReadonlySet<string> = new Set(PLACEHOLDERS);

/** True for null/undefined, whitespace-only and the placeholder spellings. */
export function isPlaceholder(raw: RawValue): boolean {
  if (raw === null || raw === undefined) return true;
  // Cheap length guard first: every placeholder is at most 6 characters once trimmed.
  if (raw.length <= 6) return PLACEHOLDER_SET.has(raw.trim());
  const trimmed = raw.trim();
  return trimmed.length <= 6 && PLACEHOLDER_SET.has(trimmed);
}

/** The trimmed value, or `undefined` when it is absent or a placeholder. */
export function presentOrUndefined(raw: RawValue): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (trimmed.length <= 6 && PLACEHOLDER_SET.has(trimmed)) return undefined;
  return trimmed;
}
