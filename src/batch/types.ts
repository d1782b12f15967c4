import type { RetryOptions } from '../retry/options.js';
import type { ConcurError } from '../errors/concur-error.js';
import type { BatchStop } from './stop-types.js';

/**
 * The outcome of one item of a batch. `notSent`: no request carrying the item ever went out (the
 * run stopped before its chunk was sent), so sending it again is always safe.
 */
export type BatchItemStatus = 'succeeded' | 'failed' | 'unknown' | 'notSent';

/**
 * One problem of an item the SDK refused to send, as {@link BatchItemResult.problems} and the
 * services' `validate(item)` list them.
 */
export interface ItemProblem {
  /** The property as the caller named it: `level1Code`, or `lineItems[0].quantity` for a nested one; `item` for the item as a whole. */
  field: string;
  /** What is wrong, naming the field and showing the value: `level1Code must be a string (got number 42)`. */
  message: string;
}

/**
 * What happened to one input item. `unknown` means the SDK cannot tell: Concur lists only the
 * first 10 item errors, so when more items failed than were listed, the unlisted items of that
 * chunk could be either. They are never reported `succeeded` on a guess.
 */
export interface BatchItemResult<T> {
  /** Position of the item in the caller's input (0-based). */
  index: number;
  /** The item as the caller gave it. */
  input: T;
  /** What happened to it. */
  status: BatchItemStatus;
  /**
   * The chunk it was read with: `result.chunks[item.chunk]` is that chunk's summary (its request's
   * correlation id, its error when it failed as a whole).
   */
  chunk: number;
  /**
   * Concur's error code for the item (e.g. `2004`, item already exists), the HTTP status of a
   * chunk that failed as a whole, or `INVALID_INPUT` for an item the SDK's checks refused: that
   * item was not sent, and {@link BatchItemResult.problems} lists why.
   */
  code?: string;
  /**
   * Concur's message for the item, the error of a chunk that failed as a whole, or for an invalid
   * item every problem on one line: `List item at index 3: name is required; level1Code must be a
   * string (got number 42).`
   */
  message?: string;
  /** Every problem of an item the SDK refused to send (`code: 'INVALID_INPUT'`); absent otherwise. */
  problems?: ItemProblem[];
  /**
   * How many times the item's chunk was sent: 0 for an invalid item, which is never sent. Above 1
   * after a time-out, Concur may have received it twice: an "already exists" error on a create
   * then likely means the first send worked.
   */
  attempts: number;
}

/** An item error as a batch response lists it. */
export interface ListedItemError {
  /** The value that names the item (external-id, level code, FeedRecordNumber, PoNumber…). */
  key?: string | undefined;
  /** Concur's error code. */
  code?: string | undefined;
  /** Concur's message. */
  message?: string | undefined;
}

/**
 * One chunk of a batch run: a stretch of the input, read in order, whose valid items went out in
 * one request. Invalid items are not sent; they are counted in the chunk they were read with.
 */
export interface BatchChunkSummary {
  /** Chunk number, from 0, in input order. */
  index: number;
  /**
   * Input index of the chunk's first item, sent or not. The chunk spans the input from here up
   * to the next chunk's offset; with invalid items in it, that stretch is longer than `size`.
   */
  offset: number;
  /** Items sent in the chunk's request (invalid items left out). */
  size: number;
  /** Invalid items read with this chunk and not sent, when there were any. */
  invalid?: number;
  /** Valid items read with this chunk and never sent, because the run stopped first (status `not-sent`). */
  notSent?: number;
  /** Times the chunk was sent: 0 when it was not sent. */
  attempts: number;
  /**
   * `concur-correlationid` of the answer that settled the chunk: the batch result, or the error
   * response of a chunk that failed as a whole. Quote it to Concur support. Absent when no answer
   * came (a time-out, a network failure) or Concur sent none.
   */
  correlationId?: string;
  /**
   * `answered`: Concur returned a batch result; `failed`: the request failed as a whole (or was
   * in flight when the run was aborted); `not-sent`: no request was made, because every item of
   * the stretch was invalid (only the last chunk of an input can be so) or because the run
   * stopped before sending it (its valid items are `notSent`).
   */
  status: 'answered' | 'failed' | 'not-sent';
  /** Items Concur counted as succeeded, when it said. */
  recordsSucceeded?: number;
  /** Items Concur counted as failed, when it said. */
  recordsFailed?: number;
  /** Item errors listed but not matched to one item of the chunk (kept so nothing is lost). */
  unmatchedErrors?: ListedItemError[];
  /** The error of a chunk that failed as a whole. */
  error?: ConcurError;
}

/**
 * The result of a batch call: counts, every item's outcome in input order, and a summary per
 * request sent.
 */
export interface BatchResult<T> {
  /** Items reported succeeded. */
  succeeded: number;
  /** Items reported failed, the invalid items (not sent) included. */
  failed: number;
  /** Items whose outcome cannot be told (see {@link BatchItemResult}). */
  unknown: number;
  /**
   * Items read but never sent because the run stopped first (an outage, an abort, a throw): no
   * request carrying them went out, so sending them again is safe. All of them come at or after
   * `stopped.nextIndex`.
   */
  notSent: number;
  /** Items the SDK's checks refused and did not send (`code: 'INVALID_INPUT'`); also counted in `failed`. */
  invalid: number;
  /**
   * Every item's outcome in input order; empty when `keepItems` is false, except in a rejection's
   * `partialResult`, where it then holds the outcomes `onProgress` never received.
   */
  items: Array<BatchItemResult<T>>;
  /**
   * One summary per chunk, in input order (`chunks[i].index === i`): one per request sent, and a
   * `not-sent` one for a stretch read but not sent (only invalid items, or the run stopped).
   */
  chunks: BatchChunkSummary[];
  /**
   * Present when the run stopped before the end of its input. In a resolved result the reason is
   * always `'outage'` (see {@link BatchOptions.onOutage}); a rejection's `partialResult` always
   * has one, naming why the call rejected.
   */
  stopped?: BatchStop;
}

