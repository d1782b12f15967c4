import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, type BatchProgress, type ListItemInput } from '../../src/index.js';
import { CITIES_ID, closeSimulators, connect, first, logged, simulator } from './support.js';

// End-to-end: the listItems methods of a ConcurClient pointed at a simulator on a real local port,
// asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

afterEach(closeSimulators);

describe('listItems', () => {
  it('getLists and getList, by id and by the list URL Concur returned', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const listUrl = `${sim.linkOrigin}/api/expense/list/v1.0/${CITIES_ID}`;
    const expected = {
      id: CITIES_ID,
      url: listUrl,
      name: 'Cities',
      isVendor: false,
      levels: 2,
      itemsLink: `${listUrl}/items`,
      batchLink: `${listUrl}/batch`,
    };

    expect(await concur.listItems.getLists()).toEqual([expected]);
    expect(await concur.listItems.getList(CITIES_ID)).toEqual(expected);
    expect(await concur.listItems.getList(listUrl)).toEqual(expected);

    // The URL form was reduced to the id and requested on the configured host.
    expect(logged(sim)).toEqual([
      'GET /api/expense/list/v1.0/ 200',
      'GET /api/expense/list/v1.0/gWqCities%24pZmcowMR01 200',
      'GET /api/expense/list/v1.0/gWqCities%24pZmcowMR01 200',
    ]);
    await expect(concur.listItems.getList('no-such-list')).rejects.toBeInstanceOf(NotFoundError);
    expect(waits).toEqual([]);
  });

  it('getItems: level 1, the children of a parentCode, and a filter', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const itemsUrl = `${sim.linkOrigin}/api/expense/list/v1.0/${CITIES_ID}/items`;

    expect(await concur.listItems.getItems(CITIES_ID)).toEqual([
      { name: 'United States', level1Code: 'US', itemsLink: `${itemsUrl}/US` },
      { name: 'France', level1Code: 'FR', itemsLink: `${itemsUrl}/FR` },
    ]);
    expect(await concur.listItems.getItems(CITIES_ID, { parentCode: 'US' })).toEqual([
      { name: 'Seattle', level1Code: 'US', level2Code: 'SEA', itemsLink: `${itemsUrl}/SEA` },
      { name: 'New York', level1Code: 'US', level2Code: 'NYC', itemsLink: `${itemsUrl}/NYC` },
    ]);
    expect(await concur.listItems.getItems(CITIES_ID, { filter: 'fra' })).toEqual([{ name: 'France', level1Code: 'FR', itemsLink: `${itemsUrl}/FR` }]);
    expect(await concur.listItems.getItems(CITIES_ID, { parentCode: 'US', filter: 'york' })).toEqual([
      { name: 'New York', level1Code: 'US', level2Code: 'NYC', itemsLink: `${itemsUrl}/NYC` },
    ]);
    expect(await concur.listItems.getItems(CITIES_ID, { parentCode: 'FR', filter: 'nothing-matches' })).toEqual([]);

    // The options went out as query parameters.
    expect(sim.state.requests.map((entry) => entry.query)).toEqual([{}, { parentCode: 'US' }, { filter: 'fra' }, { parentCode: 'US', filter: 'york' }, { parentCode: 'FR', filter: 'nothing-matches' }]);
  });

  it('create on a multi-level list: parents before children, a duplicate (2004) and a missing parent (2007) at their indexes', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const regions = sim.state.lists.create({ name: 'Regions', levels: 3, id: 'gWqRegions$0003' });
    regions.addItem({ codes: ['NA'], name: 'North America' });

    const items: ListItemInput[] = [
      { name: 'Europe', level1Code: 'EU' },
      { name: 'Germany', level1Code: 'EU', level2Code: 'DE' },
      { name: 'Berlin', level1Code: 'EU', level2Code: 'DE', level3Code: 'BER', startDate: '2026-01-01', endDate: '2026-12-31' },
      { name: 'North America again', level1Code: 'NA' },
      { name: 'Tokyo', level1Code: 'AS', level2Code: 'JP' },
      { name: 'Munich', level1Code: 'EU', level2Code: 'DE', level3Code: 'MUC' },
    ];
    const result = await concur.listItems.create(regions.id, items);

    expect([result.succeeded, result.failed, result.unknown]).toEqual([4, 2, 0]);
    expect(result.items.map((item) => [item.index, item.status, item.code])).toEqual([
      [0, 'succeeded', undefined],
      [1, 'succeeded', undefined],
      [2, 'succeeded', undefined],
      [3, 'failed', '2004'],
      [4, 'failed', '2007'],
      [5, 'succeeded', undefined],
    ]);
    expect(result.items[3]).toMatchObject({ input: items[3], message: 'The item already exists.', attempts: 1 });
    expect(result.items[4]).toMatchObject({ input: items[4], message: 'The parent item does not exist.', attempts: 1 });
    expect(result.chunks).toEqual([
      { index: 0, offset: 0, size: 6, attempts: 1, status: 'answered', recordsSucceeded: 4, recordsFailed: 2, correlationId: sim.state.requests.at(-1)?.correlationId },
    ]);

    expect(regions.items().map((item) => [item.codes.join('/'), item.name])).toEqual([
      ['NA', 'North America'],
      ['EU', 'Europe'],
      ['EU/DE', 'Germany'],
      ['EU/DE/BER', 'Berlin'],
      ['EU/DE/MUC', 'Munich'],
    ]);
    expect(regions.item(['EU', 'DE', 'BER'])).toMatchObject({ startDate: '2026-01-01', endDate: '2026-12-31', deleted: false });
    expect(regions.item(['AS', 'JP'])).toBeUndefined();
    expect(await concur.listItems.getItems(regions.id, { parentCode: 'DE' })).toEqual([
      expect.objectContaining({ name: 'Berlin', level1Code: 'EU', level2Code: 'DE', level3Code: 'BER' }),
      expect.objectContaining({ name: 'Munich', level1Code: 'EU', level2Code: 'DE', level3Code: 'MUC' }),
    ]);
    expect(waits).toEqual([]);
  });

  it('create: two items of one batch sharing their deepest code cannot be told apart, so neither is guessed', async () => {
    // Concur names a failed list item by its deepest level code only. FR/PAR exists; US/PAR is new.
    const sim = await simulator();
    const { concur } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [
      { name: 'Paris', level1Code: 'FR', level2Code: 'PAR' },
      { name: 'Paris, Texas', level1Code: 'US', level2Code: 'PAR' },
    ]);
    expect(result.items.map((item) => item.status)).toEqual(['unknown', 'unknown']);
    expect(first(result.chunks).unmatchedErrors).toEqual([{ key: 'PAR', code: '2004', message: 'The item already exists.' }]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['US', 'PAR'])?.name).toBe('Paris, Texas');
  });

  it('update: names and dates of existing items; an unknown item fails with 2002', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const result = await concur.listItems.update(CITIES_ID, [
      { name: 'Nice', level1Code: 'FR', level2Code: 'NCE' },
      { name: 'Paris (FR)', level1Code: 'FR', level2Code: 'PAR', startDate: '2026-01-01', endDate: '2027-01-01' },
      { name: 'USA', level1Code: 'US' },
    ]);
    expect(result.items.map((item) => [item.status, item.code, item.message])).toEqual([
      ['failed', '2002', 'Update failed: the item does not exist.'],
      ['succeeded', undefined, undefined],
      ['succeeded', undefined, undefined],
    ]);
    const cities = sim.state.lists.get(CITIES_ID);
    expect(cities?.item(['FR', 'PAR'])).toMatchObject({ name: 'Paris (FR)', startDate: '2026-01-01', endDate: '2027-01-01' });
    expect(cities?.item(['US'])?.name).toBe('USA');
    expect(cities?.item(['FR', 'NCE'])).toBeUndefined();
    expect(cities?.size).toBe(5);
  });

  it('delete: deactivates items (a second delete fails with 2003, a re-create with 2005); unknown items fail with 2003', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const deleted = await concur.listItems.delete(CITIES_ID, [{ level1Code: 'US', level2Code: 'NYC' }, { level1Code: 'US', level2Code: 'BOS' }]);
    expect(deleted.items.map((item) => [item.status, item.code])).toEqual([
      ['succeeded', undefined],
      ['failed', '2003'],
    ]);
    const cities = sim.state.lists.get(CITIES_ID);
    expect(cities?.item(['US', 'NYC'])?.deleted).toBe(true);
    expect([cities?.size, cities?.deletedCount]).toEqual([4, 1]);
    expect((await concur.listItems.getItems(CITIES_ID, { parentCode: 'US' })).map((item) => item.level2Code)).toEqual(['SEA']);

    const again = await concur.listItems.delete(CITIES_ID, [{ name: 'New York', level1Code: 'US', level2Code: 'NYC' }]);
    expect(first(again.items)).toMatchObject({ status: 'failed', code: '2003', message: 'Delete failed: the item is already deleted.' });
    const recreated = await concur.listItems.create(CITIES_ID, [{ name: 'New York', level1Code: 'US', level2Code: 'NYC' }]);
    expect(first(recreated.items)).toMatchObject({ status: 'failed', code: '2005' });
  });

  it('create of 2,500 items goes out in 3 chunks (1000, 1000, 500) and maps a failure in the last chunk to its input index', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const big = sim.state.lists.create({ name: 'Cost centres', levels: 1, id: 'gWqBig$0004' });
    big.addItem({ codes: ['C2100'], name: 'Already there' });
    const items: ListItemInput[] = Array.from({ length: 2_500 }, (_, index) => ({ name: `Cost centre ${index}`, level1Code: `C${index}` }));
    const progress: Array<Pick<BatchProgress<ListItemInput>, 'completed' | 'succeeded' | 'failed' | 'unknown'>> = [];

    const result = await concur.listItems.create(big.id, items, {
      onProgress: ({ completed, succeeded, failed, unknown }) => {
        progress.push({ completed, succeeded, failed, unknown });
      },
    });

    expect([result.succeeded, result.failed, result.unknown]).toEqual([2_499, 1, 0]);
    expect(result.items).toHaveLength(2_500);
    expect(result.items.every((item, index) => item.index === index && item.input === items[index])).toBe(true);
    expect(result.items.filter((item) => item.status !== 'succeeded')).toEqual([
      { index: 2_100, input: items[2_100], status: 'failed', chunk: 2, code: '2004', message: 'The item already exists.', attempts: 1 },
    ]);
    // Each chunk names the answer that settled it by Concur's correlation id.
    const ids = sim.state.requests.map((entry) => entry.correlationId);
    expect(result.chunks).toEqual([
      { index: 0, offset: 0, size: 1_000, attempts: 1, status: 'answered', recordsSucceeded: 1_000, recordsFailed: 0, correlationId: ids[0] },
      { index: 1, offset: 1_000, size: 1_000, attempts: 1, status: 'answered', recordsSucceeded: 1_000, recordsFailed: 0, correlationId: ids[1] },
      { index: 2, offset: 2_000, size: 500, attempts: 1, status: 'answered', recordsSucceeded: 499, recordsFailed: 1, correlationId: ids[2] },
    ]);
    expect(new Set(ids).size).toBe(3);
    expect(progress).toEqual([
      { completed: 1_000, succeeded: 1_000, failed: 0, unknown: 0 },
      { completed: 2_000, succeeded: 2_000, failed: 0, unknown: 0 },
      { completed: 2_500, succeeded: 2_499, failed: 1, unknown: 0 },
    ]);
    expect(logged(sim)).toEqual(Array.from({ length: 3 }, () => 'POST /api/expense/list/v1.0/gWqBig%240004/batch 200'));
    expect(sim.state.requests.map((entry) => entry.query)).toEqual([{ type: 'create' }, { type: 'create' }, { type: 'create' }]);
    expect(big.size).toBe(2_500);
    expect(big.item(['C2100'])?.name).toBe('Already there');
    expect(big.item(['C2499'])?.name).toBe('Cost centre 2499');
    expect(waits).toEqual([]);
  });
});
