import { afterEach, describe, expect, it } from 'vitest';
import { CONCUR_SUPPORT_EMAIL, InternalServerError, ServiceUnavailableError } from '../../src/index.js';
import { DELAY_MS, LISTS_PATH, connect, outcomes } from './retry-support.js';
import { CITIES_ID, closeSimulators, rejection, simulator } from './support.js';

// End-to-end: Concur's retry policy against faults the simulator injects on a real local socket.
// Every wait goes through an injected sleep that records it and resolves at once, so the waits
// asserted below are the ones the client chose, not time that passed. Shared setup: ./support.ts
// and ./retry-support.ts.

afterEach(closeSimulators);

describe('maintenance (503)', () => {
  it('without Retry-After: waits delayMs between attempts and succeeds', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ count: 2 });
    const { concur, waits, retries } = connect(sim);
    const lists = await concur.listItems.getLists();
    expect(lists.map((list) => list.id)).toEqual([CITIES_ID]);
    expect(waits).toEqual([DELAY_MS, DELAY_MS]);
    expect(retries).toEqual([
      { attempt: 1, delayMs: DELAY_MS, reason: 'service-unavailable', method: 'GET', path: LISTS_PATH, error: 'ServiceUnavailableError' },
      { attempt: 2, delayMs: DELAY_MS, reason: 'service-unavailable', method: 'GET', path: LISTS_PATH, error: 'ServiceUnavailableError' },
    ]);
    expect(outcomes(sim)).toEqual([503, 503, 200]);
  });

  it('with Retry-After: the recorded wait is the Retry-After, not delayMs', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ count: 2, retryAfterSeconds: 7 });
    const { concur, waits } = connect(sim);
    const response = await concur.request({ method: 'GET', path: LISTS_PATH });
    expect(response.attempts).toBe(3);
    expect(waits).toEqual([7_000, 7_000]);
    expect(outcomes(sim)).toEqual([503, 503, 200]);
  });

  it('a Retry-After longer than maxRetryAfterMs is cut to it', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ retryAfterSeconds: 7_200 });
    const { concur, waits } = connect(sim, { retry: { delayMs: DELAY_MS, maxRetryAfterMs: 60_000 } });
    expect((await concur.request({ method: 'GET', path: LISTS_PATH })).attempts).toBe(2);
    expect(waits).toEqual([60_000]);
  });

  it('retries exhausted: ServiceUnavailableError with the attempts, the support address and the last correlation id', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ probability: 1 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const last = sim.state.requests.at(-1);
    expect(error).toMatchObject({
      status: 503,
      attempts: 4,
      retryable: true,
      method: 'GET',
      path: LISTS_PATH,
      serverMessage: 'The service is unavailable: it is down for maintenance. Try again in a few minutes.',
      correlationId: last?.correlationId,
    });
    expect(error.message).toContain('Gave up after 4 attempts');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(error.message).toContain(`quote correlation id ${last?.correlationId ?? '?'}`);
    expect(waits).toEqual([DELAY_MS, DELAY_MS, DELAY_MS]);
    expect(outcomes(sim)).toEqual([503, 503, 503, 503]);
  });

  it('retries: 1 gives up after 2 attempts; retry: false sends once', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ probability: 1 });
    const once = connect(sim, { retry: { retries: 1, delayMs: DELAY_MS } });
    await expect(once.concur.request({ method: 'GET', path: LISTS_PATH })).rejects.toMatchObject({ name: 'ServiceUnavailableError', attempts: 2 });
    expect(once.waits).toEqual([DELAY_MS]);
    const never = connect(sim, { retry: false });
    const error = await rejection(never.concur.request({ method: 'GET', path: LISTS_PATH }));
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', attempts: 1 });
    expect(error.message).toContain('Gave up after 1 attempt;');
    expect(never.waits).toEqual([]);
    expect(sim.state.requests).toHaveLength(3);
  });

  it('a maintenance window on a batch: the chunk is resent and every item succeeds once', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ method: 'POST', count: 2, retryAfterSeconds: 2 });
    const { concur, waits } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [
      { name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' },
      { name: 'Boston', level1Code: 'US', level2Code: 'BOS' },
    ]);
    expect(result.items.map((item) => [item.status, item.attempts])).toEqual([
      ['succeeded', 3],
      ['succeeded', 3],
    ]);
    expect(result.chunks[0]).toMatchObject({ attempts: 3, status: 'answered' });
    expect(waits).toEqual([2_000, 2_000]);
    expect(sim.state.requests.map((entry) => [entry.status, entry.processed])).toEqual([
      [503, false],
      [503, false],
      [200, true],
    ]);
    expect(sim.state.lists.get(CITIES_ID)?.size).toBe(7);
  });
});

