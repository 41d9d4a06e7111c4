// @ntlm-siem/evtx: streaming reader of binary .evtx files.
export * from "./binxml/constants.js";
export { crc32 } from "./crc32.js";
export { DEFAULT_EVTX_LIMITS, resolveLimits, type EvtxLimits } from "./limits.js";
export type { EvtxProblem, ProblemSeverity, RecordWarning } from "./problems.js";
export { parseFileHeader, hasFileSignature, type EvtxFileHeader } from "./file/file-header.js";
export { parseChunkHeader, hasChunkSignature, type ChunkHeader } from "./chunk/chunk-header.js";
export { walkChunk, nextRecord, type ChunkItem } from "./chunk/walk-chunk.js";
export { newChunkContext, resetChunkContext, type ChunkContext } from "./binxml/chunk-context.js";
export type { EvtxElement, EvtxAttribute, EvtxNode } from "./binxml/nodes.js";
export { isElement } from "./binxml/nodes.js";
export {
  parseRecordAt,
  hasConsistentSize,
  isRecordSignature,
  type ParsedRecord,
  type RecordResult,
} from "./record/parse-record.js";
export { toRawRecord } from "./record/to-raw-record.js";
export {
  scanEvtx,
  type EvtxEvent,
  type ScanItem,
  type ChunkState,
  type ScanOptions,
} from "./read/scan-evtx.js";
export { carveCandidates, type Extent } from "./carve/find-candidates.js";
export { carveRecordAt, type CarveResult, type CarveMethod } from "./carve/carve-record.js";
export { instanceValues, type InstanceValues } from "./carve/instance-values.js";
export { SystemIndex } from "./carve/standard-event.js";
export { IdRanges } from "./carve/id-ranges.js";
export {
  readEvtx,
  readEvtxEvents,
  readEvtxXml,
  type ReadEvtxOptions,
  type EvtxItem,
  type EvtxXmlItem,
  type EvtxXmlEvent,
} from "./read/read-evtx.js";
export { renderEvtxXml, type RenderXmlOptions } from "./xml/render-xml.js";
export {
  registerEvtxReader,
  evtxBinaryReader,
  EVTX_READER_NAME,
  type EvtxReaderOptions,
} from "./register.js";
export { inspectEvtx, type EvtxInspection, type InspectEvtxOptions } from "./inspect/inspect-evtx.js";
export {
  convertEvtxInParallel,
  MIN_PARALLEL_CHUNKS,
  type ParallelConvertOptions,
} from "./parallel/convert-parallel.js";
