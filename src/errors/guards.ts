import { ConcurAuthError } from './auth-error.js';
import { ConcurError } from './concur-error.js';
import { ConcurAbortError, ConcurNetworkError, ConcurProxyError, ConcurResponseError, ConcurTimeoutError } from './request-errors.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
} from './status-errors.js';
import { BatchSizeError, ConcurValidationError } from './validation-errors.js';

// Each guard is `instanceof`, which for concur-sdk errors also matches errors made by another
// installed copy of the package (brand + literal name, see ConcurError[Symbol.hasInstance]).

/** True for a 400 from Concur. */
export const isBadRequestError = (value: unknown): value is BadRequestError => value instanceof BadRequestError;
/** True for a 401 from Concur. */
export const isUnauthorizedError = (value: unknown): value is UnauthorizedError => value instanceof UnauthorizedError;
/** True for a 403 from Concur. */
export const isForbiddenError = (value: unknown): value is ForbiddenError => value instanceof ForbiddenError;
/** True for a 404 from Concur. */
export const isNotFoundError = (value: unknown): value is NotFoundError => value instanceof NotFoundError;
/** True for a 409 from Concur. */
export const isConflictError = (value: unknown): value is ConflictError => value instanceof ConflictError;
/** True for a 429 from Concur. */
export const isTooManyRequestsError = (value: unknown): value is TooManyRequestsError => value instanceof TooManyRequestsError;
/** True for a 500 from Concur. */
export const isInternalServerError = (value: unknown): value is InternalServerError => value instanceof InternalServerError;
/** True for a 503 from Concur. */
export const isServiceUnavailableError = (value: unknown): value is ServiceUnavailableError => value instanceof ServiceUnavailableError;
/**
 * True when Concur's OAuth2 token endpoint refused a token request (a refresh with a bad refresh
 * token, client id or secret, or an app without the grant); also true for such an error from
 * another copy of concur-sdk.
 *
 * @example
 * ```ts
 * if (isConcurAuthError(error)) console.error(error.oauthCode, error.credential);
 * ```
 */
export const isConcurAuthError = (value: unknown): value is ConcurAuthError => value instanceof ConcurAuthError;
/** True when no response came within the time limit. */
export const isConcurTimeoutError = (value: unknown): value is ConcurTimeoutError => value instanceof ConcurTimeoutError;
/** True when the connection failed. */
export const isConcurNetworkError = (value: unknown): value is ConcurNetworkError => value instanceof ConcurNetworkError;
/** True when the configured proxy refused the tunnel to Concur. */
export const isConcurProxyError = (value: unknown): value is ConcurProxyError => value instanceof ConcurProxyError;
/** True when the caller aborted. */
export const isConcurAbortError = (value: unknown): value is ConcurAbortError => value instanceof ConcurAbortError;
/** True when a successful response could not be used. */
export const isConcurResponseError = (value: unknown): value is ConcurResponseError => value instanceof ConcurResponseError;
/** True when input was refused before sending. */
export const isConcurValidationError = (value: unknown): value is ConcurValidationError => value instanceof ConcurValidationError;
/** True when a batch had too few or too many items. */
export const isBatchSizeError = (value: unknown): value is BatchSizeError => value instanceof BatchSizeError;

/**
 * True when the error is a transient failure the retry policy retries (503, 502, 504, 429, time-outs,
 * resets, the request-limit and deadlock 400s). After the client gives up, such an error can be
 * worth trying again later.
 *
 * @example
 * ```ts
 * if (isRetryableError(error)) queue.later(job);
 * ```
 */
export function isRetryableError(value: unknown): value is ConcurError {
  return value instanceof ConcurError && value.retryable;
}
