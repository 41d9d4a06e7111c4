// @ntlm-siem/core: the NTLM event catalog, readers, the normalized model and its mappings to ECS, CIM and ASIM.
export { NtlmSiemError, formatLocation, type ErrorStage, type ErrorLocation } from "./errors.js";
export type {
  RawRecord,
  RawSystem,
  RawDataItem,
  RawRendering,
  RecordOrigin,
  InputFormat,
} from "./raw/raw-record.js";
export * from "./catalog/index.js";
export * from "./model/index.js";
export * from "./read/index.js";
export * from "./decode/index.js";
export * from "./schema/index.js";
export * from "./map/index.js";
export { normalize, type NormalizeResult } from "./normalize/normalize.js";
export { LEVEL_BY_NAME, LEVEL_BY_NUMBER } from "./normalize/system.js";
export { NTLMV1_EVENT_IDS } from "./normalize/judge.js";
export {
  convertBatches,
  convertItems,
  convertReadItems,
  mergeConvertStats,
  newConvertStats,
  type ConvertItem,
  type ConvertStats,
} from "./pipeline/convert.js";
export {
  convertToNdjson,
  toNdjson,
  type ConvertedPart,
  type ConvertNdjsonOptions,
  type ConvertProblem,
  type NdjsonBatch,
} from "./pipeline/convert-ndjson.js";
export { checkDocument } from "./pipeline/check.js";
export { readNdjsonFile } from "./pipeline/ndjson-file.js";
export { renderMappingsDoc, type DocTable } from "./docs/mappings-doc.js";
export { decoderValueTables } from "./docs/value-tables.js";
export { renderDetectionsDoc } from "./docs/detections-doc.js";
export * from "./content/index.js";
