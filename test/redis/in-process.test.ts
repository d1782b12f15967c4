import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConcurAbortError,
  ConcurClient,
  ConcurValidationError,
  memoryCoordination,
  memoryTokenStore,
  refreshTokenProvider,
  type PauseEvent,
  type RefreshedTokens,
} from '../../src/index.js';
import { BASE_URL, caught, concur, errorXml, recordingSleep, TOKEN, XML } from '../support/helpers.js';

// The shared pause, the rate budget and the token store within one process: no Redis needed,
// nock for HTTP, an injected sleep or fake timers for every wait.

const PATH = '/api/expense/list/v1.0/';
const OK = '<lists/>';

function coordinatedClient(coordination = memoryCoordination(), extra: { retries?: number } = {}) {
  const { sleep, delays } = recordingSleep();
  const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, sleep, coordination, retry: { retries: extra.retries ?? 3 } });
  return { client, delays };
}

describe('a pause shared through memoryCoordination', () => {
  it('a 503 with Retry-After seen by one client holds back the next send of another by as long (plus a spread of at most a tenth)', async () => {
    const events: PauseEvent[] = [];
    const coordination = memoryCoordination({ onPause: (event) => events.push(event) });
    const a = coordinatedClient(coordination);
    const b = coordinatedClient(coordination);
    concur().get(PATH).reply(503, errorXml('Service Unavailable'), { ...XML, 'Retry-After': '30' }).get(PATH).twice().reply(200, OK, XML);
    await a.client.request({ method: 'GET', path: PATH });
    expect(a.delays[0]).toBe(30_000);
    await b.client.request({ method: 'GET', path: PATH });
    expect(b.delays).toHaveLength(1);
    expect(b.delays[0]).toBeGreaterThan(29_000);
    expect(b.delays[0]).toBeLessThanOrEqual(33_000);
    expect(events).toEqual([expect.objectContaining({ source: 'this-process', reason: 'service-unavailable' })]);
  });

  it('without coordination the other client does not wait (today’s behaviour)', async () => {
    const { sleep, delays } = recordingSleep();
    const a = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, sleep });
    const b = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, sleep });
    concur().get(PATH).reply(503, '', { 'Retry-After': '30' }).get(PATH).twice().reply(200, OK, XML);
    await a.request({ method: 'GET', path: PATH });
    await b.request({ method: 'GET', path: PATH });
    expect(delays).toEqual([30_000]);
  });

  it.each([
    ['429', 429, '', true],
    ['the request-limit 400', 400, errorXml('The number of requests exceeds the request limit.'), true],
    ['a deadlock 400', 400, errorXml('Transaction was deadlocked on lock resources.'), false],
    ['a 502', 502, '', false],
  ])('%s pauses the others: %s', async (_label, status, body, pauses) => {
    const coordination = memoryCoordination();
    const a = coordinatedClient(coordination);
    const b = coordinatedClient(coordination);
    concur().get(PATH).reply(status, body, XML).get(PATH).twice().reply(200, OK, XML);
    await a.client.request({ method: 'GET', path: PATH });
    await b.client.request({ method: 'GET', path: PATH });
    expect(b.delays.length).toBe(pauses ? 1 : 0);
  });

  it('a time-out pauses the others', async () => {
    const coordination = memoryCoordination();
    const a = coordinatedClient(coordination);
    const b = coordinatedClient(coordination);
    concur().get(PATH).delayConnection(500).reply(200, OK, XML).get(PATH).twice().reply(200, OK, XML);
    await a.client.request({ method: 'GET', path: PATH, timeoutMs: 50 });
    await b.client.request({ method: 'GET', path: PATH });
    expect(b.delays[0]).toBeGreaterThan(290_000);
  });

  it('a final 503 (no retry left) is no decision to wait: nothing is shared', async () => {
    const coordination = memoryCoordination();
    const a = coordinatedClient(coordination, { retries: 0 });
    const b = coordinatedClient(coordination);
    concur().get(PATH).reply(503, '').get(PATH).reply(200, OK, XML);
    await caught(async () => a.client.request({ method: 'GET', path: PATH }));
    await b.client.request({ method: 'GET', path: PATH });
    expect(b.delays).toEqual([]);
  });

  it('the wait for a pause ends with the call’s signal, and nothing is sent', async () => {
    const coordination = memoryCoordination();
    await coordination.pause(600_000, 'service-unavailable');
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, coordination, sleep: async () => new Promise(() => undefined) });
    const scope = concur().get(PATH).reply(200, OK, XML);
    const error = await caught(async () => client.request({ method: 'GET', path: PATH, signal: AbortSignal.timeout(20) }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(scope.isDone()).toBe(false);
  });
});

