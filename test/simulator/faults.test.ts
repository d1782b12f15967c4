import { describe, expect, it } from 'vitest';
import { statusReason } from '../../src/errors/transient.js';
import type { Simulator } from '../../src/simulator/index.js';
import { buildXml } from '../../src/xml/builder.js';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { parseXml } from '../../src/xml/parser.js';
import { CITIES_ID, NS, call, manualClock, root, simulator, text } from './helpers.js';

const LISTS = '/api/expense/list/v1.0/';
const BATCH = `/api/expense/list/v1.0/${encodeURIComponent(CITIES_ID)}/batch?type=create`;

function createItem(sim: Simulator, code: string, signal?: AbortSignal) {
  const body = buildXml('list-item-batch', { 'list-item': [{ name: `Item ${code}`, level1code: code }] }, { namespace: NS.list });
  return call(sim, 'POST', BATCH, { body, ...(signal === undefined ? {} : { signal }) });
}

const itemExists = (sim: Simulator, code: string): boolean => sim.state.lists.get(CITIES_ID)?.item([code]) !== undefined;

/** Starts a request that will get no response, waits until the simulator has handled it, then aborts it. */
async function abandoned(sim: Simulator, send: (signal: AbortSignal) => Promise<unknown>): Promise<unknown> {
  const controller = new AbortController();
  const outcome = send(controller.signal).then(
    () => 'answered',
    (error: unknown) => error,
  );
  await sim.waitForRequests(sim.state.log.total + 1);
  controller.abort();
  return outcome;
}

describe('faults: error statuses', () => {
  it('maintenance answers 503 with Retry-After for the next N requests, without processing them', async () => {
    const sim = await simulator();
    const fault = sim.faults.maintenance({ count: 2, retryAfterSeconds: 5 });
    for (const code of ['M1', 'M2']) {
      const response = await createItem(sim, code);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(parseErrorBody(response.text).message).toMatch(/maintenance/);
      expect(itemExists(sim, code)).toBe(false);
    }
    expect((await createItem(sim, 'M3')).status).toBe(200);
    expect(fault.hits).toBe(2);
    expect(fault.remaining).toBe(0);
    expect(sim.state.requests.map((entry) => [entry.status, entry.fault, entry.processed])).toEqual([
      [503, 'maintenance', false],
      [503, 'maintenance', false],
      [200, undefined, true],
    ]);
  });

  it('maintenance for a time window follows the simulator clock', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now });
    sim.faults.maintenance({ durationMs: 60_000 });
    expect((await call(sim, 'GET', LISTS)).status).toBe(503);
    clock.advance(59_999);
    expect((await call(sim, 'GET', LISTS)).status).toBe(503);
    clock.advance(1);
    expect((await call(sim, 'GET', LISTS)).status).toBe(200);
    expect(sim.faults.list()).toHaveLength(0);
  });

  it('a processed 503 changes the state although the client sees a failure', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ processed: true });
    expect((await createItem(sim, 'P1')).status).toBe(503);
    expect(itemExists(sim, 'P1')).toBe(true);
    expect(sim.state.requests[0]).toMatchObject({ status: 503, processed: true, fault: 'maintenance' });
  });

  it('deadlock and request-limit 400s carry messages the SDK reads as retryable', async () => {
    const sim = await simulator();
    sim.faults.deadlock();
    sim.faults.requestLimit();
    const deadlock = await call(sim, 'GET', LISTS);
    expect(deadlock.status).toBe(400);
    expect(statusReason(400, parseErrorBody(deadlock.text).message)).toBe('deadlock');
    const limit = await call(sim, 'GET', LISTS);
    expect(statusReason(400, parseErrorBody(limit.text).message)).toBe('request-limit');
  });

  it('tooManyRequests, serverError and status(n) answer 429, 500 and any status with Concur bodies', async () => {
    const sim = await simulator();
    sim.faults.tooManyRequests({ retryAfterSeconds: 2 });
    sim.faults.serverError({ message: 'Exchange rate could not be calculated.' });
    sim.faults.status(502);
    const tooMany = await call(sim, 'GET', LISTS);
    expect([tooMany.status, tooMany.headers.get('retry-after')]).toEqual([429, '2']);
    const serverError = await call(sim, 'GET', LISTS);
    expect([serverError.status, parseErrorBody(serverError.text).message]).toEqual([500, 'Exchange rate could not be calculated.']);
    const gateway = await call(sim, 'GET', LISTS);
    expect(gateway.status).toBe(502);
    expect(parseErrorBody(gateway.text).id).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('html answers an HTML page that holds no Concur error fields', async () => {
    const sim = await simulator();
    sim.faults.html({ status: 502 });
    const response = await call(sim, 'GET', LISTS);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(parseErrorBody(response.text)).toEqual({});
  });
});

describe('faults: no response and resets', () => {
  it('noResponse without processing: nothing is sent and nothing changes', async () => {
    const sim = await simulator();
    sim.faults.noResponse({ method: 'POST' });
    const outcome = await abandoned(sim, (signal) => createItem(sim, 'H1', signal));
    expect((outcome as Error).name).toBe('AbortError');
    expect(itemExists(sim, 'H1')).toBe(false);
    expect(sim.state.requests[0]).toMatchObject({ outcome: 'no-response', status: undefined, processed: false, fault: 'noResponse' });
  });

  it('noResponse after processing: the state changed though no response ever came', async () => {
    const sim = await simulator();
    sim.faults.noResponse({ processed: true });
    const outcome = await abandoned(sim, (signal) => createItem(sim, 'H2', signal));
    expect((outcome as Error).name).toBe('AbortError');
    expect(itemExists(sim, 'H2')).toBe(true);
    expect(sim.state.requests[0]).toMatchObject({ outcome: 'no-response', processed: true });
    // A client that resends the create now meets Concur's "already exists".
    const retry = await createItem(sim, 'H2');
    expect(text(root(retry.text, 'list-item-batch-result'), 'records-failed')).toBe('1');
  });

  it('reset destroys the connection, before or after processing', async () => {
    const sim = await simulator();
    sim.faults.reset();
    sim.faults.reset({ processed: true });
    await expect(createItem(sim, 'R1')).rejects.toThrow();
    expect(itemExists(sim, 'R1')).toBe(false);
    await expect(createItem(sim, 'R2')).rejects.toThrow();
    expect(itemExists(sim, 'R2')).toBe(true);
    expect(sim.state.requests.map((entry) => [entry.outcome, entry.processed])).toEqual([
      ['reset', false],
      ['reset', true],
    ]);
    expect((await call(sim, 'GET', LISTS)).status).toBe(200);
  });
});

