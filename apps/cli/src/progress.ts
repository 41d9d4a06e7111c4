import type { ConvertStats } from "@ntlm-siem/core";

/** A one-line progress display on stderr, redrawn at most every 200 ms, and only on a terminal. */
export class Progress {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly stderr: NodeJS.WritableStream,
    private readonly enabled: boolean,
  ) {}

  update(stats: ConvertStats): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.drawn = true;
    this.stderr.write(
      `\r\x1b[2K${stats.read.toLocaleString("en-US")} read, ${stats.converted.toLocaleString("en-US")} converted, ${stats.skipped} skipped, ${stats.rejected} rejected`,
    );
  }

  clear(): void {
    if (this.enabled && this.drawn) this.stderr.write("\r\x1b[2K");
  }
}
