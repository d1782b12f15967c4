import { afterEach, describe, expect, it } from 'vitest';
import { ConcurValidationError, type AttendeeInput, type ListItemInput } from '../../src/index.js';
import { closeSimulators, connect, logged, simulator } from './support.js';

// End-to-end: an import with bad rows, against the simulator on a real local port. The simulator
// holds what it received, so "sent" is counted on the server side.

afterEach(closeSimulators);

/** 5,000 cost centres, 7 of them invalid (three with two problems each). */
function costCentres(): { items: ListItemInput[]; problems: Map<number, Array<{ field: string; message: string }>> } {
  const items: ListItemInput[] = Array.from({ length: 5_000 }, (_, index) => ({ name: `Cost centre ${index}`, level1Code: `C${index}` }));
  const set = (index: number, item: Record<string, unknown>): void => {
    items[index] = item as unknown as ListItemInput;
  };
  set(3, { name: 42, level1Code: 'C3' });
  set(998, { name: 'Hyphen', level1Code: 'C-998' });
  set(1_500, { level1Code: 42 });
  set(2_000, { name: 'Dates', level1Code: 'C2000', startDate: '2026-02-30' });
  set(3_333, { name: 'Bell\u0007', level1Code: 'C3333', level2Code: 'X' });
  set(4_000, { name: 'n'.repeat(65), level1Code: 'C4000' });
  set(4_999, { name: 'Gap', level2Code: 'C4999' });
  const problems = new Map([
    [3, [{ field: 'name', message: 'name must be a string (got number 42)' }]],
    [998, [{ field: 'level1Code', message: 'level1Code must be 1 to 32 characters without hyphens (got "C-998")' }]],
    [
      1_500,
      [
        { field: 'level1Code', message: 'level1Code must be a string (got number 42)' },
        { field: 'name', message: 'name is required' },
      ],
    ],
    [2_000, [{ field: 'endDate', message: 'endDate is required with startDate: give both dates or neither' }, { field: 'startDate', message: 'startDate must be a real date written YYYY-MM-DD (got "2026-02-30")' }]],
    [3_333, [{ field: 'name', message: 'name contains a control character that XML cannot carry (U+0007 at position 4)' }]],
    [4_000, [{ field: 'name', message: 'name must be at most 64 characters (got 65)' }]],
    [
      4_999,
      [
        { field: 'level2Code', message: 'level2Code is set but level1Code is not; levels cannot be skipped' },
        { field: 'level1Code', message: 'level1Code is required' },
      ],
    ],
  ]);
  return { items, problems };
}

describe('invalid items in an import', () => {
  it('a 5,000-item input with 7 invalid items sends 4,993 and reports all 7 with every problem', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const list = sim.state.lists.create({ name: 'Cost centres', levels: 2, id: 'gWqCost$0005' });
    const { items, problems } = costCentres();

    const result = await concur.listItems.create(list.id, items);

    expect(list.size).toBe(4_993);
    expect(logged(sim)).toEqual(Array.from({ length: 5 }, () => 'POST /api/expense/list/v1.0/gWqCost%240005/batch 200'));
    expect(result).toMatchObject({ succeeded: 4_993, failed: 7, unknown: 0, invalid: 7 });
    expect(result.chunks.map((chunk) => chunk.size)).toEqual([1_000, 1_000, 1_000, 1_000, 993]);
    const invalid = result.items.filter((item) => item.status !== 'succeeded');
    expect(invalid.map((item) => [item.index, item.problems])).toEqual([...problems]);
    expect(invalid.every((item) => item.code === 'INVALID_INPUT' && item.attempts === 0 && item.input === items[item.index])).toBe(true);
    expect(invalid[2]?.message).toBe('List item at index 1500: level1Code must be a string (got number 42); name is required.');
    for (const [index] of problems) expect(list.item([`C${index}`])).toBeUndefined();
    expect(list.item(['C4998'])?.name).toBe('Cost centre 4998');
    // What validate() says is what the batch reported.
    expect([...problems.keys()].map((index) => concur.listItems.validate(items[index]))).toEqual([...problems.values()]);
  });

  it("with invalidItems: 'reject', nothing reaches the server and the error lists all 7 items' problems", async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const list = sim.state.lists.create({ name: 'Cost centres', levels: 2, id: 'gWqCost$0005' });
    const { items, problems } = costCentres();

    const error = await concur.listItems.create(list.id, items, { invalidItems: 'reject' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as ConcurValidationError).problems).toEqual([...problems].flatMap(([index, list]) => list.map((problem) => ({ index, ...problem }))));
    expect((error as Error).message.split('\n')).toHaveLength(8);
    expect(sim.state.log.total).toBe(0);
    expect(list.size).toBe(0);
  });

  it('a streamed attendee import sends the valid rows and reports the bad ones through onProgress', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    async function* rows(): AsyncGenerator<AttendeeInput> {
      for (let index = 0; index < 30; index += 1) {
        const row = { externalId: `ATT-${index}`, type: 'BUSGUEST', lastName: `Guest ${index}` };
        yield (index % 10 === 5 ? { ...row, lastName: index, currencyCode: 'usd' } : row) as unknown as AttendeeInput;
      }
    }
    const before = sim.state.attendees.size;
    const reported: string[] = [];
    const result = await concur.attendees.create(rows(), {
      chunkSize: 10,
      keepItems: false,
      onProgress: ({ items }) => {
        for (const item of items) if (item.status !== 'succeeded') reported.push(item.message ?? '');
      },
    });

    expect(result).toMatchObject({ succeeded: 27, failed: 3, invalid: 3 });
    expect(sim.state.attendees.size).toBe(before + 27);
    expect(sim.state.attendees.get('ATT-5')).toBeUndefined();
    expect(sim.state.attendees.get('ATT-29')?.lastName).toBe('Guest 29');
    expect(reported).toEqual(
      [5, 15, 25].map(
        (index) =>
          `Attendee at index ${index}: lastName must be a string (got number ${index}); currencyCode must be an ISO 4217 code of three capital letters such as USD (got "usd").`,
      ),
    );
  });
});
