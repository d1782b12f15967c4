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

function iteratorOf<T>(input: BatchInput<T>): Iterator<T> | AsyncIterator<T> {
  return Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
}

/**
 * Reads the input lazily, a chunk of at most `size` valid items at a time, so only the chunks
 * being worked on are in memory, whatever the length of the input. Invalid items stay in the
 * stretch they were read in; a last stretch of only invalid items comes with no item to send.
 *
 * The items read into a chunk not yet complete stay reachable (`takePending`): when the input
 * throws, or the run stops while a read is waiting, they are accounted for, not lost.
 */
export class ChunkReader<T> {
  readonly #iterator: Iterator<T> | AsyncIterator<T>;
  readonly #size: number;
  readonly #triage: Triage<T>;
  #pending: Chunk<T> = { index: 0, offset: 0, items: [], indexes: [], invalid: [] };
  #position = 0;
  /** The input ended or threw: it must not be closed. */
  #finished = false;
  /** The run stopped reading: what the input yields from now on is not read. */
  #closed = false;
  #reading = false;
  /** The last chunk handed out. */
  #last: Chunk<T> | undefined;

  constructor(input: BatchInput<T>, size: number, triage: Triage<T>) {
    this.#iterator = iteratorOf(input);
    this.#size = size;
    this.#triage = triage;
  }

  /**
   * The last chunk handed out. A caller that stopped waiting for `next()` (on an abort) finds here
   * a chunk that was completed in the meantime, so that it is not lost.
   */
  get last(): Chunk<T> | undefined {
    return this.#last;
  }

  /** The next chunk, or undefined at the end of the input. Rejects with what the input throws. */
  async next(): Promise<Chunk<T> | undefined> {
    for (;;) {
      if (this.#closed || this.#finished) return undefined;
      let step: IteratorResult<T>;
      this.#reading = true;
      try {
        step = await this.#iterator.next();
      } catch (error) {
        this.#finished = true;
        throw error;
      } finally {
        this.#reading = false;
      }
      if (this.#closed) return undefined;
      if (step.done === true) {
        this.#finished = true;
        return this.takePending();
      }
      const chunk = this.#pending;
      const refused = this.#triage(step.value, this.#position);
      if (refused === undefined) {
        chunk.items.push(step.value);
        chunk.indexes.push(this.#position);
      } else {
        refused.chunk = chunk.index;
        chunk.invalid.push(refused);
      }
      this.#position += 1;
      if (chunk.items.length === this.#size) return this.#advance();
    }
  }

  /** The chunk being filled, when it holds any item; the next read starts a new one. */
  takePending(): Chunk<T> | undefined {
    const chunk = this.#pending;
    return chunk.items.length > 0 || chunk.invalid.length > 0 ? this.#advance() : undefined;
  }

  /**
   * Stops reading and closes the input (its iterator's `return`), unless it ended or threw. A
   * read still waiting on the input is not awaited: whatever it yields is dropped.
   */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#finished) return;
    const closing = this.#iterator.return?.();
    if (this.#reading) void Promise.resolve(closing).catch(() => undefined);
    else await closing;
  }

  #advance(): Chunk<T> {
    const chunk = this.#pending;
    this.#pending = { index: chunk.index + 1, offset: this.#position, items: [], indexes: [], invalid: [] };
    this.#last = chunk;
    return chunk;
  }
}
