// EVTX test writer: Windows Event XML → .evtx with real templates. A test tool, not a general EVTX writer
// (see README.md in this folder). Its CRC32 stays internal: the package index already exports the reader's.
export { writeEvtx, writeEvtxFile, buildEvtx, EvtxAssembler } from "./write-evtx.js";
export type {
  ChecksumMode,
  ChunkSummary,
  EvtxDamage,
  EvtxWriteSummary,
  EvtxWriterOptions,
  RecordPlacement,
} from "./options.js";
