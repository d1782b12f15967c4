import pRetry from 'p-retry';
import { TokenSource } from '../auth/token-source.js';
import { ConcurApiError } from '../errors/api-error.js';
import { ConcurAuthError } from '../errors/auth-error.js';
import { ConcurError } from '../errors/concur-error.js';
import { abortError } from '../errors/factory.js';
import { Pacer } from '../coordination/pacer.js';
import { scrubError } from '../errors/redact.js';
import { ConcurAbortError } from '../errors/request-errors.js';
import { resolveRetryOptions, type ResolvedRetryOptions } from '../retry/options.js';
import { decideRetry } from '../retry/policy.js';
import { decodeResponse, type ConcurResponse } from './decode.js';
import type { DownloadSink } from './download.js';
import { Observer, type CallTrace } from './observe.js';
import type { ResolvedClientOptions } from './options.js';
import { prepareRequest, type ConcurRequest } from './prepare.js';
import { checkTimeoutMs } from './resolve-options.js';
import { sleepUntilAborted } from './sleep.js';
import { Transport, type OutgoingRequest, type RawResponse } from './transport.js';

// Legacy services signal an expired or revoked token with a 403 (HTTP codes page), not only 401.
const TOKEN_REJECTED = /expired|revoked/i;

function isTokenRejection(error: unknown): error is ConcurApiError {
  // A refused refresh (the token endpoint's own error) is not a refused access token: asking
  // for another token would only repeat it.
  if (!(error instanceof ConcurApiError) || error instanceof ConcurAuthError) return false;
  return error.status === 401 || (error.status === 403 && TOKEN_REJECTED.test(error.serverMessage ?? error.body ?? ''));
}

/** What the SDK knows about a call beyond the caller's request. @internal */
export interface RequestMeta {
  /** The endpoint's path template (`/api/expense/list/v1.0/{listId}`), a low-cardinality span name. */
  template?: string;
  /** Streams a 2xx body there instead of buffering it (a download `to` a file or stream). */
  sink?: DownloadSink;
}

/** One call as it runs: its settings, the secrets it used, its tokens and its trace. */
interface Call {
  request: ConcurRequest;
  outgoing: OutgoingRequest;
  retry: ResolvedRetryOptions;
  timeoutMs: number;
  secrets: Set<string>;
  /** The token sent last, and a fresh one to send next. */
  tokens: { last: string | undefined; fresh: string | undefined };
  trace: CallTrace | undefined;
}

