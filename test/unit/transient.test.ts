import { describe, expect, it } from 'vitest';
import { apiErrorFromResponse, networkError, proxyError, timeoutError, type FailureContext } from '../../src/errors/factory.js';
import { badRequestReason } from '../../src/errors/transient.js';
import { ConcurNetworkError, ConcurProxyError, isRetryableError } from '../../src/index.js';
import { resolveRetryOptions } from '../../src/retry/options.js';
import { decideRetry, transientReasonOf } from '../../src/retry/policy.js';

// "Could Concur have processed it?" — `mayHaveBeenProcessed` is what a caller checks before
// sending a request that must not run twice again, and what the batch model's `unknown` rests on.

const context: FailureContext = { method: 'POST', path: '/api/x', attempts: 1, exhausted: false, secrets: [] };
const options = resolveRetryOptions(undefined);
const NOW = Date.parse('2026-11-25T12:00:00Z');

function httpError(status: number, message?: string) {
  const bodyText = message === undefined ? undefined : `<Error><Message>${message}</Message></Error>`;
  return apiErrorFromResponse({ status, headers: {}, bodyText }, context);
}

/** The retry decision for a request that must not run twice (`idempotent: false`). */
const onceOnly = (error: Parameters<typeof decideRetry>[0]) => decideRetry(error, 1, options, NOW, false);

describe('network failures', () => {
  // Nothing was sent: the connection was never made, or the name did not resolve for now.
  const NEVER_SENT = ['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN'];
  // The request may have been written before the connection broke.
  const MAYBE_SENT = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT'];

  it.each(NEVER_SENT)('%s is retried, and proves Concur never saw the request: retried even when it must not run twice', (code) => {
    const error = networkError(code, 'failed', context);
    expect(error.retryable).toBe(true);
    expect(isRetryableError(error)).toBe(true);
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(transientReasonOf(error)).toBe('network');
    expect(onceOnly(error)).toEqual({ reason: 'network', delayMs: 300_000 });
    expect(error.message).toContain('it is retried like a time-out');
  });

  it.each(MAYBE_SENT)('%s is retried, but may have reached Concur: not retried when it must not run twice', (code) => {
    const error = networkError(code, 'failed', context);
    expect(error.retryable).toBe(true);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(transientReasonOf(error)).toBe('network');
    expect(decideRetry(error, 1, options, NOW)).toEqual({ reason: 'network', delayMs: 300_000 });
    expect(onceOnly(error)).toBeUndefined();
    const unretried = networkError(code, 'failed', { ...context, idempotent: false });
    expect(unretried.message).toContain('It was not retried: it may have reached Concur and must not run twice');
  });

  it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EACCES', undefined])('%s is final and says nothing reached Concur', (code) => {
    const error = networkError(code, 'failed', context);
    expect(error.retryable).toBe(false);
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(transientReasonOf(error)).toBeUndefined();
    expect(decideRetry(error, 1, options, NOW)).toBeUndefined();
  });

  it('an earlier attempt that may have been processed carries over to a later refusal', () => {
    expect(networkError('ECONNREFUSED', 'refused', { ...context, processedBefore: true }).mayHaveBeenProcessed).toBe(true);
    expect(networkError('ENOTFOUND', 'no such host', { ...context, processedBefore: true }).mayHaveBeenProcessed).toBe(true);
  });
});

describe('a proxy that refused the tunnel', () => {
  it.each([502, 503, 504])('answering %i could not reach Concur: retried like a refused connection, even for a request that must not run twice', (status) => {
    const error = proxyError(status, 'Bad Gateway', context);
    expect(error).toBeInstanceOf(ConcurProxyError);
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error.code).toBe('ERR_PROXY_REFUSED');
    expect(error.retryable).toBe(true);
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(transientReasonOf(error)).toBe('network');
    expect(onceOnly(error)).toEqual({ reason: 'network', delayMs: 300_000 });
  });

  it.each([407, 403, 400])('answering %i is final', (status) => {
    const error = proxyError(status, 'Denied', context);
    expect(error.retryable).toBe(false);
    expect(transientReasonOf(error)).toBeUndefined();
    expect(decideRetry(error, 1, options, NOW)).toBeUndefined();
  });
});

describe('HTTP statuses', () => {
  it.each([
    [502, undefined, 'bad-gateway'],
    [504, undefined, 'gateway-timeout'],
  ] as const)('%i comes from a gateway that may have passed the request on: may have been processed', (status, message, reason) => {
    const error = httpError(status, message);
    expect(error.retryable).toBe(true);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(transientReasonOf(error)).toBe(reason);
    expect(onceOnly(error)).toBeUndefined();
  });

  it.each([
    [503, undefined, 'service-unavailable'],
    [429, undefined, 'too-many-requests'],
    [400, 'Deadlock victim', 'deadlock'],
    [400, 'Request limit exceeded', 'request-limit'],
  ] as const)('%i (%s) says Concur did not process it: retried even when it must not run twice', (status, message, reason) => {
    const error = httpError(status, message);
    expect(error.retryable).toBe(true);
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(onceOnly(error)?.reason).toBe(reason);
  });

  it.each([400, 401, 403, 404, 409, 500])('a final %i says Concur refused it: not processed', (status) => {
    const error = httpError(status, 'No.');
    expect(error.retryable).toBe(false);
    expect(error.mayHaveBeenProcessed).toBe(false);
  });

  it('a time-out may have been processed', () => {
    const error = timeoutError(60_000, context);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(onceOnly(error)).toBeUndefined();
  });
});

describe('the two retryable 400s, read from Concur’s message', () => {
  it.each([
    'Transaction (Process ID 61) was deadlocked on lock resources with another process',
    'DEADLOCK detected',
    'deadlock',
  ])('%j is a deadlock', (message) => {
    expect(badRequestReason(message)).toBe('deadlock');
  });

  it.each([
    'Request limit exceeded',
    'request-limit reached',
    'REQUESTLIMIT',
    'The request  limit was hit',
    'request - limit',
    'Rate limit exceeded',
    'rate-limit',
    'Too many requests',
    'TOO MANY REQUESTS',
    'The number of requests received exceeds the allowed maximum.',
  ])('%j is the request limit', (message) => {
    expect(badRequestReason(message)).toBe('request-limit');
    expect(transientReasonOf(httpError(400, message))).toBe('request-limit');
  });

  it.each([undefined, 'Missing required field', 'limit exceeded', 'request failed', 'too many items', 'rate', 'The number of items', 'request_limit'])(
    '%j is neither',
    (message) => {
      expect(badRequestReason(message)).toBeUndefined();
    },
  );
});
