import { afterEach, describe, expect, it } from 'vitest';
import { ConcurClient, type BatchResult, type ListItemInput, type RetryEvent } from '../../src/index.js';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { LINK_ORIGIN } from './support.js';

const ITEMS = 20_000;
const BATCH_PATH = '/api/expense/list/v1.0/*/batch';

describe('soak: 20,000 list items through maintenance, resets and time-outs', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
  });

  it('reports every item as the simulator ends up holding it: nothing lost, nothing created twice, nothing succeeded that is not there', async () => {
    sim = await startSimulator({ randomSeed: 20_000, linkOrigin: LINK_ORIGIN });
    const list = sim.state.lists.create({ name: 'Soak cost centers', levels: 1 });
    // Faults apply in this order; each draws from the seeded generator, so the run repeats exactly.
    sim.faults.noResponse({ method: 'POST', path: BATCH_PATH, processed: true, count: 2, skip: 3 });
    sim.faults.noResponse({ method: 'POST', path: BATCH_PATH, count: 1, skip: 9 });
    sim.faults.reset({ method: 'POST', path: BATCH_PATH, processed: true, probability: 0.1 });
    sim.faults.reset({ method: 'POST', path: BATCH_PATH, probability: 0.05 });
    sim.faults.maintenance({ method: 'POST', path: BATCH_PATH, probability: 0.15 });

    const reasons: string[] = [];
    const concur = new ConcurClient({
      baseUrl: sim.url,
      accessToken: SIMULATOR_TOKEN,
      // Short configured waits: the 5-minute retry waits resolve at once; a time-out needs a real
      // (small) limit, since the simulator's silence is real.
      timeoutMs: 100,
      retry: { retries: 6 },
      sleep: () => Promise.resolve(),
      onRetry: (event: RetryEvent) => void reasons.push(event.reason),
    });

    const input: ListItemInput[] = Array.from({ length: ITEMS }, (_, i) => ({ name: `Cost center ${i}`, level1Code: `CC${String(i).padStart(5, '0')}` }));
    async function* stream(): AsyncGenerator<ListItemInput> {
      yield* input;
    }
    const result: BatchResult<ListItemInput> = await concur.listItems.create(list.id, stream());

    // Every input item has exactly one outcome, at its own index.
    expect(result.items).toHaveLength(ITEMS);
    expect(result.items.every((item, index) => item.index === index && item.input === input[index])).toBe(true);
    expect(result.succeeded + result.failed + result.unknown).toBe(ITEMS);

    const tally = { succeeded: 0, createdEarlier: 0, refused: 0, unknownStored: 0, unknownMissing: 0 };
    for (const item of result.items) {
      const stored = list.item([item.input.level1Code]);
      if (item.status === 'succeeded') {
        expect(stored?.name).toBe(item.input.name);
        tally.succeeded += 1;
      } else if (item.status === 'unknown' && item.code === '2004') {
        // "Already exists" answering a resend: an earlier attempt of this chunk went through before
        // its answer was lost, so the item is unknown (Concur's code kept), and it is there.
        expect(stored?.name).toBe(item.input.name);
        expect(item.attempts).toBeGreaterThan(1);
        tally.createdEarlier += 1;
      } else if (item.status === 'failed') {
        expect(stored).toBeUndefined();
        tally.refused += 1;
      } else if (stored === undefined) tally.unknownMissing += 1;
      else tally.unknownStored += 1;
    }

    // The simulator holds exactly the items reported as there (or unknown), none twice, no strangers.
    const codes = new Set(input.map((item) => item.level1Code));
    const held = list.items();
    expect(held.every((item) => codes.has(item.codes[0] as string))).toBe(true);
    expect(new Set(held.map((item) => item.codes[0])).size).toBe(held.length);
    expect(held.length).toBe(tally.succeeded + tally.createdEarlier + tally.unknownStored);

    // Uncertainty comes only from chunks that were sent more than once.
    expect(result.items.filter((item) => item.status === 'unknown').every((item) => item.attempts > 1)).toBe(true);
    expect(result.succeeded).toBeGreaterThan(ITEMS / 2);
    // The run went through every kind of fault it was meant to.
    expect(new Set(reasons)).toEqual(new Set(['timeout', 'network', 'service-unavailable']));
    expect(tally.createdEarlier).toBeGreaterThan(0);
    expect(result.chunks).toHaveLength(ITEMS / 1000);
  }, 60_000);
});
