import type { RecordOrigin } from "../../raw/raw-record.js";
import { readError, rejectItem } from "../read-reject.js";
import type { ReadItem, ReadLimits } from "../read-result.js";
import { EventSplitter } from "./event-splitter.js";
import type { SplitItem } from "./event-splitter.js";
import { parseEventXml, xmlErrorToReadError } from "./parse-event-xml.js";
import { stripViewerMarkers } from "./strip-viewer-markers.js";

/**
 * Reads Windows Event XML text (`<Events>` documents, bare concatenated `<Event>` elements, Event Viewer
 * copies, Splunk XmlWinEventLog exports) one event at a time: memory is bounded by the largest event.
 */
export async function* readXml(
  chunks: AsyncIterable<string>,
  file: string,
  limits: ReadLimits,
): AsyncGenerator<ReadItem> {
  for await (const batch of readXmlBatches(chunks, file, limits)) yield* batch;
}

/** readXml, handing out the items of one text chunk together: one await per chunk instead of one per event. */
export async function* readXmlBatches(
  chunks: AsyncIterable<string>,
  file: string,
  limits: ReadLimits,
): AsyncGenerator<ReadItem[]> {
  const splitter = new EventSplitter(limits.maxRecordChars);
  for await (const chunk of stripViewerMarkers(chunks)) {
    const batch: ReadItem[] = [];
    for (const item of splitter.push(chunk)) {
      batch.push(toReadItem(item, file, limits));
      // A DOCTYPE ends the reading: nothing after it is looked at.
      if (item.kind === "doctype") {
        yield batch;
        return;
      }
    }
    if (batch.length > 0) yield batch;
  }
  const batch = splitter.end().map((item) => toReadItem(item, file, limits));
  if (batch.length > 0) yield batch;
}

function toReadItem(item: SplitItem, file: string, limits: ReadLimits): ReadItem {
  switch (item.kind) {
    case "event": {
      const origin: RecordOrigin = { file, record: item.record, line: item.line, format: "xml" };
      try {
        return { kind: "record", record: parseEventXml(item.text, origin) };
      } catch (err) {
        return rejectItem(xmlErrorToReadError(err, origin), item.text);
      }
    }
    case "truncated":
      return rejectItem(
        readError(
          "xml-malformed",
          "truncated event: no </Event> before the next event or the end of the input",
          {
            file,
            record: item.record,
            line: item.line,
          },
        ),
        item.text,
      );
    case "too-large":
      return rejectItem(
        readError(
          "record-too-large",
          `event is larger than the record size limit of ${limits.maxRecordChars} characters (skipped after ${item.chars})`,
          {
            file,
            record: item.record,
            line: item.line,
          },
        ),
        item.excerpt,
      );
    case "doctype":
      return rejectItem(
        readError(
          "xml-doctype",
          "DOCTYPE/entity declarations are refused (entities are never expanded); the rest of the file is not read",
          { file, line: item.line },
        ),
        item.excerpt,
      );
  }
}
