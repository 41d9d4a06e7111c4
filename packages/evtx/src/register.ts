import { registerBinaryReader } from "@ntlm-siem/core";
import type { BinaryReader } from "@ntlm-siem/core";
import { hasFileSignature } from "./file/file-header.js";
import type { EvtxLimits } from "./limits.js";
import { readEvtx } from "./read/read-evtx.js";

export const EVTX_READER_NAME = "evtx";

export interface EvtxReaderOptions {
  limits?: Partial<EvtxLimits>;
  /** Recover deleted records too (see ReadEvtxOptions.carve). */
  carve?: boolean;
}

/** The BinaryReader core's readInputs uses for .evtx content, detected by the `ElfFile\0` signature. */
export function evtxBinaryReader(options: EvtxReaderOptions = {}): BinaryReader {
  const carve = options.carve === true;
  return {
    name: EVTX_READER_NAME,
    detect: (head) => hasFileSignature(head),
    read: (path, file, limits) =>
      readEvtx(path, { file, carve, limits: { maxRecordChars: limits.maxRecordChars, ...options.limits } }),
  };
}

/** Registers the EVTX reader with core (again: replaces the earlier registration, e.g. to switch carving on). */
export function registerEvtxReader(options: EvtxReaderOptions = {}): void {
  registerBinaryReader(evtxBinaryReader(options));
}