/** Sends requests: checks input, attaches the token, applies the retry policy, reads the body. */
export class Requester {
  readonly #options: ResolvedClientOptions;
  readonly #transport: Transport;
  readonly #tokens: TokenSource;
  readonly #observer: Observer;
  readonly #pacer: Pacer | undefined;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    this.#transport = new Transport({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      maxSockets: options.maxSockets,
      proxy: options.proxy,
      userAgent: options.userAgent,
      secrets: options.secrets,
    });
    this.#tokens = new TokenSource(options.accessToken);
    this.#observer = new Observer({ onRequest: options.onRequest, onResponse: options.onResponse }, options.baseUrl);
    this.#pacer = Pacer.create({ coordination: options.coordination, rateLimit: options.rateLimit, sleep: options.sleep });
  }

  /** The configured base URL. */
  get baseUrl(): URL {
    return this.#options.baseUrl;
  }

  /**
   * Waits through the client's `sleep` and settles as soon as `signal` aborts: for services that
   * poll (Extract's waitForJob), so their waits are injectable like the retry waits.
   */
  async wait(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepUntilAborted(this.#options.sleep, ms, signal);
  }

  /** Requests of this client on the wire now (at most `maxSockets`). @internal */
  get activeRequests(): number {
    return this.#transport.active;
  }

  /**
   * Sends a request with the retry policy. Every error and result leaving here has passed the one
   * redaction choke point: the secrets of the client and every token this request sent, in every
   * encoded form, are removed from each reachable string (the caller's own abort reason aside).
   */
  async request<T = unknown>(request: ConcurRequest, meta: RequestMeta = {}): Promise<ConcurResponse<T>> {
    const secrets = new Set<string>(this.#options.secrets);
    try {
      return await this.#request<T>(request, secrets, meta);
    } catch (error) {
      throw scrubError(error, [...secrets], abortReasons(request));
    }
  }

  async #request<T>(request: ConcurRequest, secrets: Set<string>, meta: RequestMeta): Promise<ConcurResponse<T>> {
    const outgoing = prepareRequest(request);
    if (meta.sink !== undefined) outgoing.sink = meta.sink;
    const call: Call = {
      request,
      outgoing,
      retry: request.retry === undefined ? this.#options.retry : resolveRetryOptions(request.retry, this.#options.retry),
      timeoutMs: request.timeoutMs === undefined ? this.#options.timeoutMs : checkTimeoutMs(request.timeoutMs, this.#options.timeoutMs),
      secrets,
      // Stryker disable next-line ObjectLiteral: both fields start undefined; naming them only fixes the object's shape
      tokens: { last: undefined, fresh: undefined },
      trace: undefined,
    };
    const { signal } = outgoing;
    if (signal?.aborted) throw abortError({ method: outgoing.method, path: outgoing.path, attempts: 0 }, signal.reason);
    if (!this.#observer.settled) await this.#observer.ready();
    call.trace = this.#observer.call(outgoing.method, outgoing.path, meta.template);
    let firstAttempt = 1;
    try {
      for (let refreshed = false; ; refreshed = true) {
        try {
          const { raw, attempts, processedBefore } = await this.#sendWithRetries(call, firstAttempt);
          const response = decodeResponse<T>(raw, attempts, processedBefore, request.responseType ?? 'auto', outgoing, [...secrets]);
          call.trace?.end(attempts);
          return response;
        } catch (error) {
          // Concur refused the token: ask for a fresh one and send once more (not a policy retry).
          if (refreshed || !this.#tokens.refreshable || !isTokenRejection(error) || call.tokens.last === undefined) throw error;
          const fresh = await this.#tokens.get({ forceRefresh: true, rejectedToken: call.tokens.last, ...(signal ? { signal } : {}) });
          if (fresh === call.tokens.last) throw error;
          call.tokens.fresh = fresh;
          firstAttempt = (error.attempts ?? firstAttempt) + 1;
        }
      }
    } catch (error) {
      call.trace?.end(error instanceof ConcurError ? (error.attempts ?? firstAttempt) : firstAttempt, scrubError(error, [...secrets], abortReasons(request)));
      throw error;
    }
  }

  /**
   * Concur's retry policy, with p-retry counting attempts. p-retry's own timer is never used
   * (`minTimeout: 0`): every wait goes through the client's `sleep`, inside `shouldRetry`, so
   * tests can inject it and an abort cuts it short.
   */
  async #sendWithRetries(call: Call, firstAttempt: number): Promise<{ raw: RawResponse; attempts: number; processedBefore: boolean }> {
    const { request, outgoing, retry, secrets, tokens, trace } = call;
    const { authScheme, onRetry, sleep } = this.#options;
    const { signal } = outgoing;
    let attempt = firstAttempt;
    // Resends of a read after a stale keep-alive reset: sends, but not policy attempts.
    let resends = 0;
    let processedBefore = false;
    try {
      return await pRetry(
        async (attemptNumber) => {
          attempt = firstAttempt + attemptNumber - 1 + resends;
          const token = tokens.fresh ?? (await this.#tokens.get({ forceRefresh: false, ...(signal ? { signal } : {}) }));
          tokens.fresh = undefined;
          tokens.last = token;
          secrets.add(token);
          // After the token, right before the send: a pause learned while the token was fetched
          // still holds this send back (a token outlived by a long pause is refused and renewed).
          if (this.#pacer !== undefined) await this.#pacer.beforeSend(signal);
          let observed = trace?.attempt(attempt);
          try {
            const raw = await this.#transport.send(outgoing, {
              attempt,
              last: attemptNumber > retry.retries,
              idempotent: request.idempotent ?? true,
              processedBefore,
              authorization: `${authScheme} ${token}`,
              secrets: [...secrets],
              timeoutMs: call.timeoutMs,
              onAnswer: observed === undefined ? undefined : (answer) => observed?.answered(answer),
              onResend:
                trace === undefined
                  ? undefined
                  : (failure) => {
                      observed?.end(scrubError(failure, [...secrets]));
                      observed = trace.attempt(attempt + 1);
                    },
            });
            observed?.end();
            resends += raw.resends;
            return { raw, attempts: attempt + raw.resends, processedBefore };
          } catch (error) {
            observed?.end(scrubError(error, [...secrets], abortReasons(request)));
            throw error;
          }
        },
        {
          retries: retry.retries,
          minTimeout: 0,
          signal,
          shouldRetry: async ({ error, attemptNumber }) => {
            if (!(error instanceof ConcurError)) return false;
            processedBefore ||= error.mayHaveBeenProcessed;
            resends = (error.attempts ?? attempt) - (firstAttempt + attemptNumber - 1);
            const decision = decideRetry(error, attemptNumber, retry, Date.now(), request.idempotent ?? true);
            if (decision === undefined) return false;
            const { method, path } = outgoing;
            const clean = scrubError(error, [...secrets], abortReasons(request));
            const failedAttempt = error.attempts ?? attempt;
            trace?.retry(failedAttempt, decision.delayMs, decision.reason);
            await this.#pacer?.retryDecided(decision.reason, decision.delayMs);
            await onRetry?.({ attempt: failedAttempt, delayMs: decision.delayMs, reason: decision.reason, method, path, error: clean });
            await sleepUntilAborted(sleep, decision.delayMs, signal);
            return true;
          },
        },
      );
    } catch (error) {
      if (signal?.aborted && !(error instanceof ConcurAbortError)) {
        throw abortError({ method: outgoing.method, path: outgoing.path, attempts: attempt, processedBefore }, signal.reason);
      }
      throw error;
    }
  }
}

/** The caller's abort reason: its own object, never rewritten by redaction. */
function abortReasons(request: ConcurRequest): ReadonlySet<unknown> {
  const signal = (request as { signal?: unknown } | null)?.signal;
  return signal instanceof AbortSignal && signal.aborted ? new Set([signal.reason]) : new Set();
}
