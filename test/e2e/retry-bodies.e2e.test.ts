import { afterEach, describe, expect, it } from 'vitest';
import { ConcurResponseError } from '../../src/index.js';
import { LISTS_PATH, connect, outcomes } from './retry-support.js';
import { CITIES_ID, closeSimulators, rejection, simulator } from './support.js';

// End-to-end: Concur's retry policy against faults the simulator injects on a real local socket.
// Every wait goes through an injected sleep that records it and resolves at once, so the waits
// asserted below are the ones the client chose, not time that passed. Shared setup: ./support.ts
// and ./retry-support.ts.

afterEach(closeSimulators);

describe('unusable 200 bodies', () => {
  it('a truncated 200 is a ConcurResponseError, not retried', async () => {
    const sim = await simulator();
    sim.faults.truncated();
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect(error).toMatchObject({ status: 200, attempts: 1, retryable: false, method: 'GET', path: LISTS_PATH });
    expect((error as ConcurResponseError).body).toContain('<lists');
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([200]);
  });

  it('a malformed 200 is a ConcurResponseError, not retried', async () => {
    const sim = await simulator();
    sim.faults.malformed();
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.users.get());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect(error).toMatchObject({ status: 200, attempts: 1 });
    expect(error.message).toContain('not usable XML');
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([200]);
  });

  it('a batch whose 200 cannot be read: its items are unknown (Concur did process them), not failed', async () => {
    const sim = await simulator();
    sim.faults.malformed({ method: 'POST' });
    const { concur, waits } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' }]);
    expect([result.succeeded, result.failed, result.unknown]).toEqual([0, 0, 1]);
    expect(result.items[0]).toMatchObject({ status: 'unknown', code: 'ConcurResponseError', attempts: 1 });
    expect(result.chunks[0]?.error).toBeInstanceOf(ConcurResponseError);
    expect(waits).toEqual([]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
  });

  // Regression: a 200 cut off by a dropped connection is a broken connection (retried), not an HTTP
  // error status.
  it('a 200 whose connection drops half-way through the body is a broken connection: retried, and the resend meets 2004 (unknown)', async () => {
    const sim = await simulator();
    sim.faults.truncated({ method: 'POST', abort: true });
    const { concur } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' }]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
    expect(result.chunks[0]?.error).toBeUndefined();
    expect(result.items[0]).toMatchObject({ status: 'unknown', code: '2004', attempts: 2 });
  });
});
