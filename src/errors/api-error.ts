import { ConcurError, nameErrorClass, type ConcurErrorOptions } from './concur-error.js';

/** What concur-sdk keeps of an HTTP error response. */
export interface ConcurApiErrorOptions extends ConcurErrorOptions {
  /** HTTP status code. */
  status: number;
  /** Concur's `Message` element, when the body carried one. */
  serverMessage?: string | undefined;
  /** Concur's `Server-Time` element: the server's local time, with no zone. */
  serverTime?: string | undefined;
  /** Concur's `Id` element: the error's identifier inside Concur. */
  errorId?: string | undefined;
  /** The `concur-correlationid` response header, to quote to Concur support. */
  correlationId?: string | undefined;
  /** The start of the response body as text (a few KB at most), with known secrets removed. */
  body?: string | undefined;
  /** Response headers that are safe to keep (content type, `Retry-After`, date, correlation id). */
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Concur answered with an HTTP error status. Subclasses name the common statuses; any other status
 * gives a plain `ConcurApiError`.
 *
 * @example
 * ```ts
 * try {
 *   await concur.extract.startJob(definitionId);
 * } catch (error) {
 *   if (error instanceof ConcurApiError) {
 *     console.error(error.status, error.serverMessage, error.correlationId);
 *   }
 *   throw error;
 * }
 * ```
 */
export class ConcurApiError extends ConcurError {
  /** The class name, or the name of the subclass for the status. */
  declare readonly name: 'ConcurApiError' | 'BadRequestError' | 'UnauthorizedError' | 'ForbiddenError' | 'NotFoundError' | 'ConflictError' | 'TooManyRequestsError' | 'InternalServerError' | 'ServiceUnavailableError' | 'ConcurAuthError';
  /** HTTP status code of the response. */
  readonly status: number;
  /** Concur's own error message (`Message`), when the body carried one. */
  readonly serverMessage: string | undefined;
  /** Concur's `Server-Time`: when the error was generated, in the server's time zone. */
  readonly serverTime: string | undefined;
  /** Concur's `Id` for the error. */
  readonly errorId: string | undefined;
  /** The `concur-correlationid` response header (any case), for Concur support. */
  readonly correlationId: string | undefined;
  /** The start of the response body as text, bounded to a few KB. */
  readonly body: string | undefined;
  /** The response headers that are safe to keep. */
  readonly headers: Readonly<Record<string, string>>;

  static {
    nameErrorClass(this, 'ConcurApiError');
  }

  constructor(message: string, options: ConcurApiErrorOptions) {
    super(message, options);
    this.status = options.status;
    this.serverMessage = options.serverMessage;
    this.serverTime = options.serverTime;
    this.errorId = options.errorId;
    this.correlationId = options.correlationId;
    this.body = options.body;
    this.headers = options.headers ?? {};
  }
}

/**
 * True when `value` is an HTTP error from Concur, thrown by any copy of concur-sdk.
 *
 * @example
 * ```ts
 * if (isConcurApiError(error) && error.status === 404) return undefined;
 * ```
 */
export function isConcurApiError(value: unknown): value is ConcurApiError {
  return value instanceof ConcurApiError;
}

/**
 * The options that rebuild `error` as it is: for code that gives an HTTP error a clearer message
 * (a refused token refresh, a payment batch that cannot close) without losing any of its fields.
 *
 * @internal
 */
export function apiErrorOptionsOf(error: ConcurApiError): ConcurApiErrorOptions {
  return {
    status: error.status,
    serverMessage: error.serverMessage,
    serverTime: error.serverTime,
    errorId: error.errorId,
    correlationId: error.correlationId,
    body: error.body,
    headers: error.headers,
    method: error.method,
    path: error.path,
    attempts: error.attempts,
    retryable: error.retryable,
    mayHaveBeenProcessed: error.mayHaveBeenProcessed,
  };
}
