import type { BatchInput } from './types.js';

/** A slice of the input, with the input index of its first item. */
export interface Chunk<T> {
  index: number;
  offset: number;
  items: T[];
}

/**
 * Reads the input lazily and yields chunks of at most `size` items, so only the chunks being
 * worked on are in memory, whatever the length of the input.
 */
export async function* chunked<T>(input: BatchInput<T>, size: number): AsyncGenerator<Chunk<T>> {
  let items: T[] = [];
  let index = 0;
  let offset = 0;
  for await (const item of input) {
    items.push(item);
    if (items.length === size) {
      yield { index, offset, items };
      index += 1;
      offset += items.length;
      items = [];
    }
  }
  if (items.length > 0) yield { index, offset, items };
}
