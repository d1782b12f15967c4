import { describe, expect, it } from 'vitest';
import { apiErrorFromResponse, networkError, timeoutError, type FailureContext } from '../../src/errors/factory.js';
import { DEFAULT_RETRY_OPTIONS, resolveRetryOptions } from '../../src/retry/options.js';
import { decideRetry, transientReasonOf } from '../../src/retry/policy.js';
import { parseRetryAfter } from '../../src/retry/retry-after.js';
import { ConcurValidationError } from '../../src/index.js';

const context: FailureContext = { method: 'GET', path: '/api/x', attempts: 1, exhausted: false, secrets: [] };
const options = resolveRetryOptions(undefined);

function httpError(status: number, message?: string, headers: Record<string, string> = {}) {
  const bodyText = message === undefined ? undefined : `<Error><Message>${message}</Message></Error>`;
  return apiErrorFromResponse({ status, headers, bodyText }, context);
}

describe('which failures are retried', () => {
  it.each([
    [503, undefined, 'service-unavailable'],
    [502, undefined, 'bad-gateway'],
    [504, undefined, 'gateway-timeout'],
    [429, undefined, 'too-many-requests'],
    [400, 'Transaction (Process ID 61) was deadlocked on lock resources with another process', 'deadlock'],
    [400, 'The number of requests received exceeds the request limit.', 'request-limit'],
    [400, 'Rate limit exceeded', 'request-limit'],
  ])('HTTP %i (%s) is transient: %s', (status, message, reason) => {
    expect(transientReasonOf(httpError(status, message))).toBe(reason);
  });

  it.each([
    [400, 'Missing required field: external-id'],
    [400, undefined],
    [401, undefined],
    [403, 'The OAuth token has expired'],
    [404, undefined],
    [409, undefined],
    [500, 'Unable to calculate exchange rate'],
    [501, undefined],
    [418, undefined],
  ])('HTTP %i (%s) is final', (status, message) => {
    const error = httpError(status, message);
    expect(transientReasonOf(error)).toBeUndefined();
    expect(error.retryable).toBe(false);
  });

  it('retries time-outs and resets, not unknown hosts or certificate errors', () => {
    expect(transientReasonOf(timeoutError(60_000, context))).toBe('timeout');
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN']) {
      expect(transientReasonOf(networkError(code, 'socket hang up', context))).toBe('network');
    }
    for (const code of ['ENOTFOUND', 'CERT_HAS_EXPIRED', undefined]) {
      expect(transientReasonOf(networkError(code, 'failed', context))).toBeUndefined();
    }
  });
});

describe('decideRetry', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('waits delayMs (5 minutes) by default and deadlockDelayMs for a deadlock', () => {
    expect(decideRetry(httpError(503), 1, options, now)).toEqual({ reason: 'service-unavailable', delayMs: 300_000 });
    expect(decideRetry(timeoutError(60_000, context), 1, options, now)).toEqual({ reason: 'timeout', delayMs: 300_000 });
    expect(decideRetry(httpError(400, 'deadlock victim'), 1, options, now)).toEqual({ reason: 'deadlock', delayMs: 10_000 });
  });

  it('honours Retry-After in seconds and as an HTTP-date, capped at maxRetryAfterMs', () => {
    expect(decideRetry(httpError(503, undefined, { 'retry-after': '120' }), 1, options, now)?.delayMs).toBe(120_000);
    const date = new Date(now + 90_000).toUTCString();
    expect(decideRetry(httpError(429, undefined, { 'retry-after': date }), 1, options, now)?.delayMs).toBe(90_000);
    expect(decideRetry(httpError(503, undefined, { 'retry-after': '86400' }), 1, options, now)?.delayMs).toBe(3_600_000);
    expect(decideRetry(httpError(400, 'deadlock', { 'retry-after': '2' }), 1, options, now)?.delayMs).toBe(2_000);
  });

  it('stops after `retries` retries', () => {
    expect(decideRetry(httpError(503), 3, options, now)).toBeDefined();
    expect(decideRetry(httpError(503), 4, options, now)).toBeUndefined();
    expect(decideRetry(httpError(503), 1, resolveRetryOptions(false), now)).toBeUndefined();
  });

  it('for a request that must not run twice, retries only failures that say it was not processed', () => {
    const once = (error: Parameters<typeof decideRetry>[0]) => decideRetry(error, 1, options, now, false)?.reason;
    expect(once(httpError(503))).toBe('service-unavailable');
    expect(once(httpError(429))).toBe('too-many-requests');
    expect(once(httpError(400, 'deadlock'))).toBe('deadlock');
    expect(once(networkError('ECONNREFUSED', 'refused', context))).toBe('network');
    expect(once(timeoutError(60_000, context))).toBeUndefined();
    expect(once(networkError('ECONNRESET', 'socket hang up', context))).toBeUndefined();
    expect(once(httpError(502))).toBeUndefined();
    expect(once(httpError(504))).toBeUndefined();
  });

  it('never retries a final error', () => {
    expect(decideRetry(httpError(500), 1, options, now)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it.each([
    ['0', 0],
    ['  30 ', 30_000],
    ['Wed, 25 Nov 2026 12:01:00 GMT', 60_000],
    ['Wed, 25 Nov 2026 11:00:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it.each([undefined, '', 'soon', '-5', '1.5', 'NaN'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('retry options', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_RETRY_OPTIONS).toEqual({ retries: 3, delayMs: 300_000, maxRetryAfterMs: 3_600_000, deadlockDelayMs: 10_000 });
    expect(resolveRetryOptions({ retries: 1 })).toEqual({ ...DEFAULT_RETRY_OPTIONS, retries: 1 });
  });
  it.each([{ retries: -1 }, { retries: 1.5 }, { delayMs: Number.NaN }, { maxRetryAfterMs: Infinity }, { delay: 5 }])('refuses %j', (value) => {
    expect(() => resolveRetryOptions(value as never)).toThrow(ConcurValidationError);
  });
});
