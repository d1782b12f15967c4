import type { Readable } from 'node:stream';
import axios, { AxiosHeaders, type AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { ConcurError } from '../errors/concur-error.js';
import { abortError, apiErrorFromResponse, networkError, proxyError, responseError, timeoutError, type FailureContext } from '../errors/factory.js';
import { createAgents, ProxyRefusal } from './agents.js';
import { createHttpAdapter } from './http-adapter.js';
import { AttemptTimer } from './attempt-timer.js';
import { BodyReadFailure, readBody } from './body.js';
import { isStreamFailure, streamBody, type DownloadSink } from './download.js';
import { Gate } from './gate.js';
import { RESEND_HOOK, resendStaleReads, staleResends } from './stale-resend.js';
import type { AnswerInfo } from './observe.js';

/**
 * The only module that knows axios. It sends one attempt of a request and turns every failure
 * into a concur-sdk error, so no AxiosError (which carries the request headers, token included)
 * ever leaves this file. Concur's retry policy runs one level up, in request.ts.
 *
 * Bodies are read here, from axios' response stream, so that the attempt's time limit covers the
 * whole response, an error body stops at 64 KB, and only a 2xx status is a success (axios
 * resolves `HTTP/1.1 000` as one: its `settle()` skips `validateStatus` for 0).
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
  /** A file download: the time limit bounds the wait for headers and each gap between bytes. */
  download?: boolean | undefined;
  /** Where a 2xx body is streamed instead of being buffered (a download `to` a file or stream). */
  sink?: DownloadSink | undefined;
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
  /** This attempt's time limit, when the call overrides the client's. */
  timeoutMs?: number | undefined;
  /** Told of every answer read (any status), for the hooks and traces. */
  onAnswer?: ((answer: AnswerInfo) => void) | undefined;
  /** Told when a read is sent again at once after a stale keep-alive reset (a new attempt). */
  onResend?: ((failure: ConcurError) => void) | undefined;
}

/** A successful response, body unparsed. */
export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  /** Sends beyond the one attempt: resends of a read after a stale keep-alive reset. */
  resends: number;
  /** Body bytes read (streamed into a sink, or buffered in `body`). */
  bytes: number;
}

/** Transport settings, fixed per client. */
export interface TransportOptions {
  baseUrl: URL;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Most attempts on the wire at once. */
  maxSockets: number;
  /** The proxy to go through, or undefined. */
  proxy?: URL | undefined;
  userAgent: string;
  /** Secrets of the transport itself (proxy credentials), scrubbed from every error. */
  secrets?: readonly string[];
}

/** A failure's context, with the time limit the attempt ran under. */
type AttemptFailureContext = FailureContext & { timeoutMs: number };

/** An error body is read only this far; the rest is never downloaded (a gzip bomb costs nothing). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Response headers by lower-case name; `toJSON(true)` leaves out unset ones and joins a repeated header's values with `, `. */
function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(AxiosHeaders.from(headers as AxiosHeaders).toJSON(true))) out[name.toLowerCase()] = String(value);
  return out;
}

