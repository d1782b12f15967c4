import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue } from '../internal/describe.js';

/**
 * How the client retries transient failures. The defaults follow Concur's HTTP codes page: after
 * a time-out or a 503, wait 5 minutes and retry, a few times; resend a deadlocked request shortly.
 *
 * @example
 * ```ts
 * const concur = new ConcurClient({
 *   baseUrl: ConcurRegions.US2,
 *   accessToken,
 *   retry: { retries: 5, delayMs: 120_000 },
 * });
 * ```
 */
export interface RetryOptions {
  /**
   * How many times a failed request is sent again. The first attempt is not counted.
   * @default 3
   */
  retries?: number;
  /**
   * Wait before a retry when the response gave no `Retry-After`: Concur asks for 5 minutes after a
   * time-out or a 503.
   * @default 300_000
   */
  delayMs?: number;
  /**
   * Longest wait a `Retry-After` header can impose; a longer one is cut to this.
   * @default 3_600_000
   */
  maxRetryAfterMs?: number;
  /**
   * Wait before resending a request that hit a database deadlock (a 400 whose message says so).
   * @default 10_000
   */
  deadlockDelayMs?: number;
}

/** Retry options with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The defaults: 3 retries, 5 minutes apart, `Retry-After` honoured up to an hour, deadlocks after 10 s. */
export const DEFAULT_RETRY_OPTIONS: Readonly<Required<RetryOptions>> = Object.freeze({
  retries: 3,
  delayMs: 300_000,
  maxRetryAfterMs: 3_600_000,
  deadlockDelayMs: 10_000,
});

// Waits may exceed what one timer holds: the client's sleep chains timers (core/sleep.ts), so a
// long Retry-After or delay is waited in full rather than firing at once.
function checkNumber(name: keyof RetryOptions, value: unknown, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new ConcurValidationError(`retry.${name} must be a ${integer ? 'whole ' : ''}number of 0 or more (got ${describeValue(value)}).`, {
      field: `retry.${name}`,
    });
  }
  return value;
}

/**
 * Fills in defaults (the SDK's, or `base`: the client's policy under a per-call override) and
 * checks every value; `false` turns retries off.
 */
export function resolveRetryOptions(options: RetryOptions | false | undefined, base: ResolvedRetryOptions = DEFAULT_RETRY_OPTIONS): ResolvedRetryOptions {
  if (options === false) return { ...base, retries: 0 };
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new ConcurValidationError(`retry must be an object of retry options, or false to turn retries off (got ${describeValue(options)}).`, {
      field: 'retry',
    });
  }
  for (const key of Object.keys(options ?? {})) {
    if (!Object.hasOwn(DEFAULT_RETRY_OPTIONS, key)) {
      throw new ConcurValidationError(`Unknown retry option "${key}"; the options are ${Object.keys(DEFAULT_RETRY_OPTIONS).join(', ')}.`, {
        field: `retry.${key}`,
      });
    }
  }
  const merged = { ...base, ...stripUndefined(options ?? {}) };
  return {
    retries: checkNumber('retries', merged.retries, true),
    delayMs: checkNumber('delayMs', merged.delayMs, false),
    maxRetryAfterMs: checkNumber('maxRetryAfterMs', merged.maxRetryAfterMs, false),
    deadlockDelayMs: checkNumber('deadlockDelayMs', merged.deadlockDelayMs, false),
  };
}

function stripUndefined(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as RetryOptions;
}
