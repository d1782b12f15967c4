import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConcurAuthError,
  ConcurResponseError,
  ConcurValidationError,
  memoryTokenStore,
  refreshTokenProvider,
  ServiceUnavailableError,
  type RefreshedTokens,
  type RefreshTokenProviderOptions,
  type StoredTokens,
  type TokenStore,
} from '../../src/index.js';
import { caught } from '../support/helpers.js';

// refreshTokenProvider on its own: what it checks, what it sends to the token endpoint, how it
// reads Concur's answer (reference §1.3), and when a call for a token refreshes.

const TOKEN_URL = 'https://us2.example.com';
const TOKEN_PATH = '/oauth2/v0/token';
const NOW = Date.parse('2026-11-25T12:00:00Z');
const CREDENTIALS = { clientId: 'client-id', clientSecret: 'client-secret-123', refreshToken: 'refresh-0-abcdef', baseUrl: TOKEN_URL };

interface Sent {
  form: Record<string, string>;
  headers: Record<string, unknown>;
}

/** Scripts the token endpoint: each reply is a status and a raw body. */
function tokenEndpoint(...replies: Array<[number, string]>): Sent[] {
  const sent: Sent[] = [];
  const scope = nock(TOKEN_URL);
  for (const [status, body] of replies) {
    scope.post(TOKEN_PATH).reply(function reply(_uri, requestBody) {
      sent.push({ form: Object.fromEntries(new URLSearchParams(String(requestBody))), headers: { ...this.req.headers } });
      return [status, body, { 'Content-Type': 'application/json' }];
    });
  }
  return sent;
}

const grant = (fields: Record<string, unknown>) => JSON.stringify({ access_token: 'access-1-abcdef', refresh_token: 'refresh-1-abcdef', expires_in: 3600, ...fields });

