import type { EvtxLimits } from "../limits.js";
import { resolveLimits } from "../limits.js";
import { WarningCap, type EvtxProblem } from "../problems.js";
import { rawReader } from "../read/read-evtx.js";
import { scanBatches } from "../read/scan-evtx.js";

/** What `inspect` reports about an .evtx file: its header, its chunks, its records and every problem found. */
export interface EvtxInspection {
  file: string;
  fileSize: number;
  header:
    | {
        version: string;
        firstChunkNumber: number;
        lastChunkNumber: number;
        chunkCount: number;
        nextRecordId: number;
        flags: number;
        dirty: boolean;
        full: boolean;
        signatureOk: boolean;
        checksumOk: boolean;
      }
    | undefined;
  chunks: {
    /** Chunk count in the file header. */
    inHeader: number;
    /** Chunk slots the file holds (64 KiB each after the 4 KiB header). */
    inFile: number;
    /** Chunks with an ElfChnk signature. */
    found: number;
    /** All-zero chunk slots. */
    empty: number;
    /** Chunks with a damaged signature or header/records checksum. */
    bad: number;
  };
  records: {
    /** Records read. */
    read: number;
    /** Records that could not be read. */
    rejected: number;
    firstRecordId: number | undefined;
    lastRecordId: number | undefined;
    /** Deleted records recovered (with `carve`; 0 otherwise). */
    recovered: number;
    /** Of those, recovered from their values alone (template overwritten). */
    recoveredFromValues: number;
  };
  /** Live records per Channel and per EventID (as rendered), most frequent first. */
  channels: Record<string, number>;
  eventIds: Record<string, number>;
  /** The same for recovered records (empty without `carve`). */
  recoveredChannels: Record<string, number>;
  recoveredEventIds: Record<string, number>;
  /**
   * Every reject, and warnings up to `limits.maxWarningsPerCode` per code; beyond that one summary warning per code
   * says how many more there were.
   */
  problems: EvtxProblem[];
}

export interface InspectEvtxOptions {
  file?: string;
  limits?: Partial<EvtxLimits>;
  /** Also look for deleted records in unallocated chunk space. */
  carve?: boolean;
}

export async function inspectEvtx(path: string, options: InspectEvtxOptions = {}): Promise<EvtxInspection> {
  const limits = resolveLimits(options.limits);
  const result: EvtxInspection = {
    file: options.file ?? path,
    fileSize: 0,
    header: undefined,
    chunks: { inHeader: 0, inFile: 0, found: 0, empty: 0, bad: 0 },
    records: {
      read: 0,
      rejected: 0,
      firstRecordId: undefined,
      lastRecordId: undefined,
      recovered: 0,
      recoveredFromValues: 0,
    },
    channels: {},
    eventIds: {},
    recoveredChannels: {},
    recoveredEventIds: {},
    problems: [],
  };
  const channels = new Map<string, number>();
  const eventIds = new Map<string, number>();
  const recoveredChannels = new Map<string, number>();
  const recoveredEventIds = new Map<string, number>();
  const badChunks = new Set<number>();
  const cap = new WarningCap(limits.maxWarningsPerCode);
  // Records are read into RawRecords (the fast path convert uses), not event trees: only System is looked at.
  for await (const batch of scanBatches(path, limits, { carve: options.carve === true }, rawReader()))
    for (const item of batch) {
      switch (item.kind) {
        case "file":
          result.fileSize = item.fileSize;
          result.chunks.inFile = item.chunksInFile;
          if (item.header !== undefined) {
            const h = item.header;
            result.chunks.inHeader = h.chunkCount;
            result.header = {
              version: `${h.majorVersion}.${h.minorVersion}`,
              firstChunkNumber: h.firstChunkNumber,
              lastChunkNumber: h.lastChunkNumber,
              chunkCount: h.chunkCount,
              nextRecordId: h.nextRecordId,
              flags: h.flags,
              dirty: h.dirty,
              full: h.full,
              signatureOk: h.signatureOk,
              checksumOk: h.checksumOk,
            };
          }
          break;
        case "chunk":
          if (item.state === "ok") result.chunks.found += 1;
          else if (item.state === "empty") result.chunks.empty += 1;
          else badChunks.add(item.index);
          if (
            item.header !== undefined &&
            (!item.header.headerChecksumOk || item.header.recordsChecksumOk === false)
          ) {
            badChunks.add(item.index);
          }
          break;
        case "event": {
          const { event } = item;
          const system = event.raw?.system ?? {};
          if (event.recovered !== undefined) {
            result.records.recovered += 1;
            if (event.recovered === "values") result.records.recoveredFromValues += 1;
            count(recoveredChannels, system.channel ?? "(none)");
            count(recoveredEventIds, system.eventId ?? "(none)");
            break;
          }
          result.records.read += 1;
          result.records.firstRecordId ??= event.recordId;
          result.records.lastRecordId = event.recordId;
          count(channels, system.channel ?? "(none)");
          count(eventIds, system.eventId ?? "(none)");
          break;
        }
        case "problem":
          if (item.problem.severity === "reject") result.records.rejected += 1;
          if (cap.admit(item.problem)) result.problems.push(item.problem);
          break;
      }
    }
  for (const { code, message } of cap.capped()) result.problems.push({ code, severity: "warning", message });
  result.chunks.bad = badChunks.size;
  result.channels = sorted(channels);
  result.eventIds = sorted(eventIds);
  result.recoveredChannels = sorted(recoveredChannels);
  result.recoveredEventIds = sorted(recoveredEventIds);
  return result;
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sorted(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
