import type { Redis } from 'ioredis';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue, typeOfValue } from '../internal/describe.js';

/** The `redis` option: an ioredis client (duck-typed, so two copies of ioredis both pass). */
export function checkRedis(options: { redis?: unknown } | undefined, owner: string): Redis {
  if (typeof options !== 'object' || options === null) {
    throw new ConcurValidationError(`${owner} needs an options object { redis, key } (got ${typeOfValue(options)}).`, { field: 'options' });
  }
  const redis = options.redis as Partial<Record<'get' | 'set' | 'eval' | 'pttl', unknown>> & { status?: unknown } | null | undefined;
  if (typeof redis !== 'object' || redis === null || typeof redis.status !== 'string' || ['get', 'set', 'eval', 'pttl'].some((name) => typeof redis[name as 'get'] !== 'function')) {
    throw new ConcurValidationError(`${owner} needs redis: an ioredis client, e.g. new Redis(process.env.REDIS_URL) (got ${typeOfValue(options.redis)}).`, { field: 'redis' });
  }
  return options.redis as Redis;
}

/** The `key` option: a non-empty string of at most 200 characters, without blanks. */
export function checkKey(options: { key?: unknown }, owner: string): string {
  const { key } = options;
  if (typeof key !== 'string' || !/^\S{1,200}$/.test(key)) {
    throw new ConcurValidationError(`${owner} needs key: 1 to 200 characters without blanks, e.g. 'concur:acme-prod' (got ${describeValue(key)}).`, { field: 'key' });
  }
  return key;
}

/** A whole number of milliseconds from `min` to one hour, or the fallback when undefined. */
export function checkWholeMs(owner: string, name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 3_600_000) {
    throw new ConcurValidationError(`${owner}: ${name} must be a whole number of milliseconds from ${min} to 3_600_000 (got ${describeValue(value)}).`, { field: name });
  }
  return value;
}
