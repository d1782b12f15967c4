import type { Chunk } from './chunk.js';
import type { BatchItemResult, ListedItemError } from './types.js';

/** What a service's batch response says, reduced to what reconciliation needs. */
export interface ChunkReport {
  /** `records-succeeded` (or the service's equivalent), when present. */
  recordsSucceeded?: number | undefined;
  /** `records-failed` (or the service's equivalent), when present. */
  recordsFailed?: number | undefined;
  /** The item errors listed: Concur lists at most the first 10 for most services. */
  errors: ListedItemError[];
  /** Keys Concur reported as succeeded, for services that list successes. */
  successes?: string[] | undefined;
}

const TRUNCATED =
  'Concur reported more failed items than it listed (it lists only the first 10 errors), so this item may have failed or succeeded; check it in Concur before sending it again.';
const UNLISTED_FAILURE = 'Concur counted this item as failed but did not list its error (it lists only the first 10).';
const SHARED_KEY = 'Concur reported an error under a key this item shares with another item of the chunk, so which of them failed cannot be told.';
const REPEATED =
  'An earlier attempt of this chunk may have gone through before its answer was lost, and Concur answered the resend that this item already exists: this very call has probably created it. Check it in Concur before sending it again.';
const SECOND_RUN =
  'An earlier attempt of this chunk may have gone through before its answer was lost; Concur then counted this item as failed without listing why (likely "already exists"), so it may exist.';

/**
 * Maps a chunk's batch response back to its items, by key, never by position. Items named in
 * an error fail; items named as successes succeed; the rest are settled by Concur's counts when
 * the counts allow only one answer, and are `unknown` otherwise. An error whose key matches no
 * single item of the chunk is returned as unmatched rather than dropped.
 *
 * `processedBefore` says an earlier attempt of the chunk may have been processed: the answer may
 * then describe a second run, where an unlisted failure can hide an item the first run created,
 * and a listed "already exists" (`alreadyDone`) most likely names one, so such items are
 * `unknown` rather than `failed` (keeping Concur's code and message).
 *
 * An item is `succeeded` only when Concur said so: named as a success, or counted in
 * `records-succeeded`. Success is never inferred from `records-failed` alone.
 */
export function reconcile<T>(
  chunk: Chunk<T>,
  keyOf: (item: T, position: number) => string | undefined,
  report: ChunkReport,
  attempts: number,
  processedBefore = false,
  // Stryker disable next-line ArrowFunction: its result is only tested for truth, where undefined reads as false
  alreadyDone: (error: ListedItemError) => boolean = () => false,
): { items: Array<BatchItemResult<T>>; unmatched: ListedItemError[] } {
  // Keyless items are left out, so an error without a key matches none of them.
  const positions = new Map<string | undefined, number[]>();
  chunk.items.forEach((item, position) => {
    const key = keyOf(item, position);
    if (key === undefined) return;
    const list = positions.get(key);
    if (list) list.push(position);
    else positions.set(key, [position]);
  });
  // Filled, not sparse: array methods skip holes.
  const results: Array<BatchItemResult<T> | undefined> = chunk.items.map(() => undefined);
  const settle = (position: number, status: BatchItemResult<T>['status'], code?: string, message?: string): void => {
    const result: BatchItemResult<T> = { index: chunk.indexes[position] as number, input: chunk.items[position] as T, status, chunk: chunk.index, attempts };
    if (code !== undefined) result.code = code;
    if (message !== undefined) result.message = message;
    results[position] = result;
  };

  const unmatched: ListedItemError[] = [];
  // Items Concur said "already exist" in the answer to a resend: counted failed by Concur, unknown here.
  const repeatedNote = new Set<number>();
  // Errors whose key several items of the chunk share: which of those items failed is unclear.
  const shared = new Map<string, ListedItemError[]>();
  for (const error of report.errors) {
    const matches = positions.get(error.key);
    if (matches === undefined) unmatched.push(error);
    else if (matches.length === 1) {
      const position = matches[0] as number;
      const repeated = processedBefore && alreadyDone(error);
      if (results[position] === undefined) settle(position, repeated ? 'unknown' : 'failed', error.code, error.message ?? (repeated ? REPEATED : undefined));
      if (repeated) repeatedNote.add(position);
    } else shared.set(error.key as string, [...(shared.get(error.key as string) ?? []), error]);
  }
  let sharedFailures = 0;
  const ambiguous: number[] = [];
  for (const [key, errors] of shared) {
    // Nothing settled these items yet: a listed error settles only an item whose key is its own.
    // Stryker disable next-line ArrayDeclaration: shared holds only keys that several items have, so positions always has the key
    const group = positions.get(key) ?? [];
    // As many errors as items: every one of them failed (messages paired in order).
    // Stryker disable next-line OptionalChaining: errors has at least as many entries as group here, so errors[i] is always defined
    if (errors.length >= group.length) group.forEach((position, i) => settle(position, 'failed', errors[i]?.code, errors[i]?.message));
    else {
      sharedFailures += errors.length;
      ambiguous.push(...group);
      unmatched.push(...errors);
    }
  }
  // Stryker disable next-line ArrayDeclaration: without listed successes, the mutant's one key ("Stryker was here") is no item's key
  for (const key of report.successes ?? []) {
    const matches = positions.get(key);
    if (matches?.length === 1 && results[matches[0] as number] === undefined) settle(matches[0] as number, 'succeeded');
  }

  const rest = results.flatMap((result, position) => (result === undefined && !ambiguous.includes(position) ? [position] : []));
  const open = rest.length + ambiguous.length;
  const size = chunk.items.length;
  // Failures may be inferred from the success count; successes only from Concur's own count.
  const failedCount = report.recordsFailed ?? (report.recordsSucceeded === undefined ? undefined : size - report.recordsSucceeded);
  const succeededCount = report.recordsSucceeded;
  const failedSoFar = results.filter((result) => result?.status === 'failed').length + repeatedNote.size;
  const succeededSoFar = results.filter((result) => result?.status === 'succeeded').length;
  // Failures Concur counted but did not list (or listed under a shared key).
  const failedLeft = failedCount === undefined ? undefined : failedCount - failedSoFar;
  const unlistedFailures = failedLeft === undefined ? undefined : failedLeft - sharedFailures;
  const succeededLeft = succeededCount === undefined ? undefined : succeededCount - succeededSoFar;
  const unknownReason =
    failedCount === undefined || (succeededCount === undefined && unlistedFailures === 0) ? 'Concur did not say whether this item succeeded.' : TRUNCATED;
  if (unlistedFailures === 0 && succeededLeft === open - sharedFailures) {
    for (const position of rest) settle(position, 'succeeded');
    for (const position of ambiguous) settle(position, 'unknown', undefined, SHARED_KEY);
  } else if ((succeededLeft ?? 0) === 0 && failedLeft === open) {
    for (const position of [...rest, ...ambiguous]) {
      if (processedBefore) settle(position, 'unknown', undefined, SECOND_RUN);
      else settle(position, 'failed', undefined, UNLISTED_FAILURE);
    }
  } else {
    for (const position of [...rest, ...ambiguous]) settle(position, 'unknown', undefined, ambiguous.includes(position) ? SHARED_KEY : unknownReason);
  }
  return { items: results as Array<BatchItemResult<T>>, unmatched };
}
