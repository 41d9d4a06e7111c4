import type { EncodedDocument } from "./encode.js";

export interface BatchLimits {
  maxDocuments: number;
  maxBytes: number;
}

/**
 * The request builder's sizing: documents accumulate until the next one would pass either limit. A document larger
 * than maxBytes on its own still goes out, alone (the cluster decides: a 413 sends it to the dead-letter file).
 */
export class Batcher {
  private docs: EncodedDocument[] = [];
  private bytes = 0;

  constructor(private readonly limits: BatchLimits) {}

  get size(): number {
    return this.docs.length;
  }

  /** Adds a document; returns the batch that had to be closed to make room, if any. */
  add(doc: EncodedDocument): EncodedDocument[] | undefined {
    let closed: EncodedDocument[] | undefined;
    if (this.docs.length > 0 && this.bytes + doc.bytes > this.limits.maxBytes) closed = this.take();
    this.docs.push(doc);
    this.bytes += doc.bytes;
    if (closed === undefined && this.docs.length >= this.limits.maxDocuments) closed = this.take();
    return closed;
  }

  /** The open batch, closed now (undefined when empty). */
  take(): EncodedDocument[] | undefined {
    if (this.docs.length === 0) return undefined;
    const out = this.docs;
    this.docs = [];
    this.bytes = 0;
    return out;
  }
}
