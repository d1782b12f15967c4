import type { Coordination, RateLimit } from '../coordination/types.js';
import type { ConcurError } from '../errors/concur-error.js';
import type { TransientReason } from '../errors/transient.js';
import type { ResolvedRetryOptions, RetryOptions } from '../retry/options.js';
import type { SleepFunction } from './sleep.js';

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

/**
 * The integration calling Concur, added to the `User-Agent` header (as stripe-node does) so that
 * Concur support can tell integrations apart.
 *
 * @example
 * ```ts
 * const appInfo: AppInfo = { name: 'AcmeErpSync', version: '2.4.0', url: 'https://acme.example/erp-sync' };
 * // User-Agent: concur-sdk/0.1.0 node/20.20.2 AcmeErpSync/2.4.0 (+https://acme.example/erp-sync)
 * ```
 */
export interface AppInfo {
  /** The integration's name: a product token (letters, digits and `!#$%&'*+-.^_\`|~`, no spaces). */
  name: string;
  /**
   * Its version, same characters as `name`.
   * @default undefined
   */
  version?: string;
  /**
   * A URL about it (an `http:` or `https:` URL).
   * @default undefined
   */
  url?: string;
}

/**
 * Passed to `onRequest` before each attempt is sent. It carries no header, body or token.
 *
 * @example
 * ```ts
 * const onRequest = (event: RequestEvent) => logger.debug(event, 'concur request');
 * ```
 */
export interface RequestEvent {
  /** HTTP method. */
  method: string;
  /** Path of the request (no host, no query string). */
  path: string;
  /** The attempt's number: 1 for the first send, counting resends. */
  attempt: number;
  /** The SDK's id of the logical call, the same for all its attempts. */
  requestId: string;
}

/**
 * Passed to `onResponse` after each attempt: with `status` when an answer came (error statuses
 * included), with `error` when none did (a time-out, a broken connection, an abort).
 *
 * @example
 * ```ts
 * const onResponse = (event: ResponseEvent) =>
 *   logger.info({ ...event, error: event.error?.name }, 'concur response');
 * ```
 */
