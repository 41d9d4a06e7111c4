/** The text formats readInputs can read; binary formats come from registered binary readers. */
export type TextFormat = "xml" | "json";

/**
 * Decides from the first characters: `<` is XML, `- <` an Event Viewer copy (XML with line markers), `{` or `[`
 * JSON. Leading whitespace and a BOM are skipped. Undefined when nothing matches or the text is blank.
 */
export function sniffTextFormat(headText: string): TextFormat | undefined {
  const m = /^[\uFEFF\s]*(\S)(?:[ \t]*(\S))?/.exec(headText);
  if (m === null) return undefined;
  const first = m[1];
  if (first === "<") return "xml";
  if (first === "-" && m[2] === "<") return "xml";
  if (first === "{" || first === "[") return "json";
  return undefined;
}
