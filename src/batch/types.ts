import type { ConcurError } from '../errors/concur-error.js';

/** The outcome of one item of a batch. */
export type BatchItemStatus = 'succeeded' | 'failed' | 'unknown';

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
  /** Concur's error code for the item (e.g. `2004`, item already exists), or the HTTP status of a chunk that failed as a whole. */
  code?: string;
  /** Concur's message for the item, or the error of a chunk that failed as a whole. */
  message?: string;
  /**
   * How many times the item's chunk was sent. Above 1 after a time-out, Concur may have received
   * it twice: an "already exists" error on a create then likely means the first send worked.
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

/** One request of a batch run. */
export interface BatchChunkSummary {
  /** Chunk number, from 0, in input order. */
  index: number;
  /** Input index of the chunk's first item. */
  offset: number;
  /** Items in the chunk. */
  size: number;
  /** Times the chunk was sent. */
  attempts: number;
  /** `answered`: Concur returned a batch result; `failed`: the request failed as a whole. */
  status: 'answered' | 'failed';
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
  /** Items reported failed. */
  failed: number;
  /** Items whose outcome cannot be told (see {@link BatchItemResult}). */
  unknown: number;
  /** Every item's outcome in input order; empty when `keepItems` is false. */
  items: Array<BatchItemResult<T>>;
  /** One summary per request sent, in input order. */
  chunks: BatchChunkSummary[];
}

/** Reported after each chunk completes. */
export interface BatchProgress<T> {
  /** The chunk that just completed. */
  chunk: BatchChunkSummary;
  /** The outcomes of that chunk's items. */
  items: Array<BatchItemResult<T>>;
  /** Items completed so far, over all chunks. */
  completed: number;
  /** Items succeeded so far. */
  succeeded: number;
  /** Items failed so far. */
  failed: number;
  /** Items of unknown outcome so far. */
  unknown: number;
}

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
   * batch and an empty or oversized input throws `BatchSizeError` before any request.
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
   * next chunk starts.
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
   * Aborting stops the run: no new chunk starts, the request in flight is cancelled, and the
   * call rejects with `ConcurAbortError`. Chunks already reported through `onProgress` stand.
   * @default undefined
   */
  signal?: AbortSignal;
}

/** Items a batch method accepts: an array, any iterable, or an async iterable (e.g. a stream). */
export type BatchInput<T> = Iterable<T> | AsyncIterable<T>;
