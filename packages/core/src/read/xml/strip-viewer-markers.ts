/**
 * Event Viewer's "Copy details as XML" text (and documents that quote it) prefixes expandable elements with
 * `- ` (e.g. `- <System>`). XML text content can never start with a raw `<`, so a line whose first non-blank
 * characters are `-` and spaces followed by `<` can only be such a marker; it is removed line by line while
 * streaming. Only the few characters at a chunk's end that might still turn into a marker are held back.
 */
export async function* stripViewerMarkers(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = "";
  let atLineStart = true;
  for await (const chunk of chunks) {
    let text = carry + chunk;
    carry = "";
    if (atLineStart) text = text.replace(/^([ \t]*)-[ \t]+(?=<)/, "$1");
    text = text.replace(/\n([ \t]*)-[ \t]+(?=<)/g, "\n$1");
    const lastNewline = text.lastIndexOf("\n");
    const tailStart = lastNewline + 1;
    if (tailStart > 0 || atLineStart) {
      const tail = text.slice(tailStart);
      if (tail.length < 256 && /^[ \t]*(?:-[ \t]*)?$/.test(tail) && tail.length > 0) {
        carry = tail;
        text = text.slice(0, tailStart);
      }
    }
    atLineStart = carry.length > 0 || text.endsWith("\n") || (text.length === 0 && atLineStart);
    if (text.length > 0) yield text;
  }
  if (carry.length > 0) yield carry;
}
