import { registerBinaryReader } from "@ntlm-siem/core";
import type { BinaryReader, ReadLimits } from "@ntlm-siem/core";
import { hasFileSignature } from "./file/file-header.js";
import { resolveLimits, type EvtxLimits } from "./limits.js";
import { convertEvtxInParallel } from "./parallel/convert-parallel.js";
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
  const evtxLimits = (limits: ReadLimits): EvtxLimits =>
    resolveLimits({ maxRecordChars: limits.maxRecordChars, ...options.limits });
  return {
    name: EVTX_READER_NAME,
    detect: (head) => hasFileSignature(head),
    read: (path, file, limits) => readEvtx(path, { file, carve, limits: evtxLimits(limits) }),
    // Carving needs every live record of the file before it starts: it stays on one thread.
    ...(carve
      ? {}
      : {
          convertInParallel: (path, file, limits, schema, threads) =>
            convertEvtxInParallel(path, file, schema, { threads, limits: evtxLimits(limits) }),
        }),
  };
}

/** Registers the EVTX reader with core (again: replaces the earlier registration, e.g. to switch carving on). */
export function registerEvtxReader(options: EvtxReaderOptions = {}): void {
  registerBinaryReader(evtxBinaryReader(options));
}
