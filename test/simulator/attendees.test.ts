import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { buildXml } from '../../src/xml/builder.js';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { elements } from '../../src/xml/nodes.js';
import { NS, batchErrors, call, namespaceOf, root, simulator, text } from './helpers.js';

const BATCH = '/api/expense/attendee/v1.0/batch';

async function post(sim: Simulator, type: string | undefined, attendees: Array<Record<string, string>>, path = BATCH) {
  const body = buildXml('attendee-batch', { attendee: attendees }, { namespace: NS.attendee });
  const response = await call(sim, 'POST', type === undefined ? path : `${path}?type=${type}`, { body });
  return { response, result: response.status === 200 ? root(response.text, 'attendee-batch-result') : {} };
}

const guest = (externalId: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'external-id': externalId,
  type: 'BUSGUEST',
  'last-name': 'Lovelace',
  'first-name': 'Ada',
  'currency-code': 'USD',
  ...extra,
});

describe('Attendee v1.0', () => {
  it('lists attendee types as attendee-types / attendee-type (type, name)', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', '/api/expense/attendee/v1.0/type');
    expect(namespaceOf(response.text)).toBe(NS.attendee);
    const types = elements(root(response.text, 'attendee-types'), 'attendee-type');
    expect(types).toContainEqual({ type: 'BUSGUEST', name: 'Business Guest' });
  });

  it('creates shared attendees and answers attendee-batch-result', async () => {
    const sim = await simulator();
    const { response, result } = await post(sim, 'create', [guest('G-1', { 'total-amount-ytd': '125.50', custom3: 'Board' }), guest('G-2')]);
    expect(response.status).toBe(200);
    expect(namespaceOf(response.text)).toBe(NS.attendee);
    expect(text(result, 'records-succeeded')).toBe('2');
    expect(text(result, 'records-failed')).toBe('0');
    expect(sim.state.attendees.get('G-1')).toMatchObject({ type: 'BUSGUEST', lastName: 'Lovelace', totalAmountYtd: '125.50', custom: { custom3: 'Board' }, inactive: false, version: 1 });
  });

  it('updates in full, and inactivates with the short form external-id + inactive', async () => {
    const sim = await simulator();
    await post(sim, 'create', [guest('G-1')]);
    const full = await post(sim, 'update', [guest('G-1', { 'last-name': 'King', company: 'Analytical Engines' })]);
    expect(text(full.result, 'records-succeeded')).toBe('1');
    const inactivation = await post(sim, 'update', [{ 'external-id': 'G-1', inactive: 'true' }]);
    expect(text(inactivation.result, 'records-succeeded')).toBe('1');
    expect(sim.state.attendees.get('G-1')).toMatchObject({ lastName: 'King', company: 'Analytical Engines', inactive: true, version: 3 });
  });

  it('reports 1305 for an update of a non-existing attendee and 1202 for a missing type, with HTTP 200', async () => {
    const sim = await simulator();
    const { response, result } = await post(sim, 'update', [guest('NOPE')]);
    expect(response.status).toBe(200);
    expect(batchErrors(result)).toHaveLength(1);
    expect(batchErrors(result)[0]).toMatchObject({ code: '1305', 'external-id': 'NOPE' });
    expect(batchErrors(result)[0]?.['message']).toMatch(/non-existing/);
    const created = await post(sim, 'create', [{ 'external-id': 'T-1', 'last-name': 'Nobody' }]);
    expect(batchErrors(created.result)[0]).toMatchObject({ code: '1202', 'external-id': 'T-1' });
  });

  it('checks ids, types, money and lengths with codes 1201, 1204, 1218, 1203, 1208, 1211, 1206, 1209, 1217, 1301', async () => {
    const sim = await simulator();
    await post(sim, 'create', [guest('DUP')]);
    const { result } = await post(sim, 'create', [
      guest(''),
      guest('x'.repeat(49)),
      guest('BADTYPE', { type: 'PIRATE' }),
      { 'external-id': 'NOCUR', type: 'BUSGUEST', 'last-name': 'A', 'total-amount-ytd': '5' },
      guest('BADCUR', { 'currency-code': 'usd' }),
      guest('BADMONEY', { 'total-amount-ytd': '12,50' }),
      guest('BADFLAG', { inactive: 'maybe' }),
      { 'external-id': 'NOLAST', type: 'BUSGUEST' },
      guest('LONGTITLE', { title: 'x'.repeat(33) }),
      guest('DUP'),
    ]);
    expect(text(result, 'records-failed')).toBe('10');
    expect(batchErrors(result).map((error) => error['code'])).toEqual(['1201', '1204', '1218', '1203', '1208', '1211', '1206', '1209', '1217', '1301']);
  });

  it('refuses a missing type parameter, 0 attendees and more than 1000 with 400', async () => {
    const sim = await simulator();
    expect((await post(sim, undefined, [guest('A')])).response.status).toBe(400);
    const empty = await call(sim, 'POST', `${BATCH}?type=create`, { body: buildXml('attendee-batch', {}, { namespace: NS.attendee }) });
    expect(parseErrorBody(empty.text).message).toBe('The request contains 0 attendees.');
    const tooMany = await post(sim, 'create', Array.from({ length: 1001 }, (_, index) => guest(`M-${index}`)));
    expect(tooMany.response.status).toBe(400);
    expect(parseErrorBody(tooMany.response.text).message).toBe('The request contains over 1000 attendees.');
    expect(sim.state.attendees.get('M-0')).toBeUndefined();
  });

  it('accepts the plural path of the page header', async () => {
    const sim = await simulator();
    const { result } = await post(sim, 'create', [guest('P-1')], '/api/expense/attendees/v1.0/batch');
    expect(text(result, 'records-succeeded')).toBe('1');
  });
});
