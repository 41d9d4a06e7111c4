/**
 * How far each input is acknowledged: the highest record ordinal R such that every document of that input up to R
 * has a final fate (delivered, already present, or written to the dead-letter file). Batches finish out of order
 * when several are in flight, so this is a low watermark over the records still pending, not "the last batch sent".
 *
 * Records between two documents (other logs, rejected records) produce no document and so never block the mark.
 */
interface FileState {
  /** Record ordinals read but not final, in read order (ascending within a file). */
  pending: number[];
  head: number;
  finished: Set<number>;
  lastRead: number;
  base: number;
}

export class AckTracker {
  private readonly files = new Map<string, FileState>();

  /** Starts a file at a watermark already acknowledged by an earlier run. */
  begin(file: string, acknowledged: number): void {
    if (!this.files.has(file))
      this.files.set(file, {
        pending: [],
        head: 0,
        finished: new Set(),
        lastRead: acknowledged,
        base: acknowledged,
      });
  }

  read(file: string, record: number): void {
    const state = this.state(file);
    state.pending.push(record);
    if (record > state.lastRead) state.lastRead = record;
  }

  finish(file: string, record: number): void {
    const state = this.state(file);
    state.finished.add(record);
    while (state.head < state.pending.length) {
      const next = state.pending[state.head];
      if (next === undefined || !state.finished.has(next)) break;
      state.finished.delete(next);
      state.head += 1;
    }
    // Compact now and then so a long run does not keep every ordinal it ever read.
    if (state.head > 4096 && state.head * 2 > state.pending.length) {
      state.pending = state.pending.slice(state.head);
      state.head = 0;
    }
  }

  watermark(file: string): number {
    const state = this.state(file);
    const head = state.pending[state.head];
    return Math.max(state.base, head === undefined ? state.lastRead : head - 1);
  }

  entries(): [string, number][] {
    return [...this.files.keys()].map((file) => [file, this.watermark(file)]);
  }

  private state(file: string): FileState {
    let state = this.files.get(file);
    if (!state) {
      state = { pending: [], head: 0, finished: new Set(), lastRead: 0, base: 0 };
      this.files.set(file, state);
    }
    return state;
  }
}
