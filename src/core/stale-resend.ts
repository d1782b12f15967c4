import type { AxiosError, AxiosInstance } from 'axios';
import axiosRetry from 'axios-retry';

/** Config key under which an attempt asks to hear of axios-retry's immediate resends. */
export const RESEND_HOOK = 'concur-sdk:onResend';

/**
 * A keep-alive socket that the server closed just as a request was written to it fails with
 * ECONNRESET; Node's documentation (`request.reusedSocket`) advises sending such a request again
 * at once. From the client's side that looks the same as a server that processed the request and
 * then dropped the connection, so only reads (GET, HEAD) are resent this way, without waiting;
 * anything else goes to Concur's retry policy. A resend counts as an attempt.
 */
function isStaleKeepAliveReset(error: AxiosError): boolean {
  const request = error.request as { reusedSocket?: boolean } | undefined;
  // Stryker disable next-line OptionalChaining: the adapter's AxiosErrors always carry the config, and axios sets its method before any adapter runs
  const method = error.config?.method?.toUpperCase();
  return (
    // Stryker disable next-line ConditionalExpression: every status resolves (validateStatus accepts all), so a failure never carries a response
    error.response === undefined &&
    error.code === 'ECONNRESET' &&
    // Stryker disable next-line OptionalChaining: an ECONNRESET comes only from the adapter's request 'error', whose AxiosError carries that request
    request?.reusedSocket === true &&
    (method === 'GET' ||
      // Stryker disable next-line ConditionalExpression,StringLiteral: the SDK never sends HEAD (prepare.ts allows GET, POST, PUT, DELETE and PATCH only)
      method === 'HEAD')
  );
}

/** How many times axios-retry resent a request after a stale keep-alive reset. */
export function staleResends(config: unknown): number {
  const state = (config as { 'axios-retry'?: { retryCount?: number } } | undefined)?.['axios-retry'];
  return state?.retryCount ?? 0;
}

/**
 * Installs axios-retry on the instance for that one case only: a read reset on a reused keep-alive
 * connection is sent once more at once (the attempt's `RESEND_HOOK` hears of it). Every other
 * failure goes to the client's retry policy.
 */
export function resendStaleReads(instance: AxiosInstance): void {
  axiosRetry(instance, {
    retries: 1,
    retryCondition: isStaleKeepAliveReset,
    // Stryker disable next-line ArrowFunction: axios-retry passes the delay to setTimeout, which waits the same for undefined as for 0
    retryDelay: () => 0,
    // Keep axios-retry from shrinking a `timeout` (none is set: the attempt timer covers both sends).
    // Stryker disable next-line BooleanLiteral: axios-retry shrinks only a non-zero `timeout`, and the transport sets 0
    shouldResetTimeout: true,
    onRetry: (_count, error, config) => {
      const hook = (config as Record<string, unknown>)[RESEND_HOOK];
      if (typeof hook === 'function') (hook as (error: AxiosError) => void)(error);
    },
  });
}
