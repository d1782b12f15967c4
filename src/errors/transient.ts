/**
 * Why a failure counts as transient: the facts about Concur that the retry policy acts on.
 *
 * - `service-unavailable`: 503, maintenance (HTTP codes page: sleep 5 minutes, retry).
 * - `timeout`: no response within the time limit (same page: wait 5 minutes, retry).
 * - `network`: the connection was reset or refused before a response.
 * - `bad-gateway`, `gateway-timeout`: 502 and 504 from the load balancers in front of Concur.
 * - `too-many-requests`: 429.
 * - `request-limit`: a 400 that says the request limit was exceeded.
 * - `deadlock`: a 400 that reports a database deadlock (same page: resend a short time later).
 */
export type TransientReason =
  | 'service-unavailable'
  | 'timeout'
  | 'network'
  | 'bad-gateway'
  | 'gateway-timeout'
  | 'too-many-requests'
  | 'request-limit'
  | 'deadlock';

// The HTTP codes page names these two 400s but not their wording (UNCONFIRMED), so the match is
// loose: any message that mentions a deadlock, or a request or rate limit being exceeded.
const DEADLOCK = /deadlock/i;
const REQUEST_LIMIT = /(request|rate)[\s-]*limit|too many requests|number of requests/i;

/** Reads one of the two retryable 400s from Concur's message. */
export function badRequestReason(serverMessage: string | undefined): 'deadlock' | 'request-limit' | undefined {
  if (serverMessage === undefined) return undefined;
  if (DEADLOCK.test(serverMessage)) return 'deadlock';
  if (REQUEST_LIMIT.test(serverMessage)) return 'request-limit';
  return undefined;
}

/**
 * The transient reason for an HTTP status, or undefined when the status is final. 500 is final:
 * Concur's 500s are deterministic (an exchange rate it cannot compute, a batch it cannot close).
 */
export function statusReason(status: number, serverMessage: string | undefined): TransientReason | undefined {
  switch (status) {
    case 400:
      return badRequestReason(serverMessage);
    case 429:
      return 'too-many-requests';
    case 502:
      return 'bad-gateway';
    case 503:
      return 'service-unavailable';
    case 504:
      return 'gateway-timeout';
    // Stryker disable next-line ConditionalExpression: an emptied default case falls out of the switch, and the function returns undefined all the same
    default:
      return undefined;
  }
}

// Failures where the request most likely never reached Concur, or the path to it broke. A DNS
// failure for an unknown host (ENOTFOUND) or a certificate error is a configuration problem: final.
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

// Connection failures where nothing was sent: the request cannot have reached Concur. A proxy
// that refused the tunnel (ERR_PROXY_REFUSED) never forwarded the request either.
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ERR_PROXY_REFUSED']);

/**
 * True when a transient failure leaves open whether Concur received and processed the request:
 * a time-out, a connection reset after sending, a gateway's 502 or 504. A 503, a 429 and the
 * request-limit and deadlock 400s say it was not processed; a refused connection sent nothing.
 */
export function mayHaveBeenProcessed(reason: TransientReason, code?: string): boolean {
  if (reason === 'timeout' || reason === 'bad-gateway' || reason === 'gateway-timeout') return true;
  return reason === 'network' && !(code !== undefined && NEVER_SENT_CODES.has(code));
}

/** True when a system error code names a transient network failure. */
export function isTransientNetworkCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}
