import http from 'node:http';
import https from 'node:https';
import axios, { AxiosHeaders, type AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import axiosRetry from 'axios-retry';
import type { ConcurError } from '../errors/concur-error.js';
import { abortError, apiErrorFromResponse, networkError, responseError, timeoutError, type FailureContext } from '../errors/factory.js';
import { SDK_VERSION } from '../version.js';

/**
 * The only module that knows axios. It sends one attempt of a request and turns every failure
 * into a concur-sdk error, so no AxiosError (which carries the request headers, token included)
 * ever leaves this file. Concur's retry policy runs one level up, in request.ts.
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

/** What one attempt needs beyond the request. */
export interface AttemptContext {
  /** The attempt's number, 1 for the first send. */
  attempt: number;
  /** True when no retry will follow a transient failure of this attempt. */
  last: boolean;
  /** False when the request must not run twice; see `ConcurRequest.idempotent`. */
  idempotent?: boolean;
  /** True when an earlier attempt may have been processed. */
  processedBefore?: boolean;
  /** The Authorization header value, or undefined to send none. */
  authorization: string | undefined;
  /** Values to scrub from errors: the tokens and secrets sent so far. */
  secrets: readonly string[];
}

/** A successful response, body unparsed. */
export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  /** Sends beyond the one attempt: resends of a read after a stale keep-alive reset. */
  resends: number;
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

/**
 * A keep-alive socket that the server closed just as a request was written to it fails with
 * ECONNRESET; Node's documentation (`request.reusedSocket`) advises sending such a request again
 * at once. From the client's side that looks the same as a server that processed the request and
 * then dropped the connection, so only reads (GET, HEAD) are resent this way, without waiting;
 * anything else goes to Concur's retry policy. A resend counts as an attempt.
 */
function isStaleKeepAliveReset(error: AxiosError): boolean {
  const request = error.request as { reusedSocket?: boolean } | undefined;
  const method = error.config?.method?.toUpperCase();
  return error.response === undefined && error.code === 'ECONNRESET' && request?.reusedSocket === true && (method === 'GET' || method === 'HEAD');
}

/** How many times axios-retry resent a request after a stale keep-alive reset. */
function staleResends(config: unknown): number {
  const state = (config as { 'axios-retry'?: { retryCount?: number } } | undefined)?.['axios-retry'];
  return state?.retryCount ?? 0;
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
      // Per attempt: no response headers within the limit fails the attempt.
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
    axiosRetry(this.#axios, {
      retries: 1,
      retryCondition: isStaleKeepAliveReset,
      retryDelay: () => 0,
      // The resend gets the full time limit (axios-retry's default would shrink it).
      shouldResetTimeout: true,
    });
  }

  /** Sends one attempt. Resolves with a 2xx response; rejects with a ConcurError. */
  async send(request: OutgoingRequest, attempt: AttemptContext): Promise<RawResponse> {
    const headers = new AxiosHeaders({ ...request.headers });
    if (attempt.authorization !== undefined) headers.set('Authorization', attempt.authorization);
    // Without a body, send no Content-Type (axios would default a POST to a form type).
    if (request.body === undefined) headers.set('Content-Type', false);
    try {
      const response = await this.#axios.request<unknown>({
        method: request.method,
        url: request.path + request.query,
        headers,
        data: request.body,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
      return { status: response.status, headers: flattenHeaders(response.headers), body: bodyBuffer(response.data), resends: staleResends(response.config) };
    } catch (failure) {
      if (!axios.isAxiosError(failure)) throw failure;
      throw this.#toError(failure, request, {
        method: request.method,
        path: request.path,
        attempts: attempt.attempt + staleResends(failure.config),
        exhausted: attempt.last,
        secrets: attempt.secrets,
        ...(attempt.idempotent === false ? { idempotent: false } : {}),
        ...(attempt.processedBefore === true ? { processedBefore: true } : {}),
      });
    }
  }

  #toError(failure: AxiosError, request: OutgoingRequest, context: FailureContext): ConcurError {
    if (failure.code === 'ERR_CANCELED' || axios.isCancel(failure)) {
      // Cut off in flight: Concur may have received it.
      return abortError({ ...context, processedBefore: true }, request.signal?.reason);
    }
    if (failure.code === 'ERR_BAD_RESPONSE' && /maxContentLength/i.test(failure.message)) {
      return responseError(`its body exceeds maxResponseBytes (${this.#options.maxResponseBytes} bytes)`, {}, context);
    }
    const response = failure.response;
    // The status line came, then the connection broke while the body was read: not an HTTP
    // error status but a broken connection, after which Concur may have processed the request.
    if (response !== undefined && failure.code === 'ERR_BAD_RESPONSE' && response.status >= 200 && response.status < 300) {
      return networkError('ECONNRESET', `the connection broke while the HTTP ${response.status} body was read (${failure.message})`, context);
    }
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
    // axios reports its own time limit as ECONNABORTED (ETIMEDOUT with clarifyTimeoutError).
    if (failure.code === 'ECONNABORTED' || (failure.code === 'ETIMEDOUT' && /timeout/i.test(failure.message))) {
      return timeoutError(this.#options.timeoutMs, context);
    }
    return networkError(failure.code, failure.message, context);
  }
}