export interface ResponseEvent extends RequestEvent {
  /** From sending to the last byte read (or the failure), in milliseconds. */
  durationMs: number;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** The `concur-correlationid` of the answer, when it had one: quote it to Concur support. */
  correlationId?: string | undefined;
  /** Body bytes read (error bodies are read to 64 KB at most). */
  bytes?: number;
  /** The error, when no answer came. It holds no token. */
  error?: ConcurError;
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
   * loopback hosts (`127.0.0.1`, `localhost`, `[::1]`) such as the simulator, and any host when
   * `allowInsecureHttp` is set. Requests never go anywhere else.
   */
  baseUrl: string;
  /**
   * The access token, or a function that returns one and is called before every attempt. A token
   * given with its scheme (`'Bearer abc…'`, `'OAuth abc…'`, any case) is sent once, with
   * `authScheme`; surrounding blanks (a trailing newline from a file) are dropped.
   */
  accessToken: string | AccessTokenProvider;
  /**
   * The word before the token in the Authorization header: `Bearer` for OAuth2 tokens, `OAuth`
   * for legacy tokens.
   * @default 'Bearer'
   */
  authScheme?: AuthScheme;
  /**
   * How long one attempt may take, in milliseconds, from sending the request to the last byte of
   * the response: a server that sends headers and then trickles the body cannot hold a call
   * longer. Concur answers within 60 s. For file downloads (Extract and payment batch files) it
   * bounds the wait for the headers and every gap between body bytes instead, so a large file can
   * take as long as it needs while it keeps arriving. A whole number from 1 to 2_147_483_647.
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
   * Called before each attempt is sent. A throw does not break the call; it is reported once
   * through `process.emitWarning`.
   * @default undefined
   */
  onRequest?: (event: RequestEvent) => void | Promise<void>;
  /**
   * Called after each attempt, answered or not, with its status (or error), duration, correlation
   * id and size. A throw does not break the call; it is reported once through `process.emitWarning`.
   * @default undefined
   */
  onResponse?: (event: ResponseEvent) => void | Promise<void>;
  /**
   * Largest response body accepted, in bytes; a larger one fails with `ConcurResponseError`.
   * Error bodies are read only to their first 64 KB, whatever this says.
   * @default 104_857_600 (100 MB)
   */
  maxResponseBytes?: number;
  /**
   * Most requests of this client on the wire at once, and so most connections to Concur. A
   * request beyond it waits for a free place before it is sent; that wait does not count against
   * `timeoutMs`, and an abort while waiting leaves nothing at Concur.
   * @default 16
   */
  maxSockets?: number;
  /**
   * An HTTP(S) proxy to send every request through: a URL such as
   * `'http://user:pass@proxy.corp:3128'`, or `'env'` to follow `HTTPS_PROXY` / `HTTP_PROXY` /
   * `ALL_PROXY` and `NO_PROXY` (upper or lower case, read once when the client is built), or
   * `false` for a direct connection. HTTPS requests go through a `CONNECT` tunnel, so the proxy
   * never sees the token. Proxy credentials are redacted like tokens.
   * @default false
   */
  proxy?: string | false;
  /**
   * Lets a plain `http:` base URL on a non-loopback host through, e.g. a simulator in docker
   * compose (`http://concur-sim:4010`). Never set it for a real Concur host: the token would
   * cross the network in clear text.
   * @default false
   */
  allowInsecureHttp?: boolean;
  /**
   * Your integration's name, version and URL, added to the `User-Agent` header.
   * @default undefined
   */
  appInfo?: AppInfo;
  /**
   * State shared with other clients: {@link memoryCoordination} for the clients of this process,
   * `redisCoordination` from `concur-sdk/redis` for every process using the same key. When one
   * client waits before a retry because Concur answered 503, 429, the request-limit 400 or not at
   * all, every client sharing it waits as long before its next send (a call's own retries and
   * signal still apply), and `rateLimit` counts their requests together.
   * @default undefined (the client keeps its pauses and budget to itself)
   * @example
   * ```ts
   * import { redisCoordination } from 'concur-sdk/redis';
   * const concur = new ConcurClient({ baseUrl, accessToken, coordination: redisCoordination({ redis, key: 'concur:acme' }) });
   * ```
   */
  coordination?: Coordination;
  /**
   * At most `requests` sends per `perMs` milliseconds, retries included: counted in this client
   * alone, or across every client sharing `coordination` when it is set. A send over the budget
   * waits for the next window (a real timer; the call's signal cuts it short).
   * @default undefined (no cap)
   * @example
   * ```ts
   * const concur = new ConcurClient({ baseUrl, accessToken, rateLimit: { requests: 50, perMs: 1_000 } });
   * ```
   */
  rateLimit?: RateLimit;
}

/**
 * Options of every call: its signal, and the client's time limit and retry policy overridden for
 * this call only.
 *
 * @example
 * ```ts
 * await concur.users.get({ timeoutMs: 10_000, retry: false, signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface CallOptions {
  /**
   * Aborting it cancels the request and any retry wait at once; the call then rejects with
   * `ConcurAbortError`.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * This call's time limit per attempt, instead of the client's `timeoutMs`.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * This call's retry policy: fields given replace the client's, the rest are the client's;
   * `false` sends the request once.
   * @default the client's `retry`
   */
  retry?: RetryOptions | false;
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
  onRequest: ((event: RequestEvent) => void | Promise<void>) | undefined;
  onResponse: ((event: ResponseEvent) => void | Promise<void>) | undefined;
  maxResponseBytes: number;
  maxSockets: number;
  /** The proxy to go through, credentials included, or undefined for a direct connection. */
  proxy: URL | undefined;
  userAgent: string;
  /** Values to redact from everything the client hands back: a fixed token, proxy credentials. */
  secrets: readonly string[];
  coordination: Coordination | undefined;
  rateLimit: RateLimit | undefined;
}
