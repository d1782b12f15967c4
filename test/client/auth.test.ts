import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BadRequestError,
  ConcurAuthError,
  ConcurClient,
  ForbiddenError,
  refreshTokenProvider,
  ServiceUnavailableError,
  UnauthorizedError,
  type RefreshedTokens,
  type RetryEvent,
  type TokenRequestContext,
} from '../../src/index.js';
import { BASE_URL, caught, concur, recordingSleep } from '../support/helpers.js';

const PATH = '/api/expense/list/v1.0/';
const OK = '<lists/>';
const XML = { 'Content-Type': 'application/xml' };

describe('a refused token is replaced once', () => {
  function tokenSequence(...tokens: string[]) {
    const contexts: TokenRequestContext[] = [];
    const provider = (context: TokenRequestContext) => {
      contexts.push(context);
      return tokens.length > 1 ? (tokens.shift() as string) : (tokens[0] as string);
    };
    return { provider, contexts };
  }

  it('after a 401, with a fresh token, without a policy wait', async () => {
    const { provider, contexts } = tokenSequence('old', 'new');
    const { sleep, delays } = recordingSleep();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, sleep });
    const seen: Array<string | undefined> = [];
    concur()
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [401, '', XML];
      })
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [200, OK, XML];
      });
    const response = await client.request({ method: 'GET', path: PATH });
    expect(seen).toEqual(['Bearer old', 'Bearer new']);
    expect(response.attempts).toBe(2);
    expect(delays).toEqual([]);
    expect(contexts.map((context) => [context.forceRefresh, context.rejectedToken])).toEqual([
      [false, undefined],
      [true, 'old'],
    ]);
  });

  it('after a 403 saying the token expired, in the legacy OAuth scheme', async () => {
    const { provider } = tokenSequence('old', 'new');
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, authScheme: 'OAuth' });
    const seen: Array<string | undefined> = [];
    concur()
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [403, '<Error><Message>The OAuth token has expired or been revoked.</Message></Error>', XML];
      })
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [200, OK, XML];
      });
    await client.request({ method: 'GET', path: PATH });
    expect(seen).toEqual(['OAuth old', 'OAuth new']);
  });

  it('not after a 403 for missing access, and only once', async () => {
    const { provider } = tokenSequence('a', 'b', 'c');
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider });
    concur().get(PATH).reply(403, '<Error><Message>The partner application is not enabled for this company.</Message></Error>', XML);
    expect(await caught(() => client.request({ method: 'GET', path: PATH }))).toBeInstanceOf(ForbiddenError);

    concur().get(PATH).times(2).reply(401, '', XML);
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ attempts: 2 });
  });

  it('not when the token is a fixed string, nor when the function returns the same token', async () => {
    const fixed = new ConcurClient({ baseUrl: BASE_URL, accessToken: 'fixed' });
    const once = concur().get(PATH).reply(401, '', XML);
    expect(await caught(() => fixed.request({ method: 'GET', path: PATH }))).toMatchObject({ status: 401, attempts: 1 });
    expect(once.isDone()).toBe(true);

    const same = new ConcurClient({ baseUrl: BASE_URL, accessToken: () => 'same' });
    concur().get(PATH).reply(401, '', XML);
    expect(await caught(() => same.request({ method: 'GET', path: PATH }))).toMatchObject({ status: 401, attempts: 1 });
  });
});

