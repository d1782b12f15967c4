import { typeOfValue } from '../internal/describe.js';
import type { BatchRejection } from './stop-types.js';
import type { BatchResult } from './types.js';

/** Who threw a value the run rejects with, for the message of a wrapped value. */
export type Thrower = 'onProgress' | 'the input' | 'sending a chunk';

/** `a string`, `an object`, `null`: the type alone, as the value may be a secret. */
function named(value: unknown): string {
  const type = typeOfValue(value);
  if (type === 'null' || type === 'undefined') return type;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function attach(target: unknown, partial: BatchResult<unknown>): boolean {
  try {
    // A primitive (a string, a number, null) is not extensible: it cannot hold a property.
    if (!Object.isExtensible(target) || Object.hasOwn(target as object, 'partialResult')) return false;
    // Not enumerable: it holds the caller's items (passwords, for updatePasswords), which must
    // not reach a log through toJSON(), JSON.stringify or util.inspect.
    Object.defineProperty(target, 'partialResult', { value: partial, enumerable: false, writable: false, configurable: true });
    return true;
  }
  // Stryker disable next-line BlockStatement: an empty catch returns undefined, which withPartialResult reads as false (it ignores the result for its own Error)
  catch {
    // A proxy that refuses new properties.
    return false;
  }
}

/**
 * The error a batch call rejects with, carrying `partialResult`. The thrown object itself when a
 * property can be added to it (an SDK error, the caller's own Error or object); otherwise (a
 * string, a number, a frozen object, one that already has a `partialResult`) an `Error` whose
 * `cause` is the value thrown, unchanged.
 */
export function withPartialResult<T>(error: unknown, partial: BatchResult<T>, thrower: Thrower | undefined): unknown {
  if (attach(error, partial as BatchResult<unknown>)) return error;
  const who = thrower === undefined ? 'The batch run' : thrower === 'onProgress' ? thrower : thrower.charAt(0).toUpperCase() + thrower.slice(1);
  const wrapped = new Error(
    `${who} threw ${named(error)}, which cannot carry partialResult, so the batch call rejects with this Error instead; the value thrown is its cause.`,
    { cause: error },
  );
  attach(wrapped, partial as BatchResult<unknown>);
  return wrapped;
}

/**
 * The result so far of the batch call that rejected with `error`: every item read before the
 * call stopped (`notSent` for those never sent), and `stopped` with the reason and `nextIndex`.
 * Undefined for an error that did not come from a batch call.
 *
 * @example
 * ```ts
 * try {
 *   await concur.listItems.create(listId, rows, { signal });
 * } catch (error) {
 *   const partial = partialResultOf<ListItemInput>(error);
 *   if (partial) console.warn(`${partial.succeeded} created; resume at ${partial.stopped?.nextIndex}`);
 *   throw error;
 * }
 * ```
 */
export function partialResultOf<T = unknown>(error: unknown): BatchResult<T> | undefined {
  if ((typeof error !== 'object' || error === null) && typeof error !== 'function') return undefined;
  const partial = (error as Partial<BatchRejection<T>>).partialResult;
  return typeof partial === 'object' && partial !== null ? partial : undefined;
}
