import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurClient, ConcurValidationError, type RetryEvent } from '../../src/index.js';
import { caught, concur, testClient, XML } from '../support/helpers.js';

// A Retry-After that is not a real date must not become "retry now" (or a wait picked from a
// misread date): the client ignores it and waits its configured delayMs.

const PATH = '/api/expense/list/v1.0/';
const OK = '<lists></lists>';
const DELAY_MS = 120_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

/** The waits the client chose for a 503 carrying each Retry-After value in turn, then a 200. */
async function waitsFor(retryAfter: readonly string[]): Promise<number[]> {
  const { client, delays } = testClient({ retry: { retries: retryAfter.length, delayMs: DELAY_MS } });
  let scope = concur();
  for (const value of retryAfter) scope = scope.get(PATH).reply(503, '', { 'Retry-After': value });
  scope.get(PATH).reply(200, OK, XML);
  const response = await client.request({ method: 'GET', path: PATH });
  expect(response.status).toBe(200);
  return delays;
}

describe('a Retry-After date that is not a real date is ignored', () => {
  it.each([
    ['hour 24', ['Wed, 25 Nov 2026 24:00:00 GMT', 'Wednesday, 25-Nov-26 24:00:00 GMT', 'Wed Nov 25 24:00:00 2026']],
    ['minute 60', ['Wed, 25 Nov 2026 12:60:00 GMT', 'Wednesday, 25-Nov-26 12:60:00 GMT', 'Wed Nov 25 12:60:00 2026']],
    ['second 61', ['Wed, 25 Nov 2026 12:01:61 GMT', 'Wednesday, 25-Nov-26 12:01:61 GMT', 'Wed Nov 25 12:01:61 2026']],
    ['day 00', ['Wed, 00 Nov 2026 12:01:00 GMT', 'Wednesday, 00-Nov-26 12:01:00 GMT', 'Wed Nov  0 12:01:00 2026']],
    ['31 November', ['Tue, 31 Nov 2026 12:01:00 GMT', 'Tuesday, 31-Nov-26 12:01:00 GMT', 'Tue Nov 31 12:01:00 2026']],
    ['an unknown month', ['Wed, 25 Nvm 2026 12:01:00 GMT', 'Wednesday, 25-Nvm-26 12:01:00 GMT', 'Wed Nvm 25 12:01:00 2026']],
  ])('%s, in each of the three forms: the client waits delayMs', async (_what, values) => {
    expect(await waitsFor(values)).toEqual([DELAY_MS, DELAY_MS, DELAY_MS]);
  });

  it('a valid date in each form is honoured, a leap second included', async () => {
    expect(await waitsFor(['Wed, 25 Nov 2026 12:00:59 GMT', 'Wednesday, 25-Nov-26 12:00:60 GMT', 'Wed Nov 25 12:00:30 2026'])).toEqual([59_000, 60_000, 30_000]);
  });

  it('onRetry reports the configured wait for an ignored date', async () => {
    const events: RetryEvent[] = [];
    const { client } = testClient({ retry: { delayMs: DELAY_MS }, onRetry: (event) => void events.push(event) });
    concur().get(PATH).reply(429, '', { 'Retry-After': 'Wed, 25 Nov 2026 24:00:00 GMT' }).get(PATH).reply(200, OK, XML);
    await client.request({ method: 'GET', path: PATH });
    expect(events).toMatchObject([{ attempt: 1, delayMs: DELAY_MS, reason: 'too-many-requests' }]);
  });
});

describe('a per-call retry option is checked before anything is sent', () => {
  it.each([
    [{ retries: -1 }, 'retry.retries', 'retry.retries must be a whole number of 0 or more (got number -1).'],
    [{ delay: 5 }, 'retry.delay', 'Unknown retry option "delay"; the options are retries, delayMs, maxRetryAfterMs, deadlockDelayMs.'],
    [5, 'retry', 'retry must be an object of retry options, or false to turn retries off (got number 5).'],
  ])('request({ retry: %j }) is refused, naming %s', async (retry, field, message) => {
    const client = new ConcurClient({ baseUrl: 'https://concur.example.com', accessToken: 'token-1234', sleep: async () => undefined });
    // No interceptor: a request that went out would fail as a network error, not as this refusal.
    const error = await caught(() => client.request({ method: 'GET', path: PATH, retry: retry as never }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field, message });
  });
});
