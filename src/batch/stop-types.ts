import type { ConcurError } from '../errors/concur-error.js';
import type { BatchResult } from './types.js';

/**
 * Why a run stopped before the end of its input:
 *
 * - `'outage'`: a chunk failed as a whole on a transient failure (503, 429, time-out, network…)
 *   after the retry policy ran out, so the run stopped sending (the call resolves).
 * - `'aborted'`: the `signal` was aborted (the call rejects with `ConcurAbortError`).
 * - `'onProgress'`: `onProgress` threw or rejected (the call rejects with what it threw).
 * - `'input'`: the input's iterator threw (the call rejects with what it threw).
 * - `'invalid'`: invalid options or input, or an invalid item under `invalidItems: 'reject'`
 *   (the call rejects with `ConcurValidationError`).
 * - `'failed'`: anything else, such as an unexpected error while sending a chunk.
 */
export type BatchStopReason = 'outage' | 'aborted' | 'onProgress' | 'input' | 'invalid' | 'failed';

/**
 * Where a run stopped, and where to resume. `nextIndex` is one past the last input item a
 * request carried (0 when none was sent): every item before it was sent (its outcome is in the
 * result, `unknown` when not known) or refused by the checks (`failed`, `INVALID_INPUT`), and no
 * item from it on was sent. Resuming with the input from `nextIndex` on, plus the items before it
 * that you choose to send again (the `failed` items of a chunk Concur refused as a whole, the
 * `unknown` ones once checked), sends every item once.
 *
 * @example
 * ```ts
 * const result = await concur.listItems.create(listId, rows);
 * if (result.stopped) await saveCheckpoint({ nextIndex: result.stopped.nextIndex });
 * ```
 */
export type BatchStop =
  | {
      /** A chunk exhausted the retry policy on a transient failure. */
      reason: 'outage';
      /** That chunk's error (`ServiceUnavailableError`, `ConcurTimeoutError`…). */
      error: ConcurError;
      /** The first input index not sent. */
      nextIndex: number;
    }
  | {
      /** Why the call rejected. */
      reason: Exclude<BatchStopReason, 'outage'>;
      /** What the call rejected with. */
      error: unknown;
      /** The first input index not sent. */
      nextIndex: number;
    };

/**
 * The error a batch call rejects with carries the run's result so far as `partialResult`
 * (a non-enumerable property, kept out of logs and `toJSON()`, as it holds your items). Read it
 * with {@link partialResultOf}.
 */
export interface BatchRejection<T> {
  /** Every item read before the call rejected, with `stopped` saying why and where to resume. */
  readonly partialResult: BatchResult<T>;
}
