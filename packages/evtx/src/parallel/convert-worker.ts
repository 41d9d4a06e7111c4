// Worker thread entry of convertEvtxInParallel: converts the chunks it is asked for and posts them back.
import { parentPort, workerData } from "node:worker_threads";
import { ChunkConverter, type ChunkConversion, type ChunkJob } from "./chunk-convert.js";

/** A task: chunk indices to convert, in order. */
export interface WorkerTask {
  id: number;
  chunks: number[];
}

/**
 * The chunks converted, with their NDJSON joined into one UTF-8 buffer that is transferred, not copied (the
 * results' own `text` is emptied), or why the task failed.
 */
export type WorkerReply =
  | { id: number; ok: true; results: ChunkConversion[]; ndjson: Uint8Array }
  | { id: number; ok: false; message: string };

export interface WorkerSetup extends ChunkJob {
  /** Tests only: the worker fails on this chunk, so the fallback can be proven. */
  failOnChunk?: number;
}

const setup = workerData as WorkerSetup;
const encoder = new TextEncoder();
const port = parentPort;
if (port !== null) {
  const converter = new ChunkConverter(setup);
  port.on("message", (task: WorkerTask) => {
    let reply: WorkerReply;
    try {
      const results = task.chunks.map((index) => {
        if (index === setup.failOnChunk) throw new Error(`told to fail on chunk ${index}`);
        return converter.convert(index);
      });
      // TextEncoder gives a buffer of its own (Buffer.from may share a pooled one, which cannot be transferred).
      const ndjson = encoder.encode(results.map((r) => r.text).join(""));
      for (const r of results) r.text = "";
      reply = { id: task.id, ok: true, results, ndjson };
    } catch (error) {
      reply = { id: task.id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, reply.ok ? [reply.ndjson.buffer as ArrayBuffer] : []);
  });
}
