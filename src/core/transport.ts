import http from 'node:http';
import https from 'node:https';
import axios, { AxiosHeaders, type AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import axiosRetry, { type IAxiosRetryConfig } from 'axios-retry';
import { ConcurError } from '../errors/concur-error.js';
import { abortError, apiErrorFromResponse, networkError, responseError, timeoutError, type FailureContext } from '../errors/factory.js';
import type { RetryDecision } from '../retry/policy.js';
import { SDK_VERSION } from '../version.js';

/**
 * The only module that knows axios. It sends one logical request, lets axios-retry re-send it
 * according to the decisions it is handed, and turns every failure into a concur-sdk error, so no
 * AxiosError (which carries the request headers, token included) ever leaves this file.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** A request ready to send: path checked, query encoded, body serialised. */
export interface OutgoingRequest {
  method: HttpMethod;
  /** Checked path, relative to the base URL. */
  path: string;
  /** Encoded query string, `''` or starting with `?`. */
  query: string;
  headers: Readonly<Record<string, string>>;
  body?: Buffer | undefined;
  signal?: AbortSignal | undefined;
}

/** What the caller of {@link Transport.send} decides for each attempt. */
export interface AttemptHooks {
  /** The most retries this request may make. */
  retries: number;
  /** Number of the first attempt, when earlier sends of the same request came before (default 1). */
  firstAttempt?: number;
  /** The Authorization header for an attempt (1-based), or undefined to send none. */
  authorization(attempt: number): Promise<string | undefined>;
  /** Values to scrub from errors: the tokens sent so far. */
  secrets(): readonly string[];
  /** Whether to retry after an attempt failed with `error`, `retriesUsed` retries into this send. */
  decide(error: ConcurError, retriesUsed: number): RetryDecision | undefined;
  /** Runs before the next attempt: reports the retry and waits. Throwing stops the request. */
  beforeRetry(error: ConcurError, attempt: number, decision: RetryDecision): Promise<void>;
}

/** A successful response, body unparsed. */
export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  attempts: number;
}

/** Transport settings, fixed per client. */
export interface TransportOptions {
  baseUrl: URL;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** Largest request body: a 10 MB receipt image or a 1000-item batch fits with room to spare. */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
/** An error body is read only this far. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

function flattenHeaders(headers: AxiosResponse['headers'] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  const plain = headers instanceof AxiosHeaders ? headers.toJSON() : (headers as Record<string, unknown>);
  for (const [name, value] of Object.entries(plain)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value as string | number);
  }
  return out;
}

function bodyBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.alloc(0);
}

export class Transport {
  readonly #axios: AxiosInstance;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#axios = axios.create({
      baseURL: options.baseUrl.origin,
      // An absolute URL would go to its own host with our Authorization header (CVE-2025-27152).
      allowAbsoluteUrls: false,
      timeout: options.timeoutMs,
      // A redirect would carry the token elsewhere; Concur's API does not redirect working calls.
      maxRedirects: 0,
      maxContentLength: options.maxResponseBytes,
      maxBodyLength: MAX_REQUEST_BYTES,
      responseType: 'arraybuffer',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: (status) => status >= 200 && status < 300,
      // Proxy settings from the environment are ignored: requests go to baseUrl and nowhere else.
      proxy: false,
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      headers: { 'User-Agent': `concur-sdk/${SDK_VERSION} node/${process.versions.node}` },
    });
    // Registered with no defaults: each request brings its own retry state (see send).
    axiosRetry(this.#axios);
  }

  /** Sends `request`, retrying as `hooks` decide. Resolves with a 2xx response; rejects with a ConcurError. */
  async send(request: OutgoingRequest, hooks: AttemptHooks): Promise<RawResponse> {
    const firstAttempt = hooks.firstAttempt ?? 1;
    let attempts = firstAttempt;
    const context = (exhausted: boolean): FailureContext => ({
      method: request.method,
      path: request.path,
      attempts,
      exhausted,
      secrets: hooks.secrets(),
    });
    const decisions = new WeakMap<object, { error: ConcurError; decision: RetryDecision }>();
    const retryState: IAxiosRetryConfig = {
      retries: hooks.retries,
      // Each attempt gets the full timeout. With the default (false) axios-retry subtracts the
      // elapsed time and the planned delay, so a 5-minute delay would leave no time at all.
      shouldResetTimeout: true,
      // The wait happens in onRetry, through the injectable, abortable sleep.
      retryDelay: () => 0,
      retryCondition: (failure: AxiosError) => {
        const error = this.#toError(failure, request, context(false));
        const decision = hooks.decide(error, attempts - firstAttempt);
        if (decision !== undefined) decisions.set(failure, { error, decision });
        return decision !== undefined;
      },
      onRetry: async (_retryCount, failure, config) => {
        const planned = decisions.get(failure);
        if (planned === undefined) return;
        await hooks.beforeRetry(planned.error, attempts, planned.decision);
        attempts += 1;
        config.headers = this.#withAuthorization(config.headers, await hooks.authorization(attempts));
      },
    };
    try {
      const response = await this.#axios.request<unknown>({
        method: request.method,
        url: request.path + request.query,
        headers: this.#withAuthorization(new AxiosHeaders({ ...request.headers }), await hooks.authorization(firstAttempt)),
        data: request.body,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        'axios-retry': retryState,
      });
      return { status: response.status, headers: flattenHeaders(response.headers), body: bodyBuffer(response.data), attempts };
    } catch (failure) {
      if (failure instanceof ConcurError || !axios.isAxiosError(failure)) throw failure;
      const error = this.#toError(failure, request, context(false));
      if (!error.retryable || attempts - firstAttempt < hooks.retries) throw error;
      throw this.#toError(failure, request, context(true));
    }
  }

  #withAuthorization(headers: unknown, value: string | undefined): AxiosHeaders {
    const merged = AxiosHeaders.from((headers ?? {}) as ConstructorParameters<typeof AxiosHeaders>[0] & object);
    if (value === undefined) merged.delete('Authorization');
    else merged.set('Authorization', value);
    return merged;
  }

  #toError(failure: AxiosError, request: OutgoingRequest, context: FailureContext): ConcurError {
    if (failure.code === 'ERR_CANCELED' || axios.isCancel(failure)) {
      return abortError(context, request.signal?.reason);
    }
    const response = failure.response;
    if (response !== undefined) {
      const body = bodyBuffer(response.data);
      return apiErrorFromResponse(
        {
          status: response.status,
          statusText: response.statusText,
          headers: flattenHeaders(response.headers),
          bodyText: body.subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8'),
        },
        context,
      );
    }
    if (failure.code === 'ECONNABORTED' || (failure.code === 'ETIMEDOUT' && /timeout/i.test(failure.message))) {
      return timeoutError(this.#options.timeoutMs, context);
    }
    if (failure.code === 'ERR_BAD_RESPONSE' && /maxContentLength/i.test(failure.message)) {
      return responseError(`its body exceeds maxResponseBytes (${this.#options.maxResponseBytes} bytes)`, {}, context);
    }
    return networkError(failure.code, failure.message, context);
  }
}
