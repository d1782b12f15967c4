import { checkSignal } from '../core/prepare.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue } from '../internal/describe.js';
import type { RetryOptions } from '../retry/options.js';
import type { BatchOptions, BatchProgress, InvalidItemsMode, OutageMode } from './types.js';

/** Batch options, checked, with their defaults filled in. */
export interface ResolvedBatchOptions<T> {
  split: boolean;
  chunkSize: number;
  concurrency: number;
  keepItems: boolean;
  invalidItems: InvalidItemsMode;
  onOutage: OutageMode;
  onProgress: ((progress: BatchProgress<T>) => void | Promise<void>) | undefined;
  signal: AbortSignal | undefined;
  /** Per-call time limit and retry policy for every request of the run (checked when sent). */
  timeoutMs: number | undefined;
  retry: RetryOptions | false | undefined;
}

/** Most requests in flight at once for one batch call. */
const MAX_CONCURRENCY = 64;

function refuse(field: string, rule: string, value: unknown): never {
  throw new ConcurValidationError(`${field} must be ${rule} (got ${describeValue(value)}).`, { field });
}

function whole(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) refuse(field, `a whole number from ${min} to ${max}`, value);
  return value;
}

function flag(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') refuse(field, 'true or false', value);
  return value;
}

/**
 * Checks a batch call's options: `options` itself must be an object (or left out), and every
 * option of the right type, so a careless value is refused by name before anything is read or sent.
 */
export function resolveBatchOptions<T>(options: BatchOptions<T> | undefined, limits: { max: number; defaultChunkSize?: number | undefined }): ResolvedBatchOptions<T> {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) refuse('options', 'an object', options);
  const { onProgress, invalidItems = 'report', onOutage = 'stop' } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') refuse('onProgress', 'a function', onProgress);
  if (invalidItems !== 'report' && invalidItems !== 'reject') refuse('invalidItems', "'report' or 'reject'", invalidItems);
  if (onOutage !== 'stop' && onOutage !== 'continue') refuse('onOutage', "'stop' or 'continue'", onOutage);
  return {
    split: flag('chunk', options.chunk, true),
    keepItems: flag('keepItems', options.keepItems, true),
    concurrency: whole('concurrency', options.concurrency === undefined ? 1 : options.concurrency, 1, MAX_CONCURRENCY),
    chunkSize: whole('chunkSize', options.chunkSize === undefined ? (limits.defaultChunkSize ?? limits.max) : options.chunkSize, 1, limits.max),
    invalidItems,
    onOutage,
    onProgress,
    signal: checkSignal(options.signal),
    timeoutMs: options.timeoutMs,
    retry: options.retry,
  };
}