describe('rateLimit in one client', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets `requests` through per window and holds the next until the window ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, rateLimit: { requests: 2, perMs: 1_000 } });
    let sent = 0;
    concur().get(PATH).times(3).reply(() => {
      sent += 1;
      return [200, OK, XML];
    });
    const calls = [1, 2, 3].map(async () => client.request({ method: 'GET', path: PATH }));
    await vi.waitFor(() => expect(sent).toBe(2));
    await vi.advanceTimersByTimeAsync(900);
    expect(sent).toBe(2);
    await vi.advanceTimersByTimeAsync(150);
    await Promise.all(calls);
    expect(sent).toBe(3);
  });

  it('the wait for the budget ends with the call’s signal', async () => {
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, rateLimit: { requests: 1, perMs: 60_000 } });
    concur().get(PATH).reply(200, OK, XML);
    await client.request({ method: 'GET', path: PATH });
    const started = Date.now();
    const error = await caught(async () => client.request({ method: 'GET', path: PATH, signal: AbortSignal.timeout(30) }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each([
    [{ requests: 0, perMs: 1_000 }, /rateLimit\.requests must be a whole number from 1/],
    [{ requests: 5, perMs: 100 }, /rateLimit\.perMs must be a whole number of seconds.*\{ requests: 50, perMs: 1_000 \}/],
    [{ requests: 5, perMs: 1_500 }, /rateLimit\.perMs/],
    [{ requests: 5, perMs: 1_000, burst: 2 }, /Unknown rateLimit field "burst"/],
    ['50/s', /rateLimit must be an object/],
  ])('refuses rateLimit %j', (rateLimit, message) => {
    expect(() => new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, rateLimit: rateLimit as never })).toThrow(message);
    expect(() => new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, rateLimit: rateLimit as never })).toThrow(ConcurValidationError);
  });

  it('refuses a coordination that is not one', () => {
    expect(() => new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, coordination: {} as never })).toThrow(/coordination must be what redisCoordination\(\) or memoryCoordination\(\) returns/);
  });
});

describe('memoryTokenStore shared by two providers of one process', () => {
  const TOKEN_URL = 'https://us2.api.concursolutions.com';

  it('one refresh for both; onRefresh in the provider that refreshed', async () => {
    let issued = 0;
    nock(TOKEN_URL)
      .post('/oauth2/v0/token')
      .times(2)
      .reply(() => {
        issued += 1;
        return [200, { access_token: `access-${issued}-abcdefgh`, refresh_token: `refresh-${issued}-abcdefgh`, expires_in: 3600 }];
      });
    const store = memoryTokenStore();
    const refreshed: RefreshedTokens[] = [];
    const options = { clientId: 'c', clientSecret: 'secret-abcdefgh', refreshToken: 'refresh-0-abcdefgh', baseUrl: TOKEN_URL, store };
    const first = refreshTokenProvider({ ...options, onRefresh: (tokens) => void refreshed.push(tokens) });
    const second = refreshTokenProvider(options);
    const tokens = await Promise.all([first({ forceRefresh: false }), second({ forceRefresh: false }), second({ forceRefresh: false })]);
    expect(new Set(tokens)).toEqual(new Set(['access-1-abcdefgh']));
    expect(issued).toBe(1);
    expect(await store.read()).toMatchObject({ accessToken: 'access-1-abcdefgh', refreshToken: 'refresh-1-abcdefgh' });
    // The second provider refreshes the refused token with the rotated refresh token.
    const form: string[] = [];
    nock.cleanAll();
    nock(TOKEN_URL).post('/oauth2/v0/token', (body: Record<string, string>) => Boolean(form.push(body.refresh_token ?? ''))).reply(200, { access_token: 'access-2-abcdefgh', refresh_token: 'refresh-2-abcdefgh', expires_in: 3600 });
    expect(await second({ forceRefresh: true, rejectedToken: 'access-1-abcdefgh' })).toBe('access-2-abcdefgh');
    expect(form).toEqual(['refresh-1-abcdefgh']);
    expect(refreshed).toHaveLength(1);
  });

  it('refuses a store that is not one', () => {
    expect(() => refreshTokenProvider({ clientId: 'c', clientSecret: 's', refreshToken: 'r', baseUrl: TOKEN_URL, store: { read: () => undefined } as never })).toThrow(
      /store must be what redisTokenStore\(\) or memoryTokenStore\(\) returns/,
    );
  });
});
