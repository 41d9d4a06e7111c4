import type { ReadItem } from "./read-result.js";

/**
 * Readers work a text chunk at a time and hand out all the items of a chunk together (ReadItem[]): every layer of
 * async generators costs an await per value passed through it, so passing batches saves several awaits per record.
 * The public readers still yield one item at a time, by flattening the batches as the very last step; the
 * converter asks for the batches behind such a flattened iterable (takeBatches) and skips the flattening.
 */
const batchSources = new WeakMap<object, AsyncIterable<ReadItem[]>>();

/** One item at a time, from batches. The result is recognised by takeBatches until iteration starts. */
export function flattenBatches(batches: AsyncIterable<ReadItem[]>): AsyncGenerator<ReadItem> {
  const items = flatten(batches, () => batchSources.delete(items));
  batchSources.set(items, batches);
  return items;
}

async function* flatten(batches: AsyncIterable<ReadItem[]>, onStart: () => void): AsyncGenerator<ReadItem> {
  onStart();
  for await (const batch of batches) {
    for (const item of batch) yield item;
  }
}

/**
 * The batches behind an iterable made by flattenBatches that has not been started yet, or undefined. The caller
 * then reads the batches instead, and the flattened iterable must not be used any more.
 */
export function takeBatches(items: AsyncIterable<ReadItem>): AsyncIterable<ReadItem[]> | undefined {
  const batches = batchSources.get(items);
  if (batches !== undefined) batchSources.delete(items);
  return batches;
}

/**
 * Batches for readers that produce items one at a time (binary readers): up to `size` items per batch, so the layers
 * after the reader pay one await per batch instead of one per record. A batch is handed on as soon as it is full,
 * and whatever is pending when the reader ends or fails, so memory stays bounded and nothing is held back.
 */
export async function* batchesOf(items: AsyncIterable<ReadItem>, size = 64): AsyncGenerator<ReadItem[]> {
  let batch: ReadItem[] = [];
  try {
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    // Records read before the reader failed are still delivered, then the failure is reported.
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}
