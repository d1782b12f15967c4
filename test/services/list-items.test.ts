import { readFileSync } from 'node:fs';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ListItemsService } from '../../src/services/list-items.js';
import { parseXml } from '../../src/xml/parser.js';
import { BatchSizeError, ConcurValidationError, InternalServerError, NotFoundError, type ListItemInput } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/list-items/${name}`, import.meta.url), 'utf8');
const NS = 'http://www.concursolutions.com/api/expense/list/2010/02';
const LIST = 'gWqK$pR4x1Lq';
const BATCH = '/api/expense/list/v1.0/gWqK%24pR4x1Lq/batch';

function service(options = {}) {
  const { requester, delays } = testRequester(options);
  return { listItems: new ListItemsService(requester), delays };
}

interface Captured {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  query: string;
}

/** Answers a batch POST with a result built from the items it received, and records the request. */
function batchEndpoint(type: string, answer: (codes: string[]) => string, times = 1): Captured[] {
  const captured: Captured[] = [];
  concur()
    .post(BATCH)
    .query({ type })
    .times(times)
    .reply(function reply(uri, body) {
      const text = String(body);
      captured.push({ headers: this.req.headers, body: text, query: uri.split('?')[1] ?? '' });
      const batch = parseXml(text)['list-item-batch'] as { 'list-item': unknown };
      const entries = ([] as Array<Record<string, string>>).concat(batch['list-item'] as Array<Record<string, string>>);
      const codes = entries.map((entry) => entry['level2code'] ?? entry['level1code'] ?? '');
      return [200, answer(codes), XML];
    });
  return captured;
}

const allSucceeded = (codes: string[]) =>
  `<list-item-batch-result xmlns="${NS}"><records-failed>0</records-failed><records-succeeded>${codes.length}</records-succeeded></list-item-batch-result>`;

describe('ListItemsService', () => {
  it('getLists: GET /api/expense/list/v1.0/ mapped to typed lists', async () => {
    const { listItems } = service();
    concur().get('/api/expense/list/v1.0/').matchHeader('accept', 'application/xml').matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, fixture('lists.xml'), XML);
    expect(await listItems.getLists()).toEqual([
      {
        id: LIST,
        url: `https://concur.example.com/api/expense/list/v1.0/${LIST}`,
        name: 'Office Locations',
        isVendor: false,
        levels: 2,
        itemsLink: `https://concur.example.com/api/expense/list/v1.0/${LIST}/items`,
        batchLink: `https://concur.example.com/api/expense/list/v1.0/${LIST}/batch`,
      },
      expect.objectContaining({ id: 'nV8t$QQ0a', name: 'Preferred Vendors', isVendor: true, levels: 1 }),
    ]);
  });

  it('getList: encodes the id, and accepts the list URL Concur returned', async () => {
    const { listItems } = service();
    concur().get(`/api/expense/list/v1.0/gWqK%24pR4x1Lq`).times(2).reply(200, fixture('list.xml'), XML);
    expect((await listItems.getList(LIST)).name).toBe('Office Locations');
    expect((await listItems.getList(`https://concur.example.com/api/expense/list/v1.0/${LIST}`)).levels).toBe(2);
  });

  it('getItems: passes parentCode and filter, keeps codes as text', async () => {
    const { listItems } = service();
    concur().get('/api/expense/list/v1.0/gWqK%24pR4x1Lq/items').query({ parentCode: 'US', filter: 'O' }).reply(200, fixture('items.xml'), XML);
    expect(await listItems.getItems(LIST, { parentCode: 'US', filter: 'O' })).toEqual([
      { name: 'Washington', level1Code: 'US', level2Code: 'WA', itemsLink: `https://concur.example.com/api/expense/list/v1.0/${LIST}/items/US/` },
      { name: 'Oregon & Idaho', level1Code: 'US', level2Code: '0042' },
    ]);
  });

  it('create: POSTs list-item-batch in its namespace with Content-Length, and maps the result by level code', async () => {
    const { listItems } = service();
    const captured: Captured[] = [];
    concur()
      .post(BATCH)
      .query({ type: 'create' })
      .reply(function reply(uri, body) {
        captured.push({ headers: this.req.headers, body: String(body), query: uri.split('?')[1] ?? '' });
        return [200, fixture('batch-result.xml'), XML];
      });
    const input: ListItemInput[] = [
      { name: 'Washington', level1Code: 'US', level2Code: 'WA' },
      { name: 'Seattle', level1Code: 'US', level2Code: 'SEA', startDate: '2026-01-01', endDate: '2026-12-31' },
      { name: 'Tacoma', level1Code: 'US', level2Code: 'TAC' },
    ];
    const result = await listItems.create(LIST, input);
    expect(captured).toHaveLength(1);
    const request = captured[0] as Captured;
    expect(request.query).toBe('type=create');
    expect(request.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(request.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        `<list-item-batch xmlns="${NS}">` +
        '<list-item><name>Washington</name><level1code>US</level1code><level2code>WA</level2code></list-item>' +
        '<list-item><name>Seattle</name><level1code>US</level1code><level2code>SEA</level2code><start-date>2026-01-01</start-date><end-date>2026-12-31</end-date></list-item>' +
        '<list-item><name>Tacoma</name><level1code>US</level1code><level2code>TAC</level2code></list-item>' +
        '</list-item-batch>',
    );
    expect(result).toMatchObject({ succeeded: 2, failed: 1, unknown: 0 });
    expect(result.items[1]).toEqual({ index: 1, input: input[1], status: 'failed', chunk: 0, code: '2004', message: 'The list item already exists.', attempts: 1 });
    expect(result.chunks[0]).toMatchObject({ recordsSucceeded: 2, recordsFailed: 1, attempts: 1 });
  });

  it('update and delete use type=update and type=delete; delete needs no name', async () => {
    const { listItems } = service();
    const updates = batchEndpoint('update', allSucceeded);
    const deletes = batchEndpoint('delete', allSucceeded);
    expect((await listItems.update(LIST, [{ name: 'Paris', level1Code: 'PAR' }])).succeeded).toBe(1);
    expect((await listItems.delete(LIST, [{ level1Code: 'PAR' }])).succeeded).toBe(1);
    expect(updates[0]?.body).toContain('<list-item><name>Paris</name><level1code>PAR</level1code></list-item>');
    expect(deletes[0]?.body).toContain('<list-item><level1code>PAR</level1code></list-item>');
  });

  it('escapes <, & and ]]> in names', async () => {
    const { listItems } = service();
    const captured = batchEndpoint('create', allSucceeded);
    await listItems.create(LIST, [{ name: 'A<b> & ]]> "c"', level1Code: 'X1' }]);
    const parsed = parseXml(captured[0]?.body ?? '', { strict: true });
    expect(parsed).toEqual({ 'list-item-batch': { 'list-item': { name: 'A<b> & ]]> "c"', level1code: 'X1' } } });
  });

  it.each([0, 1001])('with chunk: false refuses %i items before any request', async (count) => {
    const { listItems } = service();
    const scope = concur().post(/.*/).query(true).reply(200, '');
    const input = Array.from({ length: count }, (_, i) => ({ name: `n${i}`, level1Code: `C${i}` }));
    expect(await caught(() => listItems.create(LIST, input, { chunk: false }))).toBeInstanceOf(BatchSizeError);
    expect(scope.isDone()).toBe(false);
  });

  it.each([1, 1000])('with chunk: false sends %i items as one batch', async (count) => {
    const { listItems } = service();
    const captured = batchEndpoint('create', allSucceeded);
    const input = Array.from({ length: count }, (_, i) => ({ name: `n${i}`, level1Code: `C${i}` }));
    expect((await listItems.create(LIST, input, { chunk: false })).succeeded).toBe(count);
    expect(captured).toHaveLength(1);
  });

  it('sends 2,500 items in three chunks and maps errors in the second back to the right indexes', async () => {
    const { listItems } = service();
    const input = Array.from({ length: 2500 }, (_, i) => ({ name: `Item ${i}`, level1Code: `C${i}` }));
    let call = 0;
    batchEndpoint(
      'create',
      (codes) => {
        call += 1;
        if (call !== 2) return allSucceeded(codes);
        return `<list-item-batch-result><errors><error><code>2004</code><list-item-code>C1234</list-item-code><message>exists</message></error><error><code>1006</code><list-item-code>C1999</list-item-code><message>too long</message></error></errors><records-failed>2</records-failed><records-succeeded>998</records-succeeded></list-item-batch-result>`;
      },
      3,
    );
    const result = await listItems.create(LIST, input);
    expect(result.chunks.map((chunk) => chunk.size)).toEqual([1000, 1000, 500]);
    expect(result).toMatchObject({ succeeded: 2498, failed: 2, unknown: 0 });
    expect(result.items.filter((item) => item.status === 'failed').map((item) => [item.index, item.code])).toEqual([
      [1234, '2004'],
      [1999, '1006'],
    ]);
  });

  it('reports the unlisted items of a chunk with a truncated error list as unknown', async () => {
    const { listItems } = service();
    const input = Array.from({ length: 15 }, (_, i) => ({ name: `Item ${i}`, level1Code: `C${i}` }));
    const listed = input.slice(0, 10).map((item) => `<error><code>2004</code><list-item-code>${item.level1Code}</list-item-code><message>exists</message></error>`).join('');
    batchEndpoint('create', () => `<list-item-batch-result><errors>${listed}</errors><records-failed>12</records-failed><records-succeeded>3</records-succeeded></list-item-batch-result>`);
    const result = await listItems.create(LIST, input);
    expect(result).toMatchObject({ succeeded: 0, failed: 10, unknown: 5 });
  });

  it('retries a chunk after a 503 and records the attempts on its items', async () => {
    const { listItems, delays } = service();
    concur().post(BATCH).query({ type: 'create' }).reply(503, errorXml('Maintenance'), XML);
    batchEndpoint('create', allSucceeded);
    const result = await listItems.create(LIST, [{ name: 'A', level1Code: 'A' }]);
    expect(result.items[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(delays).toEqual([300_000]);
  });

  it('turns a chunk that fails as a whole into failed items without losing the other chunks', async () => {
    const { listItems } = service();
    concur().post(BATCH).query({ type: 'create' }).reply(500, errorXml('Unexpected error'), XML);
    batchEndpoint('create', allSucceeded);
    const input = Array.from({ length: 4 }, (_, i) => ({ name: `n${i}`, level1Code: `C${i}` }));
    const result = await listItems.create(LIST, input, { chunkSize: 2 });
    expect(result).toMatchObject({ succeeded: 2, failed: 2, unknown: 0 });
    expect(result.chunks[0]?.error).toBeInstanceOf(InternalServerError);
  });

  const invalidItems: Array<[Record<string, unknown>, string, string]> = [
    [{ name: 'x', level1Code: 'A-B' }, 'level1Code', 'level1Code must be 1 to 32 characters without hyphens (got "A-B")'],
    [{ name: 'x', level1Code: 'A'.repeat(33) }, 'level1Code', `level1Code must be 1 to 32 characters without hyphens (got "${'A'.repeat(33)}")`],
    [{ name: 'x', level1Code: 42 }, 'level1Code', 'level1Code must be a string (got number 42)'],
    [{ name: '', level1Code: 'A' }, 'name', 'name must not be empty (got an empty string)'],
    [{ name: 42, level1Code: 'A' }, 'name', 'name must be a string (got number 42)'],
    [{ name: 'x'.repeat(65), level1Code: 'A' }, 'name', 'name must be at most 64 characters (got 65)'],
    [{ name: 'x', level1Code: 'A', level3Code: 'C' }, 'level3Code', 'level3Code is set but level2Code is not; levels cannot be skipped'],
    [{ name: 'x', level1Code: 'A', startDate: '2026-01-01' }, 'endDate', 'endDate is required with startDate: give both dates or neither'],
    [{ name: 'x', level1Code: 'A', startDate: '2026-02-01', endDate: '2026-01-01' }, 'endDate', 'endDate must come after startDate (got 2026-01-01, startDate 2026-02-01)'],
    [{ name: 'x', level1Code: 'A', startDate: '01/02/2026', endDate: '2026-03-01' }, 'startDate', 'startDate must be a real date written YYYY-MM-DD (got "01/02/2026")'],
  ];

  it.each(invalidItems)('reports the invalid item %j as failed and sends only the valid one', async (bad, field, message) => {
    const { listItems } = service();
    const captured = batchEndpoint('create', allSucceeded);
    const result = await listItems.create(LIST, [{ name: 'ok', level1Code: 'OK' }, bad as unknown as ListItemInput]);
    expect(captured).toHaveLength(1);
    expect(captured[0]?.body).toContain('<level1code>OK</level1code>');
    expect(captured[0]?.body.match(/<list-item>/g)).toHaveLength(1);
    expect(result).toMatchObject({ succeeded: 1, failed: 1, unknown: 0, invalid: 1 });
    expect(result.items[1]).toEqual({
      index: 1,
      input: bad,
      status: 'failed',
      chunk: 0,
      code: 'INVALID_INPUT',
      message: `List item at index 1: ${message}.`,
      problems: [{ field, message }],
      attempts: 0,
    });
  });

  it.each(invalidItems)("with invalidItems: 'reject', refuses the invalid item %j before any request", async (bad, field, message) => {
    const { listItems } = service();
    const scope = concur().post(/.*/).query(true).reply(200, '');
    const error = await caught(() => listItems.create(LIST, [{ name: 'ok', level1Code: 'OK' }, bad as unknown as ListItemInput], { invalidItems: 'reject' }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: `items[1].${field}`, problems: [{ index: 1, field, message }] });
    expect((error as Error).message).toContain(`List item at index 1: ${message}.`);
    expect(scope.isDone()).toBe(false);
  });

  it('lists every problem of an item, and validate() returns them without sending', async () => {
    const { listItems } = service();
    const item = { level1Code: 42, level3Code: 'A-B', startDate: '2026-02-30' };
    expect(listItems.validate(item)).toEqual([
      { field: 'level1Code', message: 'level1Code must be a string (got number 42)' },
      { field: 'level3Code', message: 'level3Code is set but level2Code is not; levels cannot be skipped' },
      { field: 'level3Code', message: 'level3Code must be 1 to 32 characters without hyphens (got "A-B")' },
      { field: 'name', message: 'name is required' },
      { field: 'endDate', message: 'endDate is required with startDate: give both dates or neither' },
      { field: 'startDate', message: 'startDate must be a real date written YYYY-MM-DD (got "2026-02-30")' },
    ]);
    expect(listItems.validate({ level1Code: 'PAR' }, 'delete')).toEqual([]);
    expect(listItems.validate({ level1Code: 'PAR' }, 'update')).toEqual([{ field: 'name', message: 'name is required' }]);
    expect(listItems.validate(null)).toEqual([{ field: 'item', message: 'item must be an object such as { level1Code, name } (got null)' }]);
    expect(() => listItems.validate({}, 'upsert' as never)).toThrow("operation must be 'create', 'update' or 'delete' (got string \"upsert\").");
  });

  it('maps a 404 for an unknown list to NotFoundError', async () => {
    const { listItems } = service();
    concur().get('/api/expense/list/v1.0/nope/items').reply(404, errorXml('List not found'), XML);
    expect(await caught(() => listItems.getItems('nope'))).toBeInstanceOf(NotFoundError);
  });

  it.each([
    ['a$b/c d', '/api/expense/list/v1.0/a%24b%2Fc%20d/items'],
    ['..%2F..', '/api/expense/list/v1.0/..%252F../items'],
  ])('encodes the list id %j and stays on the base host', async (id, path) => {
    const { listItems } = service();
    concur().get(path).reply(200, '<list-items/>', XML);
    expect(await listItems.getItems(id)).toEqual([]);
  });

  it('refuses a list id of ".." and a list URL on another host, sending nothing', async () => {
    const { listItems } = service();
    const evil = nock('https://evil.example.com').get(/.*/).reply(200, '');
    expect(await caught(() => listItems.getItems('..'))).toBeInstanceOf(ConcurValidationError);
    expect(await caught(() => listItems.getList('https://evil.example.com/api/expense/list/v1.0/x'))).toBeInstanceOf(ConcurValidationError);
    expect(evil.isDone()).toBe(false);
  });
});
