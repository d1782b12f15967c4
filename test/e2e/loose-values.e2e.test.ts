import { afterEach, describe, expect, it } from 'vitest';
import { ConcurValidationError } from '../../src/index.js';
import { CITIES_ID, closeSimulators, connect, simulator } from './support.js';

// End-to-end: values written loosely through the attendees and listItems methods of a ConcurClient
// pointed at a simulator on a real local port, asserting both what the SDK returns and what the
// simulator holds afterwards. Shared setup: ./support.ts.

afterEach(closeSimulators);

describe('values a caller writes loosely', () => {
  // The SDK writes short decimals ("125.", ".5") in the full form Concur surely accepts, and refuses
  // dates that do not exist before sending, rather than letting Concur refuse them (1211, 1023).
  it('short decimals are sent in full; a date that does not exist is refused before any request', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const attendees = await concur.attendees.create([
      { externalId: 'ATT-2001', type: 'BUSGUEST', lastName: 'Fine', totalAmountYtd: '12.50', currencyCode: 'USD' },
      { externalId: 'ATT-2002', type: 'BUSGUEST', lastName: 'Trailing', totalAmountYtd: '125.', currencyCode: 'USD' },
      { externalId: 'ATT-2003', type: 'BUSGUEST', lastName: 'Leading', totalAmountYtd: '.5', currencyCode: 'USD' },
    ]);
    expect(attendees.items.map((item) => item.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(sim.state.attendees.get('ATT-2001')?.totalAmountYtd).toBe('12.50');
    expect(sim.state.attendees.get('ATT-2002')?.totalAmountYtd).toBe('125');
    expect(sim.state.attendees.get('ATT-2003')?.totalAmountYtd).toBe('0.5');

    const before = sim.state.log.total;
    const refused = await concur.listItems
      .create(
        CITIES_ID,
        [
          { name: 'Leap', level1Code: 'LEAP', startDate: '2028-02-29', endDate: '2028-03-31' },
          { name: 'No such day', level1Code: 'FEB', startDate: '2026-02-30', endDate: '2026-03-31' },
        ],
        { invalidItems: 'reject' },
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(ConcurValidationError);
    expect(refused).toMatchObject({ field: 'items[1].startDate' });
    expect(sim.state.log.total).toBe(before);

    // By default the real date is sent and the one that does not exist comes back unsent.
    const reported = await concur.listItems.create(CITIES_ID, [
      { name: 'Leap', level1Code: 'LEAP', startDate: '2028-02-29', endDate: '2028-03-31' },
      { name: 'No such day', level1Code: 'FEB', startDate: '2026-02-30', endDate: '2026-03-31' },
    ]);
    expect(reported.items.map((item) => [item.status, item.code ?? null])).toEqual([
      ['succeeded', null],
      ['failed', 'INVALID_INPUT'],
    ]);
    expect(reported.items[1]?.problems).toEqual([{ field: 'startDate', message: 'startDate must be a real date written YYYY-MM-DD (got "2026-02-30")' }]);
    expect(sim.state.log.total).toBe(before + 1);
  });
});
