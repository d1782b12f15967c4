import { ConcurApiError } from '../errors/api-error.js';
import { ConcurError } from '../errors/concur-error.js';
import { abortError } from '../errors/factory.js';
import { ConcurAbortError } from '../errors/request-errors.js';
import { ConcurValidationError, validateBatchSize } from '../errors/validation-errors.js';
import type { CallSettings } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import { chunked, type Chunk } from './chunk.js';
import { invalidItemsError, invalidResult } from './invalid.js';
import { resolveBatchOptions } from './options.js';
import { reconcile, type ChunkReport } from './reconcile.js';
import type { BatchChunkSummary, BatchInput, BatchItemResult, BatchOptions, BatchResult, ItemProblem, ListedItemError } from './types.js';

/** How a service sends one batch; the runner does the rest. */
export interface BatchSpec<T> {
  /** What the items are, for messages: `'list items'`. */
  label: string;
  /** One item, for messages: `'List item'` gives `List item at index 3: …`. */
  noun?: string;
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
  /**
   * Every problem that keeps an item from being sent, empty when it can be sent; `index` is its
   * place in the caller's input. Runs before the item is sent.
   */
  problemsOf(item: T, index: number): ItemProblem[];
  /**
   * Sends one batch and reads its response: the report, the attempts, and whether an earlier
   * attempt may have been processed (`ConcurResponse.mayHaveBeenProcessedBefore`).
   */
  send(items: T[], settings: CallSettings): Promise<{ report: ChunkReport; attempts: number; processedBefore?: boolean }>;
}

async function collect<T>(input: BatchInput<T>): Promise<T[]> {
  if (Array.isArray(input)) return input as T[];
  const items: T[] = [];
  for await (const item of input) items.push(item);
  return items;
}

/** The spec's problems of an item; a check that throws on a hostile item (a throwing getter) is a problem too. */
function problemsWith<T>(spec: BatchSpec<T>): (item: T, index: number) => ItemProblem[] {
  const { problemsOf } = spec;
  return (item, index) => {
    try {
      return problemsOf(item, index);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [{ field: 'item', message: `item could not be read (${reason.slice(0, 200)})` }];
    }
  };
}

