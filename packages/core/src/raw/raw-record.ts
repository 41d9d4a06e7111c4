/**
 * The one raw-record structure every reader yields (XML, JSON shapes, and later EVTX), so normalization is written
 * once. Values stay strings exactly as the source carried them; decoding happens in normalization, where a bad
 * value can be reported against its record instead of breaking the reader.
 */

/** Input formats a reader can recognise. */
export type InputFormat =
  | "xml" // Windows Event XML: <Event>, <Events>, Event Viewer copies, Splunk XmlWinEventLog
  | "json-evtx" // {"Event":{"System":…,"EventData":…}} (evtx dump style)
  | "json-seed" // {"system":…,"event_data":…} (documentation / ETW dump style)
  | "json-winlog" // Winlogbeat / Elastic Agent documents (winlog.*)
  | "json-sentinel-windowsevent" // Sentinel WindowsEvent rows (EventData as an object)
  | "json-sentinel-event" // Sentinel / Log Analytics Event rows (EventData / ParameterXml as XML text)
  | "json-splunk" // Splunk exports whose _raw is Windows Event XML
  | "evtx"; // binary .evtx (packages/evtx)

/** Where a record came from: enough to find it again and to report it. */
export interface RecordOrigin {
  /** File path as given by the user, or "-" for stdin. */
  file: string;
  /** 1-based ordinal of the record within the file (counting every record the reader saw, good or bad). */
  record: number;
  /** 1-based line where the record starts, for text inputs. */
  line?: number;
  /** Byte offset of the record in the file, when known (EVTX). */
  offset?: number;
  format: InputFormat;
  /** True for records carved from unallocated space (EVTX --carve): never to be mistaken for live records. */
  recovered?: boolean;
}

/** One <Data> element of EventData (or one key of an EventData object), in source order. */
export interface RawDataItem {
  /** The Name attribute; undefined for unnamed <Data> elements (classic events with positional data). */
  name: string | undefined;
  /** The text, or null when the element was empty / the JSON value was null. */
  value: string | null;
}

/** The System section, as strings exactly as given (attribute or element text). */
export interface RawSystem {
  providerName?: string;
  providerGuid?: string;
  eventSourceName?: string;
  eventId?: string;
  /** EventID Qualifiers attribute (classic events). */
  qualifiers?: string;
  version?: string;
  level?: string;
  task?: string;
  opcode?: string;
  keywords?: string;
  /** TimeCreated SystemTime, verbatim (full 7-digit precision kept). */
  timeCreated?: string;
  eventRecordId?: string;
  activityId?: string;
  relatedActivityId?: string;
  processId?: string;
  threadId?: string;
  channel?: string;
  computer?: string;
  userId?: string;
}

/** Text the publisher rendered (RenderingInfo, a `message` field, Sentinel RenderedDescription). */
export interface RawRendering {
  message?: string;
  level?: string;
  task?: string;
  opcode?: string;
  channel?: string;
  provider?: string;
  keywords?: string[];
  culture?: string;
}

export interface RawRecord {
  origin: RecordOrigin;
  system: RawSystem;
  eventData: RawDataItem[];
  /** UserData content flattened to name/value pairs (rare on this channel; kept so nothing is lost). */
  userData?: RawDataItem[];
  rendering?: RawRendering;
}
