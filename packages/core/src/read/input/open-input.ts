import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** The first bytes of a (decompressed) input, and all its bytes (those first ones included) as a stream. */
export interface OpenedInput {
  head: Buffer;
  chunks: AsyncIterable<Buffer>;
  gzip: boolean;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Opens a byte stream for sniffing: gzip is recognised by its magic bytes (RFC 1952 §2.3.1: ID1 = 0x1f,
 * ID2 = 0x8b), not by the file name, and decompressed on the fly; then up to `headBytes` of the content are
 * buffered so format detection can look at them before the reader consumes the stream.
 */
export async function openInput(source: NodeJS.ReadableStream, headBytes: number): Promise<OpenedInput> {
  const raw = peekable(toAsyncIterator(source));
  const magic = await raw.peek(2);
  const gzip = magic.length >= 2 && magic[0] === GZIP_MAGIC_0 && magic[1] === GZIP_MAGIC_1;
  let content: PeekableBytes = raw;
  if (gzip) {
    const gunzip = createGunzip();
    // pipeline destroys the gunzip stream with the source's error, so the consumer sees read errors too.
    pipeline(Readable.from(raw.rest()), gunzip, () => undefined);
    content = peekable(toAsyncIterator(gunzip));
  }
  const head = await content.peek(headBytes);
  return { head, chunks: content.rest(), gzip };
}

function toAsyncIterator(source: NodeJS.ReadableStream): AsyncIterator<Buffer> {
  const iterable = source as AsyncIterable<Buffer | string>;
  const it = iterable[Symbol.asyncIterator]();
  return {
    async next(): Promise<IteratorResult<Buffer>> {
      const r = await it.next();
      if (r.done === true) return { done: true, value: undefined };
      return { done: false, value: typeof r.value === "string" ? Buffer.from(r.value, "utf8") : r.value };
    },
    async return(): Promise<IteratorResult<Buffer>> {
      await it.return?.();
      return { done: true, value: undefined };
    },
  };
}

interface PeekableBytes {
  /** Buffers at least `n` bytes (fewer at the end of the stream) and returns them without consuming them. */
  peek(n: number): Promise<Buffer>;
  /** Every byte, the peeked ones first. Stopping the iteration early closes the source. */
  rest(): AsyncGenerator<Buffer>;
}

function peekable(it: AsyncIterator<Buffer>): PeekableBytes {
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let done = false;
  return {
    async peek(n) {
      while (pendingBytes < n && !done) {
        const r = await it.next();
        if (r.done === true) done = true;
        else if (r.value.length > 0) {
          pending.push(r.value);
          pendingBytes += r.value.length;
        }
      }
      return Buffer.concat(pending).subarray(0, n);
    },
    async *rest() {
      let finished = false;
      try {
        while (pending.length > 0) {
          const b = pending.shift();
          if (b !== undefined) yield b;
        }
        while (!done) {
          const r = await it.next();
          if (r.done === true) done = true;
          else yield r.value;
        }
        finished = true;
      } finally {
        if (!finished) await it.return?.();
      }
    },
  };
}
