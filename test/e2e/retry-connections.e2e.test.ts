import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CONCUR_SUPPORT_EMAIL, ConcurNetworkError } from '../../src/index.js';
import { DELAY_MS, LISTS_PATH, connect, outcomes } from './retry-support.js';
import { CITIES_ID, closeSimulators, rejection, simulator } from './support.js';

// End-to-end: Concur's retry policy against faults the simulator injects on a real local socket.
// Every wait goes through an injected sleep that records it and resolves at once, so the waits
// asserted below are the ones the client chose, not time that passed. Shared setup: ./support.ts
// and ./retry-support.ts.

afterEach(closeSimulators);

describe('connection resets', () => {
  it('a reset before any answer is retried after delayMs', async () => {
    const sim = await simulator();
    sim.faults.reset();
    const { concur, waits, retries } = connect(sim);
    const response = await concur.request({ method: 'GET', path: LISTS_PATH });
    expect(response.attempts).toBe(2);
    expect(waits).toEqual([DELAY_MS]);
    expect(retries).toEqual([{ attempt: 1, delayMs: DELAY_MS, reason: 'network', method: 'GET', path: LISTS_PATH, error: 'ConcurNetworkError' }]);
    expect(outcomes(sim)).toEqual(['reset', 200]);
  });

  it('resets on every attempt: ConcurNetworkError ECONNRESET after the retries', async () => {
    const sim = await simulator();
    sim.faults.reset({ count: 4 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', attempts: 4, retryable: true });
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([DELAY_MS, DELAY_MS, DELAY_MS]);
    expect(outcomes(sim)).toEqual(['reset', 'reset', 'reset', 'reset']);
  });

  it('a create Concur processed before the reset: the item exists and the resent chunk reports the item unknown with the 2004 kept and attempts 2', async () => {
    const sim = await simulator();
    sim.faults.reset({ method: 'POST', processed: true });
    const { concur, waits } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }]);
    expect(result.items).toEqual([
      { index: 0, input: { name: 'Oslo', level1Code: 'OSL' }, status: 'unknown', chunk: 0, code: '2004', message: 'The item already exists.', attempts: 2 },
    ]);
    expect(result.chunks[0]).toMatchObject({ attempts: 2, status: 'answered', recordsFailed: 1 });
    expect(waits).toEqual([DELAY_MS]);
    expect(sim.state.requests.map((entry) => [entry.outcome, entry.processed])).toEqual([
      ['reset', true],
      ['responded', true],
    ]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['OSL'])).toMatchObject({ name: 'Oslo', deleted: false });
  });

  it('an image upload (not idempotent) reset after Concur stored it is not sent again', async () => {
    const sim = await simulator();
    sim.faults.reset({ method: 'POST', processed: true });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.imaging.attachToReport('REPORT-1', Buffer.from('%PDF-1.4 page\n'), 'pdf'));
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', attempts: 1 });
    expect(error.message).toContain('It was not retried');
    expect(waits).toEqual([]);
    expect(sim.state.images.get('report', 'REPORT-1')?.bytes.toString('latin1')).toBe('%PDF-1.4 page\n');
  });

  const page = Buffer.from('%PDF-1.4 page\n');

  /**
   * Runs `fn` with nock's interception of Node's http module switched off (test/setup.ts turns it
   * on for every test file). Through nock's ClientRequest a request never reports
   * `reusedSocket`, which hides the keep-alive path of the transport that the next two tests
   * need: without nock, as in production, the second request below rides the first one's socket.
   * (test/client/request.test.ts does the same for the GET case.)
   */
  async function withoutNock<T>(fn: () => Promise<T>): Promise<T> {
    const active = nock.isActive();
    if (active) nock.restore();
    try {
      return await fn();
    } finally {
      if (active) nock.activate();
    }
  }

  // Regression: the transport resends only reads after a stale keep-alive reset, never a request
  // marked `idempotent: false` (an upload appended twice could not be undone).
  it('on a reused keep-alive connection, a reset after Concur stored an upload does not resend it', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    await withoutNock(async () => {
      await concur.listItems.getLists(); // leaves a keep-alive socket in the pool, reused below
      sim.faults.reset({ method: 'POST', processed: true });
      await concur.imaging.attachToReport('REPORT-1', page, 'pdf').catch(() => undefined);
    });
    expect(sim.state.requests.filter((entry) => entry.method === 'POST')).toHaveLength(1);
    expect(sim.state.images.get('report', 'REPORT-1')?.bytes.equals(page)).toBe(true);
  });

  // Regression: a POST reset on a reused socket goes to the retry policy, so its second send is
  // counted and the 2004 can be judged by `attempts`.
  it('on a reused keep-alive connection, a create resent after a processed reset reports attempts 2', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const result = await withoutNock(async () => {
      await concur.listItems.getLists();
      sim.faults.reset({ method: 'POST', processed: true });
      return concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }]);
    });
    expect(sim.state.requests.filter((entry) => entry.method === 'POST')).toHaveLength(2);
    expect(result.items[0]).toMatchObject({ status: 'unknown', code: '2004', attempts: 2 });
  });
});
