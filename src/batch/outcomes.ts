import { ConcurApiError } from '../errors/api-error.js';
import type { ConcurError } from '../errors/concur-error.js';
import type { Chunk } from './chunk.js';
import type { BatchChunkSummary, BatchItemResult } from './types.js';

// The outcomes of a chunk that got no batch result: refused or lost as a whole, cut off by the
// run's end, or never sent.

const IN_FLIGHT =
  "The run stopped while this item's chunk was in flight, so Concur may have processed it or not; check it in Concur before sending it again.";
const NOT_SENT = 'The run stopped before this item was sent: no request carried it, so it can be sent again safely.';

/** A chunk's summary, with the optional fields only when they have a value. */
export function summaryOf<T>(chunk: Chunk<T>, fields: Pick<BatchChunkSummary, 'size' | 'attempts' | 'status'>, correlationId?: string): BatchChunkSummary {
  const summary: BatchChunkSummary = { index: chunk.index, offset: chunk.offset, ...fields };
  if (chunk.invalid.length > 0) summary.invalid = chunk.invalid.length;
  if (correlationId !== undefined) summary.correlationId = correlationId;
  return summary;
}

/** The items of a chunk that failed as a whole, after the retry policy. */
export function chunkFailure<T>(chunk: Chunk<T>, error: ConcurError): Array<BatchItemResult<T>> {
  // Concur answered with an error status and no attempt may have gone through: the batch was
  // refused. Otherwise (a time-out, a reset, an unreadable body, or a 503 after an earlier
  // attempt timed out) it may have been processed, so its items are unknown, not failed.
  const refused = error instanceof ConcurApiError && !error.mayHaveBeenProcessed;
  return chunk.items.map((input, position) => ({
    index: chunk.indexes[position] as number,
    input,
    status: refused ? 'failed' : 'unknown',
    chunk: chunk.index,
    code: error instanceof ConcurApiError ? String(error.status) : error.name,
    message: error.message,
    attempts: error.attempts ?? 1,
  }));
}

/**
 * The items of a chunk whose request was under way when the run stopped (an abort, an
 * unexpected error): they may have reached Concur, so they are unknown.
 */
export function interrupted<T>(chunk: Chunk<T>, error: unknown): Array<BatchItemResult<T>> {
  const code = error instanceof Error ? error.name : 'Error';
  const attempts = typeof (error as { attempts?: unknown } | null)?.attempts === 'number' ? Math.max(1, (error as { attempts: number }).attempts) : 1;
  return chunk.items.map((input, position) => ({ index: chunk.indexes[position] as number, input, status: 'unknown', chunk: chunk.index, code, message: IN_FLIGHT, attempts }));
}

/** The items of a chunk read but never sent: `notSent`, with the invalid items read among them. */
export function notSent<T>(chunk: Chunk<T>): Array<BatchItemResult<T>> {
  return chunk.items.map((input, position) => ({ index: chunk.indexes[position] as number, input, status: 'notSent', chunk: chunk.index, message: NOT_SENT, attempts: 0 }));
}