/** Reported after each chunk completes. */
export interface BatchProgress<T> {
  /** The chunk that just completed. */
  chunk: BatchChunkSummary;
  /** The outcomes of that chunk's items, the invalid items read with it included, in input order. */
  items: Array<BatchItemResult<T>>;
  /** Items reported so far, over all chunks (every status counted). */
  completed: number;
  /** Items succeeded so far. */
  succeeded: number;
  /** Items failed so far (invalid items included). */
  failed: number;
  /** Items of unknown outcome so far. */
  unknown: number;
  /** Items not sent (the run stopped before their chunk went out) so far. */
  notSent: number;
  /** Invalid items (not sent) so far. */
  invalid: number;
}

/** What a batch call does when Concur looks down: see {@link BatchOptions.onOutage}. */
export type OutageMode = 'stop' | 'continue';

/** What a batch call does with items its checks refuse: see {@link BatchOptions.invalidItems}. */
export type InvalidItemsMode = 'report' | 'reject';

/**
 * Options of every batch method (Attendee, List Item, User, Purchase Order).
 *
 * @example
 * ```ts
 * const result = await concur.listItems.create(listId, items, {
 *   chunkSize: 500,
 *   onProgress: ({ completed, failed }) => console.log(`${completed} done, ${failed} failed`),
 * });
 * ```
 */
export interface BatchOptions<T> {
  /**
   * Split the input into batches the service accepts. With `false`, the input is sent as one
   * batch (its valid items) and an empty or oversized input throws `BatchSizeError` before any
   * request.
   * @default true
   */
  chunk?: boolean;
  /**
   * Items per request, at most the service's limit.
   * @default the service's limit: 1000 (500 for users)
   */
  chunkSize?: number;
  /**
   * Requests in flight at once. Keep 1 for multi-level lists, whose parents must exist before
   * their children.
   * @default 1
   */
  concurrency?: number;
  /**
   * Called after each chunk with its items' outcomes and running totals; awaited before the
   * next chunk starts. If it throws, the run stops and the call rejects with what it threw,
   * carrying `partialResult`; it is not called again after the run has failed.
   * @default undefined
   */
  onProgress?: (progress: BatchProgress<T>) => void | Promise<void>;
  /**
   * Keep every item's outcome in the result. Set `false` for very large inputs and read the
   * outcomes from `onProgress`: memory then stays bounded by chunk size × concurrency.
   * @default true
   */
  keepItems?: boolean;
  /**
   * What to do with items that fail the SDK's checks (a missing field, a wrong type, a value too
   * long; the same checks the service's `validate(item)` runs):
   *
   * - `'report'`: the invalid items are not sent and come back in the result as `failed` with
   *   `code: 'INVALID_INPUT'` and every problem in `problems`; the valid items are sent as usual.
   * - `'reject'`: all or nothing. For an array input the call rejects before any request with one
   *   `ConcurValidationError` whose `problems` lists every problem of every invalid item. A
   *   streamed input is checked as it is read, a chunk at a time: the call rejects at the first
   *   chunk holding an invalid item, which is not sent, and neither is anything after it; the
   *   chunks before it were sent and reported through `onProgress`. For all or nothing with a
   *   stream, read it into an array first.
   * @default 'report'
   * @example
   * ```ts
   * await concur.listItems.create(listId, rows, { invalidItems: 'reject' });
   * ```
   */
  invalidItems?: InvalidItemsMode;
  /**
   * What to do when a chunk fails as a whole on a transient failure (503, 429, a time-out, a
   * network failure…) after the retry policy has run its course, which in a long outage takes
   * about 15 minutes per chunk:
   *
   * - `'stop'`: stop sending. Chunks already in flight settle; items read but not sent are
   *   `notSent`; the rest of the input is not read. The call resolves with
   *   `result.stopped = { reason: 'outage', error, nextIndex }` for a later resume.
   * - `'continue'`: report the chunk's items `failed` or `unknown` and go on with the next chunk.
   * @default 'stop'
   * @example
   * ```ts
   * const result = await concur.listItems.create(listId, rows, { onOutage: 'stop' });
   * if (result.stopped) console.warn(`Concur is down; resume at row ${result.stopped.nextIndex}`);
   * ```
   */
  onOutage?: OutageMode;
  /**
   * Aborting stops the run: no new chunk starts, the requests in flight are cancelled (their
   * items become `unknown`), and the call rejects with `ConcurAbortError` carrying
   * `partialResult`. Chunks already reported through `onProgress` stand.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Time limit per attempt of every request of this run, instead of the client's `timeoutMs`.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * Retry policy of every request of this run: fields given replace the client's; `false` sends
   * each chunk once.
   * @default the client's `retry`
   */
  retry?: RetryOptions | false;
}

/** Items a batch method accepts: an array, any iterable, or an async iterable (e.g. a stream). */
export type BatchInput<T> = Iterable<T> | AsyncIterable<T>;