function provider(extra: Partial<RefreshTokenProviderOptions> = {}) {
  const refreshed: RefreshedTokens[] = [];
  const get = refreshTokenProvider({ ...CREDENTIALS, onRefresh: (tokens) => void refreshed.push(tokens), ...extra });
  return { get, refreshed };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('refreshTokenProvider(options) refuses', () => {
  it.each([undefined, null, 'client-id'])('options = %j', (options) => {
    const error = (() => {
      try {
        refreshTokenProvider(options as never);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: 'options' });
    expect((error as Error).message).toMatch(/^refreshTokenProvider needs an options object \(got (undefined|null|string)\)\.$/);
  });

  it.each([
    ['clientId', '', 'an empty string'],
    ['clientId', '  ', 'an empty string'],
    ['clientSecret', undefined, 'undefined'],
    ['clientSecret', 42, 'number'],
    ['refreshToken', '', 'an empty string'],
    ['refreshToken', null, 'null'],
  ])('%s = %j', (key, value, got) => {
    expect(() => refreshTokenProvider({ ...CREDENTIALS, [key]: value } as never)).toThrow(
      expect.objectContaining({ name: 'ConcurValidationError', field: key, message: `refreshTokenProvider needs ${key}: a non-empty string (got ${got}).` }),
    );
  });

  it('a baseUrl that is not https, and a time limit or proxy the client would refuse', () => {
    expect(() => refreshTokenProvider({ ...CREDENTIALS, baseUrl: 'http://us2.example.com' })).toThrow(expect.objectContaining({ field: 'baseUrl' }));
    expect(() => refreshTokenProvider({ ...CREDENTIALS, timeoutMs: 0 })).toThrow(expect.objectContaining({ field: 'timeoutMs' }));
    expect(() => refreshTokenProvider({ ...CREDENTIALS, proxy: 'socks5://proxy:1080' })).toThrow(ConcurValidationError);
  });

  it.each<unknown>([null, 'redis', {}, { read: () => undefined, write: () => undefined }, { read: 1, write: () => undefined, tryLock: () => undefined }])(
    'a store that is not one: %j',
    (store) => {
      expect(() => refreshTokenProvider({ ...CREDENTIALS, store: store as never })).toThrow(
        expect.objectContaining({
          field: 'store',
          message: expect.stringMatching(/^refreshTokenProvider's store must be what redisTokenStore\(\) or memoryTokenStore\(\) returns: an object with read, write and tryLock functions \(got (null|string|object)\)\.$/),
        }),
      );
    },
  );
});

describe('the token request', () => {
  it('POSTs the refresh grant as a form, asks for JSON, and carries no Authorization header', async () => {
    const sent = tokenEndpoint([200, grant({})]);
    await provider().get({ forceRefresh: false });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.form).toEqual({ client_id: 'client-id', client_secret: 'client-secret-123', grant_type: 'refresh_token', refresh_token: 'refresh-0-abcdef' });
    expect(sent[0]?.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    expect(sent[0]?.headers.authorization).toBeUndefined();
    expect(sent[0]?.headers['user-agent']).toMatch(/^concur-sdk\/\S+ node\/\S+$/);
  });

  it('a 503 from the token endpoint is the client’s to retry: its message does not say the retries ran out', async () => {
    tokenEndpoint([503, '']);
    const error = await caught(async () => provider().get({ forceRefresh: false }));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ path: TOKEN_PATH, method: 'POST', attempts: 1, retryable: true });
    expect((error as Error).message).not.toContain('Gave up');
  });
});

describe("reading Concur's answer", () => {
  it('reports every field Concur sent to onRefresh: the tokens, the expiry from expires_in, geolocation and scope', async () => {
    tokenEndpoint([200, grant({ expires_in: '120', geolocation: 'https://us2.api.concursolutions.com', scope: 'LIST USER' })]);
    const { get, refreshed } = provider();
    expect(await get({ forceRefresh: false })).toBe('access-1-abcdef');
    expect(refreshed).toEqual([
      { accessToken: 'access-1-abcdef', refreshToken: 'refresh-1-abcdef', expiresAt: new Date(NOW + 120_000), geolocation: 'https://us2.api.concursolutions.com', scope: 'LIST USER' },
    ]);
  });

  it('leaves out geolocation and scope when they are not strings', async () => {
    tokenEndpoint([200, grant({ geolocation: 5, scope: null })]);
    const { get, refreshed } = provider();
    await get({ forceRefresh: false });
    expect(refreshed[0]).toEqual({ accessToken: 'access-1-abcdef', refreshToken: 'refresh-1-abcdef', expiresAt: new Date(NOW + 3_600_000) });
    expect(Object.keys(refreshed[0] ?? {})).toEqual(['accessToken', 'refreshToken', 'expiresAt']);
  });

  it.each([undefined, 0, -5, 'abc', null, Infinity])('an expires_in of %j counts as an hour', async (expiresIn) => {
    tokenEndpoint([200, grant({ expires_in: expiresIn })]);
    const { get, refreshed } = provider();
    await get({ forceRefresh: false });
    expect(refreshed[0]?.expiresAt).toEqual(new Date(NOW + 3_600_000));
  });

  it.each([undefined, '', 7])('a refresh_token of %j keeps the one used', async (refreshToken) => {
    tokenEndpoint([200, grant({ refresh_token: refreshToken })], [200, grant({ access_token: 'access-2-abcdef' })]);
    const { get, refreshed } = provider();
    await get({ forceRefresh: false });
    expect(refreshed[0]?.refreshToken).toBe('refresh-0-abcdef');
  });

  it('an answer that is not JSON is a ConcurResponseError naming the token request, without the secrets', async () => {
    tokenEndpoint([200, 'client-secret-123 <html>']);
    const error = await caught(async () => provider().get({ forceRefresh: false }));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toBe('POST /oauth2/v0/token returned HTTP 200 that cannot be used: its body is not JSON.');
    expect(error).toMatchObject({ status: 200, method: 'POST', path: TOKEN_PATH, attempts: 1 });
    expect(JSON.stringify(error)).not.toContain('client-secret-123');
  });

  it.each([{}, { access_token: '' }, { access_token: 42 }])('an answer without an access token (%j) is a ConcurResponseError', async (body) => {
    tokenEndpoint([200, JSON.stringify(body)]);
    const error = await caught(async () => provider().get({ forceRefresh: false }));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toBe('POST /oauth2/v0/token returned HTTP 200 that cannot be used: it holds no access_token.');
  });

  it('an onRefresh that throws fails the call, with the new tokens and the client secret scrubbed from its error', async () => {
    tokenEndpoint([200, grant({})]);
    const get = refreshTokenProvider({
      ...CREDENTIALS,
      onRefresh: () => {
        throw new Error('could not store refresh-1-abcdef (access-1-abcdef, client-secret-123)');
      },
    });
    const error = await caught(async () => get({ forceRefresh: false }));
    expect((error as Error).message).toBe('could not store [REDACTED] ([REDACTED], [REDACTED])');
  });
});

describe('when a call for a token refreshes', () => {
  it('reuses a valid token; refreshes when Concur refused the current one, or when no token is named', async () => {
    const sent = tokenEndpoint([200, grant({})], [200, grant({ access_token: 'access-2-abcdef' })], [200, grant({ access_token: 'access-3-abcdef' })]);
    const { get } = provider();
    expect(await get({ forceRefresh: false })).toBe('access-1-abcdef');
    expect(await get({ forceRefresh: false })).toBe('access-1-abcdef');
    expect(await get({ forceRefresh: true, rejectedToken: 'access-1-abcdef' })).toBe('access-2-abcdef');
    expect(await get({ forceRefresh: true })).toBe('access-3-abcdef');
    expect(sent).toHaveLength(3);
  });

  it('a forced call before any token was fetched refreshes, whether or not it names a refused token', async () => {
    const sent = tokenEndpoint([200, grant({})], [200, grant({ access_token: 'access-2-abcdef' })]);
    expect(await provider().get({ forceRefresh: true })).toBe('access-1-abcdef');
    expect(await provider().get({ forceRefresh: true, rejectedToken: 'from-another-provider' })).toBe('access-2-abcdef');
    expect(sent).toHaveLength(2);
  });

  it('a refusal of an older token (another request already got a new one) does not refresh again', async () => {
    const sent = tokenEndpoint([200, grant({})], [200, grant({ access_token: 'access-2-abcdef' })]);
    const { get } = provider();
    await get({ forceRefresh: false });
    expect(await get({ forceRefresh: true, rejectedToken: 'access-1-abcdef' })).toBe('access-2-abcdef');
    expect(await get({ forceRefresh: true, rejectedToken: 'access-1-abcdef' })).toBe('access-2-abcdef');
    expect(sent).toHaveLength(2);
  });

  it('refreshes once the token is within refreshMarginMs of its expiry', async () => {
    const sent = tokenEndpoint([200, grant({})], [200, grant({ access_token: 'access-2-abcdef' })]);
    const { get } = provider({ refreshMarginMs: 60_000 });
    await get({ forceRefresh: false });
    vi.setSystemTime(NOW + 3_600_000 - 60_001);
    expect(await get({ forceRefresh: false })).toBe('access-1-abcdef');
    vi.setSystemTime(NOW + 3_600_000 - 60_000);
    expect(await get({ forceRefresh: false })).toBe('access-2-abcdef');
    expect(sent.map((request) => request.form.refresh_token)).toEqual(['refresh-0-abcdef', 'refresh-1-abcdef']);
  });

  it('calls that arrive while a refresh runs wait for it rather than use the old token', async () => {
    const sent = tokenEndpoint([200, grant({})], [200, grant({ access_token: 'access-2-abcdef' })]);
    const { get } = provider();
    await get({ forceRefresh: false });
    const [forced, waiting] = await Promise.all([get({ forceRefresh: true, rejectedToken: 'access-1-abcdef' }), get({ forceRefresh: false })]);
    expect([forced, waiting]).toEqual(['access-2-abcdef', 'access-2-abcdef']);
    expect(sent).toHaveLength(2);
  });

  it('takes a valid token another provider wrote to a shared store, and seeds an empty store with the refresh token', async () => {
    const store = memoryTokenStore();
    const stored: StoredTokens = { accessToken: 'stored-access-1', refreshToken: 'stored-refresh-1', expiresAt: NOW + 3_600_000, refreshedAt: NOW };
    await store.write(stored);
    const sent = tokenEndpoint([200, grant({})]);
    expect(await refreshTokenProvider({ ...CREDENTIALS, store })({ forceRefresh: false })).toBe('stored-access-1');
    expect(sent).toHaveLength(0);
    const empty: TokenStore = memoryTokenStore();
    expect(await refreshTokenProvider({ ...CREDENTIALS, store: empty })({ forceRefresh: false })).toBe('access-1-abcdef');
    expect(sent[0]?.form.refresh_token).toBe('refresh-0-abcdef');
    expect(await empty.read()).toEqual({ accessToken: 'access-1-abcdef', refreshToken: 'refresh-1-abcdef', expiresAt: NOW + 3_600_000, refreshedAt: NOW });
  });

  it('a stored refresh token Concur refuses is retried once with the configured one', async () => {
    const store = memoryTokenStore();
    await store.write({ accessToken: 'old-access-1', refreshToken: 'stored-refresh-1', expiresAt: NOW - 1, refreshedAt: NOW - 3_600_000 });
    const sent = tokenEndpoint([400, JSON.stringify({ code: 108, error: 'invalid_grant', error_description: 'Bad refresh token' })], [200, grant({})]);
    expect(await refreshTokenProvider({ ...CREDENTIALS, store })({ forceRefresh: false })).toBe('access-1-abcdef');
    expect(sent.map((request) => request.form.refresh_token)).toEqual(['stored-refresh-1', 'refresh-0-abcdef']);
  });

  it('the configured refresh token refused: a ConcurAuthError, no second request', async () => {
    const sent = tokenEndpoint([400, JSON.stringify({ code: 108, error: 'invalid_grant', error_description: 'Bad refresh token' })], [200, grant({})]);
    const error = await caught(async () => provider().get({ forceRefresh: false }));
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toMatchObject({ credential: 'refreshToken' });
    expect(sent).toHaveLength(1);
  });
});
