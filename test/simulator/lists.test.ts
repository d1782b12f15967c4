import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { buildXml } from '../../src/xml/builder.js';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { elements } from '../../src/xml/nodes.js';
import { CITIES_ID, NS, batchErrors, call, namespaceOf, root, simulator, text, xmlDoc } from './helpers.js';

const BASE = '/api/expense/list/v1.0';
const CITIES = `${BASE}/${encodeURIComponent(CITIES_ID)}`;

type Item = Record<string, string>;

function batchBody(items: Item[], namespace: string | null = NS.list): string {
  return buildXml('list-item-batch', { 'list-item': items }, namespace === null ? {} : { namespace });
}

async function batch(sim: Simulator, type: string, items: Item[], path = `${CITIES}/batch`) {
  const response = await call(sim, 'POST', `${path}?type=${type}`, { body: batchBody(items) });
  return { status: response.status, response, result: response.status === 200 ? root(response.text, 'list-item-batch-result') : {} };
}

describe('List Item v1.0: reading', () => {
  it('lists the lists with id, links, name, is-vendor and levels in the list namespace', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', `${BASE}/`);
    expect(response.headers.get('content-type')).toMatch(/application\/xml/);
    const lists = root(response.text, 'lists');
    expect(namespaceOf(response.text)).toBe(NS.list);
    const [cities] = elements(lists, 'list');
    expect(cities).toMatchObject({
      id: `${sim.url}${BASE}/${CITIES_ID}`,
      'items-link': `${sim.url}${BASE}/${CITIES_ID}/items`,
      'batch-link': `${sim.url}${BASE}/${CITIES_ID}/batch`,
      name: 'Cities',
      'is-vendor': 'false',
      levels: '2',
    });
  });

  it('reads one list by its id, raw `$` or percent-encoded; an unknown id is 404', async () => {
    const sim = await simulator();
    expect(text(root((await call(sim, 'GET', CITIES)).text, 'list'), 'name')).toBe('Cities');
    expect((await call(sim, 'GET', `${BASE}/${CITIES_ID}`)).status).toBe(200);
    expect((await call(sim, 'GET', `${BASE}/missing`)).status).toBe(404);
  });

  it('returns level 1 items, children by parentCode (query or path), and filters by name or code', async () => {
    const sim = await simulator();
    const level1 = elements(root((await call(sim, 'GET', `${CITIES}/items`)).text, 'list-items'), 'list-item');
    expect(level1.map((item) => item['level1code'])).toEqual(['US', 'FR']);
    expect(level1[0]).toMatchObject({ name: 'United States', 'items-link': `${sim.url}${BASE}/${CITIES_ID}/items/US` });
    const children = elements(root((await call(sim, 'GET', `${CITIES}/items?parentCode=US`)).text, 'list-items'), 'list-item');
    expect(children.map((item) => [item['level1code'], item['level2code'], item['name']])).toEqual([
      ['US', 'SEA', 'Seattle'],
      ['US', 'NYC', 'New York'],
    ]);
    const byPath = elements(root((await call(sim, 'GET', `${CITIES}/items/FR`)).text, 'list-items'), 'list-item');
    expect(byPath.map((item) => item['name'])).toEqual(['Paris']);
    const filtered = elements(root((await call(sim, 'GET', `${CITIES}/items?parentCode=US&filter=york`)).text, 'list-items'), 'list-item');
    expect(filtered.map((item) => item['level2code'])).toEqual(['NYC']);
  });
});

