import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConcurAbortError, ConcurClient, type PauseEvent } from '../../src/index.js';
import { redisCoordination } from '../../src/redis/index.js';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { REDIS_MISSING, RedisServer } from './support/redis-server.js';

// redisCoordination against a real redis-server: clients in this process, each with its own
// ioredis connection as separate processes would have. Waits go through an injected `sleep`
// where the contract allows; the budget and the outage are real time by nature (about 1 s each).

const LISTS = '/api/expense/list/v1.0/';

describe.skipIf(REDIS_MISSING !== undefined)(`redisCoordination on a real Redis${REDIS_MISSING === undefined ? '' : ` (not run: ${REDIS_MISSING})`}`, () => {
  let server: RedisServer;
  let sim: Simulator;
  const connections: Redis[] = [];
  let keyCount = 0;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.disconnect();
    await sim?.close();
  });

  function redis(): Redis {
    const connection = new Redis(server.port, '127.0.0.1', { retryStrategy: () => 50 });
    connections.push(connection);
    return connection;
  }
  const newKey = () => `concur-test:coordination:${process.pid}:${(keyCount += 1)}`;

  function client(key: string, extra: { onPause?: (event: PauseEvent) => void; realSleep?: boolean; rateLimit?: { requests: number; perMs: number } } = {}) {
    const delays: number[] = [];
    const coordination = redisCoordination({ redis: redis(), key, ...(extra.onPause ? { onPause: extra.onPause } : {}) });
    const concur = new ConcurClient({
      baseUrl: sim.url,
      accessToken: SIMULATOR_TOKEN,
      coordination,
      retry: { retries: 2, delayMs: 1_000 },
      ...(extra.realSleep ? {} : { sleep: async (ms: number) => void delays.push(ms) }),
      ...(extra.rateLimit ? { rateLimit: extra.rateLimit } : {}),
    });
    return { concur, delays };
  }

  it('a 503 with Retry-After seen by one client holds back the next send of another: no second 503', async () => {
    sim = await startSimulator();
    const key = newKey();
    const events: PauseEvent[] = [];
    const a = client(key);
    const b = client(key, { onPause: (event) => events.push(event) });
    sim.faults.maintenance({ count: 1, retryAfterSeconds: 20 });
    await a.concur.request({ method: 'GET', path: LISTS });
    expect(a.delays[0]).toBe(20_000);
    await b.concur.request({ method: 'GET', path: LISTS });
    // B waited out what was left of A's pause before its first send.
    expect(b.delays).toHaveLength(1);
    expect(b.delays[0]).toBeGreaterThan(19_000);
    expect(b.delays[0]).toBeLessThanOrEqual(22_000); // plus the resume spread, at most a tenth
    expect(events).toEqual([expect.objectContaining({ source: 'shared' })]);
    expect(sim.state.requests.map((entry) => entry.status)).toEqual([503, 200, 200]);
  });

  it('a later decision extends the pause, a shorter one never shortens it; 429 and time-outs pause too, a deadlock does not', async () => {
    sim = await startSimulator();
    const key = newKey();
    const a = client(key);
    sim.faults.tooManyRequests({ count: 1, retryAfterSeconds: 30 });
    await a.concur.request({ method: 'GET', path: LISTS });
    const probe = redis();
    expect(await probe.pttl(`${key}:pause`)).toBeGreaterThan(29_000);
    sim.faults.maintenance({ count: 1, retryAfterSeconds: 2 });
    await a.concur.request({ method: 'GET', path: LISTS });
    expect(await probe.pttl(`${key}:pause`)).toBeGreaterThan(28_000);
    const other = newKey();
    const c = client(other);
    sim.faults.deadlock({ count: 1 });
    await c.concur.request({ method: 'GET', path: LISTS });
    expect(await probe.exists(`${other}:pause`)).toBe(0);
    sim.faults.noResponse({ count: 1 });
    await c.concur.request({ method: 'GET', path: LISTS, timeoutMs: 200 });
    expect(await probe.pttl(`${other}:pause`)).toBeGreaterThan(500);
  });

  it('the pause wait ends with the call’s signal', async () => {
    sim = await startSimulator();
    const key = newKey();
    await redis().set(`${key}:pause`, 'service-unavailable', 'PX', 60_000);
    const b = client(key, { realSleep: true });
    const started = Date.now();
    const error = await b.concur.request({ method: 'GET', path: LISTS, signal: AbortSignal.timeout(200) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('two clients share one budget of 5 requests per second', async () => {
    sim = await startSimulator();
    const key = newKey();
    const limit = { requests: 5, perMs: 1_000 };
    const clients = [client(key, { rateLimit: limit }), client(key, { rateLimit: limit })];
    await Promise.all(clients.flatMap(({ concur }) => Array.from({ length: 5 }, async () => concur.request({ method: 'GET', path: LISTS }))));
    const times = sim.state.requests.map((entry) => entry.receivedAt).sort((x, y) => x - y);
    expect(times).toHaveLength(10);
    // The sixth request had to wait for the next one-second window.
    expect((times[5] as number) - (times[0] as number)).toBeGreaterThanOrEqual(900);
  });

  it('50 calls starting at once on a client still connecting wait for one connection: no listener leak, no outage', async () => {
    const lazy = new Redis(server.port, '127.0.0.1', { lazyConnect: true });
    connections.push(lazy);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const coordination = redisCoordination({ redis: lazy, key: newKey() });
      const ends = await Promise.all(Array.from({ length: 50 }, async () => coordination.pausedUntil()));
      expect(ends.every((end) => end === 0)).toBe(true);
      expect(lazy.status).toBe('ready');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('with Redis stopped, calls go on and pause in-process; the outage is reported once; sharing resumes when it is back', async () => {
    sim = await startSimulator();
    const key = newKey();
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === 'CONCUR_SDK_REDIS_UNAVAILABLE') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const a = client(key, { rateLimit: { requests: 100, perMs: 1_000 } });
      const b = client(key);
      await a.concur.request({ method: 'GET', path: LISTS });
      await server.stop();
      sim.faults.maintenance({ count: 1, retryAfterSeconds: 20 });
      await a.concur.request({ method: 'GET', path: LISTS });
      await a.concur.request({ method: 'GET', path: LISTS });
      await b.concur.request({ method: 'GET', path: LISTS });
      // A paused itself (its retry, then the in-process pause before its next call); B knew nothing.
      expect(a.delays.length).toBeGreaterThanOrEqual(2);
      expect(b.delays).toEqual([]);
      await vi.waitFor(() => expect(warnings).toHaveLength(1));
      await server.resume();
      await vi.waitFor(async () => expect(await redis().ping()).toBe('PONG'), { timeout: 5_000 });
      sim.faults.maintenance({ count: 1, retryAfterSeconds: 20 });
      await vi.waitFor(async () => {
        await a.concur.request({ method: 'GET', path: LISTS });
        expect(await redis().pttl(`${key}:pause`)).toBeGreaterThan(0);
      }, { timeout: 5_000, interval: 200 });
      await b.concur.request({ method: 'GET', path: LISTS });
      expect(b.delays).toHaveLength(1);
      expect(warnings).toHaveLength(1);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
