import { ConcurApiError } from '../errors/api-error.js';
import { apiErrorFromResponse } from '../errors/factory.js';
import { boundedText } from '../errors/redact.js';
import { STATUS_ERROR_CLASSES } from '../errors/status-errors.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { isOtaError, isOtaUnreadableResponseError, type OtaError } from './ota-error.js';
import { parseOtaResponse, type OtaMessage, type ParseOtaResponseOptions } from './parse.js';

/** A supplier's HTTP response, already read. */
export interface OtaHttpResponse {
  /** HTTP status code. */
  status: number;
  /** HTTP reason phrase, e.g. `Forbidden`. */
  statusText?: string | undefined;
  /** Response headers, any case; multi-valued headers as arrays. */
  headers?: Readonly<Record<string, string | readonly string[] | undefined>> | undefined;
  /** The body decoded as text. */
  body?: string | undefined;
}

/** Options of {@link readOtaHttpResponse} and {@link otaErrorFromHttp}. */
export interface ReadOtaHttpResponseOptions extends ParseOtaResponseOptions {
  /** HTTP method of the request sent to the supplier, for the error message. */
  method?: string | undefined;
  /** Path of the request sent to the supplier (no host, no query string), for the error message. */
  path?: string | undefined;
  /**
   * How many times the request was sent.
   * @default 1
   */
  attempts?: number;
  /**
   * Values to remove from anything the error keeps, e.g. the supplier password sent in the request.
   * @default []
   */
  secrets?: readonly string[];
}

function lowerCaseHeaders(headers: OtaHttpResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

function advice(status: number): string {
  if (status === 401 || status === 403) {
    return "The supplier refused the credentials sent with the request (Concur expects authentication failures as HTTP 403, not as OTA error type 4): check the credentials configured for this supplier.";
  }
  if (status >= 500) return 'The supplier reported a server-level problem, which it may answer over HTTP; try again later and contact the supplier if it persists.';
  return 'The supplier refused the request at the HTTP level; application errors should come back as an OTA error in the response. Check the endpoint and the request.';
}

/**
 * Builds the SDK's typed HTTP error for a supplier's non-2xx response, through the same factory as
 * Concur's own responses: 403 gives `ForbiddenError`, 500 `InternalServerError`, 503
 * `ServiceUnavailableError`, and so on. The message speaks of the supplier, and when the body also
 * carries an OTA error, that error becomes the `cause`.
 *
 * @throws ConcurValidationError when `status` is a 2xx status or not an integer.
 *
 * @example
 * ```ts
 * if (res.status >= 300) {
 *   throw otaErrorFromHttp({ status: res.status, body: await res.text() }, { method: 'POST', path: '/hotel' });
 * }
 * // e.g. ForbiddenError: POST /hotel: the supplier answered HTTP 403. The supplier refused the credentials…
 * ```
 */
export function otaErrorFromHttp(response: OtaHttpResponse, options: ReadOtaHttpResponseOptions = {}): ConcurApiError {
  if (!Number.isInteger(response.status) || (response.status >= 200 && response.status <= 299)) {
    throw new ConcurValidationError(
      `otaErrorFromHttp builds errors for non-2xx statuses, got ${String(response.status)}; read a 2xx body with readOtaHttpResponse or parseOtaResponse.`,
      { field: 'status' },
    );
  }
  const headers = lowerCaseHeaders(response.headers);
  const secrets = options.secrets ?? [];
  const attempts = options.attempts ?? 1;
  const base = apiErrorFromResponse(
    { status: response.status, statusText: response.statusText, headers, bodyText: response.body },
    { method: options.method ?? 'POST', path: options.path ?? '/', attempts, exhausted: false, secrets },
  );
  let cause: OtaError | undefined;
  if (response.body !== undefined && response.body.trim() !== '') {
    try {
      parseOtaResponse(response.body, options);
    } catch (error) {
      if (isOtaError(error) && !isOtaUnreadableResponseError(error)) cause = error;
    }
  }
  const where = options.method !== undefined && options.path !== undefined ? `${options.method} ${options.path}: ` : '';
  const reason = response.statusText ? ` ${response.statusText}` : '';
  const server = base.serverMessage === undefined ? '' : ` with "${boundedText(base.serverMessage, [], 300)}"`;
  const ota = cause === undefined ? '' : ` The body also carries OTA error ${cause.code ?? '(no code)'}, kept as the cause.`;
  const message = `${where}the supplier answered HTTP ${response.status}${reason}${server}. ${advice(response.status)}${ota}`;
  // The factory picks the class and keeps only safe, redacted fields; the message is rebuilt because
  // the factory's advice is written for Concur's own API, not for a hotel supplier.
  const ErrorClass = STATUS_ERROR_CLASSES[response.status] ?? ConcurApiError;
  return new ErrorClass(message, {
    status: base.status,
    serverMessage: base.serverMessage,
    serverTime: base.serverTime,
    errorId: base.errorId,
    correlationId: base.correlationId,
    body: base.body,
    headers: base.headers,
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(options.path === undefined ? {} : { path: options.path }),
    attempts,
    retryable: base.retryable,
    cause,
  });
}

/**
 * Reads a supplier's HTTP response: a 2xx body is parsed with {@link parseOtaResponse} (returning
 * the message or throwing an `OtaError`); any other status throws the SDK's HTTP error class
 * through {@link otaErrorFromHttp} (403 gives `ForbiddenError`).
 *
 * @throws OtaError for an OTA error in a 2xx response or an unreadable 2xx body.
 * @throws ConcurApiError (a subclass for the common statuses) for a non-2xx status.
 *
 * @example
 * ```ts
 * const res = await fetch(supplierUrl, { method: 'POST', body: request });
 * const message = readOtaHttpResponse(
 *   { status: res.status, statusText: res.statusText, headers: Object.fromEntries(res.headers), body: await res.text() },
 *   { method: 'POST', path: '/hotel/search' },
 * );
 * ```
 */
export function readOtaHttpResponse(response: OtaHttpResponse, options: ReadOtaHttpResponseOptions = {}): OtaMessage {
  if (response.status < 200 || response.status > 299) throw otaErrorFromHttp(response, options);
  return parseOtaResponse(response.body ?? '', options);
}
