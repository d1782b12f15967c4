import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurAbortError, partialResultOf, ServiceUnavailableError, type ListItemInput } from '../../src/index.js';
import { closeSimulators, connect, manualClock, rejection, simulator } from './support.js';

// End-to-end: a long list import that meets an outage or an abort, against the simulator on a
// real local port, with the simulator's clock moved by the client's (injected) waits.

const LIST_ID = 'gWqImports$0001';
const MINUTE = 60_000;

afterEach(closeSimulators);

const rows = (count: number): ListItemInput[] => Array.from({ length: count }, (_, i) => ({ name: `Cost centre ${i}`, level1Code: `CC${i}` }));

async function* streamOf<T>(items: readonly T[], pulled: { count: number }): AsyncGenerator<T> {
  for (const item of items) {
    pulled.count += 1;
    yield item;
  }
}

describe('an import that meets an outage', () => {
  it('a 30-minute maintenance window stops the run after the first exhausted chunk; a resume from nextIndex completes with no duplicates', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now });
    const list = sim.state.lists.create({ name: 'Imports', id: LIST_ID });
    // Concur's guidance: wait 5 minutes after a 503 and retry, a few times (the SDK's defaults).
    const { concur, waits } = connect(sim, { retry: { retries: 3, delayMs: 5 * MINUTE } }, clock.advance);
    const input = rows(5_000);
    const pulled = { count: 0 };

    const result = await concur.listItems.create(LIST_ID, streamOf(input, pulled), {
      onProgress: ({ chunk }) => {
        // Concur goes down for 30 minutes after the second chunk.
        if (chunk.index === 1) sim.faults.maintenance({ method: 'POST', durationMs: 30 * MINUTE });
      },
    });

    // One chunk went through the retry cycle (4 attempts, 15 minutes); then the run stopped.
    expect(waits).toEqual([5 * MINUTE, 5 * MINUTE, 5 * MINUTE]);
    expect(sim.state.requests.map((entry) => entry.status)).toEqual([200, 200, 503, 503, 503, 503]);
    expect(result.stopped?.reason).toBe('outage');
    expect(result.stopped?.error).toBeInstanceOf(ServiceUnavailableError);
    expect(result.stopped?.nextIndex).toBe(3_000);
    expect(result).toMatchObject({ succeeded: 2_000, failed: 1_000, unknown: 0, notSent: 0 });
    expect(pulled.count).toBe(3_000); // the rest of the input was not read
    expect(result.chunks[2]).toMatchObject({ status: 'failed', attempts: 4, correlationId: sim.state.requests[5]?.correlationId });
    expect(result.items[2_500]).toMatchObject({ status: 'failed', code: '503', chunk: 2, attempts: 4 });
    expect(list.size).toBe(2_000);

    // Later, the app resumes: first the items Concur refused as a whole, then the input from nextIndex on.
    clock.advance(30 * MINUTE);
    const refused = result.items.filter((item) => item.status === 'failed' && result.chunks[item.chunk]?.status === 'failed').map((item) => item.input);
    const nextIndex = result.stopped?.nextIndex ?? 0;
    const resumed = await concur.listItems.create(LIST_ID, [...refused, ...input.slice(nextIndex)]);
    expect(resumed).toMatchObject({ succeeded: 3_000, failed: 0, unknown: 0, notSent: 0 });
    expect(resumed.stopped).toBeUndefined();
    // Every row exists exactly once, and Concur never answered "already exists".
    expect(list.size).toBe(5_000);
    expect(list.items().map((item) => item.codes[0]).sort()).toEqual(input.map((row) => row.level1Code).sort());
    expect(resumed.items.some((item) => item.code === '2004')).toBe(false);
  });

  it("onOutage: 'continue' sends every remaining chunk through the full retry cycle", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now });
    sim.state.lists.create({ name: 'Imports', id: LIST_ID });
    const { concur, waits } = connect(sim, { retry: { retries: 3, delayMs: 5 * MINUTE } }, clock.advance);
    sim.faults.maintenance({ method: 'POST', durationMs: 24 * 60 * MINUTE });
    const result = await concur.listItems.create(LIST_ID, rows(3_000), { onOutage: 'continue' });
    expect(result).toMatchObject({ failed: 3_000, notSent: 0 });
    expect(result.stopped).toBeUndefined();
    expect(waits).toHaveLength(9);
  });
});

describe('an import that is aborted', () => {
  it('an abort while a processed chunk waits for its answer: its items are unknown (and exist), the rest was never read', async () => {
    const sim = await simulator();
    const list = sim.state.lists.create({ name: 'Imports', id: LIST_ID });
    const { concur } = connect(sim);
    const controller = new AbortController();
    const pulled = { count: 0 };
    // The third chunk is carried out, but its answer never comes.
    sim.faults.noResponse({ method: 'POST', skip: 2, processed: true });

    const run = concur.listItems.create(LIST_ID, streamOf(rows(5_000), pulled), { signal: controller.signal });
    await vi.waitFor(() => expect(sim.state.requests).toHaveLength(3), { timeout: 10_000, interval: 5 });
    controller.abort();
    const error = await rejection(run);

    expect(error).toBeInstanceOf(ConcurAbortError);
    const partial = partialResultOf<ListItemInput>(error);
    expect(partial).toMatchObject({ succeeded: 2_000, unknown: 1_000, failed: 0, notSent: 0, stopped: { reason: 'aborted', error, nextIndex: 3_000 } });
    expect((partial?.succeeded ?? 0) + (partial?.unknown ?? 0)).toBe(pulled.count);
    expect(partial?.items[2_000]).toMatchObject({ status: 'unknown', code: 'ConcurAbortError', chunk: 2 });
    // Unknown for a reason: the simulator did create them.
    expect(list.size).toBe(3_000);
  });
});