describe('refreshTokenProvider', () => {
  const TOKEN_URL = 'https://us2.example.com';

  afterEach(() => {
    vi.useRealTimers();
  });

  function tokenEndpoint(replies: Array<[number, unknown]>) {
    const forms: URLSearchParams[] = [];
    const scope = nock(TOKEN_URL);
    for (const [status, body] of replies) {
      scope.post('/oauth2/v0/token').reply(function reply(_uri, requestBody) {
        forms.push(new URLSearchParams(String(requestBody)));
        expect(this.req.headers['content-type']).toBe('application/x-www-form-urlencoded');
        return [status, JSON.stringify(body), { 'Content-Type': 'application/json' }];
      });
    }
    return forms;
  }

  const grant = (n: number) => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: '3600', token_type: 'Bearer', geolocation: TOKEN_URL });

  it('refreshes on first use, reuses the token, rotates the refresh token and reports it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
    const forms = tokenEndpoint([[200, grant(1)], [200, grant(2)]]);
    const refreshed: RefreshedTokens[] = [];
    const provider = refreshTokenProvider({
      clientId: 'client', clientSecret: 'shh', refreshToken: 'refresh-0', baseUrl: TOKEN_URL,
      onRefresh: (tokens) => void refreshed.push(tokens),
    });
    expect(await provider({ forceRefresh: false })).toBe('access-1');
    expect(await provider({ forceRefresh: false })).toBe('access-1');
    vi.setSystemTime(new Date('2026-11-25T12:54:59Z'));
    expect(await provider({ forceRefresh: false })).toBe('access-1');
    vi.setSystemTime(new Date('2026-11-25T12:55:00Z'));
    expect(await provider({ forceRefresh: false })).toBe('access-2');
    expect(forms.map((form) => Object.fromEntries(form))).toEqual([
      { client_id: 'client', client_secret: 'shh', grant_type: 'refresh_token', refresh_token: 'refresh-0' },
      { client_id: 'client', client_secret: 'shh', grant_type: 'refresh_token', refresh_token: 'refresh-1' },
    ]);
    expect(refreshed).toEqual([
      { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: new Date('2026-11-25T13:00:00Z'), geolocation: TOKEN_URL },
      { accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: new Date('2026-11-25T13:55:00Z'), geolocation: TOKEN_URL },
    ]);
  });

  it('runs one refresh at a time under concurrency, and once per refused token', async () => {
    const forms = tokenEndpoint([[200, grant(1)], [200, grant(2)]]);
    const provider = refreshTokenProvider({ clientId: 'c', clientSecret: 's', refreshToken: 'refresh-0', baseUrl: TOKEN_URL });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider({ forceRefresh: false })));
    expect(new Set(tokens)).toEqual(new Set(['access-1']));
    const after = await Promise.all(Array.from({ length: 5 }, () => provider({ forceRefresh: true, rejectedToken: 'access-1' })));
    expect(new Set(after)).toEqual(new Set(['access-2']));
    expect(await provider({ forceRefresh: true, rejectedToken: 'access-1' })).toBe('access-2');
    expect(forms).toHaveLength(2);
  });

  it('drives a client: a 401 mid-hour triggers a refresh and the request succeeds', async () => {
    tokenEndpoint([[200, grant(1)], [200, grant(2)]]);
    const client = new ConcurClient({
      baseUrl: BASE_URL,
      accessToken: refreshTokenProvider({ clientId: 'c', clientSecret: 's', refreshToken: 'refresh-0', baseUrl: TOKEN_URL }),
    });
    const seen: Array<string | undefined> = [];
    concur()
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [401, '', XML];
      })
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [200, OK, XML];
      });
    await client.request({ method: 'GET', path: PATH });
    expect(seen).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('fails with a typed error that holds neither the client secret nor the refresh token', async () => {
    tokenEndpoint([[400, { code: 108, error: 'invalid_grant', error_description: 'Bad or expired refresh token refresh-0 for client secret shh-secret' }]]);
    const provider = refreshTokenProvider({ clientId: 'c', clientSecret: 'shh-secret', refreshToken: 'refresh-0', baseUrl: TOKEN_URL });
    const error = await caught(() => Promise.resolve(provider({ forceRefresh: false })));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toMatchObject({ name: 'ConcurAuthError', status: 400, oauthCode: 108, oauthError: 'invalid_grant', credential: 'refreshToken' });
    expect((error as BadRequestError).serverMessage).toContain('(code 108)');
    expect((error as Error).message).toContain('"Bad or expired refresh token [REDACTED] for client secret [REDACTED]"). Concur refused the refresh token. Check the refreshToken option');
    const text = JSON.stringify(error) + String((error as Error).stack);
    expect(text).not.toContain('shh-secret');
    expect(text).not.toContain('refresh-0');
  });

  it('lets the client retry a token endpoint in maintenance under its policy', async () => {
    tokenEndpoint([[503, {}], [200, grant(1)]]);
    const events: RetryEvent[] = [];
    const { sleep, delays } = recordingSleep();
    const client = new ConcurClient({
      baseUrl: BASE_URL,
      sleep,
      onRetry: (event) => void events.push(event),
      accessToken: refreshTokenProvider({ clientId: 'c', clientSecret: 's', refreshToken: 'refresh-0', baseUrl: TOKEN_URL }),
    });
    concur().get(PATH).reply(200, OK, XML);
    const response = await client.request({ method: 'GET', path: PATH });
    expect(response.attempts).toBe(2);
    expect(delays).toEqual([300_000]);
    expect(events[0]?.error).toBeInstanceOf(ServiceUnavailableError);
    expect(events[0]?.error.path).toBe('/oauth2/v0/token');
  });

  it('a refresh refused on a later attempt fails the call at once: no second token request for the refused refresh', async () => {
    // A margin longer than the token's life makes every attempt refresh.
    const forms = tokenEndpoint([
      [200, grant(1)],
      [401, { code: 64, error: 'invalid_client', error_description: 'Incorrect credentials. Please Retry' }],
      [200, grant(3)],
    ]);
    const { sleep } = recordingSleep();
    const client = new ConcurClient({
      baseUrl: BASE_URL,
      sleep,
      accessToken: refreshTokenProvider({ clientId: 'c', clientSecret: 's', refreshToken: 'refresh-0', baseUrl: TOKEN_URL, refreshMarginMs: 7_200_000 }),
    });
    concur().get(PATH).reply(503, '');
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toMatchObject({ oauthCode: 64, credential: 'clientSecret' });
    expect(forms).toHaveLength(2);
  });

  it('refuses missing credentials and an insecure token host', () => {
    expect(() => refreshTokenProvider({ clientId: '', clientSecret: 's', refreshToken: 'r', baseUrl: TOKEN_URL })).toThrow(/clientId/);
    expect(() => refreshTokenProvider({ clientId: 'c', clientSecret: 's', refreshToken: 'r', baseUrl: 'http://evil.example.com' })).toThrow(/https/);
  });
});

