import { createHash } from "node:crypto";
import { open, mkdir, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { NtlmSiemError } from "@ntlm-siem/core";
import { z } from "zod";

/**
 * The checkpoint file: per input file, the record ordinal up to which every document is acknowledged, and a
 * fingerprint of the file so a replaced or truncated file is not skipped by mistake (Winlogbeat had to learn this for
 * cleared logs: elastic/beats#29793). A resumed run re-reads each input and skips what is acknowledged; anything
 * after the mark is sent again, which is harmless because `_id`s are deterministic (409 = already there).
 *
 * Written atomically: a temporary file, fsync, rename over the old one, fsync of the directory; a crash leaves the
 * old checkpoint or the new one, never a torn one. One that is unreadable anyway (a 0-byte file after power loss,
 * as Filebeat saw in elastic/beats#3537) is reported and ignored: starting over re-sends, it never skips.
 */
const HEAD_BYTES = 64 * 1024;

const FileEntry = z.strictObject({
  acknowledged: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  headBytes: z.number().int().nonnegative(),
  headSha256: z.string(),
});
export type CheckpointEntry = z.infer<typeof FileEntry>;

const CheckpointSchema = z.strictObject({
  format: z.literal("ntlm-siem/ship-checkpoint@1"),
  target: z.literal("elastic"),
  dataStream: z.string(),
  files: z.record(z.string(), FileEntry),
  updatedAt: z.string(),
});

export interface Fingerprint {
  size: number;
  headBytes: number;
  headSha256: string;
}

export async function fingerprint(path: string, headBytes = HEAD_BYTES): Promise<Fingerprint | undefined> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, headBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return {
      size,
      headBytes: read,
      headSha256: createHash("sha256").update(buffer.subarray(0, read)).digest("hex"),
    };
  } finally {
    await handle.close();
  }
}

export class Checkpoint {
  private saving: Promise<void> | undefined;
  private dirty = false;

  private constructor(
    readonly path: string | undefined,
    readonly dataStream: string,
    private readonly entries: Map<string, CheckpointEntry>,
  ) {}

  /** No file: nothing is skipped and nothing is written. */
  static none(dataStream: string): Checkpoint {
    return new Checkpoint(undefined, dataStream, new Map());
  }

  /**
   * Opens (or starts) a checkpoint. A checkpoint written for another data stream is refused: skipping records
   * acknowledged by a different target would lose them for this one.
   */
  static async open(path: string, dataStream: string, warn: (message: string) => void): Promise<Checkpoint> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        return new Checkpoint(path, dataStream, new Map());
      throw new NtlmSiemError("checkpoint-unreadable", "config", `cannot read the checkpoint ${path}`, {
        cause: error,
      });
    }
    let parsed: z.infer<typeof CheckpointSchema>;
    try {
      parsed = CheckpointSchema.parse(JSON.parse(text));
    } catch {
      warn(
        `checkpoint ${path} is empty or damaged; starting from the beginning (already delivered records count as already present)`,
      );
      return new Checkpoint(path, dataStream, new Map());
    }
    if (parsed.dataStream !== dataStream) {
      throw new NtlmSiemError(
        "checkpoint-mismatch",
        "config",
        `checkpoint ${path} belongs to data stream ${parsed.dataStream}, not ${dataStream}; use another --checkpoint file`,
      );
    }
    return new Checkpoint(path, dataStream, new Map(Object.entries(parsed.files)));
  }

  /**
   * How much of `file` an earlier run acknowledged, if the file is still the one it read (same head, not shorter).
   * Appending to a file keeps its mark; anything else starts it over.
   */
  async resumeFrom(file: string, warn: (message: string) => void): Promise<number> {
    const entry = this.entries.get(file);
    if (entry === undefined || entry.acknowledged === 0) return 0;
    const now = await fingerprint(file, entry.headBytes);
    if (now === undefined || now.size < entry.size || now.headSha256 !== entry.headSha256) {
      warn(`${file} changed since the checkpoint was written; sending it again from the start`);
      this.entries.delete(file);
      return 0;
    }
    return entry.acknowledged;
  }

  acknowledged(file: string): number {
    return this.entries.get(file)?.acknowledged ?? 0;
  }

  /** Records a new mark for `file` (the fingerprint is taken when the file is first seen in a run). */
  update(file: string, acknowledged: number, print: Fingerprint): void {
    const entry = this.entries.get(file);
    if (entry !== undefined && entry.acknowledged === acknowledged) return;
    this.entries.set(file, { acknowledged, ...print });
    this.dirty = true;
  }

  /** Writes the checkpoint if anything changed; concurrent calls coalesce into at most one more write. */
  async save(beforeWrite?: () => Promise<void>): Promise<void> {
    if (this.path === undefined) return;
    while (this.saving !== undefined) await this.saving;
    if (!this.dirty) return;
    this.dirty = false;
    this.saving = this.write(beforeWrite);
    try {
      await this.saving;
    } catch (error) {
      this.dirty = true;
      throw error;
    } finally {
      this.saving = undefined;
    }
  }

  private async write(beforeWrite: (() => Promise<void>) | undefined): Promise<void> {
    const path = this.path;
    if (path === undefined) return;
    // What the checkpoint will claim must be durable first (the dead-letter lines).
    if (beforeWrite) await beforeWrite();
    const body: z.infer<typeof CheckpointSchema> = {
      format: "ntlm-siem/ship-checkpoint@1",
      target: "elastic",
      dataStream: this.dataStream,
      files: Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : 1))),
      updatedAt: new Date().toISOString(),
    };
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${process.pid}`;
    const handle = await open(temp, "w", 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(body, null, 1)}\n`);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, path);
    await syncDirectory(dirname(path));
  }
}

/** fsync of a directory makes a rename durable on Linux; other platforms may refuse to open one, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // not supported here (Windows): the rename is still atomic
  } finally {
    await handle?.close();
  }
}
