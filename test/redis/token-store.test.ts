import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConcurClient, refreshTokenProvider, type RefreshedTokens } from '../../src/index.js';
import { redisTokenStore } from '../../src/redis/index.js';
import { SIMULATOR_OAUTH, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { REDIS_MISSING, RedisServer } from './support/redis-server.js';

// redisTokenStore against a real redis-server, several providers in this process each with its
// own ioredis client (as separate processes would have); the multi-process runs are in
// workers.test.ts.

const LISTS = '/api/expense/list/v1.0/';

describe.skipIf(REDIS_MISSING !== undefined)(`redisTokenStore on a real Redis${REDIS_MISSING === undefined ? '' : ` (not run: ${REDIS_MISSING})`}`, () => {
  let server: RedisServer;
  let sim: Simulator;
  const clients: Redis[] = [];
  let keyCount = 0;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await sim?.close();
  });

  function redis(): Redis {
    const client = new Redis(server.port, '127.0.0.1', { retryStrategy: () => 50 });
    clients.push(client);
    return client;
  }

  function provider(key: string, extra: { onRefresh?: (tokens: RefreshedTokens) => void; lockExpiryMs?: number } = {}) {
    const store = redisTokenStore({ redis: redis(), key, ...(extra.lockExpiryMs === undefined ? {} : { lockExpiryMs: extra.lockExpiryMs }) });
    return refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url, refreshMarginMs: 500, store, ...(extra.onRefresh ? { onRefresh: extra.onRefresh } : {}) });
  }

  const refreshes = () => sim.state.requests.filter((entry) => entry.path === '/oauth2/v0/token');
  const newKey = () => `concur-test:tokens:${process.pid}:${(keyCount += 1)}`;

  it('four providers sharing a key refresh once and all use that token; onRefresh fires once, in the one that refreshed', async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 60_000 });
    const key = newKey();
    const refreshed: string[] = [];
    const providers = [0, 1, 2, 3].map((index) => provider(key, { onRefresh: () => void refreshed.push(`p${index}`) }));
    const tokens = await Promise.all(providers.map(async (get) => get({ forceRefresh: false })));
    expect(new Set(tokens).size).toBe(1);
    expect(refreshes()).toHaveLength(1);
    expect(refreshed).toHaveLength(1);
    const stored = JSON.parse((await redis().get(key)) ?? '{}') as { accessToken: string; refreshToken: string };
    expect(stored.accessToken).toBe(tokens[0]);
    expect(sim.state.tokens.hasRefreshToken(stored.refreshToken)).toBe(true);
    // The lock is gone once the refresh is stored.
    expect(await redis().exists(`mutex:${key}:lock`)).toBe(0);
  });

  it('a provider started later with the used refresh token takes the stored one: no refused refresh', async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 1_000 });
    const key = newKey();
    const early = new ConcurClient({ baseUrl: sim.url, accessToken: provider(key) });
    await early.request({ method: 'GET', path: LISTS });
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the 500 ms margin
    const late = new ConcurClient({ baseUrl: sim.url, accessToken: provider(key) });
    await late.request({ method: 'GET', path: LISTS });
    await early.request({ method: 'GET', path: LISTS });
    expect(refreshes().map((entry) => entry.status)).toEqual([200, 200]);
  });

  it('waits for the holder of the lock and reads its result; takes over when a dead holder’s lock expires', async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 60_000 });
    const key = newKey();
    // A holder that died holding the lock for 800 ms.
    await redis().set(`mutex:${key}:lock`, 'dead-holder', 'PX', 800);
    const started = Date.now();
    const token = await provider(key, { lockExpiryMs: 800 })({ forceRefresh: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(token).toMatch(/^sim-access-/);
    expect(refreshes()).toHaveLength(1);
  });

  it('a stored refresh token Concur refuses gives way to the configured one (an app authorized again)', async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 60_000 });
    const key = newKey();
    await redis().set(key, JSON.stringify({ accessToken: 'old', refreshToken: 'revoked-refresh-token', expiresAt: Date.now() - 1, refreshedAt: Date.now() - 3_600_000 }));
    const token = await provider(key)({ forceRefresh: false });
    expect(token).toMatch(/^sim-access-/);
    expect(refreshes().map((entry) => entry.status)).toEqual([400, 200]);
  });

  it('with Redis stopped, refreshes in-process and warns once; once Redis is back its refresh is written there', async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 60_000 });
    const key = newKey();
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === 'CONCUR_SDK_REDIS_UNAVAILABLE') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const get = provider(key);
      await server.stop();
      const first = await get({ forceRefresh: false });
      const again = await get({ forceRefresh: true, rejectedToken: first });
      expect(again).not.toBe(first);
      await vi.waitFor(() => expect(warnings).toHaveLength(1));
      expect(warnings[0]).toMatch(/Redis is unreachable/);
      await server.resume();
      // ioredis reconnects on its own, and the store writes its newer tokens back at once.
      await vi.waitFor(async () => {
        const stored = JSON.parse((await redis().get(key)) ?? '{}') as { accessToken?: string };
        expect(stored.accessToken).toBe(again);
      }, { timeout: 5_000, interval: 100 });
      expect(warnings).toHaveLength(1);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
