import { parseErrorBody } from '../xml/error-body.js';
import { ConcurApiError } from './api-error.js';
import { isLocalOrPrivateHost } from './private-host.js';
import { boundedText, safeResponseHeaders } from './redact.js';
import { ConcurAbortError, ConcurNetworkError, ConcurProxyError, ConcurResponseError, ConcurTimeoutError } from './request-errors.js';
import { STATUS_ERROR_CLASSES } from './status-errors.js';
import { isTransientNetworkCode, mayHaveBeenProcessed, statusReason, type TransientReason } from './transient.js';

/** Concur's support address for persistent time-outs and 503s (HTTP codes page). */
export const CONCUR_SUPPORT_EMAIL = 'concurconnecttech@concur.com';

/** The request a failure belongs to, and what is known about its attempts. */
export interface FailureContext {
  method: string;
  /** Path without query string. */
  path: string;
  /** Attempts made so far, this one included. */
  attempts: number;
  /** True when the failure is transient but no retry is left. */
  exhausted: boolean;
  /** Values to scrub from anything kept (the token used for the request). */
  secrets: readonly string[];
  /** False when the request must not run twice, so an ambiguous failure was not retried. */
  idempotent?: boolean;
  /** True when an earlier attempt of the request may have been processed. */
  processedBefore?: boolean;
  /**
   * Hostname of the base URL (`URL.hostname`: a name, an IPv4 address or a bracketed IPv6
   * address). A loopback or private host is not Concur, so a connection it refused does not send
   * the caller to Concur support.
   */
  host?: string;
}

/** An HTTP error response, already read. */
export interface ErrorResponse {
  status: number;
  statusText?: string | undefined;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  /** The body decoded as UTF-8 text, when it was text. */
  bodyText: string | undefined;
}

const ADVICE: Readonly<Record<number, string>> = {
  400: 'Check the request: the URI, the body format, required fields, and batch sizes (1 to 1000 items).',
  401: 'The request carried no usable Authorization header; check the accessToken option.',
  403: 'Concur refused the token: it may have expired or been revoked, or the app may lack access to this product or company.',
  404: 'Something named in the path does not exist; check the id.',
  409: 'The request conflicts with work in progress (for Extract: a job for this definition is already queued or running); wait for it to finish.',
  429: 'Concur is throttling this client; send fewer requests.',
  500: 'Concur could not complete the request (for example an exchange rate it cannot compute, or a payment batch it cannot close); retrying will not help, check the data.',
  502: 'A gateway in front of Concur failed; try again later.',
  503: 'Concur is down for maintenance.',
  504: 'A gateway in front of Concur timed out; try again later.',
};

const REASON_ADVICE: Partial<Record<TransientReason, string>> = {
  deadlock: 'Concur hit a database deadlock; the request can be sent again shortly.',
  'request-limit': 'Concur refused the request because the request limit was exceeded; send fewer requests.',
};

function attemptsNote(context: FailureContext, transient: boolean, correlationId?: string, localHost?: string): string {
  const quote = correlationId === undefined ? '' : ` and quote correlation id ${correlationId}`;
  if (context.exhausted && transient) {
    const tries = context.attempts === 1 ? '1 attempt' : `${context.attempts} attempts`;
    if (localHost !== undefined) {
      return ` Gave up after ${tries}. ${localHost} is a loopback or private address, not Concur: check that the server there is running and that baseUrl names its port.`;
    }
    return ` Gave up after ${tries}; if this continues, contact Concur support at ${CONCUR_SUPPORT_EMAIL}${quote}.`;
  }
  const cid = correlationId === undefined ? '' : ` Correlation id: ${correlationId}.`;
  return (context.attempts > 1 ? ` (${context.attempts} attempts made.)` : '') + cid;
}

const NOT_REPEATED = ' It was not retried: it may have reached Concur and must not run twice, so check in Concur before sending it again.';

