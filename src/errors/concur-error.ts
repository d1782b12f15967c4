import type { ConcurErrorName } from './names.js';

/**
 * Registered symbol that marks every error thrown by concur-sdk. `Symbol.for` returns the same
 * symbol in every copy of the package, so the checks below work when an application ends up with
 * two installed copies, or loads the ESM build in one place and the CommonJS build in another.
 */
const BRAND = Symbol.for('concur-sdk.error');

/**
 * Marks the prototype of each of concur-sdk's own error classes (not an application's subclass):
 * only these take part in the match by name across copies.
 */
const SDK_CLASS = Symbol.for('concur-sdk.error-class');

/** Options shared by every concur-sdk error. */
export interface ConcurErrorOptions {
  /** The underlying error, when there is one worth keeping. Never an AxiosError. */
  cause?: unknown;
  /** HTTP method of the request that failed. */
  method?: string | undefined;
  /** Path of the request that failed, without host or query string. */
  path?: string | undefined;
  /** How many times the request was sent. */
  attempts?: number | undefined;
  /** Whether the retry policy treats this kind of failure as transient. */
  retryable?: boolean | undefined;
  /** Whether Concur may have processed the request despite the failure. */
  mayHaveBeenProcessed?: boolean | undefined;
}

/**
 * Gives one of concur-sdk's error classes its literal `name`, on the prototype, so that it is in
 * place before the stack is captured and survives minifiers (which rename classes), and marks the
 * class as the SDK's own. The name must be one the class declares.
 *
 * @internal
 */
export function nameErrorClass<C extends abstract new (...args: never[]) => { readonly name: string }>(
  errorClass: C,
  name: InstanceType<C>['name'] & ConcurErrorName,
): void {
  Object.defineProperty(errorClass.prototype, 'name', {
    value: name,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: only the mark's presence is read (Object.hasOwn, here and in any other copy), never its value, and no for-in, Object.keys, spread or JSON lists a symbol key of a prototype
  Object.defineProperty(errorClass.prototype, SDK_CLASS, { value: true, enumerable: false });
}

/** The literal name of one of concur-sdk's own classes, read from its prototype. */
function sdkClassName(proto: object): string | undefined {
  if (!Object.hasOwn(proto, SDK_CLASS)) return undefined;
  const own = Object.getOwnPropertyDescriptor(proto, 'name');
  return typeof own?.value === 'string' ? own.value : undefined;
}

/** Names of concur-sdk's own classes in an error's prototype chain, most derived first. */
function brandedNames(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) {
    // Stryker disable next-line ArrayDeclaration: the list is only searched for an SDK class name, which a filler string never is
    return [];
  }
  // Stryker disable next-line ArrayDeclaration: the list is only searched for an SDK class name, which a filler string never is
  const names: string[] = [];
  let proto = Object.getPrototypeOf(value) as object | null;
  while (proto !== null) {
    const name = sdkClassName(proto);
    if (name !== undefined) names.push(name);
    if (Object.hasOwn(proto, BRAND)) break;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return names;
}

/**
 * Base class of every error concur-sdk throws.
 *
 * `instanceof` works across two installed copies of the package and between its ESM and CommonJS
 * builds: an error made by another copy matches when that copy's class of the same name is in its
 * prototype chain. An application's own subclass matches only its own instances.
 *
 * @example
 * ```ts
 * try {
 *   await concur.users.get();
 * } catch (error) {
 *   if (error instanceof ConcurError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class ConcurError extends Error {
  /**
   * The class name, e.g. `'NotFoundError'`: a literal that survives minifiers. Typed as the names
   * of this class and its subclasses, so a comparison narrows and a misspelled name does not compile.
   */
  declare readonly name: ConcurErrorName;
  /** HTTP method of the request that failed, when the error comes from a request. */
  readonly method: string | undefined;
  /** Path of the request that failed (no host, no query string, no secrets). */
  readonly path: string | undefined;
  /** How many times the request was sent before this error was thrown. */
  readonly attempts: number | undefined;
  /** Whether the retry policy treats this kind of failure as transient. */
  readonly retryable: boolean;
  /**
   * True when Concur may have processed the request even though it failed: this attempt or an
   * earlier one ended in a time-out, a reset after sending, a 502 or 504, or an unreadable 2xx.
   * False when every attempt was refused outright (a 4xx, a 503, a refused connection…). Check
   * it before sending a request that must not run twice again.
   */
  readonly mayHaveBeenProcessed: boolean;

  static {
    nameErrorClass(this, 'ConcurError');
    Object.defineProperty(this.prototype, BRAND, { value: true, enumerable: false });
  }

  constructor(message: string, options: ConcurErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.method = options.method;
    this.path = options.path;
    this.attempts = options.attempts;
    this.retryable = options.retryable ?? false;
    this.mayHaveBeenProcessed = options.mayHaveBeenProcessed ?? false;
  }

  /**
   * Matches errors from this copy of the package by prototype, and errors from another copy by
   * brand and class name. An application's subclass (whose prototype is not marked as the SDK's)
   * matches by prototype only: it must not match every SDK error through an inherited name.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const name = sdkClassName(this.prototype as object);
    return name !== undefined && brandedNames(value).includes(name);
  }

  /** A plain object with the error's safe fields, for logs. Holds no token or request header. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined) json[key] = value;
    }
    return json;
  }
}

/**
 * True when `value` is an error thrown by concur-sdk (any copy of it).
 *
 * @example
 * ```ts
 * if (isConcurError(error)) logger.warn(error.toJSON());
 * ```
 */
export function isConcurError(value: unknown): value is ConcurError {
  return value instanceof ConcurError;
}
