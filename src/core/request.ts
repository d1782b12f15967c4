import { TokenSource } from '../auth/token-source.js';
import { ConcurApiError } from '../errors/api-error.js';
import { abortError, responseError } from '../errors/factory.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { decideRetry } from '../retry/policy.js';
import { parseXml, XmlParseFailure } from '../xml/parser.js';
import type { ResolvedClientOptions } from './options.js';
import { checkPath, queryString, type QueryParams } from './path.js';
import { sleepUntilAborted } from './sleep.js';
import { Transport, type AttemptHooks, type HttpMethod, type OutgoingRequest, type RawResponse } from './transport.js';

/** How to read a response body. `auto` goes by its Content-Type. */
export type ResponseType = 'auto' | 'xml' | 'json' | 'text' | 'binary';

/**
 * A request for {@link ConcurClient.request}, the primitive every service method is built on.
 *
 * @example
 * ```ts
 * const { data } = await concur.request({ method: 'GET', path: '/api/expense/extract/v1.0/' });
 * ```
 */
export interface ConcurRequest {
  /** HTTP method. */
  method: HttpMethod;
  /**
   * Path relative to `baseUrl`, starting with `/`. Absolute URLs, `.` and `..` segments (also
   * percent-encoded), backslashes, `?` and `#` are refused, so a request never leaves the host.
   */
  path: string;
  /**
   * Query parameters, encoded here; `undefined` values are left out.
   * @default undefined
   */
  query?: QueryParams;
  /**
   * The body: a string (sent as `application/xml` unless a Content-Type header says otherwise),
   * bytes (sent as `application/octet-stream` unless told otherwise), or an object sent as JSON.
   * Always sent with `Content-Length`, never chunked: Concur refuses chunked bodies.
   * @default undefined
   */
  body?: string | Uint8Array | Record<string, unknown> | unknown[];
  /**
   * Extra request headers. `Authorization`, `Host`, `Content-Length` and `Transfer-Encoding` are
   * set by the client and refused here.
   * @default {}
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * How to read the response body: parsed XML, parsed JSON, text, bytes, or by Content-Type.
   * @default 'auto'
   */
  responseType?: ResponseType;
  /**
   * Aborting it cancels the request and any retry wait; the call rejects with `ConcurAbortError`.
   * @default undefined
   */
  signal?: AbortSignal;
}

/** A successful response. */
export interface ConcurResponse<T = unknown> {
  /** HTTP status (2xx). */
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The body, read as the request's `responseType` asked. */
  data: T;
  /** The `concur-correlationid` header, when present. */
  correlationId: string | undefined;
  /** How many times the request was sent. */
  attempts: number;
}

const FORBIDDEN_HEADERS = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection', 'proxy-authorization', 'te', 'upgrade']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ACCEPT: Record<ResponseType, string> = {
  auto: 'application/xml',
  xml: 'application/xml',
  json: 'application/json',
  text: '*/*',
  binary: '*/*',
};

// Legacy services signal an expired or revoked token with a 403 (HTTP codes page), not only 401.
const TOKEN_REJECTED = /expired|revoked/i;

function isTokenRejection(error: unknown): boolean {
  if (!(error instanceof ConcurApiError)) return false;
  return error.status === 401 || (error.status === 403 && TOKEN_REJECTED.test(error.serverMessage ?? error.body ?? ''));
}

/** Sends requests: checks input, attaches the token, applies the retry policy, reads the body. */
export class Requester {
  readonly #options: ResolvedClientOptions;
  readonly #transport: Transport;
  readonly #tokens: TokenSource;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    this.#transport = new Transport({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, maxResponseBytes: options.maxResponseBytes });
    this.#tokens = new TokenSource(options.accessToken);
  }

  /** The configured base URL. */
  get baseUrl(): URL {
    return this.#options.baseUrl;
  }

  async request<T = unknown>(request: ConcurRequest): Promise<ConcurResponse<T>> {
    const outgoing = prepare(request);
    const { signal } = outgoing;
    if (signal?.aborted) throw abortError({ method: outgoing.method, path: outgoing.path, attempts: 0 }, signal.reason);
    const withSignal = signal === undefined ? {} : { signal };
    const secrets = new Set<string>();
    let lastToken: string | undefined;
    let pendingToken: string | undefined;
    const token = async (): Promise<string> => {
      lastToken = pendingToken ?? (await this.#tokens.get({ forceRefresh: false, ...withSignal }));
      pendingToken = undefined;
      return lastToken;
    };
    let firstAttempt = 1;
    for (let refreshed = false; ; refreshed = true) {
      try {
        const raw = await this.#transport.send(outgoing, this.#hooks(outgoing, secrets, firstAttempt, token));
        return decode<T>(raw, request.responseType ?? 'auto', outgoing, [...secrets]);
      } catch (error) {
        // One more attempt with a fresh token after Concur refused the one sent.
        if (refreshed || !this.#tokens.refreshable || !isTokenRejection(error) || lastToken === undefined) throw error;
        const fresh = await this.#tokens.get({ forceRefresh: true, rejectedToken: lastToken, ...withSignal });
        if (fresh === lastToken) throw error;
        pendingToken = fresh;
        firstAttempt = ((error as ConcurApiError).attempts ?? firstAttempt) + 1;
      }
    }
  }

  #hooks(outgoing: OutgoingRequest, secrets: Set<string>, firstAttempt: number, token: () => Promise<string>): AttemptHooks {
    const { retry, authScheme, onRetry, sleep } = this.#options;
    return {
      retries: retry.retries,
      firstAttempt,
      authorization: async () => {
        const value = await token();
        secrets.add(value);
        return `${authScheme} ${value}`;
      },
      secrets: () => [...secrets],
      decide: (error, retriesUsed) => decideRetry(error, retriesUsed + 1, retry),
      beforeRetry: async (error, attempt, decision) => {
        await onRetry?.({ attempt, delayMs: decision.delayMs, reason: decision.reason, method: outgoing.method, path: outgoing.path, error });
        try {
          await sleepUntilAborted(sleep, decision.delayMs, outgoing.signal);
        } catch (cause) {
          if (outgoing.signal?.aborted) throw abortError({ method: outgoing.method, path: outgoing.path, attempts: attempt }, outgoing.signal.reason);
          throw cause;
        }
      },
    };
  }
}

