import { ConcurApiError, type ConcurApiErrorOptions } from './api-error.js';
import { nameErrorClass } from './concur-error.js';
import { BadRequestError, ForbiddenError, UnauthorizedError } from './status-errors.js';

/**
 * What a refused token request points at:
 * - `refreshToken`: the refresh token is bad, expired (6 months), revoked or already used;
 * - `clientId`: Concur knows no app with this client id, or the app is disabled;
 * - `clientSecret`: the secret does not match the client id;
 * - `grant`: the app's grant configuration (the company has not enabled the app, or the app may
 *   not use this grant);
 * - `geolocation`: the user lives in another data center: use the host in `geolocation`.
 */
export type ConcurAuthCredential = 'refreshToken' | 'clientId' | 'clientSecret' | 'grant' | 'geolocation';

/** Options of {@link ConcurAuthError}. */
export interface ConcurAuthErrorOptions extends ConcurApiErrorOptions {
  /** Concur's OAuth2 `code`, e.g. 108. */
  oauthCode?: number | undefined;
  /** The OAuth2 `error`, e.g. `invalid_grant`. */
  oauthError?: string | undefined;
  /** What to check, when the code says. */
  credential?: ConcurAuthCredential | undefined;
  /** The `geolocation` Concur sent: the host the user's data lives on. */
  geolocation?: string | undefined;
}

/**
 * Concur's OAuth2 token endpoint refused a token request, e.g. a refresh by
 * `refreshTokenProvider`. The message and `credential` name what to check: the refresh token
 * (code 108), the client id (61) or secret (64), or the app's grant configuration (53, 60).
 *
 * It is also the status class of the response: a 401 is an `UnauthorizedError`, a 403 a
 * `ForbiddenError`, a 400 a `BadRequestError`, so existing checks keep working. Never constructed
 * directly; `instanceof ConcurAuthError` (or {@link isConcurAuthError}) recognises it, also from
 * another installed copy or the other build (ESM / CommonJS) of concur-sdk.
 *
 * @example
 * ```ts
 * try {
 *   await concur.users.get();
 * } catch (error) {
 *   if (error instanceof ConcurAuthError && error.credential === 'refreshToken') await askUserToReconnect();
 *   else throw error;
 * }
 * ```
 */
export abstract class ConcurAuthError extends ConcurApiError {
  /** Always `'ConcurAuthError'`. */
  declare readonly name: 'ConcurAuthError';
  /** Concur's OAuth2 `code` (108 bad or expired refresh token, 61 client not found, 64 bad secret…). */
  declare readonly oauthCode: number | undefined;
  /** The OAuth2 `error`: `invalid_grant`, `invalid_client`, `invalid_request`, `invalid_scope`, `access_denied`. */
  declare readonly oauthError: string | undefined;
  /** What to check, when the code says; undefined for a code it does not. */
  declare readonly credential: ConcurAuthCredential | undefined;
  /** The `geolocation` Concur sent with the refusal, when it sent one. */
  declare readonly geolocation: string | undefined;

  static {
    nameErrorClass(this, 'ConcurAuthError');
  }
}

/** Class fields, set the way a class field is (so `toJSON` lists them and redaction can rewrite them). */
function setAuthFields(error: object, options: ConcurAuthErrorOptions): void {
  const fields = { oauthCode: options.oauthCode, oauthError: options.oauthError, credential: options.credential, geolocation: options.geolocation };
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(error, key, { value, writable: true, enumerable: true, configurable: true });
  }
}

// One class per status, so the error stays an instance of the class for its status. Their
// prototypes carry the name 'ConcurAuthError', which is what `instanceof ConcurAuthError` matches
// (ConcurError[Symbol.hasInstance]: brand plus SDK class name), in this copy and any other.

class AuthBadRequestError extends BadRequestError {
  declare readonly name: 'ConcurAuthError';
  static {
    nameErrorClass(this, 'ConcurAuthError');
  }
  constructor(message: string, options: ConcurAuthErrorOptions) {
    super(message, options);
    setAuthFields(this, options);
  }
}

class AuthUnauthorizedError extends UnauthorizedError {
  declare readonly name: 'ConcurAuthError';
  static {
    nameErrorClass(this, 'ConcurAuthError');
  }
  constructor(message: string, options: ConcurAuthErrorOptions) {
    super(message, options);
    setAuthFields(this, options);
  }
}

class AuthForbiddenError extends ForbiddenError {
  declare readonly name: 'ConcurAuthError';
  static {
    nameErrorClass(this, 'ConcurAuthError');
  }
  constructor(message: string, options: ConcurAuthErrorOptions) {
    super(message, options);
    setAuthFields(this, options);
  }
}

const AUTH_ERROR_CLASSES: Readonly<Record<number, new (message: string, options: ConcurAuthErrorOptions) => ConcurApiError>> = {
  400: AuthBadRequestError,
  401: AuthUnauthorizedError,
  403: AuthForbiddenError,
};

/** The statuses a {@link ConcurAuthError} can have. @internal */
export const AUTH_ERROR_STATUSES: ReadonlySet<number> = new Set([400, 401, 403]);

/**
 * Builds the {@link ConcurAuthError} for a 400, 401 or 403 from the token endpoint; it is also an
 * instance of that status's class.
 *
 * @internal
 */
export function createAuthError(message: string, options: ConcurAuthErrorOptions): ConcurAuthError {
  const ErrorClass = AUTH_ERROR_CLASSES[options.status];
  if (ErrorClass === undefined) throw new RangeError(`No ConcurAuthError for HTTP ${options.status}.`);
  return new ErrorClass(message, options) as ConcurAuthError;
}
