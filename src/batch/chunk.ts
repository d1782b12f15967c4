import type { BatchInput, BatchItemResult } from './types.js';

/**
 * A stretch of the input: the valid items to send in one request, with their input indexes, and
 * the invalid items read among them, already settled.
 */
export interface Chunk<T> {
  index: number;
  /** Input index of the stretch's first item, sent or not. */
  offset: number;
  /** The items to send. */
  items: T[];
  /** The input index of each item of `items`. */
  indexes: number[];
  /** The invalid items of the stretch, as results; they are not sent. */
  invalid: Array<BatchItemResult<T>>;
}

/** The result of an invalid item, or undefined for an item to send. */
export type Triage<T> = (item: T, index: number) => BatchItemResult<T> | undefined;

/**
 * Reads the input lazily and yields chunks of at most `size` valid items, so only the chunks
 * being worked on are in memory, whatever the length of the input. Invalid items stay in the
 * stretch they were read in; a last stretch of only invalid items comes with no item to send.
 */
export async function* chunked<T>(input: BatchInput<T>, size: number, triage: Triage<T>): AsyncGenerator<Chunk<T>> {
  let chunk: Chunk<T> = { index: 0, offset: 0, items: [], indexes: [], invalid: [] };
  let position = 0;
  for await (const item of input) {
    const refused = triage(item, position);
    if (refused === undefined) {
      chunk.items.push(item);
      chunk.indexes.push(position);
    } else chunk.invalid.push(refused);
    position += 1;
    if (chunk.items.length === size) {
      yield chunk;
      chunk = { index: chunk.index + 1, offset: position, items: [], indexes: [], invalid: [] };
    }
  }
  if (chunk.items.length > 0 || chunk.invalid.length > 0) yield chunk;
}
