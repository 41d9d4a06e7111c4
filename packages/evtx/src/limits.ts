/**
 * Bounds on everything the reader takes from the file, so a hostile or damaged .evtx cannot make it allocate
 * without bound, recurse without end or spend unbounded work on one chunk. Every size and count read from the
 * file is checked against these before it is used.
 */
export interface EvtxLimits {
  /** Deepest nesting of elements, template instances and Binary XML values within one record. */
  maxDepth: number;
  /** Most values a template instance may declare (Windows manifests stay far below this). */
  maxSubstitutions: number;
  /** Most XML nodes (elements, attributes, text pieces) one record may expand to. */
  maxNodesPerRecord: number;
  /** Most characters of text one record may expand to (core's maxRecordChars when registered with core). */
  maxRecordChars: number;
  /** Warnings of one code reported per file before the rest are only counted in one summary warning. */
  maxWarningsPerCode: number;
}

export const DEFAULT_EVTX_LIMITS: EvtxLimits = {
  maxDepth: 64,
  maxSubstitutions: 1024,
  maxNodesPerRecord: 100_000,
  maxRecordChars: 8 * 1024 * 1024,
  maxWarningsPerCode: 100,
};

export function resolveLimits(limits: Partial<EvtxLimits> | undefined): EvtxLimits {
  return limits === undefined ? DEFAULT_EVTX_LIMITS : { ...DEFAULT_EVTX_LIMITS, ...limits };
}
