import { describe, expect, it } from 'vitest';
import { AttendeesService } from '../../src/services/attendees.js';
import { ListItemsService } from '../../src/services/list-items.js';
import type { AttendeeInput, ListItemInput } from '../../src/index.js';
import { concur, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';
import { compact, real, withoutDeclaration } from './real-support.js';

// List Item v1.0 and Attendee v1.0 against the payloads of the 2013 reference pages (kept in the
// history of concur/developer.concur.com; test/fixtures/real/{list-items,attendees}/*.source.md).
// These services' code is not changed here: a difference from a sample is asserted as the SDK
// behaves today and reported.

function services() {
  const { requester } = testRequester();
  return { lists: new ListItemsService(requester), attendees: new AttendeesService(requester) };
}

/** Answers one POST to `path` with `answer`, recording the body. */
function post(path: RegExp, answer: string): string[] {
  const bodies: string[] = [];
  concur()
    .post(path)
    .query(true)
    .reply((_uri, body) => {
      bodies.push(String(body));
      return [200, answer, XML];
    });
  return bodies;
}

describe('List Item v1.0 on the published payloads', () => {
  it('getLists reads the list of lists, whose links are http://www.concursolutions.com', async () => {
    const { lists } = services();
    concur().get('/api/expense/list/v1.0/').reply(200, real('list-items/lists-2013.xml'), XML);
    const result = await lists.getLists();
    expect(result.map((list) => [list.id, list.name, list.isVendor, list.levels])).toEqual([
      ['I8pq1l$rdSmdrEW23deOjPjyr4Wso0Wq$a', 'Widget List', false, 1],
      ['jUwq11frTd$sweNd7s6s8O0fYi$piWwato', 'Organization List', false, 4],
      ['4q2Hy86r45Klls$pseQEhNpz8Oxal7ytRe', 'Airlines', true, 1],
    ]);
    expect(result[0]).toMatchObject({
      url: 'http://www.concursolutions.com/api/expense/list/v1.0/I8pq1l$rdSmdrEW23deOjPjyr4Wso0Wq$a',
      itemsLink: 'http://www.concursolutions.com/api/expense/list/v1.0/I8pq1l$rdSmdrEW23deOjPjyr4Wso0Wq$a/items/',
      batchLink: 'http://www.concursolutions.com/api/expense/list/v1.0/I8pq1l$rdSmdrEW23deOjPjyr4Wso0Wq$a/batch',
    });
  });

  it('getList reads one list whose elements come in ordinal order', async () => {
    const { lists } = services();
    concur().get('/api/expense/list/v1.0/nqd1YesaKhCWCFIhY8JeBJYf2UGdpwJ2r').reply(200, real('list-items/list-2013.xml'), XML);
    expect(await lists.getList('nqd1YesaKhCWCFIhY8JeBJYf2UGdpwJ2r')).toEqual({
      id: 'nqd1YesaKhCWCFIhY8JeBJYf2UGdpwJ2r',
      url: 'https://www.concursolutions.com/api/expense/list/v1.0/nqd1YesaKhCWCFIhY8JeBJYf2UGdpwJ2r',
      name: 'Travel Agents',
      isVendor: true,
      levels: 1,
      itemsLink: 'https://www.concursolutions.com/api/expense/list/v1.0/nqd1YesaKhCWCFIhY8JeBJYf2UGdpwJ2r/items',
      batchLink: 'https://www.concursolutions.com/api/expense/list/v1.0/nqd1YesaKhCWCFIhY8JeBJYf2UGdpwJ2r/batch',
    });
  });

  it('getItems reads the level 1 items with their items-link', async () => {
    const { lists } = services();
    concur().get('/api/expense/list/v1.0/jUwq11frTd%24sweNd7s6s8O0fYi%24piWwato/items').reply(200, real('list-items/items-2013.xml'), XML);
    const items = await lists.getItems('jUwq11frTd$sweNd7s6s8O0fYi$piWwato');
    expect(items.map((item) => [item.name, item.level1Code])).toEqual([
      ['United States', 'US'],
      ['United Kingdom', 'UK'],
      ['Canada', 'CA'],
      ['Mexico', 'MX'],
    ]);
    expect(items[0]?.itemsLink).toBe('https://www.concursolutions.com/api/expense/list/v1.0/jUwq11frTd$sweNd7s6s8O0fYi$piWwato/items/US/');
  });

  it('create builds exactly the published multi-level request and reads its result (8 succeeded)', async () => {
    const { lists } = services();
    const bodies = post(/\/api\/expense\/list\/v1\.0\/.+\/batch/, real('list-items/batch-result-created-2013.xml'));
    const items: ListItemInput[] = [
      { name: 'Beverages', level1Code: 'DRINKS' },
      { name: 'Meal', level1Code: 'FOOD' },
      { name: 'Non-Alcoholic', level1Code: 'DRINKS', level2Code: 'NALC' },
      { name: 'Alcoholic', level1Code: 'DRINKS', level2Code: 'ALC' },
      { name: 'Soft drinks', level1Code: 'DRINKS', level2Code: 'NALC', level3Code: 'SODA' },
      { name: 'Juices', level1Code: 'DRINKS', level2Code: 'NALC', level3Code: 'JUICE' },
      { name: 'Apple Juice', level1Code: 'DRINKS', level2Code: 'NALC', level3Code: 'JUICE', level4Code: 'APL' },
      { name: 'Coca-Cola or Pepsi', level1Code: 'DRINKS', level2Code: 'NALC', level3Code: 'SODA', level4Code: 'COLA' },
    ];
    const result = await lists.create('uiT738IE$fhI223Kjd1!jfHus$', items);
    expect(withoutDeclaration(bodies[0] as string)).toBe(compact(real('list-items/batch-request-multilevel-2013.xml')));
    expect(result).toMatchObject({ succeeded: 8, failed: 0, unknown: 0 });
  });

  it('update builds exactly the published request and reads its failure (code 1, not in the code table)', async () => {
    const { lists } = services();
    const bodies = post(/\/api\/expense\/list\/v1\.0\/.+\/batch/, real('list-items/batch-result-failure-2013.xml'));
    const items: ListItemInput[] = [
      { name: 'Sprocket, Large ', level1Code: 'SP', startDate: '2012-06-15', endDate: '2012-12-31' },
      { name: 'Bushing, vulcanized inner sleeve', level1Code: 'BU', startDate: '2012-06-15', endDate: '2012-12-31' },
    ];
    const result = await lists.update('I8pq1l$rdSmdrEW23deOjPjyr4Wso0Wq$a', items);
    expect(withoutDeclaration(bodies[0] as string)).toBe(compact(real('list-items/batch-request-update-2013.xml')));
    expect(result.items.map((item) => [item.status, item.code, item.message])).toEqual([
      ['succeeded', undefined, undefined],
      ['failed', '1', 'List item name is too long'],
    ]);
  });
});

describe('Attendee v1.0 on the published payloads', () => {
  const chris = { externalId: '444543344', type: 'BUSGUEST', lastName: 'Miller', firstName: 'Chris', company: 'Len Dev', currencyCode: 'USD' };

  it('create builds exactly the published request and maps its result by external-id (1202 on the second)', async () => {
    const { attendees } = services();
    const bodies = post(/\/api\/expense\/attendee\/v1\.0\/batch/, real('attendees/batch-result-2013.xml'));
    const input: AttendeeInput[] = [
      { ...chris, custom1: '345DERF' },
      { externalId: '444543345', type: 'BUSGUEST', lastName: 'Davis', firstName: 'Pat', company: 'Len Dev', currencyCode: 'USD', custom1: '345DERK' },
    ];
    const result = await attendees.create(input);
    expect(withoutDeclaration(bodies[0] as string)).toBe(compact(real('attendees/batch-request-2013.xml')));
    expect(result.items.map((item) => [item.status, item.code, item.message])).toEqual([
      ['succeeded', undefined, undefined],
      ['failed', '1202', 'Missing attendee type'],
    ]);
  });

  it('update sends currency-code before custom1, as the create example does; the update example has them the other way round', async () => {
    const { attendees } = services();
    const bodies = post(/\/api\/expense\/attendee\/v1\.0\/batch/, '<attendee-batch-result><records-succeeded>1</records-succeeded><records-failed>0</records-failed></attendee-batch-result>');
    await attendees.update([{ ...chris, custom1: '345DERL' }]);
    const published = compact(real('attendees/batch-request-update-2013.xml'));
    const swapped = published.replace('<custom1>345DERL</custom1><currency-code>USD</currency-code>', '<currency-code>USD</currency-code><custom1>345DERL</custom1>');
    expect(swapped).not.toBe(published);
    expect(withoutDeclaration(bodies[0] as string)).toBe(swapped);
  });

  it('listTypes reads the published attendee types', async () => {
    const { attendees } = services();
    concur().get('/api/expense/attendee/v1.0/type').reply(200, real('attendees/types-2013.xml'), XML);
    expect(await attendees.listTypes()).toEqual([
      { type: 'BUSGUEST', name: 'Business Guest' },
      { type: 'EMPLOYEE', name: 'Employee' },
    ]);
  });
});
