import { once } from "node:events";
import { createWriteStream, rmSync, type WriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/** Bytes a file output buffers before the writer waits for the disk (16 KiB by default: a wait every ~10 documents). */
const WRITE_HIGH_WATER_MARK = 1 << 20;

/**
 * NDJSON output that honours backpressure and never leaves a half-written file under the final name: a file is
 * written beside its target and renamed into place only when complete, so a crash leaves the old file (or none).
 */
export class NdjsonWriter {
  private constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly finalPath: string | undefined,
    private readonly tempPath: string | undefined,
  ) {}

  static toStream(stream: NodeJS.WritableStream): NdjsonWriter {
    return new NdjsonWriter(stream, undefined, undefined);
  }

  static async toFile(path: string): Promise<NdjsonWriter> {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.partial-${process.pid}`;
    const stream = createWriteStream(temp, { flags: "w", highWaterMark: WRITE_HIGH_WATER_MARK });
    await once(stream, "open");
    return new NdjsonWriter(stream, path, temp);
  }

  async write(value: unknown): Promise<void> {
    if (!this.stream.write(`${JSON.stringify(value)}\n`)) await once(this.stream, "drain");
  }

  /** NDJSON lines already serialized, as text or UTF-8 bytes (one write and at most one wait for the stream). */
  async writeNdjson(ndjson: string | Uint8Array): Promise<void> {
    if (ndjson.length === 0) return;
    if (!this.stream.write(ndjson)) await once(this.stream, "drain");
  }

  /** Completes the output: flushes and renames a file into place. */
  async close(): Promise<void> {
    if (this.tempPath === undefined || this.finalPath === undefined) return;
    const stream = this.stream as WriteStream;
    stream.end();
    await once(stream, "finish");
    await rename(this.tempPath, this.finalPath);
  }

  /** abort() at once, for a process about to exit on a signal (no await can run any more). */
  abortNow(): void {
    if (this.tempPath === undefined) return;
    (this.stream as WriteStream).destroy();
    rmSync(this.tempPath, { force: true });
  }

  /** Abandons a file output (the final name is left untouched). */
  async abort(): Promise<void> {
    if (this.tempPath === undefined) return;
    (this.stream as WriteStream).destroy();
    await rm(this.tempPath, { force: true });
  }
}
