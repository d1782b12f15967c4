import type { ConcurError } from '../errors/concur-error.js';
import type { TransientReason } from '../errors/transient.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from '../retry/options.js';
import { abortableSleep, type SleepFunction } from './sleep.js';

/** What the client tells an access-token function when it asks for a token. */
export interface TokenRequestContext {
  /**
   * True when Concur just refused the previous token (401, or a 403 saying it expired or was
   * revoked): return a new one if you can.
   */
  forceRefresh: boolean;
  /** The token Concur refused, when `forceRefresh` is true. */
  rejectedToken?: string;
  /** The request's abort signal, if it has one. */
  signal?: AbortSignal;
}

/**
 * Returns the access token to send. Called before every attempt, so a refreshed token is used as
 * soon as it exists. {@link refreshTokenProvider} builds one for the OAuth2 refresh grant.
 *
 * @example
 * ```ts
 * const accessToken: AccessTokenProvider = async () => vault.read('concur-token');
 * ```
 */
export type AccessTokenProvider = (context: TokenRequestContext) => string | Promise<string>;

/** Passed to `onRetry` before each retry wait. */
export interface RetryEvent {
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  /** How long the client will wait before the next attempt. */
  delayMs: number;
  /** Why the failure counts as transient. */
  reason: TransientReason;
  /** HTTP method of the request. */
  method: string;
  /** Path of the request (no host, no query string). */
  path: string;
  /** The error of the failed attempt; it holds no token. */
  error: ConcurError;
}

/** The authorization scheme: `Bearer` for OAuth2 tokens, `OAuth` for legacy (pre-2017) tokens. */
export type AuthScheme = 'Bearer' | 'OAuth';

/**
 * Options of {@link ConcurClient}.
 *
 * @example
 * ```ts
 * const concur = new ConcurClient({
 *   baseUrl: ConcurRegions.US2,
 *   accessToken: process.env.CONCUR_TOKEN!,
 * });
 * ```
 */
export interface ClientOptions {
  /**
   * The Concur host to call, e.g. {@link ConcurRegions}`.US2`. Must be `https:`, except for
   * loopback hosts (`127.0.0.1`, `localhost`, `[::1]`) such as the simulator. Requests never go
   * anywhere else.
   */
  baseUrl: string;
  /** The access token, or a function that returns one and is called before every attempt. */
  accessToken: string | AccessTokenProvider;
  /**
   * The word before the token in the Authorization header: `Bearer` for OAuth2 tokens, `OAuth`
   * for legacy tokens.
   * @default 'Bearer'
   */
  authScheme?: AuthScheme;
  /**
   * How long one attempt may wait for a response, in milliseconds. Concur answers within 60 s.
   * @default 60_000
   */
  timeoutMs?: number;
  /**
   * Retry policy for transient failures, or `false` to send every request once.
   * @default { retries: 3, delayMs: 300_000, maxRetryAfterMs: 3_600_000, deadlockDelayMs: 10_000 }
   */
  retry?: RetryOptions | false;
  /**
   * Every retry wait goes through this function. Inject one to shorten or record waits in tests.
   * It receives the request's signal; the client also stops waiting as soon as that signal aborts.
   * @default a real timer that an abort cancels
   */
  sleep?: SleepFunction;
  /**
   * Called before each retry wait, e.g. to log it. A rejection from it fails the request.
   * @default undefined
   */
  onRetry?: (event: RetryEvent) => void | Promise<void>;
  /**
   * Largest response body accepted, in bytes; a larger one fails with `ConcurResponseError`.
   * @default 104_857_600 (100 MB)
   */
  maxResponseBytes?: number;
}

/** Options of every call. */
export interface CallOptions {
  /**
   * Aborting it cancels the request and any retry wait at once; the call then rejects with
   * `ConcurAbortError`.
   * @default undefined
   */
  signal?: AbortSignal;
}

/** Client options, checked and with every default filled in. */
export interface ResolvedClientOptions {
  baseUrl: URL;
  accessToken: string | AccessTokenProvider;
  authScheme: AuthScheme;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
  sleep: SleepFunction;
  onRetry: ((event: RetryEvent) => void | Promise<void>) | undefined;
  maxResponseBytes: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const KNOWN_OPTIONS = new Set(['baseUrl', 'accessToken', 'authScheme', 'timeoutMs', 'retry', 'sleep', 'onRetry', 'maxResponseBytes']);

/**
 * Checks a base URL: `https:`, or `http:` on a loopback host; no credentials, path, query or
 * fragment. Returns it as a URL.
 */
export function checkBaseUrl(value: unknown, field = 'baseUrl'): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConcurValidationError(`${field} is required: the Concur host to call, e.g. ConcurRegions.US2.`, { field });
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConcurValidationError(`${field} is not a valid URL: "${value.slice(0, 200)}".`, { field });
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConcurValidationError(`${field} must use https (http is accepted only for 127.0.0.1, localhost and [::1]); got ${url.protocol}//${url.host}.`, {
      field,
    });
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || (url.pathname !== '/' && url.pathname !== '')) {
    throw new ConcurValidationError(`${field} must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.`, {
      field,
    });
  }
  return url;
}

function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConcurValidationError(`${name} must be a positive number; got ${String(value)}.`, { field: name });
  }
  return value;
}

/** Checks the client options once and fills in defaults. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConcurValidationError('ConcurClient needs an options object with at least baseUrl and accessToken.', { field: 'options' });
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new ConcurValidationError(`Unknown ConcurClient option "${key}"; the options are ${[...KNOWN_OPTIONS].join(', ')}.`, { field: key });
    }
  }
  const { accessToken, authScheme = 'Bearer', sleep, onRetry } = options;
  if (!(typeof accessToken === 'function' || (typeof accessToken === 'string' && accessToken.trim() !== ''))) {
    throw new ConcurValidationError('accessToken is required: a token string, or a function that returns one.', { field: 'accessToken' });
  }
  if (authScheme !== 'Bearer' && authScheme !== 'OAuth') {
    throw new ConcurValidationError(`authScheme must be 'Bearer' or 'OAuth'; got ${String(authScheme)}.`, { field: 'authScheme' });
  }
  if (sleep !== undefined && typeof sleep !== 'function') {
    throw new ConcurValidationError('sleep must be a function (ms, signal) => Promise<void>.', { field: 'sleep' });
  }
  if (onRetry !== undefined && typeof onRetry !== 'function') {
    throw new ConcurValidationError('onRetry must be a function.', { field: 'onRetry' });
  }
  return {
    baseUrl: checkBaseUrl(options.baseUrl),
    accessToken,
    authScheme,
    timeoutMs: positiveNumber('timeoutMs', options.timeoutMs, 60_000),
    retry: resolveRetryOptions(options.retry),
    sleep: sleep ?? abortableSleep,
    onRetry,
    maxResponseBytes: positiveNumber('maxResponseBytes', options.maxResponseBytes, 100 * 1024 * 1024),
  };
}
