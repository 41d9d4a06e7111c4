/**
 * The records a file holds, as sorted, disjoint runs of identifiers, each with the earliest and latest written
 * time of its records. Live identifiers mostly come in runs (a chunk holds consecutive records), so a whole file
 * costs a few runs instead of one entry per record: the carver's duplicate check does not make memory grow with
 * the file. A record is "held" when its identifier lies in a run and its written time within that run's times:
 * a deleted copy of a live record has both, while a deleted record of another log (identifiers restart per log)
 * or an unrelated record that reused an identifier is very unlikely to.
 */
export class IdRanges {
  private readonly lows: number[] = [];
  private readonly highs: number[] = [];
  /** Written times as `YYYY-MM-DDTHH:MM:SS.fffffffZ`, which sort like the times they stand for. */
  private readonly firsts: string[] = [];
  private readonly lasts: string[] = [];

  get rangeCount(): number {
    return this.lows.length;
  }

  add(id: number, written: string): void {
    const n = this.lows.length;
    const i = this.indexOfLast(id);
    if (i >= 0 && id <= (this.highs[i] as number) + 1) {
      // Inside a run or right after it (the common case: the next record of the current run).
      if (id > (this.highs[i] as number)) this.highs[i] = id;
      this.widen(i, written);
      if (i + 1 < n && (this.highs[i] as number) + 1 >= (this.lows[i + 1] as number)) this.mergeWithNext(i);
      return;
    }
    if (i + 1 < n && id + 1 === this.lows[i + 1]) {
      this.lows[i + 1] = id;
      this.widen(i + 1, written);
      return;
    }
    this.lows.splice(i + 1, 0, id);
    this.highs.splice(i + 1, 0, id);
    this.firsts.splice(i + 1, 0, written);
    this.lasts.splice(i + 1, 0, written);
  }

  has(id: number, written: string): boolean {
    const i = this.indexOfLast(id);
    return (
      i >= 0 &&
      id <= (this.highs[i] as number) &&
      written >= (this.firsts[i] as string) &&
      written <= (this.lasts[i] as string)
    );
  }

  private widen(i: number, written: string): void {
    if (written < (this.firsts[i] as string)) this.firsts[i] = written;
    if (written > (this.lasts[i] as string)) this.lasts[i] = written;
  }

  private mergeWithNext(i: number): void {
    this.highs[i] = Math.max(this.highs[i] as number, this.highs[i + 1] as number);
    this.widen(i, this.firsts[i + 1] as string);
    this.widen(i, this.lasts[i + 1] as string);
    this.lows.splice(i + 1, 1);
    this.highs.splice(i + 1, 1);
    this.firsts.splice(i + 1, 1);
    this.lasts.splice(i + 1, 1);
  }

  /** Index of the last run whose low is <= id, or -1. */
  private indexOfLast(id: number): number {
    let lo = 0;
    let hi = this.lows.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.lows[mid] as number) <= id) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
