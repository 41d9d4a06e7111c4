import { registerBinaryReader } from "@ntlm-siem/core";
import type { BinaryReader } from "@ntlm-siem/core";
import { hasFileSignature } from "./file/file-header.js";
import type { EvtxLimits } from "./limits.js";
import { readEvtx } from "./read/read-evtx.js";

export const EVTX_READER_NAME = "evtx";

/** The BinaryReader core's readInputs uses for .evtx content, detected by the `ElfFile\0` signature. */
export function evtxBinaryReader(options: { limits?: Partial<EvtxLimits> } = {}): BinaryReader {
  return {
    name: EVTX_READER_NAME,
    detect: (head) => hasFileSignature(head),
    read: (path, file, limits) =>
      readEvtx(path, { file, limits: { maxRecordChars: limits.maxRecordChars, ...options.limits } }),
  };
}

/** Registers the EVTX reader with core (again: replaces the earlier registration). */
export function registerEvtxReader(options: { limits?: Partial<EvtxLimits> } = {}): void {
  registerBinaryReader(evtxBinaryReader(options));
}
