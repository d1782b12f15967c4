import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue, typeOfValue } from '../internal/describe.js';
import type { RetryOptions } from '../retry/options.js';
import { checkPath, queryString, type QueryParams } from './path.js';
import type { HttpMethod, OutgoingRequest } from './transport.js';

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
   * Whether the request may safely run twice. With `false` (an image upload that appends, say),
   * failures that leave open whether Concur processed it (a time-out, a reset after sending, 502,
   * 504) are not retried; failures that say it was not processed (503, 429, the request-limit
   * and deadlock 400s, a refused connection) still are.
   * @default true
   */
  idempotent?: boolean;
  /**
   * Aborting it cancels the request and any retry wait; the call rejects with `ConcurAbortError`.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * This call's time limit per attempt, instead of the client's `timeoutMs`.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * This call's retry policy: fields given replace the client's; `false` sends it once.
   * @default the client's `retry`
   */
  retry?: RetryOptions | false;
  /**
   * A file download: `timeoutMs` then bounds the wait for the response headers and every gap
   * between body bytes, not the whole transfer, so a large file may take as long as it keeps
   * arriving. Other requests must arrive whole within `timeoutMs`.
   * @default false
   */
  download?: boolean;
}

/** Largest request body: a 10 MB receipt image or a 1000-item batch fits with room to spare. */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const FORBIDDEN_HEADERS = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection', 'proxy-authorization', 'te', 'upgrade']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ACCEPT: Record<ResponseType, string> = {
  auto: 'application/xml',
  xml: 'application/xml',
  json: 'application/json',
  text: '*/*',
  binary: '*/*',
};

/** Checks a caller's request and turns it into an {@link OutgoingRequest}; nothing is sent yet. */
export function prepareRequest(request: ConcurRequest): OutgoingRequest {
  if (typeof request !== 'object' || request === null) {
    throw new ConcurValidationError(`request() needs { method, path } (got ${typeOfValue(request)}).`, { field: 'request' });
  }
  const method = (typeof request.method === 'string' ? request.method.toUpperCase() : '') as HttpMethod;
  if (!METHODS.includes(method)) {
    throw new ConcurValidationError(`method must be one of ${METHODS.join(', ')} (got ${describeValue(request.method)}).`, { field: 'method' });
  }
  const responseType = request.responseType ?? 'auto';
  if (typeof responseType !== 'string' || !Object.hasOwn(ACCEPT, responseType)) {
    throw new ConcurValidationError(`responseType must be one of ${Object.keys(ACCEPT).join(', ')} (got ${describeValue(responseType)}).`, {
      field: 'responseType',
    });
  }
  const signal = checkSignal(request.signal);
  if (request.download !== undefined && typeof request.download !== 'boolean') {
    throw new ConcurValidationError(`download must be true or false (got ${describeValue(request.download)}).`, { field: 'download' });
  }
  if (request.headers !== undefined && (typeof request.headers !== 'object' || request.headers === null)) {
    throw new ConcurValidationError(`headers must be an object of header names and values (got ${typeOfValue(request.headers)}).`, { field: 'headers' });
  }
  const headers: Record<string, string> = { Accept: ACCEPT[responseType] };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!HEADER_NAME.test(name) || FORBIDDEN_HEADERS.has(name.toLowerCase())) {
      throw new ConcurValidationError(`The header "${name.slice(0, 60)}" cannot be set by the caller.`, { field: 'headers' });
    }
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (typeof value !== 'string' || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
      throw new ConcurValidationError(`The header "${name}" must be a string without line breaks or control characters (got ${typeOfValue(value)}).`, {
        field: 'headers',
      });
    }
    headers[name] = value;
  }
  const path = checkPath(request.path);
  const body = encodeBody(request.body, headers);
  return { method, path, query: queryString(request.query), headers, body, signal, download: request.download === true };
}

/**
 * Checks a caller's `signal`: undefined or an AbortSignal. Anything else would be ignored by one
 * part of the client and crash another.
 */
export function checkSignal(signal: unknown, field = 'signal'): AbortSignal | undefined {
  if (signal === undefined || signal instanceof AbortSignal) return signal;
  throw new ConcurValidationError(`${field} must be an AbortSignal, e.g. AbortSignal.timeout(60_000) (got ${typeOfValue(signal)}).`, { field });
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
    // Stryker disable next-line StringLiteral: Buffer.from reads an empty encoding name as UTF-8, its default
    bytes = Buffer.from(body, 'utf8');
  } else if (body instanceof Uint8Array) {
    contentType = 'application/octet-stream';
    bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  } else if (typeof body === 'object' && body !== null) {
    contentType = 'application/json; charset=utf-8';
    // Stryker disable next-line StringLiteral: Buffer.from reads an empty encoding name as UTF-8, its default
    bytes = Buffer.from(jsonText(body), 'utf8');
  } else {
    throw new ConcurValidationError(`The body must be a string, bytes, or a JSON object (got ${typeOfValue(body)}).`, { field: 'body' });
  }
  if (bytes.length > MAX_REQUEST_BYTES) {
    throw new ConcurValidationError(`The body is ${bytes.length} bytes; the client sends at most ${MAX_REQUEST_BYTES} (a 10 MB image or a 1000-item batch fits with room to spare).`, {
      field: 'body',
    });
  }
  if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = contentType;
  return bytes;
}

/** JSON.stringify, with its TypeErrors (a BigInt, a circular reference) as validation errors. */
function jsonText(body: object): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    throw new ConcurValidationError(`The body cannot be sent as JSON: ${problem.slice(0, 200)}.`, { field: 'body' });
  }
}
