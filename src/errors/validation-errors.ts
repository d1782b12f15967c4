import { ConcurError, nameErrorClass, type ConcurErrorOptions } from './concur-error.js';

/** One problem of the caller's input, as {@link ConcurValidationError.problems} lists it. */
export interface ValidationProblem {
  /** The item's position in the caller's input (0-based), for a problem of a batch item. */
  index?: number;
  /** The refused property, as the caller named it: `level1Code`, `lineItems[0].quantity`. */
  field: string;
  /** What is wrong with it: `level1Code must be a string (got number 42)`. */
  message: string;
}

/** Options of {@link ConcurValidationError}. */
export interface ConcurValidationErrorOptions extends ConcurErrorOptions {
  /** The option, argument or field that was refused. */
  field?: string | undefined;
  /** Every problem found, when there are several (a batch refused as a whole). */
  problems?: readonly ValidationProblem[] | undefined;
}

/**
 * The caller's input or configuration was refused before any request was sent: a missing id, an
 * unsafe path, a bad option value, an oversized upload.
 *
 * @example
 * ```ts
 * try {
 *   new ConcurClient({ baseUrl: 'http://example.com', accessToken: 't' });
 * } catch (error) {
 *   if (error instanceof ConcurValidationError) console.error(error.field, error.message);
 * }
 * ```
 */
export class ConcurValidationError extends ConcurError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ConcurValidationError' | 'BatchSizeError';
  /** The option, argument or field that was refused. */
  readonly field: string | undefined;
  /**
   * Every problem found, when the input was refused for several: a batch call with
   * `invalidItems: 'reject'` lists every problem of every invalid item here (its message shows
   * the first 20). Undefined for a single problem, which `field` and the message describe.
   */
  readonly problems: readonly ValidationProblem[] | undefined;

  static {
    nameErrorClass(this, 'ConcurValidationError');
  }

  constructor(message: string, options: ConcurValidationErrorOptions = {}) {
    super(message, options);
    this.field = options.field;
    this.problems = options.problems;
  }
}

/** Options of {@link BatchSizeError}. */
export interface BatchSizeErrorOptions extends ConcurValidationErrorOptions {
  /** Number of items in the refused batch. */
  size: number;
  /** Smallest accepted batch. */
  min: number;
  /** Largest accepted batch. */
  max: number;
}

/**
 * A batch holds fewer or more items than the service accepts. Concur answers 400 to an empty batch
 * and to one of over 1000 items (HTTP codes page); the SDK refuses both before sending.
 */
export class BatchSizeError extends ConcurValidationError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'BatchSizeError';
  /** Number of items in the refused batch. */
  readonly size: number;
  /** Smallest accepted batch. */
  readonly min: number;
  /** Largest accepted batch. */
  readonly max: number;

  static {
    nameErrorClass(this, 'BatchSizeError');
  }

  constructor(message: string, options: BatchSizeErrorOptions) {
    super(message, options);
    this.size = options.size;
    this.min = options.min;
    this.max = options.max;
  }
}

/** Limits for {@link validateBatchSize}. */
export interface BatchSizeLimits {
  /**
   * Smallest accepted batch.
   * @default 1
   */
  min?: number;
  /**
   * Largest accepted batch.
   * @default 1000
   */
  max?: number;
  /**
   * What the items are, for the message (e.g. `'list items'`).
   * @default 'items'
   */
  label?: string;
}

/**
 * Throws {@link BatchSizeError} unless `items` holds between `min` and `max` entries.
 *
 * @example
 * ```ts
 * validateBatchSize(listItems, { max: 1000, label: 'list items' });
 * ```
 */
export function validateBatchSize(items: { readonly length: number }, limits: BatchSizeLimits = {}): void {
  const { min = 1, max = 1000, label = 'items' } = limits;
  const size = items.length;
  if (size >= min && size <= max) return;
  const advice =
    size === 0
      ? `Concur refuses an empty batch with a 400; send at least ${min === 1 ? 'one' : min}.`
      : size < min
        ? `Send at least ${min}.`
        : `Concur refuses larger batches with a 400; split the input into batches of at most ${max}, or let the SDK chunk it (the default).`;
  throw new BatchSizeError(`A batch of ${label} must hold ${min} to ${max} entries; this one holds ${size}. ${advice}`, {
    size,
    min,
    max,
    field: 'items',
  });
}
