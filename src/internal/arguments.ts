import type { CallOptions } from '../core/options.js';
import type { RetryOptions } from '../retry/options.js';
import { checkSignal } from '../core/prepare.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue } from './describe.js';

// Checks of the arguments a careless caller may pass to a service method (plain JavaScript, data
// read from a file, `null` from a database): each is refused by name, with what was given, as a
// ConcurValidationError before anything is sent, never left to fail later as a TypeError.

/**
 * A method's options: left out, or an object whose `signal`, if any, is an AbortSignal.
 *
 * @example
 * ```ts
 * const { signal } = callOptions(options); // callOptions(null) throws "options must be an object (got null)."
 * ```
 */
export function callOptions<T extends CallOptions>(options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConcurValidationError(`options must be an object (got ${describeValue(options)}).`, { field: 'options' });
  }
  checkSignal(options.signal);
  return options;
}

/** The per-call settings of a method's options, for the request primitive. */
export interface CallSettings {
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: RetryOptions | false;
}

/**
 * The per-call settings among a method's options (`signal`, `timeoutMs`, `retry`), after
 * {@link callOptions}' checks; `timeoutMs` and `retry` are checked by the request primitive.
 *
 * @example
 * ```ts
 * const settings = callSettings(options);
 * await this.call(ENDPOINTS.getLists, { ...settings });
 * ```
 */
export function callSettings(options: CallOptions | undefined): CallSettings {
  const { signal, timeoutMs, retry } = callOptions(options);
  return { ...(signal === undefined ? {} : { signal }), ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(retry === undefined ? {} : { retry }) };
}

/**
 * An id argument: a non-empty string. `advice` says what to pass (`pass the id Concur returned`).
 *
 * @example
 * ```ts
 * idArgument(42, 'listId', 'pass the list id Concur returned'); // throws "listId must be a string: … (got number 42)."
 * ```
 */
export function idArgument(value: unknown, field: string, advice: string): string {
  if (typeof value !== 'string') {
    throw new ConcurValidationError(`${field} must be a string: ${advice} (got ${describeValue(value)}).`, { field });
  }
  if (value.trim() === '') {
    throw new ConcurValidationError(`${field} must not be empty: ${advice} (got ${value === '' ? 'an empty string' : 'only spaces'}).`, { field });
  }
  return value;
}

/** An optional option that must be a string when given. */
export function stringOption(value: unknown, field: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new ConcurValidationError(`${field} must be a string (got ${describeValue(value)}).`, { field });
}

/** An optional option that must be true or false when given. */
export function flagOption(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ConcurValidationError(`${field} must be true or false (got ${describeValue(value)}).`, { field });
}

/** An optional option that must be a function when given. */
export function functionOption<F>(value: F | undefined, field: string): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw new ConcurValidationError(`${field} must be a function (got ${describeValue(value)}).`, { field });
}
