import type { EvtxLimits } from "../limits.js";
import type { RecordWarning } from "../problems.js";
import type { TemplateDefinition } from "./nodes.js";

/**
 * What parsing Binary XML needs from its chunk: the chunk bytes (every name and template offset in Binary XML
 * is relative to the chunk start), the usable end, and per-chunk caches of names and templates keyed by their
 * offset. The caches are filled by following offsets in the bytes, never from the chunk's own string and
 * template tables, which can be stale or corrupted (security_bad_string_cache.evtx).
 *
 * A slack scanner can build one over any 64 KiB buffer and parse records at arbitrary offsets with it.
 */
export interface ChunkContext {
  buf: Buffer;
  /** Bytes of `buf` that belong to the chunk (less than 65536 for a truncated last chunk). */
  length: number;
  limits: EvtxLimits;
  names: Map<number, string>;
  templates: Map<number, TemplateDefinition | Error>;
  /** Template offsets being parsed right now (guards a definition that refers to itself). */
  parsing: Set<number>;
  /** Warnings of the record being parsed. */
  warnings: RecordWarning[];
  /**
   * Carving: bytes outside the live records may have been overwritten, so an offset that still lands on
   * something parseable proves nothing. When set, a template instance must carry the identifier of the
   * definition it points to, and a name referred to by offset must carry its own NameHash.
   */
  strict: boolean;
}

export function newChunkContext(buf: Buffer, length: number, limits: EvtxLimits): ChunkContext {
  return {
    buf,
    length,
    limits,
    names: new Map(),
    templates: new Map(),
    parsing: new Set(),
    warnings: [],
    strict: false,
  };
}

/** Starts a new chunk in the same context (reusing the buffer): caches of the previous chunk are dropped. */
export function resetChunkContext(ctx: ChunkContext, length: number): void {
  ctx.length = length;
  ctx.names.clear();
  ctx.templates.clear();
  ctx.parsing.clear();
  ctx.warnings = [];
}
