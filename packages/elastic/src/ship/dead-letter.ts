import { open, mkdir, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import type { EncodedDocument } from "./encode.js";

/**
 * The dead-letter file: one JSON line per document Elasticsearch refused for good (a 400 mapping error and the
 * like), with the reason and the document, so nothing is dropped silently (Logstash's DLQ does the same for 400/404:
 * https://elastic.co/guide/en/logstash/7.9/dead-letter-queues.html). Opened lazily (no file when nothing failed),
 * appended to (a resumed run adds to it), and fsynced before the checkpoint moves past what it holds.
 */
export interface DeadLetterReason {
  status: number;
  type: string;
  reason: string;
}

export class DeadLetterFile {
  private handle: FileHandle | undefined;
  private opening: Promise<FileHandle> | undefined;
  private unsynced = false;
  count = 0;

  constructor(readonly path: string) {}

  async write(doc: EncodedDocument, dataStream: string, why: DeadLetterReason): Promise<void> {
    const handle = await this.fileHandle();
    const line = {
      "@timestamp": new Date().toISOString(),
      _id: doc.id,
      data_stream: dataStream,
      status: why.status,
      error: { type: why.type, reason: why.reason },
      origin: doc.origin,
      document: JSON.parse(doc.source) as unknown,
    };
    await handle.appendFile(`${JSON.stringify(line)}\n`);
    this.unsynced = true;
    this.count += 1;
  }

  async sync(): Promise<void> {
    if (!this.unsynced || this.handle === undefined) return;
    this.unsynced = false;
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async fileHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    this.opening ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true });
      return open(this.path, "a", 0o600);
    })();
    this.handle = await this.opening;
    return this.handle;
  }
}
