import { ConcurApiError } from '../errors/api-error.js';
import type { ConcurError } from '../errors/concur-error.js';
import { ConcurNetworkError, ConcurProxyError, ConcurTimeoutError } from '../errors/request-errors.js';
import { isTransientNetworkCode, mayHaveBeenProcessed, statusReason, type TransientReason } from '../errors/transient.js';
import type { ResolvedRetryOptions } from './options.js';
import { parseRetryAfter } from './retry-after.js';

/** A decision to retry: why, and after how long. */
export interface RetryDecision {
  reason: TransientReason;
  delayMs: number;
}

/** Why `error` is transient, or undefined when it is final. */
export function transientReasonOf(error: ConcurError): TransientReason | undefined {
  if (error instanceof ConcurApiError) return statusReason(error.status, error.serverMessage);
  if (error instanceof ConcurTimeoutError) return error.retryable ? 'timeout' : undefined;
  if (error instanceof ConcurProxyError) return error.retryable ? 'network' : undefined;
  if (error instanceof ConcurNetworkError) return isTransientNetworkCode(error.code) ? 'network' : undefined;
  return undefined;
}

/**
 * How long to wait before the next attempt. The server's `Retry-After` wins, cut to
 * `maxRetryAfterMs`; otherwise a deadlock waits `deadlockDelayMs` and everything else `delayMs`.
 */
export function retryDelayMs(error: ConcurError, reason: TransientReason, options: ResolvedRetryOptions, now: number): number {
  const hinted = error instanceof ConcurApiError ? parseRetryAfter(error.headers['retry-after'], now) : undefined;
  if (hinted !== undefined) return Math.min(hinted, options.maxRetryAfterMs);
  return reason === 'deadlock' ? options.deadlockDelayMs : options.delayMs;
}

/**
 * Whether to retry after `attemptsMade` attempts ended in `error`, and when. Undefined means stop:
 * the error is final, or no retry is left, or the request must not run twice (`idempotent`
 * false) and the failure leaves open whether Concur processed it.
 */
export function decideRetry(
  error: ConcurError,
  attemptsMade: number,
  options: ResolvedRetryOptions,
  now: number = Date.now(),
  idempotent = true,
): RetryDecision | undefined {
  if (attemptsMade > options.retries) return undefined;
  const reason = transientReasonOf(error);
  if (reason === undefined) return undefined;
  if (!idempotent && mayHaveBeenProcessed(reason, error instanceof ConcurNetworkError ? error.code : undefined)) return undefined;
  return { reason, delayMs: retryDelayMs(error, reason, options, now) };
}
