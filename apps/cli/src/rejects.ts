import type { NtlmSiemError } from "@ntlm-siem/core";
import { NdjsonWriter } from "./ndjson-writer.js";

/** Rejects past this many are counted in the summary but not printed one by one. */
const PRINT_LIMIT = 20;

export function reportReject(stderr: NodeJS.WritableStream, error: NtlmSiemError, ordinal: number): void {
  if (ordinal <= PRINT_LIMIT) stderr.write(`rejected: ${error.describe()} [${error.code}]\n`);
  else if (ordinal === PRINT_LIMIT + 1)
    stderr.write(`rejected: more records rejected; see the summary${"\n"}`);
}

/** The --rejects file: one JSON object per rejected record, naming where it was and why. */
export class RejectSink {
  private constructor(private readonly writer: NdjsonWriter | undefined) {}

  static async open(path: string | undefined): Promise<RejectSink> {
    return new RejectSink(path === undefined ? undefined : await NdjsonWriter.toFile(path));
  }

  async write(error: NtlmSiemError, excerpt: string | undefined): Promise<void> {
    if (!this.writer) return;
    await this.writer.write({
      ...error.location,
      code: error.code,
      stage: error.stage,
      message: error.message,
      ...(excerpt === undefined ? {} : { excerpt }),
    });
  }

  async close(): Promise<void> {
    await this.writer?.close();
  }

  abortNow(): void {
    this.writer?.abortNow();
  }

  async abort(): Promise<void> {
    await this.writer?.abort();
  }
}