/** True when the failure was left unretried because the request must not run twice. */
function notRepeated(context: FailureContext, reason: TransientReason | undefined, code?: string): boolean {
  return context.idempotent === false && reason !== undefined && mayHaveBeenProcessed(reason, code);
}

function looksBinary(text: string): boolean {
  return text.includes('\u0000');
}

/** Builds the typed error for an HTTP error status, with Concur's fields from the body. */
export function apiErrorFromResponse(response: ErrorResponse, context: FailureContext): ConcurApiError {
  const text = response.bodyText !== undefined && !looksBinary(response.bodyText) ? response.bodyText : undefined;
  const fields = text === undefined ? {} : parseErrorBody(text);
  const clean = (value: string | undefined, max: number): string | undefined => (value === undefined ? undefined : boundedText(value, context.secrets, max));
  const serverMessage = clean(fields.message, 2048);
  const reason = statusReason(response.status, serverMessage);
  const correlationId = clean(response.headers['concur-correlationid'], 256);
  const ErrorClass = STATUS_ERROR_CLASSES[response.status] ?? ConcurApiError;
  // A reason phrase is the server's (or a proxy's) free text: it may echo a header, token included.
  const statusText = response.statusText ? ` ${boundedText(response.statusText, context.secrets, 100)}` : '';
  const quoted = serverMessage === undefined ? '' : `: "${boundedText(serverMessage, [], 300)}"`;
  const advice =
    (reason && REASON_ADVICE[reason]) ??
    ADVICE[response.status] ??
    (response.status >= 500 ? 'Concur failed to handle the request.' : 'Concur refused the request.');
  const repeat = notRepeated(context, reason) ? NOT_REPEATED : '';
  const message = `${context.method} ${context.path} failed with HTTP ${response.status}${statusText}${quoted}. ${advice}${repeat}${attemptsNote(context, reason !== undefined, correlationId)}`;
  return new ErrorClass(message, {
    status: response.status,
    serverMessage,
    serverTime: clean(fields.serverTime, 256),
    errorId: clean(fields.id, 256),
    correlationId,
    body: text === undefined || text === '' ? undefined : boundedText(text, context.secrets),
    headers: safeResponseHeaders(response.headers, context.secrets),
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    retryable: reason !== undefined,
    mayHaveBeenProcessed: context.processedBefore === true || (reason !== undefined && mayHaveBeenProcessed(reason)) || !isHttpStatus(response.status),
  });
}

/**
 * True for a status HTTP defines (100 to 599). Anything else (`HTTP/1.1 000`) is not a refusal
 * Concur wrote: it says nothing about whether the request was processed.
 */
function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599;
}

/**
 * Builds the error for an attempt whose response did not arrive in full within `timeoutMs` (for a
 * download: whose next bytes did not arrive within it).
 */
export function timeoutError(timeoutMs: number, context: FailureContext, download = false): ConcurTimeoutError {
  const advice = notRepeated(context, 'timeout')
    ? NOT_REPEATED
    : context.exhausted
      ? ''
      : " Concur's guidance is to wait 5 minutes before sending it again.";
  const what = download ? `received no data for ${timeoutMs} ms` : `got no complete response within ${timeoutMs} ms`;
  const message = `${context.method} ${context.path} ${what}.${advice}${attemptsNote(context, true)}`;
  return new ConcurTimeoutError(message, {
    timeoutMs,
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    retryable: true,
    mayHaveBeenProcessed: true,
  });
}

// Node's codes for a server certificate it cannot verify.
const CERTIFICATE_CODE = /CERT|SIGNATURE|ALTNAME/;

// Connections that were never made: on a loopback or private host, nothing there is Concur's.
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

/** The host to name instead of Concur support, when the connection to a local or private host was never made. */
function unreachedLocalHost(code: string | undefined, context: FailureContext): string | undefined {
  const { host } = context;
  if (host === undefined || code === undefined || !NOT_CONNECTED_CODES.has(code) || !isLocalOrPrivateHost(host)) return undefined;
  return boundedText(host, context.secrets, 256);
}