describe('faults: broken bodies and latency', () => {
  it('truncated sends half the real body with a matching Content-Length', async () => {
    const sim = await simulator();
    const whole = await call(sim, 'GET', LISTS);
    sim.faults.truncated();
    const cut = await call(sim, 'GET', LISTS);
    expect(cut.status).toBe(200);
    expect(cut.bytes.length).toBe(Math.floor(whole.bytes.length / 2));
    expect(() => parseXml(cut.text, { strict: true })).toThrow();
  });

  it('truncated with abort drops the connection part-way through the declared body', async () => {
    const sim = await simulator();
    sim.faults.truncated({ abort: true });
    await expect(call(sim, 'GET', LISTS)).rejects.toThrow();
    expect(sim.state.requests[0]).toMatchObject({ outcome: 'reset', fault: 'truncated' });
  });

  it('malformed breaks the XML of a processed request', async () => {
    const sim = await simulator();
    sim.faults.malformed({ method: 'POST' });
    const response = await createItem(sim, 'B1');
    expect(response.status).toBe(200);
    expect(() => parseXml(response.text, { strict: true })).toThrow();
    expect(itemExists(sim, 'B1')).toBe(true);
  });

  it('latency delays the real response through the injectable sleep', async () => {
    const waits: number[] = [];
    const sim = await simulator({ sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    sim.faults.latency(2_500, { count: 2 });
    expect((await call(sim, 'GET', LISTS)).status).toBe(200);
    expect((await call(sim, 'GET', LISTS)).status).toBe(200);
    expect((await call(sim, 'GET', LISTS)).status).toBe(200);
    expect(waits).toEqual([2_500, 2_500]);
    expect(sim.state.requests.map((entry) => entry.fault)).toEqual(['latency', 'latency', undefined]);
  });
});

describe('faults: targeting and scheduling', () => {
  it('targets a method and a path glob or RegExp; other requests pass', async () => {
    const sim = await simulator();
    sim.faults.serverError({ method: 'POST', path: '/api/expense/list/v1.0/*/batch', count: 5 });
    sim.faults.status(504, { path: /^\/api\/user\//, count: 5 });
    expect((await call(sim, 'GET', LISTS)).status).toBe(200);
    expect((await createItem(sim, 'T1')).status).toBe(500);
    expect((await call(sim, 'GET', '/api/user/v1.0/User/')).status).toBe(504);
    expect((await call(sim, 'GET', '/api/expense/extract/v1.0/')).status).toBe(200);
  });

  it('matches ** across segments and skips the first matching requests', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ path: '/api/expense/**', skip: 1 });
    expect((await call(sim, 'GET', '/api/user/v1.0/FormFields')).status).toBe(200);
    expect((await call(sim, 'GET', '/api/expense/extract/v1.0/')).status).toBe(200);
    expect((await call(sim, 'GET', '/api/expense/list/v1.0/')).status).toBe(503);
  });

  it('applies a random share deterministically under the same seed', async () => {
    async function pattern(randomSeed: number): Promise<number[]> {
      const sim = await simulator({ randomSeed });
      sim.faults.tooManyRequests({ probability: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 30; index += 1) statuses.push((await call(sim, 'GET', LISTS)).status);
      return statuses;
    }
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first.filter((status) => status === 429).length).toBeGreaterThan(5);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(5);
    expect(await pattern(7)).not.toEqual(first);
  });

  it('draws generated ids and correlation ids from the seed too', async () => {
    async function run(): Promise<string[]> {
      const sim = await simulator({ randomSeed: 9 });
      const response = await call(sim, 'POST', '/api/image/v1.0/receipt', { body: Buffer.from('%PDF-1.4'), headers: { 'Content-Type': 'application/pdf' } });
      return [response.headers.get('concur-correlationid') ?? '', text(root(response.text, 'Image'), 'Id') ?? ''];
    }
    expect(await run()).toEqual(await run());
  });

  it('lists, removes and clears faults; refuses invalid descriptions', async () => {
    const sim = await simulator();
    const first = sim.faults.maintenance({ count: 3 });
    sim.faults.deadlock();
    expect(sim.faults.list().map((fault) => fault.id)).toEqual(['fault-1', 'fault-2']);
    expect(sim.faults.remove(first)).toBe(true);
    expect(first.remaining).toBe(0);
    expect((await call(sim, 'GET', LISTS)).status).toBe(400);
    sim.faults.serverError({ probability: 1 });
    sim.faults.clear();
    expect((await call(sim, 'GET', LISTS)).status).toBe(200);
    expect(() => sim.faults.add({ kind: 'status' })).toThrow(/needs a status/);
    expect(() => sim.faults.maintenance({ probability: 2 })).toThrow(TypeError);
    expect(() => sim.faults.add({ kind: 'explode' as never })).toThrow(/kind/);
  });
});
