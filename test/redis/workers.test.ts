import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIMULATOR_OAUTH, SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { REDIS_MISSING, RedisServer } from './support/redis-server.js';
import { WorkerPool, type RunSettings, type WorkerReport } from './support/workers.js';

// The issue's multi-process runs: 8 worker processes of the built package against one simulator
// and one real redis-server. They are real time by nature (a 20 s token run, a 10 s budget run,
// a 3 s maintenance window), so they run in their own vitest project, after the rest, one file
// at a time. Each prints its figures (docs/many-workers.md quotes them).

const WORKERS = 8;
const TOKEN_PATH = '/oauth2/v0/token';

describe.skipIf(REDIS_MISSING !== undefined)(`${WORKERS} worker processes sharing one Redis${REDIS_MISSING === undefined ? '' : ` (not run: ${REDIS_MISSING})`}`, () => {
  let server: RedisServer;
  let redis: Redis;
  let sim: Simulator;
  let pool: WorkerPool;
  let runs = 0;

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = server.client();
    redis.on('error', () => undefined);
    pool = await WorkerPool.start(WORKERS);
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    redis?.disconnect();
    await server?.stop();
  });
  afterEach(async () => {
    await sim?.close();
  });

  /** One run in the pool's workers (all, or `from` to `to - 1`) against the current simulator. */
  async function run(settings: Omit<RunSettings, 'simUrl' | 'redisPort'>, options: { from?: number; to?: number; inMs?: number } = {}, on: WorkerPool = pool) {
    return on.run({ simUrl: sim.url, redisPort: server.port, oauth: SIMULATOR_OAUTH, token: SIMULATOR_TOKEN, key: `concur-test:workers:${process.pid}:${(runs += 1)}`, ...settings }, options);
  }
  const tokenRequests = () => sim.state.requests.filter((entry) => entry.path === TOKEN_PATH);
  const apiRequests = () => sim.state.requests.filter((entry) => entry.path !== TOKEN_PATH);
  const errorsOf = (reports: WorkerReport[]) => reports.filter((report) => Object.keys(report.errors).length > 0).map(({ name, errors }) => ({ name, errors }));
  const figure = (text: string) => console.log(`[figure] ${text}`);

  it('2-second tokens for 20 s: about 10 refreshes for all 8 workers, none refused', { timeout: 60_000 }, async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 2_000 });
    const reports = await (await run({ durationMs: 20_000, loops: 2, pauseBetweenMs: 50, tokens: 'redis', refreshMarginMs: 300, lockExpiryMs: 2_000 })).reports;
    const refreshes = tokenRequests();
    const calls = reports.reduce((sum, report) => sum + report.ok, 0);
    figure(`tokens: ${refreshes.length} token requests in 20 s for ${WORKERS} workers (${calls} calls), statuses ${JSON.stringify(countBy(refreshes.map((entry) => entry.status)))}`);
    expect(errorsOf(reports)).toEqual([]);
    expect(refreshes.every((entry) => entry.status === 200)).toBe(true);
    expect(refreshes.length).toBeGreaterThanOrEqual(8);
    expect(refreshes.length).toBeLessThanOrEqual(15);
    // onRefresh fired once per refresh, each in the worker that made it.
    expect(reports.reduce((sum, report) => sum + report.refreshes, 0)).toBe(refreshes.length);
    expect(calls).toBeGreaterThan(WORKERS * 100);
  });

  it('for contrast, without a shared store the workers refuse each other at once (code 108)', { timeout: 30_000 }, async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 2_000 });
    const reports = await (await run({ durationMs: 1_000, loops: 1, pauseBetweenMs: 50, tokens: 'own', refreshMarginMs: 300, retry: { retries: 0, delayMs: 1 } })).reports;
    const refused = reports.filter((report) => (report.errors['ConcurAuthError 108'] ?? 0) > 0).length;
    figure(`tokens without a store: ${refused} of ${WORKERS} workers refused (108) on their first refresh`);
    expect(refused).toBe(WORKERS - 1);
  });

  it('a 3-second maintenance window: fewer 503s with coordination, and no worker sends during a pause it knows of', { timeout: 60_000 }, async () => {
    const settings = { durationMs: 6_000, loops: 2, pauseBetweenMs: 100, retry: { retries: 10, delayMs: 1_000 } };
    const outcomes: Record<string, { answered503: number; reports: WorkerReport[] }> = {};
    for (const coordination of [false, true]) {
      sim = await startSimulator();
      const { startAt, reports: running } = await run({ ...settings, coordination });
      await sleepUntil(startAt + 1_500);
      sim.faults.maintenance({ durationMs: 3_000 });
      const reports = await running;
      outcomes[String(coordination)] = { answered503: apiRequests().filter((entry) => entry.status === 503).length, reports };
      expect(errorsOf(reports)).toEqual([]);
      await sim.close();
    }
    const alone = outcomes.false!;
    const together = outcomes.true!;
    figure(`maintenance 3 s, ${WORKERS} workers x 2 loops, retry delay 1 s: 503s without coordination ${alone.answered503}, with ${together.answered503}`);
    expect(together.answered503).toBeLessThan(alone.answered503);
    // No worker sent while a pause it had learned of was running.
    for (const report of together.reports) {
      expect(report.pauses.length).toBeGreaterThan(0);
      for (const pause of report.pauses) {
        const during = report.sends.filter((at) => at > pause.at && at < pause.until - 2);
        expect({ worker: report.name, pause, during }).toEqual({ worker: report.name, pause, during: [] });
      }
    }
  });

  it('a shared budget of 50 requests per second holds within 10 % over 10 s', { timeout: 60_000 }, async () => {
    sim = await startSimulator();
    const reports = await (await run({ durationMs: 10_000, loops: 4, pauseBetweenMs: 0, coordination: true, rateLimit: { requests: 50, perMs: 1_000 } })).reports;
    const times = apiRequests().map((entry) => entry.receivedAt).sort((a, b) => a - b);
    const busiestSecond = Math.max(...times.map((start, index) => times.slice(index).findIndex((at) => at >= start + 1_000) + 0 || times.length - index));
    figure(`budget 50/s over 10 s, ${WORKERS} workers x 4 loops: ${times.length} requests (${((times.length / 500 - 1) * 100).toFixed(1)} % from 500), busiest 1-s span ${busiestSecond}`);
    expect(errorsOf(reports)).toEqual([]);
    expect(times.length).toBeGreaterThanOrEqual(450);
    expect(times.length).toBeLessThanOrEqual(550);
  });

  it('the lock holder killed mid-refresh: another worker refreshes once its lock expires, and every worker goes on', { timeout: 60_000 }, async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 2_000 });
    // The holder's token request is never answered (nor carried out), so it holds the lock until killed.
    sim.faults.noResponse({ path: TOKEN_PATH, count: 1 });
    const key = `concur-test:workers:${process.pid}:holder`;
    const settings = { key, durationMs: 4_000, loops: 2, pauseBetweenMs: 50, tokens: 'redis' as const, refreshMarginMs: 300, lockExpiryMs: 1_000, tokenTimeoutMs: 30_000 };
    const holder = await WorkerPool.start(1, 'Holder');
    let lockLeftMs: number;
    let killedAt: number;
    let reports: WorkerReport[];
    try {
      await run(settings, { inMs: 0 }, holder);
      await vi.waitFor(async () => {
        expect(await redis.exists(`mutex:${key}:tokens:lock`)).toBe(1);
        expect(tokenRequests()).toHaveLength(1);
      }, { timeout: 5_000, interval: 20 });
      const { reports: running } = await run(settings, { inMs: 0, to: WORKERS - 1 });
      await sleep(300);
      // The followers wait for the holder: no token request of theirs yet.
      expect(tokenRequests()).toHaveLength(1);
      lockLeftMs = await redis.pttl(`mutex:${key}:tokens:lock`);
      killedAt = Date.now();
      holder.kill(0);
      reports = await running;
    } finally {
      await holder.close();
    }
    const [, takeover] = tokenRequests();
    figure(
      `lock holder killed with ${lockLeftMs} ms left on its lock (expiry 1000 ms, renewed every 333 ms): next refresh ${takeover === undefined ? 'never' : `${takeover.receivedAt - killedAt} ms after the kill`}; ${tokenRequests().length - 1} refreshes in all after it, calls per worker ${reports.map((report) => report.ok).join('/')}`,
    );
    expect(takeover?.status).toBe(200);
    // Not before the dead holder's lock expired, and soon after (the others look every 50 ms).
    expect(takeover!.receivedAt - killedAt).toBeGreaterThanOrEqual(lockLeftMs - 20);
    expect(takeover!.receivedAt - killedAt).toBeLessThan(lockLeftMs + 500);
    expect(errorsOf(reports)).toEqual([]);
    expect(reports).toHaveLength(WORKERS - 1);
    for (const report of reports) expect(report.ok).toBeGreaterThan(10);
  });

  it('Redis stopped mid-run: calls go on in-process, each worker warns once; restarted: a pause is shared again', { timeout: 60_000 }, async () => {
    sim = await startSimulator({ accessTokenLifetimeMs: 60_000 });
    const { startAt, reports: running } = await run({ durationMs: 7_000, loops: 2, pauseBetweenMs: 50, tokens: 'redis', refreshMarginMs: 300, coordination: true });
    await sleepUntil(startAt + 1_500);
    const stoppedAt = Date.now();
    await server.stop();
    await sleepUntil(startAt + 3_500);
    await server.resume();
    const resumedAt = Date.now();
    await sleepUntil(startAt + 5_000);
    sim.faults.maintenance({ count: 1, retryAfterSeconds: 1 });
    const faultAt = Date.now();
    const reports = await running;
    const duringOutage = reports.map((report) => report.sends.filter((at) => at > stoppedAt + 200 && at < resumedAt).length);
    const shared = reports.filter((report) => report.pauses.some((pause) => pause.source === 'shared' && pause.at >= faultAt));
    figure(`outage: sends per worker while Redis was down ${duringOutage.join('/')}; warnings per worker ${reports.map((report) => report.warnings).join('/')}; after restart ${shared.length} of ${WORKERS - 1} other workers learned the 503 pause from Redis`);
    expect(errorsOf(reports)).toEqual([]);
    for (const count of duringOutage) expect(count).toBeGreaterThan(5);
    for (const report of reports) expect(report.warnings).toBe(1);
    expect(shared.length).toBeGreaterThanOrEqual(WORKERS - 2);
    expect(tokenRequests()).toHaveLength(1);
  });
});

function countBy<T>(values: T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

async function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function sleepUntil(time: number): Promise<void> {
  return sleep(Math.max(0, time - Date.now()));
}