/** Builds the error for a connection that failed before any response. */
export function networkError(code: string | undefined, detail: string, context: FailureContext): ConcurNetworkError {
  const retryable = isTransientNetworkCode(code);
  const advice = notRepeated(context, retryable ? 'network' : undefined, code)
    ? `The connection failed.${NOT_REPEATED}`
    : retryable
      ? 'The connection failed; it is retried like a time-out.'
      : code !== undefined && CERTIFICATE_CODE.test(code)
        ? "The server's TLS certificate could not be verified. Behind a TLS-inspecting proxy or with a private CA, give Node the CA certificate with NODE_EXTRA_CA_CERTS=/path/to/ca.pem."
        : 'Check the baseUrl option and the network.';
  const message = `${context.method} ${context.path} could not reach Concur: ${boundedText(detail, context.secrets, 300)}. ${advice}${attemptsNote(context, retryable, undefined, unreachedLocalHost(code, context))}`;
  return new ConcurNetworkError(message, {
    code,
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    retryable,
    mayHaveBeenProcessed: context.processedBefore === true || (retryable && mayHaveBeenProcessed('network', code)),
  });
}

/** Proxy statuses that say the proxy could not reach Concur: worth another try later. */
const PROXY_TRANSIENT = new Set([502, 503, 504]);

/** Builds the error for a proxy that refused the tunnel to Concur (nothing reached Concur). */
export function proxyError(proxyStatus: number, statusText: string, context: FailureContext): ConcurProxyError {
  const retryable = PROXY_TRANSIENT.has(proxyStatus);
  const advice =
    proxyStatus === 407
      ? 'The proxy wants credentials, or refused the ones given: check the user and password in the proxy option (or HTTPS_PROXY).'
      : retryable
        ? 'The proxy could not reach Concur; it is retried like a refused connection. If it persists, check that the proxy allows CONNECT to the Concur host.'
        : 'The proxy does not allow a tunnel to the Concur host: ask its administrators to allow CONNECT to it on port 443.';
  const reason = boundedText(statusText, context.secrets, 100);
  const message = `${context.method} ${context.path} could not reach Concur: the proxy answered HTTP ${proxyStatus}${reason === '' ? '' : ` ${reason}`} to the tunnel request. ${advice}${attemptsNote(context, retryable)}`;
  return new ConcurProxyError(message, {
    code: 'ERR_PROXY_REFUSED',
    proxyStatus,
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    retryable,
    mayHaveBeenProcessed: context.processedBefore === true,
  });
}

/**
 * Builds the error for a request the caller cancelled. `processedBefore` says whether it may have
 * been processed: true when a request in flight was cut off.
 */
export function abortError(context: Pick<FailureContext, 'method' | 'path' | 'attempts' | 'processedBefore'>, cause?: unknown): ConcurAbortError {
  return new ConcurAbortError(`${context.method} ${context.path} was aborted by the caller's signal.`, {
    cause,
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    mayHaveBeenProcessed: context.processedBefore === true,
  });
}

/** Builds the error for a successful response whose body cannot be used. */
export function responseError(
  problem: string,
  response: { status?: number | undefined; bodyText?: string | undefined },
  context: Pick<FailureContext, 'method' | 'path' | 'attempts' | 'secrets'>,
  cause?: unknown,
): ConcurResponseError {
  const body = response.bodyText === undefined || looksBinary(response.bodyText) ? undefined : boundedText(response.bodyText, context.secrets);
  const status = response.status === undefined ? 'a response' : `HTTP ${response.status}`;
  return new ConcurResponseError(`${context.method} ${context.path} returned ${status} that cannot be used: ${problem}.`, {
    status: response.status,
    body,
    cause,
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    // Concur answered 2xx, or the answer broke off: the request was (or may have been) processed.
    mayHaveBeenProcessed: true,
  });
}