function prepare(request: ConcurRequest): OutgoingRequest {
  if (typeof request !== 'object' || request === null) {
    throw new ConcurValidationError('request() needs { method, path }.', { field: 'request' });
  }
  const method = String(request.method ?? '').toUpperCase() as HttpMethod;
  if (!['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(method)) {
    throw new ConcurValidationError(`Unsupported HTTP method "${String(request.method)}".`, { field: 'method' });
  }
  const headers: Record<string, string> = { Accept: ACCEPT[request.responseType ?? 'auto'] };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!HEADER_NAME.test(name) || FORBIDDEN_HEADERS.has(name.toLowerCase())) {
      throw new ConcurValidationError(`The header "${name.slice(0, 60)}" cannot be set by the caller.`, { field: 'headers' });
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new ConcurValidationError(`The header "${name}" must be a string without line breaks.`, { field: 'headers' });
    }
    headers[name] = value;
  }
  const body = encodeBody(request.body, headers);
  return { method, path: checkPath(request.path), query: queryString(request.query), headers, body, signal: request.signal };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** Serialises the body once, to bytes, so it is sent with Content-Length and never chunked. */
function encodeBody(body: ConcurRequest['body'], headers: Record<string, string>): Buffer | undefined {
  if (body === undefined) return undefined;
  let contentType: string;
  let bytes: Buffer;
  if (typeof body === 'string') {
    contentType = 'application/xml; charset=utf-8';
    bytes = Buffer.from(body, 'utf8');
  } else if (body instanceof Uint8Array) {
    contentType = 'application/octet-stream';
    bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  } else if (typeof body === 'object' && body !== null) {
    contentType = 'application/json; charset=utf-8';
    bytes = Buffer.from(JSON.stringify(body), 'utf8');
  } else {
    throw new ConcurValidationError('The body must be a string, bytes, or a JSON object.', { field: 'body' });
  }
  if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = contentType;
  return bytes;
}

function decode<T>(raw: RawResponse, responseType: ResponseType, outgoing: OutgoingRequest, secrets: readonly string[]): ConcurResponse<T> {
  const contentType = (raw.headers['content-type'] ?? '').toLowerCase();
  const kind: ResponseType =
    responseType !== 'auto'
      ? responseType
      : contentType.includes('xml')
        ? 'xml'
        : contentType.includes('json')
          ? 'json'
          : contentType.startsWith('text/')
            ? 'text'
            : raw.body.length === 0
              ? 'text'
              : 'binary';
  const context = { method: outgoing.method, path: outgoing.path, attempts: raw.attempts, secrets };
  let data: unknown;
  if (kind === 'binary') data = raw.body;
  else {
    const text = raw.body.toString('utf8');
    if (kind === 'text') data = text;
    else if (text.trim() === '') data = undefined;
    else if (kind === 'json') {
      try {
        data = JSON.parse(text) as unknown;
      } catch (cause) {
        throw responseError('its body is not valid JSON', { status: raw.status, bodyText: text }, context, cause);
      }
    } else {
      try {
        data = parseXml(text, { strict: true });
      } catch (cause) {
        const problem = cause instanceof XmlParseFailure ? cause.message : 'its body is not valid XML';
        throw responseError(`its body is not usable XML (${problem})`, { status: raw.status, bodyText: text }, context);
      }
    }
  }
  return { status: raw.status, headers: raw.headers, data: data as T, correlationId: raw.headers['concur-correlationid'], attempts: raw.attempts };
}