export class Transport {
  readonly #axios: AxiosInstance;
  readonly #options: TransportOptions;
  readonly #gate: Gate;
  readonly #secrets: readonly string[];

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#gate = new Gate(options.maxSockets);
    // Stryker disable next-line ArrayDeclaration: only without secrets; an empty list and a list of one string never seen in a response redact alike
    this.#secrets = options.secrets ?? [];
    const agents = createAgents(options.maxSockets, options.proxy);
    this.#axios = axios.create({
      baseURL: options.baseUrl.origin,
      // The SDK's own adapter: a thin layer over http.request for the one kind of request it sends.
      adapter: createHttpAdapter(options.baseUrl, agents),
      // An absolute URL would go to its own host with our Authorization header (CVE-2025-27152).
      // Stryker disable next-line BooleanLiteral: kept in case axios' adapters come back; the SDK's adapter always sends to the base URL's origin and axios itself builds no URL
      allowAbsoluteUrls: false,
      // The attempt's own timer bounds the whole response (see AttemptTimer).
      timeout: 0,
      // A redirect would carry the token elsewhere; Concur's API does not redirect working calls.
      maxRedirects: 0,
      // Stryker disable next-line StringLiteral: the SDK's adapter always answers with the body stream and transformResponse is empty, so axios never reads responseType
      responseType: 'stream',
      // Bodies are Buffers already, responses streams: nothing for axios to transform.
      transformRequest: [],
      transformResponse: [],
      // Every status resolves; only 200-299 is a success, decided below.
      // Stryker disable next-line ArrowFunction,BooleanLiteral: validateStatus is read only by axios' settle(), which the SDK's adapter never calls (it resolves every status)
      validateStatus: () => true,
      // Environment proxies are ignored: the `proxy` option decides, through the agents.
      // Stryker disable next-line BooleanLiteral: read only by axios' own Node adapter; the SDK's adapter goes through the agents
      proxy: false,
      headers: { 'User-Agent': options.userAgent },
    });
    resendStaleReads(this.#axios);
  }

  /** Attempts on the wire now (at most `maxSockets`). */
  get active(): number {
    return this.#gate.active;
  }

  /** Sends one attempt. Resolves with a 2xx response; rejects with a ConcurError. */
  async send(request: OutgoingRequest, attempt: AttemptContext): Promise<RawResponse> {
    const context: FailureContext = {
      method: request.method,
      path: request.path,
      host: this.#options.baseUrl.hostname,
      attempts: attempt.attempt,
      exhausted: attempt.last,
      secrets: [...this.#secrets, ...attempt.secrets],
      ...(attempt.idempotent === false ? { idempotent: false } : {}),
      ...(attempt.processedBefore === true ? { processedBefore: true } : {}),
    };
    try {
      await this.#gate.acquire(request.signal);
    } catch (reason) {
      // Aborted while waiting for a free place: this attempt was never sent.
      throw abortError({ ...context, attempts: attempt.attempt - 1 }, reason);
    }
    const timeoutMs = attempt.timeoutMs ?? this.#options.timeoutMs;
    const timer = new AttemptTimer(timeoutMs, request.signal);
    try {
      return await this.#exchange(request, attempt, { ...context, timeoutMs }, timer);
    } finally {
      timer.stop();
      this.#gate.release();
    }
  }

  async #exchange(request: OutgoingRequest, attempt: AttemptContext, context: AttemptFailureContext, timer: AttemptTimer): Promise<RawResponse> {
    const headers = new AxiosHeaders({ ...request.headers });
    if (attempt.authorization !== undefined) headers.set('Authorization', attempt.authorization);
    // Without a body, send no Content-Type (axios would default a POST to a form type).
    if (request.body === undefined) headers.set('Content-Type', false);
    const { onResend } = attempt;
    let response: AxiosResponse<Readable>;
    try {
      response = await this.#axios.request<Readable>({
        method: request.method,
        url: request.path + request.query,
        headers,
        data: request.body,
        signal: timer.signal,
        ...(onResend === undefined ? {} : { [RESEND_HOOK]: (error: AxiosError) => onResend(this.#requestFailure(error, request, context, timer)) }),
      });
    } catch (failure) {
      if (!axios.isAxiosError(failure)) throw failure;
      throw this.#requestFailure(failure, request, { ...context, attempts: attempt.attempt + staleResends(failure.config) }, timer);
    }
    const resends = staleResends(response.config);
    const answered = { ...context, attempts: attempt.attempt + resends };
    const status = response.status;
    const responseHeaders = flattenHeaders(response.headers);
    const correlationId = responseHeaders['concur-correlationid'];
    if (status >= 200 && status <= 299) {
      if (request.download === true || request.sink !== undefined) timer.touch();
      if (request.sink !== undefined) {
        const bytes = await this.#streamSuccess(response.data, responseHeaders, request.sink, request, answered, timer);
        attempt.onAnswer?.({ status, bytes, correlationId });
        return { status, headers: responseHeaders, body: Buffer.alloc(0), resends, bytes };
      }
      const body = await this.#readSuccess(response.data, responseHeaders, request, answered, timer);
      attempt.onAnswer?.({ status, bytes: body.length, correlationId });
      return { status, headers: responseHeaders, body, resends, bytes: body.length };
    }
    const body = await readBody(response.data, { limit: MAX_ERROR_BODY_BYTES, lenient: true, signal: timer.signal });
    attempt.onAnswer?.({ status, bytes: body.length, correlationId });
    // Stryker disable next-line OptionalChaining: the attempt's signal aborts only on the time limit or the caller's signal, so here the caller gave one
    if (timer.signal.aborted && !timer.timedOut) throw abortError({ ...answered, processedBefore: true }, request.signal?.reason);
    // Concur never answers 407; through an HTTP proxy that wants credentials, the proxy does.
    if (status === 407 && this.#options.proxy !== undefined) throw proxyError(status, response.statusText, answered);
    const bodyText = body.toString('utf8');
    throw apiErrorFromResponse({ status, statusText: response.statusText, headers: responseHeaders, bodyText }, answered);
  }

  async #readSuccess(stream: Readable, headers: Record<string, string>, request: OutgoingRequest, context: AttemptFailureContext, timer: AttemptTimer): Promise<Buffer> {
    const { maxResponseBytes } = this.#options;
    const tooLarge = (): ConcurError => responseError(`its body exceeds maxResponseBytes (${maxResponseBytes} bytes)`, {}, context);
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > maxResponseBytes) {
      stream.on('error', () => undefined).destroy();
      throw tooLarge();
    }
    try {
      return await readBody(stream, {
        limit: maxResponseBytes,
        lenient: false,
        onChunk: request.download === true ? () => timer.touch() : undefined,
        signal: timer.signal,
      });
    } catch (failure) {
      if (!(failure instanceof BodyReadFailure)) throw failure;
      if (failure.kind === 'too-large') throw tooLarge();
      if (timer.timedOut) throw timeoutError(context.timeoutMs, context, request.download === true);
      // Stryker disable next-line OptionalChaining: a stop that is not the time limit is the caller's signal, so the caller gave one
      if (failure.kind === 'stopped') throw abortError({ ...context, processedBefore: true }, request.signal?.reason);
      // The status line came, then the connection broke while the body was read: not an HTTP
      // error status but a broken connection, after which Concur may have processed the request.
      const detail = failure.detail instanceof Error ? ` (${failure.detail.message})` : '';
      throw networkError('ECONNRESET', `the connection broke while the HTTP 2xx body was read${detail}`, context);
    }
  }

  /**
   * Streams a 2xx body into the sink. `timeoutMs` bounds each gap between bytes. A broken or
   * stalled body is retried (as any broken connection or time-out) only when the sink can start
   * over; bytes already handed to a caller's stream cannot be taken back, so then it is final.
   */
  async #streamSuccess(stream: Readable, headers: Record<string, string>, sink: DownloadSink, request: OutgoingRequest, context: AttemptFailureContext, timer: AttemptTimer): Promise<number> {
    const declared = Number(headers['content-length']);
    try {
      return await streamBody(stream, sink, Number.isFinite(declared) && declared >= 0 ? declared : undefined, () => timer.touch(), timer.signal);
    } catch (failure) {
      if (!isStreamFailure(failure)) throw failure;
      if (failure.kind === 'destination') throw failure.error;
      // Stryker disable next-line OptionalChaining: a stop that is not the time limit is the caller's signal, so the caller gave one
      if (failure.kind === 'stopped' && !timer.timedOut) throw abortError({ ...context, processedBefore: true }, request.signal?.reason);
      const what = timer.timedOut ? `received no data for ${context.timeoutMs} ms` : 'lost its connection';
      if (!sink.reopenable && failure.bytes > 0) {
        throw networkError(
          'ERR_DOWNLOAD_INTERRUPTED',
          `the download ${what} after ${failure.bytes} bytes were written to your stream; they cannot be taken back, so it is not retried: download again into a fresh stream (or give a file path, which is retried)`,
          context,
        );
      }
      if (timer.timedOut) throw timeoutError(context.timeoutMs, context, true);
      // Only a source failure reaches here (a destination failure and a stop are thrown above), and
      // pipeline() rejects with an Error.
      const { error } = failure as { error: Error };
      throw networkError('ECONNRESET', `the connection broke after ${failure.bytes} bytes of the download (${error.message})`, context);
    }
  }

  #requestFailure(failure: AxiosError, request: OutgoingRequest, context: AttemptFailureContext, timer: AttemptTimer): ConcurError {
    if (timer.timedOut) return timeoutError(context.timeoutMs, context, request.download === true);
    // Stryker disable next-line LogicalOperator,StringLiteral: the only cancel raised (axios' CanceledError, from the adapter or axios-retry) has code ERR_CANCELED and passes isCancel, so either test alone decides
    if (failure.code === 'ERR_CANCELED' || axios.isCancel(failure)) {
      // Cut off in flight: Concur may have received it.
      // Stryker disable next-line OptionalChaining: a cancel that is not the time limit comes from the caller's signal, so the caller gave one
      return abortError({ ...context, processedBefore: true }, request.signal?.reason);
    }
    const cause: unknown = failure.cause;
    if (cause instanceof ProxyRefusal) return proxyError(cause.statusCode, cause.statusText, context);
    return networkError(failure.code, failure.message, context);
  }
}