describe('faults inside the long-running helpers', () => {
  it('a batch chunk refused with a 500 fails as a whole; the chunks around it go on', async () => {
    const sim = await simulator();
    sim.faults.serverError({ method: 'POST', skip: 1 });
    const { concur, waits } = connect(sim);
    const items = Array.from({ length: 6 }, (_, index) => ({ name: `Town ${index}`, level1Code: 'FR', level2Code: `T${index}` }));
    const result = await concur.listItems.create(CITIES_ID, items, { chunkSize: 2 });
    expect([result.succeeded, result.failed, result.unknown]).toEqual([4, 2, 0]);
    expect(result.items.map((item) => [item.status, item.code, item.attempts])).toEqual([
      ['succeeded', undefined, 1],
      ['succeeded', undefined, 1],
      ['failed', '500', 1],
      ['failed', '500', 1],
      ['succeeded', undefined, 1],
      ['succeeded', undefined, 1],
    ]);
    expect(result.chunks.map((chunk) => chunk.status)).toEqual(['answered', 'failed', 'answered']);
    expect(result.chunks[1]?.error).toBeInstanceOf(InternalServerError);
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([200, 500, 200]);
    const cities = sim.state.lists.get(CITIES_ID);
    expect(['T0', 'T1', 'T2', 'T3', 'T4', 'T5'].map((code) => cities?.item(['FR', code]) !== undefined)).toEqual([true, true, false, false, true, true]);
  });

  it('waitForJob rides out a maintenance window longer than the client retries of one poll', async () => {
    let time = Date.UTC(2026, 10, 25, 10, 0, 0);
    const sim = await simulator({ now: () => time, jobDurationMs: 4_000 });
    const { concur, waits } = connect(sim, {
      sleep: (ms) => {
        waits.push(ms);
        time += ms;
        return Promise.resolve();
      },
    });
    const job = await concur.extract.startJob('nYoPK$Expense$Extract01');
    sim.faults.maintenance({ method: 'GET', path: '/api/expense/extract/v1.0/*/job/*', skip: 1, count: 4 });
    const seen: string[] = [];
    const done = await concur.extract.waitForJob('nYoPK$Expense$Extract01', job.id, { intervalMs: 1_000, onPoll: (current) => void seen.push(current.status) });
    expect(done.state).toBe('completed');
    expect(seen).toEqual(['Queued', 'Completed']);
    // A poll interval, the client's three retry waits inside the failed poll, then another interval.
    expect(waits).toEqual([1_000, DELAY_MS, DELAY_MS, DELAY_MS, 1_000]);
    expect(outcomes(sim)).toEqual([201, 200, 503, 503, 503, 503, 200]);
  });
});

describe('an HTML maintenance page instead of Concur XML', () => {
  it('is still a 503: retried, then a ServiceUnavailableError with no Concur fields', async () => {
    const sim = await simulator();
    sim.faults.html({ count: 4, retryAfterSeconds: 1 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, attempts: 4, retryable: true, serverMessage: undefined, serverTime: undefined, errorId: undefined });
    const apiError = error as ServiceUnavailableError;
    expect(apiError.body).toContain('<h1>Service Unavailable</h1>');
    expect(apiError.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(apiError.correlationId).toBe(sim.state.requests.at(-1)?.correlationId);
    expect(error.message).toContain('Gave up after 4 attempts');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([1_000, 1_000, 1_000]);
  });

  it('once, then the real answer', async () => {
    const sim = await simulator();
    sim.faults.html();
    const { concur, waits } = connect(sim);
    expect(await concur.users.getFormFields()).toHaveLength(8);
    expect(waits).toEqual([DELAY_MS]);
    expect(outcomes(sim)).toEqual([503, 200]);
  });
});
