import { ConcurApiError } from '../errors/api-error.js';
import { ConcurError } from '../errors/concur-error.js';
import { abortError } from '../errors/factory.js';
import { ConcurAbortError } from '../errors/request-errors.js';
import { ConcurValidationError, validateBatchSize } from '../errors/validation-errors.js';
import { chunked, type Chunk } from './chunk.js';
import { reconcile, type ChunkReport } from './reconcile.js';
import type { BatchChunkSummary, BatchInput, BatchItemResult, BatchOptions, BatchResult, ListedItemError } from './types.js';

/** How a service sends one batch; the runner does the rest. */
export interface BatchSpec<T> {
  /** What the items are, for messages: `'list items'`. */
  label: string;
  /** The service's largest batch. */
  max: number;
  /** Default items per request, when lower than `max` (User: 500). */
  defaultChunkSize?: number;
  /** The key Concur uses to name an item in its errors; `position` is the item's place in its chunk. */
  keyOf(item: T, position: number): string | undefined;
  /**
   * True for an item error that, in the answer to a resend, only says the first send did the work
   * (List Item create: 2004, the item already exists). Such items are `unknown`, not `failed`.
   */
  alreadyDone?: (error: ListedItemError) => boolean;
  /** Throws ConcurValidationError for an item that cannot be sent; runs before any request. */
  checkItem(item: T, index: number): void;
  /**
   * Sends one batch and reads its response: the report, the attempts, and whether an earlier
   * attempt may have been processed (`ConcurResponse.mayHaveBeenProcessedBefore`).
   */
  send(items: T[], signal: AbortSignal | undefined): Promise<{ report: ChunkReport; attempts: number; processedBefore?: boolean }>;
}

function checkWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConcurValidationError(`${name} must be a whole number from ${min} to ${max}; got ${String(value)}.`, { field: name });
  }
  return value;
}

async function collect<T>(input: BatchInput<T>): Promise<T[]> {
  if (Array.isArray(input)) return input as T[];
  const items: T[] = [];
  for await (const item of input) items.push(item);
  return items;
}

/** The items of a chunk that failed as a whole, after the retry policy. */
function chunkFailure<T>(chunk: Chunk<T>, error: ConcurError): Array<BatchItemResult<T>> {
  // Concur answered with an error status and no attempt may have gone through: the batch was
  // refused. Otherwise (a time-out, a reset, an unreadable body, or a 503 after an earlier
  // attempt timed out) it may have been processed, so its items are unknown, not failed.
  const refused = error instanceof ConcurApiError && !error.mayHaveBeenProcessed;
  return chunk.items.map((input, position) => ({
    index: chunk.offset + position,
    input,
    status: refused ? 'failed' : 'unknown',
    code: error instanceof ConcurApiError ? String(error.status) : error.name,
    message: error.message,
    attempts: error.attempts ?? 1,
  }));
}

/**
 * Sends any number of items as valid batches and accounts for every one of them. Chunks are read
 * lazily from the input and at most `concurrency` are in flight.
 *
 * A chunk that fails as a whole does not stop the run: its items are reported `failed` (Concur
 * refused the request) or `unknown` (no usable answer), with the error, and the other chunks go
 * on. The run rejects only on an abort, on invalid input, or when `onProgress` throws.
 */
export async function runBatch<T>(input: BatchInput<T>, spec: BatchSpec<T>, options: BatchOptions<T> = {}): Promise<BatchResult<T>> {
  const { chunk: split = true, keepItems = true, onProgress, signal } = options;
  const concurrency = checkWhole('concurrency', options.concurrency ?? 1, 1, 64);
  const size = checkWhole('chunkSize', options.chunkSize ?? spec.defaultChunkSize ?? spec.max, 1, spec.max);
  if (input === null || typeof input !== 'object' || !(Symbol.iterator in input || Symbol.asyncIterator in input)) {
    throw new ConcurValidationError(`Pass the ${spec.label} as an array or an iterable.`, { field: 'items' });
  }

  let source: BatchInput<T> = input;
  let chunkSize = size;
  if (!split) {
    const all = await collect(input);
    validateBatchSize(all, { min: 1, max: spec.max, label: spec.label });
    source = all;
    chunkSize = all.length;
  }
  // Whole arrays are checked before the first request; streamed input chunk by chunk.
  const upfront = Array.isArray(source);
  if (upfront) (source as T[]).forEach((item, index) => spec.checkItem(item, index));

  const result: BatchResult<T> = { succeeded: 0, failed: 0, unknown: 0, items: [], chunks: [] };
  let completed = 0;
  let fatal: unknown;
  let progressChain: Promise<void> = Promise.resolve();

  const settleChunk = async (chunk: Chunk<T>): Promise<void> => {
    let items: Array<BatchItemResult<T>>;
    let summary: BatchChunkSummary;
    try {
      const { report, attempts, processedBefore = false } = await spec.send(chunk.items, signal);
      const reconciled = reconcile(chunk, (item, position) => spec.keyOf(item, position), report, attempts, processedBefore, spec.alreadyDone);
      items = reconciled.items;
      summary = { index: chunk.index, offset: chunk.offset, size: chunk.items.length, attempts, status: 'answered' };
      if (report.recordsSucceeded !== undefined) summary.recordsSucceeded = report.recordsSucceeded;
      if (report.recordsFailed !== undefined) summary.recordsFailed = report.recordsFailed;
      if (reconciled.unmatched.length > 0) summary.unmatchedErrors = reconciled.unmatched;
    } catch (error) {
      if (!(error instanceof ConcurError) || error instanceof ConcurAbortError || error instanceof ConcurValidationError) throw error;
      items = chunkFailure(chunk, error);
      summary = { index: chunk.index, offset: chunk.offset, size: chunk.items.length, attempts: error.attempts ?? 1, status: 'failed', error };
    }
    for (const item of items) result[item.status] += 1;
    completed += items.length;
    result.chunks.push(summary);
    if (keepItems) result.items.push(...items);
    const progress = { chunk: summary, items, completed, succeeded: result.succeeded, failed: result.failed, unknown: result.unknown };
    progressChain = progressChain.then(() => onProgress?.(progress));
    await progressChain;
  };

  const inFlight = new Set<Promise<void>>();
  const track = (chunk: Chunk<T>): void => {
    const running: Promise<void> = settleChunk(chunk)
      .catch((error: unknown) => {
        fatal ??= error;
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  try {
    for await (const chunk of chunked(source, chunkSize)) {
      if (fatal !== undefined || signal?.aborted) break;
      if (!upfront) chunk.items.forEach((item, position) => spec.checkItem(item, chunk.offset + position));
      track(chunk);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
  } catch (error) {
    fatal ??= error;
  }
  await Promise.all(inFlight);
  if (fatal === undefined && signal?.aborted) fatal = abortError({ method: 'POST', path: `(${spec.label} batch)`, attempts: 0 }, signal.reason);
  if (fatal !== undefined) throw fatal;
  result.items.sort((a, b) => a.index - b.index);
  result.chunks.sort((a, b) => a.index - b.index);
  return result;
}
