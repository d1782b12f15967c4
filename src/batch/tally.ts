import type { Chunk } from './chunk.js';
import type { BatchStop } from './stop-types.js';
import type { BatchChunkSummary, BatchItemResult, BatchProgress, BatchResult } from './types.js';

/**
 * The running account of a batch run: counts, kept outcomes, chunk summaries, and how far the
 * input was sent. What a rejection's `partialResult` is made of, at any moment.
 */
export class Tally<T> {
  readonly #result: BatchResult<T> = { succeeded: 0, failed: 0, unknown: 0, notSent: 0, invalid: 0, items: [], chunks: [] };
  /** Keep every outcome (`keepItems`); otherwise only those set aside. */
  // Stryker disable next-line BooleanLiteral: runBatch sets keepItems from the options before the first add() or setAside(), and adds nothing when they are refused
  keepItems = true;
  #nextIndex = 0;
  #reported = 0;

  /** One past the last input index a request carried: where a resumed run starts. */
  get nextIndex(): number {
    return this.#nextIndex;
  }

  /**
   * Counts a settled chunk: `sent` holds the outcomes of the items it carried (or would have),
   * merged here with the invalid items of its stretch. `wasSent` says a request went out.
   * Returns the chunk's progress report.
   */
  add(chunk: Chunk<T>, summary: BatchChunkSummary, sent: Array<BatchItemResult<T>>, wasSent: boolean): BatchProgress<T> {
    const result = this.#result;
    // A fast path for the usual chunk with no invalid item: its sent items are in input order already.
    const items = chunk.invalid.length === 0 ? sent : [...sent, ...chunk.invalid].sort((a, b) => a.index - b.index);
    for (const item of items) result[item.status] += 1;
    result.invalid += chunk.invalid.length;
    result.chunks.push(summary);
    if (this.keepItems) this.#keep(items);
    // A chunk is sent only when it has items, so a sent chunk has a last index.
    if (wasSent) this.#nextIndex = Math.max(this.#nextIndex, (chunk.indexes.at(-1) as number) + 1);
    this.#reported += items.length;
    const { succeeded, failed, unknown, notSent, invalid } = result;
    return { chunk: summary, items, completed: this.#reported, succeeded, failed, unknown, notSent, invalid };
  }

  /** Keeps outcomes `onProgress` never received, when outcomes are not kept anyway. */
  setAside(items: ReadonlyArray<BatchItemResult<T>>): void {
    if (!this.keepItems) this.#keep(items);
  }

  /** The result so far, items and chunks in input order, with `stopped` when given. */
  finish(stopped?: BatchStop): BatchResult<T> {
    const result = this.#result;
    result.items.sort((a, b) => a.index - b.index);
    result.chunks.sort((a, b) => a.index - b.index);
    if (stopped !== undefined) result.stopped = stopped;
    return result;
  }

  // A loop rather than push(...items): an array refused whole can hold more items than a call takes arguments.
  #keep(items: ReadonlyArray<BatchItemResult<T>>): void {
    for (const item of items) this.#result.items.push(item);
  }
}
