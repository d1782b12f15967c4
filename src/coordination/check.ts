import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue, typeOfValue } from '../internal/describe.js';
import type { Coordination, RateLimit } from './types.js';

const MAX_REQUESTS = 1_000_000;
const MAX_PER_MS = 86_400_000;

/** Checks the `coordination` option: undefined, or an object with `pause`, `pausedUntil` and `budget`. */
export function checkCoordination(value: unknown): Coordination | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<Record<keyof Coordination, unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || ['pause', 'pausedUntil', 'budget'].some((name) => typeof candidate[name as keyof Coordination] !== 'function')) {
    throw new ConcurValidationError(
      `coordination must be what redisCoordination() or memoryCoordination() returns: an object with pause, pausedUntil and budget functions (got ${typeOfValue(value)}).`,
      { field: 'coordination' },
    );
  }
  return value as Coordination;
}

/** Checks the `rateLimit` option: `{ requests, perMs }` with whole numbers, `perMs` in whole seconds. */
export function checkRateLimit(value: unknown): RateLimit | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConcurValidationError(`rateLimit must be an object { requests, perMs }, e.g. { requests: 50, perMs: 1_000 } (got ${typeOfValue(value)}).`, { field: 'rateLimit' });
  }
  const { requests, perMs, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new ConcurValidationError(`Unknown rateLimit field "${unknown}"; the fields are requests and perMs.`, { field: `rateLimit.${unknown}` });
  if (typeof requests !== 'number' || !Number.isInteger(requests) || requests < 1 || requests > MAX_REQUESTS) {
    throw new ConcurValidationError(`rateLimit.requests must be a whole number from 1 to ${MAX_REQUESTS} (got ${describeValue(requests)}).`, { field: 'rateLimit.requests' });
  }
  if (typeof perMs !== 'number' || !Number.isInteger(perMs) || perMs < 1_000 || perMs > MAX_PER_MS || perMs % 1_000 !== 0) {
    throw new ConcurValidationError(
      `rateLimit.perMs must be a whole number of seconds in milliseconds, from 1_000 to ${MAX_PER_MS} (got ${describeValue(perMs)}); for 5 requests per 100 ms, give { requests: 50, perMs: 1_000 }.`,
      { field: 'rateLimit.perMs' },
    );
  }
  return { requests, perMs };
}