/** The items of a chunk that failed as a whole, after the retry policy. */
function chunkFailure<T>(chunk: Chunk<T>, error: ConcurError): Array<BatchItemResult<T>> {
  // Concur answered with an error status and no attempt may have gone through: the batch was
  // refused. Otherwise (a time-out, a reset, an unreadable body, or a 503 after an earlier
  // attempt timed out) it may have been processed, so its items are unknown, not failed.
  const refused = error instanceof ConcurApiError && !error.mayHaveBeenProcessed;
  return chunk.items.map((input, position) => ({
    index: chunk.indexes[position] as number,
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
 * Items are checked before they are sent. By default an invalid item is not sent: it is reported
 * `failed` with code `INVALID_INPUT` and its problems, and the chunks are made of the valid items
 * only. With `invalidItems: 'reject'`, an array with an invalid item rejects before any request,
 * listing every problem; a stream rejects at the first chunk holding one (see BatchOptions).
 *
 * A chunk that fails as a whole does not stop the run: its items are reported `failed` (Concur
 * refused the request) or `unknown` (no usable answer), with the error, and the other chunks go
 * on. The run rejects only on an abort, on invalid options or input, or when `onProgress` throws.
 */
export async function runBatch<T>(input: BatchInput<T>, spec: BatchSpec<T>, options?: BatchOptions<T>): Promise<BatchResult<T>> {
  const settings = resolveBatchOptions(options, spec);
  const { keepItems, onProgress, signal } = settings;
  // Every request of the run goes with the call's signal, time limit and retry policy.
  const callSettings: CallSettings = { ...(signal === undefined ? {} : { signal }), ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }), ...(settings.retry === undefined ? {} : { retry: settings.retry }) };
  if (input === null || typeof input !== 'object' || !(Symbol.iterator in input || Symbol.asyncIterator in input)) {
    throw new ConcurValidationError(`Pass the ${spec.label} as an array or an iterable (got ${describeValue(input)}).`, { field: 'items' });
  }
  const noun = spec.noun ?? 'Item';
  const problemsOf = problemsWith(spec);

  let source: BatchInput<T> = input;
  let chunkSize = settings.chunkSize;
  if (!settings.split) {
    const all = await collect(input);
    validateBatchSize(all, { min: 1, max: spec.max, label: spec.label });
    source = all;
    chunkSize = all.length;
  }
  // A whole array is checked before the first request; a stream as it is read.
  let known: Map<number, ItemProblem[]> | undefined;
  if (Array.isArray(source)) {
    const all = source as T[];
    known = new Map();
    for (let index = 0; index < all.length; index += 1) {
      const problems = problemsOf(all[index] as T, index);
      if (problems.length > 0) known.set(index, problems);
    }
    if (known.size > 0 && settings.invalidItems === 'reject') {
      const invalid = [...known].map(([index, problems]) => invalidResult(noun, index, all[index] as T, problems));
      throw invalidItemsError(noun, spec.label, invalid, { total: all.length });
    }
  }
  const triage = (item: T, index: number): BatchItemResult<T> | undefined => {
    const problems = known === undefined ? problemsOf(item, index) : known.get(index);
    return problems === undefined || problems.length === 0 ? undefined : invalidResult(noun, index, item, problems);
  };

  const result: BatchResult<T> = { succeeded: 0, failed: 0, unknown: 0, invalid: 0, items: [], chunks: [] };
  let completed = 0;
  let fatal: unknown;
  let progressChain: Promise<void> = Promise.resolve();

  const settleChunk = async (chunk: Chunk<T>): Promise<void> => {
    let sent: Array<BatchItemResult<T>> = [];
    let summary: BatchChunkSummary;
    if (chunk.items.length === 0) {
      summary = { index: chunk.index, offset: chunk.offset, size: 0, attempts: 0, status: 'not-sent' };
    } else {
      try {
        const { report, attempts, processedBefore = false } = await spec.send(chunk.items, callSettings);
        const reconciled = reconcile(chunk, (item, position) => spec.keyOf(item, position), report, attempts, processedBefore, spec.alreadyDone);
        sent = reconciled.items;
        summary = { index: chunk.index, offset: chunk.offset, size: chunk.items.length, attempts, status: 'answered' };
        if (report.recordsSucceeded !== undefined) summary.recordsSucceeded = report.recordsSucceeded;
        if (report.recordsFailed !== undefined) summary.recordsFailed = report.recordsFailed;
        if (reconciled.unmatched.length > 0) summary.unmatchedErrors = reconciled.unmatched;
      } catch (error) {
        if (!(error instanceof ConcurError) || error instanceof ConcurAbortError || error instanceof ConcurValidationError) throw error;
        sent = chunkFailure(chunk, error);
        summary = { index: chunk.index, offset: chunk.offset, size: chunk.items.length, attempts: error.attempts ?? 1, status: 'failed', error };
      }
    }
    if (chunk.invalid.length > 0) summary.invalid = chunk.invalid.length;
    const items = chunk.invalid.length === 0 ? sent : [...sent, ...chunk.invalid].sort((a, b) => a.index - b.index);
    for (const item of items) result[item.status] += 1;
    result.invalid += chunk.invalid.length;
    completed += items.length;
    result.chunks.push(summary);
    if (keepItems) result.items.push(...items);
    const progress = { chunk: summary, items, completed, succeeded: result.succeeded, failed: result.failed, unknown: result.unknown, invalid: result.invalid };
    progressChain = progressChain.then(async () => {
      await onProgress?.(progress);
    });
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
    for await (const chunk of chunked(source, chunkSize, triage)) {
      if (fatal !== undefined || signal?.aborted) break;
      // Only a stream gets here with invalid items under 'reject': an array was refused above.
      if (chunk.invalid.length > 0 && settings.invalidItems === 'reject') {
        fatal = invalidItemsError(noun, spec.label, chunk.invalid, { streamedFrom: chunk.offset });
        break;
      }
      track(chunk);
      if (inFlight.size >= settings.concurrency) await Promise.race(inFlight);
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
