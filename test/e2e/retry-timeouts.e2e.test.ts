import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONCUR_SUPPORT_EMAIL, ConcurTimeoutError } from '../../src/index.js';
import { DELAY_MS, LISTS_PATH, connect, outcomes } from './retry-support.js';
import { CITIES_ID, closeSimulators, rejection, simulator } from './support.js';

// End-to-end: Concur's retry policy against faults the simulator injects on a real local socket.
// Every wait goes through an injected sleep that records it and resolves at once, so the waits
// asserted below are the ones the client chose, not time that passed. Shared setup: ./support.ts
// and ./retry-support.ts.

afterEach(async () => {
  vi.useRealTimers();
  await closeSimulators();
});

describe('time-outs (noResponse), with fake timers', () => {
  /** Lets real socket I/O run while the timers stay fake. */
  async function settleIo(rounds = 20): Promise<void> {
    for (let round = 0; round < rounds; round += 1) await new Promise((resolve) => setImmediate(resolve));
  }

  it('no answer within timeoutMs: ConcurTimeoutError, retried after delayMs, then the answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse();
    const { concur, waits, retries } = connect(sim, { timeoutMs: 30_000 });
    const pending = concur.listItems.getLists();
    await sim.waitForRequests(1);
    await vi.advanceTimersByTimeAsync(30_000);
    const lists = await pending;
    expect(lists.map((list) => list.name)).toEqual(['Cities']);
    expect(waits).toEqual([DELAY_MS]);
    expect(retries).toEqual([{ attempt: 1, delayMs: DELAY_MS, reason: 'timeout', method: 'GET', path: LISTS_PATH, error: 'ConcurTimeoutError' }]);
    expect(outcomes(sim)).toEqual(['no-response', 200]);
  });

  it('every attempt silent: ConcurTimeoutError with the limit, the attempts and the support address', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse({ count: 2 });
    const { concur, waits } = connect(sim, { timeoutMs: 30_000, retry: { retries: 1, delayMs: DELAY_MS } });
    const pending = rejection(concur.request({ method: 'GET', path: LISTS_PATH }));
    await sim.waitForRequests(1);
    await vi.advanceTimersByTimeAsync(30_000);
    await sim.waitForRequests(2);
    await settleIo();
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await pending;
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 30_000, attempts: 2, retryable: true, method: 'GET', path: LISTS_PATH });
    expect(error.message).toContain('Gave up after 2 attempts');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([DELAY_MS]);
  });

  it('a create that timed out after Concur processed it is resent and meets 2004: unknown (probably created by this call), attempts 2', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse({ method: 'POST', processed: true });
    const { concur, waits, retries } = connect(sim, { timeoutMs: 30_000 });
    const pending = concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }]);
    await sim.waitForRequests(1);
    expect(sim.state.lists.get(CITIES_ID)?.item(['OSL'])?.name).toBe('Oslo');
    await vi.advanceTimersByTimeAsync(30_000);
    const result = await pending;
    expect(result.items[0]).toMatchObject({ status: 'unknown', code: '2004', attempts: 2 });
    expect(retries.map((event) => [event.reason, event.method])).toEqual([['timeout', 'POST']]);
    expect(waits).toEqual([DELAY_MS]);
    expect(outcomes(sim)).toEqual(['no-response', 200]);
  });

  it('a silent image upload is not sent again: Concur may have stored it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse({ method: 'POST', processed: true });
    const { concur, waits } = connect(sim, { timeoutMs: 30_000 });
    const pending = rejection(concur.imaging.uploadReceipt(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'png'));
    await sim.waitForRequests(1);
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await pending;
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(error.message).toContain('It was not retried');
    expect(waits).toEqual([]);
    expect(sim.state.images.size).toBe(1);
    expect(sim.state.requests).toHaveLength(1);
  });
});
