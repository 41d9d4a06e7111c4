/**
 * A bounded FIFO between the reader and the senders. `push` waits while the queue is full, so a slow cluster slows
 * the reader down instead of growing memory (Vector's `when_full: block`); `close` lets consumers drain what is
 * left, `abort` drops it and releases every waiter (a fatal error stops the run).
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private readonly takers: ((value: T | undefined) => void)[] = [];
  private readonly pushers: (() => void)[] = [];
  private closed = false;
  private aborted = false;

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError("capacity must be at least 1");
  }

  get length(): number {
    return this.items.length;
  }

  /** Resolves true once the item is queued, false if the queue was closed or aborted meanwhile. */
  async push(item: T): Promise<boolean> {
    while (!this.closed && !this.aborted && this.items.length >= this.capacity)
      await new Promise<void>((resolve) => this.pushers.push(resolve));
    if (this.closed || this.aborted) return false;
    const taker = this.takers.shift();
    if (taker) taker(item);
    else this.items.push(item);
    return true;
  }

  /** The next item, or undefined once the queue is closed and empty (or aborted). */
  async take(): Promise<T | undefined> {
    if (this.aborted) return undefined;
    const item = this.items.shift();
    if (item !== undefined) {
      this.pushers.shift()?.();
      return item;
    }
    if (this.closed) return undefined;
    return new Promise<T | undefined>((resolve) => this.takers.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.release();
  }

  abort(): void {
    this.aborted = true;
    this.items.length = 0;
    this.release();
  }

  private release(): void {
    for (const taker of this.takers.splice(0)) taker(undefined);
    for (const pusher of this.pushers.splice(0)) pusher();
  }
}
