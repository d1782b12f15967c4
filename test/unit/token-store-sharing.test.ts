import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryTokenStore, refreshTokenProvider, type StoredTokens, type TokenStore } from '../../src/index.js';

// refreshTokenProvider with a store shared by other providers (other processes, with Redis): which
// token a call gets while another holder has the refresh lock, and when the store's tokens are
// taken instead of refreshing. No Redis: memoryTokenStore, or a store wrapped to play the others.
// Fake Date and setTimeout: the wait for another holder looks at the store every 50 ms.

const TOKEN_URL = 'https://us2.example.com';
const TOKEN_PATH = '/oauth2/v0/token';
const NOW = Date.parse('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
const CREDENTIALS = { clientId: 'client-id', clientSecret: 'client-secret-123', refreshToken: 'refresh-0-abcdef', baseUrl: TOKEN_URL };

/** Scripts the token endpoint to grant `access-<n>` for each n; returns the refresh tokens sent. */
function tokenEndpoint(expiresInS: number, ...grants: number[]): string[] {
  const sent: string[] = [];
  const scope = nock(TOKEN_URL);
  for (const n of grants) {
    scope.post(TOKEN_PATH).reply((_uri, body) => {
      sent.push(new URLSearchParams(String(body)).get('refresh_token') ?? '');
      return [200, { access_token: `access-${n}-abcdef`, refresh_token: `refresh-${n}-abcdef`, expires_in: expiresInS }];
    });
  }
  return sent;
}

/** Tokens as another provider would have written them. */
const written = (name: string, fields: Partial<StoredTokens> = {}): StoredTokens => ({
  accessToken: `${name}-abcdef`,
  refreshToken: `${name}-refresh-abcdef`,
  expiresAt: Date.now() + HOUR,
  refreshedAt: Date.now(),
  ...fields,
});

/** A memoryTokenStore that counts the calls made to it (each one a round trip with Redis). */
function countingStore(): { store: TokenStore; inner: TokenStore; calls: string[] } {
  const inner = memoryTokenStore();
  const calls: string[] = [];
  const store: TokenStore = {
    read: async () => (calls.push('read'), inner.read()),
    write: async (tokens) => (calls.push('write'), inner.write(tokens)),
    tryLock: async () => (calls.push('tryLock'), inner.tryLock()),
  };
  return { store, inner, calls };
}

/** What `call` has settled to once `ms` of fake time have passed, or 'pending'. */
async function after<T>(ms: number, call: T | Promise<T>): Promise<T | 'pending'> {
  let outcome: { value: T } | { error: unknown } | undefined;
  Promise.resolve(call).then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  await vi.advanceTimersByTimeAsync(ms);
  // setImmediate is real: one turn of the event loop runs every promise callback still queued.
  await new Promise((resolve) => setImmediate(resolve));
  if (outcome === undefined) return 'pending';
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('while another holder has the refresh lock', () => {
  it('a token inside the refresh margin but not yet expired goes on serving: no wait, no token request', async () => {
    const sent = tokenEndpoint(3600, 1, 2);
    const store = memoryTokenStore();
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    expect(await get({ forceRefresh: false })).toBe('access-1-abcdef');
    vi.setSystemTime(NOW + HOUR - 60_000);
    await store.tryLock();
    expect(await after(0, get({ forceRefresh: false }))).toBe('access-1-abcdef');
    expect(sent).toHaveLength(1);
  });

  it('a token that expired this millisecond is not served: the call looks at the store every 50 ms and takes the holder’s tokens', async () => {
    const sent = tokenEndpoint(3600, 1, 2);
    const store = memoryTokenStore();
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    await get({ forceRefresh: false });
    vi.setSystemTime(NOW + HOUR);
    const other = await store.tryLock();
    const call = get({ forceRefresh: false });
    expect(await after(0, call)).toBe('pending');
    await store.write(written('theirs'));
    await other?.release();
    expect(await after(49, call)).toBe('pending');
    expect(await after(1, call)).toBe('theirs-abcdef');
    expect(sent).toHaveLength(1);
  });

  it('a token Concur refused is not served either: the call waits for the holder’s tokens', async () => {
    const sent = tokenEndpoint(3600, 1, 2);
    const store = memoryTokenStore();
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    await get({ forceRefresh: false });
    const other = await store.tryLock();
    const call = get({ forceRefresh: true, rejectedToken: 'access-1-abcdef' });
    expect(await after(0, call)).toBe('pending');
    await store.write(written('theirs'));
    await other?.release();
    expect(await after(50, call)).toBe('theirs-abcdef');
    expect(sent).toHaveLength(1);
  });

  it('tokens the holder already wrote are taken at once, before it releases the lock', async () => {
    const sent = tokenEndpoint(3600, 1, 2);
    const store = memoryTokenStore();
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    await get({ forceRefresh: false });
    vi.setSystemTime(NOW + HOUR);
    await store.tryLock();
    await store.write(written('theirs'));
    expect(await after(0, get({ forceRefresh: false }))).toBe('theirs-abcdef');
    expect(sent).toHaveLength(1);
  });

  it('a holder that never releases: once its lock expires, the waiting call refreshes with the stored refresh token', async () => {
    const sent = tokenEndpoint(3600, 1, 2);
    const store = memoryTokenStore({ lockExpiryMs: 1_000 });
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    await get({ forceRefresh: false });
    vi.setSystemTime(NOW + HOUR);
    await store.tryLock();
    const call = get({ forceRefresh: false });
    expect(await after(950, call)).toBe('pending');
    await vi.advanceTimersByTimeAsync(50);
    expect(await call).toBe('access-2-abcdef');
    expect(sent).toEqual(['refresh-0-abcdef', 'refresh-1-abcdef']);
  });
});

describe('the token in hand', () => {
  it('serves while valid without reading the store (no round trip per request), even when a refusal of an older token comes in', async () => {
    const sent = tokenEndpoint(3600, 1);
    const { store, inner, calls } = countingStore();
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    expect(await get({ forceRefresh: false })).toBe('access-1-abcdef');
    const callsForRefresh = calls.length;
    await inner.write(written('theirs'));
    expect(await get({ forceRefresh: false })).toBe('access-1-abcdef');
    expect(await get({ forceRefresh: true, rejectedToken: 'access-0-abcdef' })).toBe('access-1-abcdef');
    expect(calls).toHaveLength(callsForRefresh);
    expect(sent).toHaveLength(1);
  });

  it('a call whose signal has already aborted rejects with its reason, without touching the store or the token endpoint', async () => {
    const sent = tokenEndpoint(3600, 1);
    const { store, calls } = countingStore();
    const reason = new Error('the user gave up');
    const call = refreshTokenProvider({ ...CREDENTIALS, store })({ forceRefresh: false, signal: AbortSignal.abort(reason) });
    await expect(after(0, call)).rejects.toBe(reason);
    expect(calls).toEqual([]);
    expect(sent).toHaveLength(0);
  });
});

describe('the store’s tokens instead of a refresh', () => {
  it('a refresh that ended between the look at the store and the lock is used, not repeated', async () => {
    const sent = tokenEndpoint(3600, 1, 2);
    const inner = memoryTokenStore();
    let finishing: StoredTokens | undefined;
    // Another provider writes its tokens and releases the lock just before this one takes it.
    const store: TokenStore = {
      read: async () => inner.read(),
      write: async (tokens) => inner.write(tokens),
      tryLock: async () => {
        if (finishing !== undefined) await inner.write(finishing);
        finishing = undefined;
        return inner.tryLock();
      },
    };
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    await get({ forceRefresh: false });
    vi.setSystemTime(NOW + HOUR);
    finishing = written('theirs');
    expect(await get({ forceRefresh: false })).toBe('theirs-abcdef');
    expect(sent).toHaveLength(1);
  });

  it('a fresh token another process wrote is taken even when stamped earlier than this one’s (its clock lags)', async () => {
    const sent = tokenEndpoint(3600, 1, 2);
    const store = memoryTokenStore();
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    await get({ forceRefresh: false });
    await store.write(written('theirs', { refreshedAt: NOW - 5_000 }));
    expect(await get({ forceRefresh: true, rejectedToken: 'access-1-abcdef' })).toBe('theirs-abcdef');
    expect(sent).toHaveLength(1);
  });

  it('tokens inside the margin (Concur granted less than the margin): a newer one from another provider is taken, the one this provider saw is refreshed', async () => {
    // Two-minute tokens under the default five-minute margin: every token is inside the margin.
    const sent = tokenEndpoint(120, 1, 2);
    const store = memoryTokenStore();
    const a = refreshTokenProvider({ ...CREDENTIALS, store });
    const b = refreshTokenProvider({ ...CREDENTIALS, store });
    expect(await a({ forceRefresh: false })).toBe('access-1-abcdef');
    // b has seen no token yet: it takes the stored one, still valid.
    expect(await b({ forceRefresh: false })).toBe('access-1-abcdef');
    vi.setSystemTime(NOW + 1);
    // b has seen access-1 now: the store holds nothing newer, so it refreshes.
    expect(await b({ forceRefresh: false })).toBe('access-2-abcdef');
    // a takes b's newer token instead of refreshing once more.
    expect(await a({ forceRefresh: false })).toBe('access-2-abcdef');
    expect(sent).toEqual(['refresh-0-abcdef', 'refresh-1-abcdef']);
  });

  it('never goes back to an older token: a store that holds tokens older than the ones this provider saw is refreshed', async () => {
    const sent = tokenEndpoint(120, 1, 2);
    const store = memoryTokenStore();
    const get = refreshTokenProvider({ ...CREDENTIALS, store });
    await get({ forceRefresh: false });
    await store.write(written('older', { expiresAt: NOW + 60_000, refreshedAt: NOW - 60_000 }));
    expect(await get({ forceRefresh: false })).toBe('access-2-abcdef');
    expect(sent).toEqual(['refresh-0-abcdef', 'older-refresh-abcdef']);
  });

  it('a stored token that expires this millisecond is not taken by a provider that has none', async () => {
    const sent = tokenEndpoint(3600, 1);
    const store = memoryTokenStore();
    await store.write(written('expiring', { expiresAt: NOW, refreshedAt: NOW - HOUR }));
    expect(await refreshTokenProvider({ ...CREDENTIALS, store })({ forceRefresh: false })).toBe('access-1-abcdef');
    expect(sent).toEqual(['expiring-refresh-abcdef']);
  });
});
