import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulators, connect, logged, simulator } from './support.js';

// End-to-end: the attendees methods of a ConcurClient pointed at a simulator on a real local port,
// asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

afterEach(closeSimulators);

describe('attendees', () => {
  it('listTypes returns the configured types', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    sim.state.attendees.addType('VIP', 'Very Important Person');
    expect(await concur.attendees.listTypes()).toEqual([
      { type: 'BUSGUEST', name: 'Business Guest' },
      { type: 'EMPLOYEE', name: 'Employee' },
      { type: 'SPOUSE', name: 'Spouse' },
      { type: 'NOSHOWS', name: 'No Shows' },
      { type: 'VIP', name: 'Very Important Person' },
    ]);
    expect(logged(sim)).toEqual(['GET /api/expense/attendee/v1.0/type 200']);
  });

  it('create, full update, inactivation and reactivation, with per-item errors keyed by external id', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);

    const created = await concur.attendees.create([
      {
        externalId: 'ATT-1001',
        type: 'BUSGUEST',
        lastName: 'Okafor',
        firstName: 'Ada',
        company: 'Northwind',
        title: 'CFO',
        totalAmountYtd: 125.5,
        currencyCode: 'USD',
        custom1: 'Board',
        custom20: 'Twenty',
      },
      { externalId: 'ATT-0001', type: 'BUSGUEST', lastName: 'Hopper', currencyCode: 'USD' },
      { externalId: 'ATT-1002', type: 'ALIEN', lastName: 'Nobody', currencyCode: 'USD' },
    ]);
    expect([created.succeeded, created.failed, created.unknown]).toEqual([1, 2, 0]);
    expect(created.items.map((item) => [item.index, item.status, item.code])).toEqual([
      [0, 'succeeded', undefined],
      [1, 'failed', '1301'],
      [2, 'failed', '1218'],
    ]);
    expect(created.items[2]?.message).toBe('Invalid attendee type ALIEN.');
    expect(sim.state.attendees.get('ATT-1001')).toEqual({
      externalId: 'ATT-1001',
      type: 'BUSGUEST',
      lastName: 'Okafor',
      firstName: 'Ada',
      company: 'Northwind',
      title: 'CFO',
      totalAmountYtd: '125.5',
      currencyCode: 'USD',
      custom: { custom1: 'Board', custom20: 'Twenty' },
      inactive: false,
      version: 1,
    });
    expect(sim.state.attendees.get('ATT-1002')).toBeUndefined();
    expect(sim.state.attendees.get('ATT-0001')?.lastName).toBe('Hopper');

    const updated = await concur.attendees.update([
      { externalId: 'ATT-1001', type: 'EMPLOYEE', lastName: 'Okafor-Smith', firstName: 'Ada', company: 'Contoso', currencyCode: 'EUR' },
      { externalId: 'ATT-9999', type: 'BUSGUEST', lastName: 'Ghost', currencyCode: 'USD' },
    ]);
    expect(updated.items.map((item) => [item.status, item.code])).toEqual([
      ['succeeded', undefined],
      ['failed', '1305'],
    ]);
    expect(sim.state.attendees.get('ATT-1001')).toMatchObject({ type: 'EMPLOYEE', lastName: 'Okafor-Smith', company: 'Contoso', currencyCode: 'EUR', inactive: false, version: 2 });
    expect(sim.state.attendees.get('ATT-9999')).toBeUndefined();

    const inactivated = await concur.attendees.update([
      { externalId: 'ATT-1001', inactive: true },
      { externalId: 'ATT-0001', inactive: true },
      { externalId: 'ATT-8888', inactive: true },
    ]);
    expect(inactivated.items.map((item) => [item.status, item.code])).toEqual([
      ['succeeded', undefined],
      ['succeeded', undefined],
      ['failed', '1305'],
    ]);
    // Only the flag changed: the inactivation form carries no other field.
    expect(sim.state.attendees.get('ATT-1001')).toMatchObject({ lastName: 'Okafor-Smith', company: 'Contoso', inactive: true, version: 3 });
    expect(sim.state.attendees.get('ATT-0001')).toMatchObject({ lastName: 'Hopper', company: 'Navy', inactive: true, version: 2 });

    const reactivated = await concur.attendees.update([{ externalId: 'ATT-1001', inactive: false }]);
    expect(reactivated.succeeded).toBe(1);
    expect(sim.state.attendees.get('ATT-1001')).toMatchObject({ inactive: false, version: 4 });

    expect(logged(sim)).toEqual(Array.from({ length: 4 }, () => 'POST /api/expense/attendee/v1.0/batch 200'));
    expect(sim.state.requests.map((entry) => entry.query['type'])).toEqual(['create', 'update', 'update', 'update']);
    expect(waits).toEqual([]);
  });
});