describe('List Item v1.0: batches', () => {
  it('creates, updates and deletes items, answering list-item-batch-result in the list namespace', async () => {
    const sim = await simulator();
    const created = await batch(sim, 'create', [
      { name: 'Germany', level1code: 'DE' },
      { name: 'Berlin', level1code: 'DE', level2code: 'BER', 'start-date': '2026-01-01', 'end-date': '2026-12-31' },
    ]);
    expect(created.status).toBe(200);
    expect(namespaceOf(created.response.text)).toBe(NS.list);
    expect(text(created.result, 'records-succeeded')).toBe('2');
    expect(text(created.result, 'records-failed')).toBe('0');
    const cities = sim.state.lists.get(CITIES_ID);
    expect(cities?.item(['DE', 'BER'])).toMatchObject({ name: 'Berlin', startDate: '2026-01-01', endDate: '2026-12-31', deleted: false });

    const updated = await batch(sim, 'update', [{ name: 'Berlin (DE)', level1code: 'DE', level2code: 'BER' }]);
    expect(text(updated.result, 'records-succeeded')).toBe('1');
    expect(cities?.item(['DE', 'BER'])?.name).toBe('Berlin (DE)');

    const deleted = await batch(sim, 'delete', [{ level1code: 'DE', level2code: 'BER' }]);
    expect(text(deleted.result, 'records-succeeded')).toBe('1');
    expect(cities?.item(['DE', 'BER'])?.deleted).toBe(true);
    expect(cities?.childrenOf(['DE'])).toEqual([]);
  });

  it('accepts the batch path with the extra list/ segment some examples show', async () => {
    const sim = await simulator();
    const created = await batch(sim, 'create', [{ name: 'Spain', level1code: 'ES' }], `${BASE}/list/${encodeURIComponent(CITIES_ID)}/batch`);
    expect(text(created.result, 'records-succeeded')).toBe('1');
    expect(sim.state.lists.get(CITIES_ID)?.item(['ES'])?.name).toBe('Spain');
  });

  it('reports Concur item codes with HTTP 200: 2004 exists, 2005 deleted, 2007 no parent, 1004/1005 name', async () => {
    const sim = await simulator();
    await batch(sim, 'delete', [{ level1code: 'FR', level2code: 'PAR' }]);
    const { status, result } = await batch(sim, 'create', [
      { name: 'United States again', level1code: 'US' },
      { name: 'Paris again', level1code: 'FR', level2code: 'PAR' },
      { name: 'Orphan', level1code: 'XX', level2code: 'ORP' },
      { level1code: 'NONAME' },
      { name: '  ', level1code: 'BLANK' },
      { name: 'Fine', level1code: 'OK' },
    ]);
    expect(status).toBe(200);
    expect(text(result, 'records-succeeded')).toBe('1');
    expect(text(result, 'records-failed')).toBe('5');
    expect(batchErrors(result).map((error) => [error['code'], error['list-item-code']])).toEqual([
      ['2004', 'US'],
      ['2005', 'PAR'],
      ['2007', 'ORP'],
      ['1004', 'NONAME'],
      ['1005', 'BLANK'],
    ]);
    expect(batchErrors(result)[0]?.['message']).toMatch(/already exists/);
  });

  it('checks level codes and dates with codes 1003, 1010-1013, 1023-1025 and 1006', async () => {
    const sim = await simulator();
    const { result } = await batch(sim, 'create', [
      { name: 'No codes' },
      { name: 'Too deep', level1code: 'A', level2code: 'B', level3code: 'C' },
      { name: 'Skipped', level1code: 'A', level3code: 'C' },
      { name: 'Hyphen', level1code: 'A-B' },
      { name: 'Half dated', level1code: 'D1', 'start-date': '2026-01-01' },
      { name: 'Bad start', level1code: 'D2', 'start-date': '2026-13-01', 'end-date': '2026-12-31' },
      { name: 'Bad end', level1code: 'D3', 'start-date': '2026-01-01', 'end-date': '31/12/2026' },
      { name: 'Backwards', level1code: 'D4', 'start-date': '2026-12-31', 'end-date': '2026-01-01' },
      { name: 'x'.repeat(65), level1code: 'LONG' },
    ]);
    expect(batchErrors(result).map((error) => error['code'])).toEqual(['1010', '1011', '1012', '1013', '1003', '1023', '1024', '1025', '1006']);
  });

  it('answers update and delete of missing items with 2002 and 2003', async () => {
    const sim = await simulator();
    const updated = await batch(sim, 'update', [{ name: 'Ghost', level1code: 'GHOST' }]);
    expect(batchErrors(updated.result)[0]).toMatchObject({ code: '2002', 'list-item-code': 'GHOST' });
    const deleted = await batch(sim, 'delete', [{ level1code: 'GHOST' }]);
    expect(batchErrors(deleted.result)[0]).toMatchObject({ code: '2003', 'list-item-code': 'GHOST' });
  });

  it('lists only the first 10 item errors but counts every failure', async () => {
    const sim = await simulator();
    const items = Array.from({ length: 25 }, (_, index) => ({ level1code: `N${index}` }));
    const { status, result } = await batch(sim, 'create', items);
    expect(status).toBe(200);
    expect(text(result, 'records-failed')).toBe('25');
    expect(batchErrors(result)).toHaveLength(10);
    expect(batchErrors(result).map((error) => error['list-item-code'])).toEqual(items.slice(0, 10).map((item) => item.level1code));
  });

  it('refuses 0 and more than 1000 items with a 400 in Concur wording', async () => {
    const sim = await simulator();
    const empty = await call(sim, 'POST', `${CITIES}/batch?type=create`, { body: xmlDoc('list-item-batch', NS.list, '') });
    expect(empty.status).toBe(400);
    expect(parseErrorBody(empty.text).message).toBe('The request contains 0 list items.');
    const items = Array.from({ length: 1001 }, (_, index) => ({ name: `Item ${index}`, level1code: `C${index}` }));
    const tooMany = await batch(sim, 'create', items);
    expect(tooMany.status).toBe(400);
    expect(parseErrorBody(tooMany.response.text).message).toBe('The request contains over 1000 list items.');
    expect(sim.state.lists.get(CITIES_ID)?.item(['C0'])).toBeUndefined();
  });

  it('refuses a missing batch type, a wrong root, a wrong namespace and malformed XML with 400', async () => {
    const sim = await simulator();
    const item = [{ name: 'A', level1code: 'A' }];
    expect((await call(sim, 'POST', `${CITIES}/batch`, { body: batchBody(item) })).status).toBe(400);
    expect((await call(sim, 'POST', `${CITIES}/batch?type=merge`, { body: batchBody(item) })).status).toBe(400);
    const wrongRoot = await call(sim, 'POST', `${CITIES}/batch?type=create`, { body: xmlDoc('items', NS.list, '<list-item/>') });
    expect(parseErrorBody(wrongRoot.text).message).toMatch(/1001/);
    const oldNamespace = await call(sim, 'POST', `${CITIES}/batch?type=create`, { body: batchBody(item, 'http://www.concursolutions.com/api/list/2010/02') });
    expect(oldNamespace.status).toBe(400);
    const malformed = await call(sim, 'POST', `${CITIES}/batch?type=create`, { body: '<list-item-batch><list-item>' });
    expect(malformed.status).toBe(400);
    expect(parseErrorBody(malformed.text).message).toMatch(/not formatted correctly/);
    expect((await call(sim, 'POST', `${BASE}/nope/batch?type=create`, { body: batchBody(item) })).status).toBe(404);
  });

  it('accepts a batch without a namespace (the service reads it the same)', async () => {
    const sim = await simulator();
    const response = await call(sim, 'POST', `${CITIES}/batch?type=create`, { body: batchBody([{ name: 'Italy', level1code: 'IT' }], null) });
    expect(text(root(response.text, 'list-item-batch-result'), 'records-succeeded')).toBe('1');
  });

  it('streams many full batches into Map-indexed state', async () => {
    const sim = await simulator({ seed: { lists: [{ id: 'flat', name: 'Flat' }] } });
    for (let chunk = 0; chunk < 20; chunk += 1) {
      const items = Array.from({ length: 1000 }, (_, index) => ({ name: `Item ${chunk}-${index}`, level1code: `C${chunk}x${index}` }));
      const { result } = await batch(sim, 'create', items, `${BASE}/flat/batch`);
      expect(text(result, 'records-succeeded')).toBe('1000');
    }
    const flat = sim.state.lists.get('flat');
    expect(flat?.size).toBe(20_000);
    expect(flat?.item(['C19x999'])?.name).toBe('Item 19-999');
  });
});
