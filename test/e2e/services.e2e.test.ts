import { afterEach, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConcurClient,
  ConcurValidationError,
  ConflictError,
  ExtractJobFailedError,
  ExtractJobTimeoutError,
  InternalServerError,
  NotFoundError,
  type BatchProgress,
  type ClientOptions,
  type ExtractJob,
  type ListItemInput,
  type PurchaseOrderAddress,
  type PurchaseOrderInput,
} from '../../src/index.js';
import { SIMULATOR_TOKEN, startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

// End-to-end: every public service method of a ConcurClient pointed at a simulator on a real
// local port, asserting both what the SDK returns and what the simulator holds afterwards.

const CITIES_ID = 'gWqCities$pZmcowMR01';
const DEFINITION_ID = 'nYoPK$Expense$Extract01';
const OPEN_BATCH_ID = 'pBaTch$Open$0001';
const EMPTY_BATCH_ID = 'pBaTch$Empty$0002';
const START = Date.UTC(2026, 10, 25, 10, 0, 0);

const running: Simulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** A simulator on a free loopback port, closed after the test. */
async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}

/** A clock the test moves by hand; the simulator reads it through its `now` option. */
function manualClock(start = START): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/**
 * A client for the simulator. Every wait (retry or poll) goes through a sleep that records it and
 * resolves at once; `onSleep` lets a test move the simulator's clock by the waited time.
 */
function connect(sim: Simulator, options: Partial<ClientOptions> = {}, onSleep?: (ms: number) => void): { concur: ConcurClient; waits: number[] } {
  const waits: number[] = [];
  const concur = new ConcurClient({
    baseUrl: sim.url,
    accessToken: SIMULATOR_TOKEN,
    retry: { delayMs: 1, deadlockDelayMs: 1 },
    sleep: (ms) => {
      waits.push(ms);
      onSleep?.(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { concur, waits };
}

/** The first element, failing the test when there is none. */
function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error('expected at least one element');
  return item;
}

/** What a promise rejected with, failing the test when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to reject');
}

/** Requests the simulator logged, as `METHOD path status`. */
function logged(sim: Simulator): string[] {
  return sim.state.requests.map((entry) => `${entry.method} ${entry.path} ${String(entry.status)}`);
}

/** Fetches a URL without any token, as the Image API's short-lived URLs are meant to be fetched. */
async function fetchBytes(url: string): Promise<{ status: number; contentType: string | null; bytes: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('listItems', () => {
  it('getLists and getList, by id and by the list URL Concur returned', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const listUrl = `${sim.url}/api/expense/list/v1.0/${CITIES_ID}`;
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
    const itemsUrl = `${sim.url}/api/expense/list/v1.0/${CITIES_ID}/items`;

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
    expect(result.chunks).toEqual([{ index: 0, offset: 0, size: 6, attempts: 1, status: 'answered', recordsSucceeded: 4, recordsFailed: 2 }]);

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
      { index: 2_100, input: items[2_100], status: 'failed', code: '2004', message: 'The item already exists.', attempts: 1 },
    ]);
    expect(result.chunks).toEqual([
      { index: 0, offset: 0, size: 1_000, attempts: 1, status: 'answered', recordsSucceeded: 1_000, recordsFailed: 0 },
      { index: 1, offset: 1_000, size: 1_000, attempts: 1, status: 'answered', recordsSucceeded: 1_000, recordsFailed: 0 },
      { index: 2, offset: 2_000, size: 500, attempts: 1, status: 'answered', recordsSucceeded: 499, recordsFailed: 1 },
    ]);
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
      .create(CITIES_ID, [
        { name: 'Leap', level1Code: 'LEAP', startDate: '2028-02-29', endDate: '2028-03-31' },
        { name: 'No such day', level1Code: 'FEB', startDate: '2026-02-30', endDate: '2026-03-31' },
      ])
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(ConcurValidationError);
    expect(refused).toMatchObject({ field: 'items[1].startDate' });
    expect(sim.state.log.total).toBe(before);
  });
});

describe('users', () => {
  it('get: the token owner, and a user by login id (any case); an unknown login id is a NotFoundError', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const me = await concur.users.get();
    expect(me).toMatchObject({
      loginId: 'admin@example.com',
      empId: 'E0001',
      firstName: 'Ada',
      lastName: 'Admin',
      emailAddress: 'admin@example.com',
      active: true,
      localeName: 'en_US',
      ledgerName: 'DEFAULT',
      ctryCode: 'US',
      crnCode: 'USD',
      expenseUser: true,
      expenseApprover: true,
    });
    expect(me.fields).toMatchObject({ LoginId: 'admin@example.com', EmpId: 'E0001', Active: 'Y', CrnCode: 'USD' });

    expect(await concur.users.get('admin@example.com')).toEqual(me);
    expect(await concur.users.get('ADMIN@example.com')).toEqual(me);
    const missing = await rejection(concur.users.get('nobody@example.com'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, serverMessage: 'No user has the login ID nobody@example.com.', attempts: 1 });

    expect(sim.state.requests.map((entry) => entry.query)).toEqual([{}, { loginID: 'admin@example.com' }, { loginID: 'ADMIN@example.com' }, { loginID: 'nobody@example.com' }]);
  });

  it('getFormFields reads the Employee form', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const fields = await concur.users.getFormFields();
    expect(fields.map((field) => [field.id, field.required])).toEqual([
      ['LoginId', true],
      ['EmpId', true],
      ['FirstName', true],
      ['LastName', true],
      ['EmailAddress', false],
      ['LedgerKey', true],
      ['Active', false],
      ['Custom1', false],
    ]);
    expect(fields.find((field) => field.id === 'Custom1')).toEqual({
      id: 'Custom1',
      label: 'Cost Center',
      controlType: 'list_edit',
      dataType: 'MLIST',
      maxLength: 48,
      required: false,
      custom: true,
      sequence: 8,
      listName: 'Cities',
      hierLevel: 1,
    });
    expect(logged(sim)).toEqual(['GET /api/user/v1.0/FormFields 200']);
  });

  it('upsert: a new user, an existing one, and two invalid ones, matched by FeedRecordNumber', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const result = await concur.users.upsert([
      {
        empId: 'E2001',
        loginId: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        emailAddress: 'grace@example.com',
        password: 'Initial-1',
        ledgerKey: 'DEFAULT',
        active: true,
        crnKey: 'EUR',
        ctryCode: 'FR',
        expenseUser: true,
        expenseApprover: false,
        custom1: 'FR',
      },
      { empId: 'E0001', loginId: 'admin@example.com', firstName: 'Adaline', expenseApproverEmployeeId: 'E2001' },
      { empId: 'E2002', loginId: 'nofirst@example.com', lastName: 'Nameless', password: 'Initial-2', ledgerKey: 'DEFAULT' },
      { empId: 'E0001', loginId: 'clash@example.com', firstName: 'Clash', lastName: 'Clash', password: 'Initial-3', ledgerKey: 'DEFAULT' },
    ]);

    expect([result.succeeded, result.failed, result.unknown]).toEqual([2, 2, 0]);
    expect(result.items.map((item) => [item.status, item.message])).toEqual([
      ['succeeded', undefined],
      ['succeeded', undefined],
      ['failed', 'MISSING_REQUIRED_FIELDS:FirstName'],
      ['failed', 'Invalid Input: EmpId'],
    ]);

    const grace = sim.state.users.get('grace@example.com');
    expect(grace?.password).toBe('Initial-1');
    expect(grace?.fields).toMatchObject({ EmpId: 'E2001', FirstName: 'Grace', LedgerName: 'DEFAULT', CrnCode: 'EUR', CtryCode: 'FR', Active: 'Y', ExpenseUser: 'Y', ExpenseApprover: 'N', Custom1: 'FR' });
    const admin = sim.state.users.get('admin@example.com');
    expect(admin?.fields).toMatchObject({ FirstName: 'Adaline', LastName: 'Admin', ExpenseApproverEmployeeID: 'E2001' });
    expect(admin?.password).toBe('Simulator-1');
    expect(sim.state.users.get('nofirst@example.com')).toBeUndefined();
    expect(sim.state.users.get('clash@example.com')).toBeUndefined();
    expect(sim.state.users.size).toBe(2);

    // What the SDK reads back agrees with what it sent.
    expect(await concur.users.get('grace@example.com')).toMatchObject({
      loginId: 'grace@example.com',
      empId: 'E2001',
      crnCode: 'EUR',
      ledgerName: 'DEFAULT',
      active: true,
      expenseUser: true,
      expenseApprover: false,
      custom1: 'FR',
    });

    // A rename of an existing user.
    const renamed = await concur.users.upsert([{ empId: 'E2001', loginId: 'grace@example.com', newLoginId: 'grace.hopper@example.com', newEmployeeId: 'E2999' }]);
    expect(renamed.succeeded).toBe(1);
    expect(sim.state.users.get('grace@example.com')).toBeUndefined();
    expect(sim.state.users.get('grace.hopper@example.com')).toMatchObject({ loginId: 'grace.hopper@example.com', employeeId: 'E2999' });
    expect(logged(sim)).toEqual(['POST /api/user/v1.0/Users 200', 'GET /api/user/v1.0/User/ 200', 'POST /api/user/v1.0/Users 200']);
    expect(waits).toEqual([]);
  });

  it('updatePasswords: existing users succeed (login ids in any case), unknown ones fail', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    sim.state.users.add({ LoginId: 'grace@example.com', EmpId: 'E2001', FirstName: 'Grace', LastName: 'Hopper' }, 'Old-1');
    const result = await concur.users.updatePasswords([
      { loginId: 'GRACE@example.com', password: 'Changed-2' },
      { loginId: 'nobody@example.com', password: 'Whatever-3' },
      { loginId: 'admin@example.com', password: 'Admin-4' },
    ]);
    expect(result.items.map((item) => [item.status, item.message])).toEqual([
      ['succeeded', undefined],
      ['failed', 'The user does not exist.'],
      ['succeeded', undefined],
    ]);
    expect(first(result.chunks)).toMatchObject({ recordsSucceeded: 2, recordsFailed: 1 });
    expect(sim.state.users.get('grace@example.com')?.password).toBe('Changed-2');
    expect(sim.state.users.get('admin@example.com')?.password).toBe('Admin-4');
    expect(logged(sim)).toEqual(['POST /api/user/v1.0/Users/password 200']);
  });
});

describe('extract', () => {
  it('listDefinitions and getDefinition (by id and by URL); unknown ids are NotFoundError', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const url = `${sim.url}/api/expense/extract/v1.0/${DEFINITION_ID}`;
    const expected = { id: DEFINITION_ID, url, name: 'Standard Accounting Extract', jobLink: `${url}/job` };
    expect(await concur.extract.listDefinitions()).toEqual([expected]);
    expect(await concur.extract.getDefinition(DEFINITION_ID)).toEqual(expected);
    expect(await concur.extract.getDefinition(url)).toEqual(expected);

    for (const call of [
      () => concur.extract.getDefinition('no-such-definition'),
      () => concur.extract.listJobs('no-such-definition'),
      () => concur.extract.startJob('no-such-definition'),
      () => concur.extract.getJob(DEFINITION_ID, 'no-such-job'),
      () => concur.extract.getJobStatus(DEFINITION_ID, 'no-such-job'),
      () => concur.extract.downloadFile(DEFINITION_ID, 'no-such-job'),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, attempts: 1 });
    }
    expect(sim.state.extract.jobs(DEFINITION_ID)).toEqual([]);
  });

  it('startJob, 409 while it runs, listJobs, getJob, getJobStatus, waitForJob on the simulator clock, downloadFile', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 4_000 });
    const { concur, waits } = connect(sim, {}, clock.advance);
    const definitionUrl = `${sim.url}/api/expense/extract/v1.0/${DEFINITION_ID}`;

    const job = await concur.extract.startJob(DEFINITION_ID);
    const [stored] = sim.state.extract.jobs(DEFINITION_ID);
    if (stored === undefined) throw new Error('the simulator holds no job');
    const jobUrl = `${definitionUrl}/job/${stored.id}`;
    expect(job).toEqual({
      id: stored.id,
      url: jobUrl,
      definitionId: DEFINITION_ID,
      status: 'Queued',
      state: 'queued',
      statusLink: `${jobUrl}/status`,
      startTime: '2026-11-25T10:00:00',
      startedAt: new Date(START),
    });

    const conflict = await rejection(concur.extract.startJob(definitionUrl));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, serverMessage: 'A job for the specified definition is already queued or running.', attempts: 1 });
    expect(sim.state.extract.jobs(DEFINITION_ID)).toHaveLength(1);

    expect(await concur.extract.listJobs(DEFINITION_ID)).toEqual([job]);
    expect(await concur.extract.getJob(DEFINITION_ID, job.id)).toEqual(job);
    expect(await concur.extract.getJob(definitionUrl, jobUrl)).toEqual(job);
    expect(await concur.extract.getJobStatus(DEFINITION_ID, job.id)).toEqual(job);
    // The file is not there yet.
    await expect(concur.extract.downloadFile(DEFINITION_ID, job.id)).rejects.toBeInstanceOf(BadRequestError);

    const seen: string[] = [];
    const done = await concur.extract.waitForJob(DEFINITION_ID, job.id, { intervalMs: 1_000, onPoll: (current) => void seen.push(current.status) });
    expect(seen).toEqual(['Queued', 'Queued', 'Running', 'Running', 'Completed']);
    expect(waits).toEqual([1_000, 1_000, 1_000, 1_000]);
    expect(done).toEqual({
      ...job,
      status: 'Completed',
      state: 'completed',
      stopTime: '2026-11-25T10:00:04',
      stoppedAt: new Date(START + 4_000),
      fileLink: `${jobUrl}/file`,
    });
    expect(sim.state.extract.statusOf(stored)).toBe('Completed');
    expect(await concur.extract.getJobStatus(DEFINITION_ID, job.id)).toEqual(done);

    const file = await concur.extract.downloadFile(DEFINITION_ID, job.id);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.data.toString('utf8')).toBe(
      [
        'Employee ID,Report ID,Report Name,Amount,Currency,Extract Date',
        'E0001,R-1001,Client visit,125.50,USD,2026-11-25',
        'E0002,R-1002,"Conference, Berlin",980.00,EUR,2026-11-25',
        '',
      ].join('\r\n'),
    );

    // Finished: a new job may start, and the list shows the newest first.
    const second = await concur.extract.startJob(DEFINITION_ID);
    expect((await concur.extract.listJobs(DEFINITION_ID)).map((listed) => listed.id)).toEqual([second.id, job.id]);
  });

  it.each(['Complete', '2'])('waitForJob accepts a finished job written "%s" and downloads its bytes unchanged', async (completedStatus) => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 2_000 });
    sim.state.extract.completedStatus = completedStatus;
    const csv = 'Employee ID,Amount\r\nE1,12.50\r\nÉmile,3.00\r\n';
    const definition = sim.state.extract.addDefinition({ name: 'GL export', id: 'defGL$01', csv });
    const { concur } = connect(sim, {}, clock.advance);
    const job = await concur.extract.startJob(definition.id);
    const done = await concur.extract.waitForJob(definition.id, job.id, { intervalMs: 2_000 });
    expect([done.status, done.state]).toEqual([completedStatus, 'completed']);
    expect((await concur.extract.downloadFile(definition.id, job.id)).data.equals(Buffer.from(csv, 'utf8'))).toBe(true);
  });

  it('waitForJob: a Failed job rejects with ExtractJobFailedError; a slow one with ExtractJobTimeoutError', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 1_000 });
    const broken = sim.state.extract.addDefinition({ name: 'Broken', id: 'defBroken$01', jobOutcome: 'Failed' });
    const { concur } = connect(sim, {}, clock.advance);
    const failing = await concur.extract.startJob(broken.id);
    const failed = await rejection(concur.extract.waitForJob(broken.id, failing.id, { intervalMs: 1_000 }));
    expect(failed).toBeInstanceOf(ExtractJobFailedError);
    expect(failed).toMatchObject({ definitionId: broken.id, jobId: failing.id, status: 'Failed', attempts: 2 });
    await expect(concur.extract.downloadFile(broken.id, failing.id)).rejects.toBeInstanceOf(NotFoundError);

    sim.state.extract.jobDurationMs = 3_600_000;
    const slow = await concur.extract.startJob(DEFINITION_ID);
    const polled: ExtractJob[] = [];
    const timedOut = await rejection(concur.extract.waitForJob(DEFINITION_ID, slow.id, { intervalMs: 1_000, timeoutMs: 2_500, onPoll: (current) => void polled.push(current) }));
    expect(timedOut).toBeInstanceOf(ExtractJobTimeoutError);
    expect(timedOut).toMatchObject({ definitionId: DEFINITION_ID, jobId: slow.id, lastStatus: 'Queued', timeoutMs: 2_500, retryable: false, attempts: 3 });
    expect(polled).toHaveLength(3);
    // The job goes on in the simulator.
    expect(sim.state.extract.statusOf(first(sim.state.extract.jobs(DEFINITION_ID)))).toBe('Queued');
  });
});

describe('imaging', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x20]);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
  const pdfPage1 = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1');
  const pdfPage2 = Buffer.from('%PDF-1.4\n2 0 obj <<>> endobj\n%%EOF\n', 'latin1');

  it('uploadReceipt and getReceiptImageUrl: the URL serves the same bytes without a token, until it expires', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, imageUrlTtlMs: 60_000 });
    const { concur } = connect(sim);
    const uploaded = await concur.imaging.uploadReceipt(png, 'png');
    const stored = first(sim.state.images.all());
    expect(uploaded).toEqual({ id: stored.id });
    expect(stored).toMatchObject({ target: 'receipt', ownerId: stored.id, contentType: 'image/png' });
    expect(stored.bytes.equals(png)).toBe(true);
    // The SDK sent the bytes raw, with the image's own content type.
    expect(first(sim.state.requests).headers['content-type']).toBe('image/png');

    const image = await concur.imaging.getReceiptImageUrl(uploaded.id);
    expect(image.id).toBe(uploaded.id);
    expect(image.url.startsWith(`${sim.url}/files/images/`)).toBe(true);
    expect(image.url).toContain('&Signature=');
    expect(image.url).not.toContain('&amp;');
    const fetched = await fetchBytes(image.url);
    expect([fetched.status, fetched.contentType]).toEqual([200, 'image/png']);
    expect(fetched.bytes.equals(png)).toBe(true);

    clock.advance(60_000);
    expect((await fetchBytes(image.url)).status).toBe(403);
    const renewed = await concur.imaging.getReceiptImageUrl(uploaded.id);
    expect(renewed.url).not.toBe(image.url);
    expect((await fetchBytes(renewed.url)).bytes.equals(png)).toBe(true);
    await expect(concur.imaging.getReceiptImageUrl('no-such-image')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('attachToEntry and getEntryImageUrl; an entry takes one image only', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const attached = await concur.imaging.attachToEntry('ENTRY$42', jpeg, 'jpg');
    const stored = sim.state.images.get('expenseentry', 'ENTRY$42');
    expect(stored).toMatchObject({ id: attached.id, contentType: 'image/jpeg' });
    expect(stored?.bytes.equals(jpeg)).toBe(true);

    const image = await concur.imaging.getEntryImageUrl('ENTRY$42');
    expect(image.id).toBe(attached.id);
    const fetched = await fetchBytes(image.url);
    expect(fetched.contentType).toBe('image/jpeg');
    expect(fetched.bytes.equals(jpeg)).toBe(true);

    const refused = await rejection(concur.imaging.attachToEntry('ENTRY$42', png, 'image/png'));
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(refused).toMatchObject({ status: 400, attempts: 1 });
    expect(sim.state.images.get('expenseentry', 'ENTRY$42')?.bytes.equals(jpeg)).toBe(true);
    await expect(concur.imaging.getEntryImageUrl('NO-ENTRY')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('attachToReport appends to the report image, and getReportImageUrl serves the whole of it', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const firstUpload = await concur.imaging.attachToReport('REPORT-7', pdfPage1, 'pdf');
    const secondUpload = await concur.imaging.attachToReport('REPORT-7', pdfPage2, 'application/pdf');
    expect(secondUpload.id).toBe(firstUpload.id);
    const both = Buffer.concat([pdfPage1, pdfPage2]);
    expect(sim.state.images.get('report', 'REPORT-7')?.bytes.equals(both)).toBe(true);

    const image = await concur.imaging.getReportImageUrl('REPORT-7');
    const fetched = await fetchBytes(image.url);
    expect(fetched.contentType).toBe('application/pdf');
    expect(fetched.bytes.equals(both)).toBe(true);
    expect(logged(sim)).toEqual([
      'POST /api/image/v1.0/report/REPORT-7 201',
      'POST /api/image/v1.0/report/REPORT-7 201',
      'GET /api/image/v1.0/report/REPORT-7 200',
      `GET ${new URL(image.url).pathname} 200`,
    ]);
    // The image URL was fetched without the Concur token.
    expect(sim.state.requests[3]?.headers['authorization']).toBeUndefined();
  });

  it('attachToInvoice and getInvoiceImageUrl', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const attached = await concur.imaging.attachToInvoice('REQ-0099', png, 'image/png');
    expect(sim.state.images.get('invoice', 'REQ-0099')?.bytes.equals(png)).toBe(true);
    const image = await concur.imaging.getInvoiceImageUrl('REQ-0099');
    expect(image.id).toBe(attached.id);
    expect((await fetchBytes(image.url)).bytes.equals(png)).toBe(true);
    await expect(concur.imaging.attachToInvoice('REQ-0099', png, 'png')).rejects.toBeInstanceOf(BadRequestError);
    await expect(concur.imaging.getInvoiceImageUrl('REQ-0100')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('paymentBatches', () => {
  it('list: all, OPEN and CLOSED', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    sim.state.paymentBatches.add({ name: 'Closed batch', id: 'pBaTch$Closed$0003', status: 'CLOSED', reports: [{ reportId: 'R-9', employeeId: 'E9', amount: 10 }] });
    const batchUrl = (id: string): string => `${sim.url}/api/expense/paymentbatch/v1.1/batch/${id}`;
    const open = {
      id: OPEN_BATCH_ID,
      batchUrl: batchUrl(OPEN_BATCH_ID),
      batchName: 'Expense Pay batch',
      batchId: '5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F',
      batchTotal: 199.75,
      currency: 'USD',
      count: 2,
      type: 'Employee',
      paymentMethod: 'Expense Pay by SAP Concur',
    };
    const empty = { ...open, id: EMPTY_BATCH_ID, batchUrl: batchUrl(EMPTY_BATCH_ID), batchName: 'Empty batch', batchId: '0F1E2D3C-4B5A-4697-8877-665544332211', batchTotal: 0, count: 0 };
    const closed = { ...open, id: 'pBaTch$Closed$0003', batchUrl: batchUrl('pBaTch$Closed$0003'), batchName: 'Closed batch', batchTotal: 10, count: 1 };

    const all = await concur.paymentBatches.list();
    expect(all).toEqual([open, empty, { ...closed, batchId: expect.any(String) }]);
    expect(await concur.paymentBatches.list({ status: 'OPEN' })).toEqual([open, empty]);
    expect((await concur.paymentBatches.list({ status: 'CLOSED' })).map((batch) => batch.id)).toEqual(['pBaTch$Closed$0003']);
    expect(logged(sim)).toEqual([
      'GET /api/expense/paymentbatch/v1.1/batchlist/ 200',
      'GET /api/expense/paymentbatch/v1.1/batchlist/OPEN 200',
      'GET /api/expense/paymentbatch/v1.1/batchlist/CLOSED 200',
    ]);
  });

  it('close (synchronous) and downloadFile by File-Url and by id; the batch then lists as CLOSED', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const [open] = await concur.paymentBatches.list({ status: 'OPEN' });
    if (open === undefined) throw new Error('no open batch');
    const closed = await concur.paymentBatches.close(open);
    const batch = sim.state.paymentBatches.get(OPEN_BATCH_ID);
    if (batch?.fileKey === undefined) throw new Error('the simulator wrote no batch file');
    expect(closed).toEqual({ batchStatus: 'CLOSED', status: 'SUCCESS', fileUrl: `${sim.url}/api/expense/paymentbatch/v1.1/batch/${batch.fileKey}/file` });
    expect(sim.state.paymentBatches.statusOf(batch)).toBe('CLOSED');
    expect((await concur.paymentBatches.list({ status: 'CLOSED' })).map((summary) => summary.id)).toEqual([OPEN_BATCH_ID]);
    expect((await concur.paymentBatches.list({ status: 'OPEN' })).map((summary) => summary.id)).toEqual([EMPTY_BATCH_ID]);

    const csv = [
      'Batch Name,Batch ID,Report ID,Employee ID,Amount,Currency',
      'Expense Pay batch,5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F,R-1001,E0001,125.50,USD',
      'Expense Pay batch,5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F,R-1002,E0001,74.25,USD',
      '',
    ].join('\r\n');
    const byUrl = await concur.paymentBatches.downloadFile(closed.fileUrl ?? '');
    expect(byUrl.contentType).toBe('text/csv; charset=utf-8');
    expect(byUrl.data.toString('utf8')).toBe(csv);
    const byId = await concur.paymentBatches.downloadFile(batch.fileKey);
    expect(byId.data.equals(byUrl.data)).toBe(true);

    // By id string and by Batch-URL too; closing again writes the file anew.
    const again = await concur.paymentBatches.close(open.batchUrl);
    expect(again.batchStatus).toBe('CLOSED');
    expect(again.fileUrl).not.toBe(closed.fileUrl);
    expect((await concur.paymentBatches.close(OPEN_BATCH_ID)).status).toBe('SUCCESS');
  });

  it('close (asynchronous): answered at once with a job key; the batch lists as CLOSED once the close has run', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, batchCloseDurationMs: 60_000 });
    const { concur } = connect(sim);
    const card = sim.state.paymentBatches.add({ name: 'Card batch', id: 'pBaTch$Card$0005', type: 'Card Program', reports: [{ reportId: 'R-2001', employeeId: 'E0001', amount: 40 }] });

    const queued = await concur.paymentBatches.close(card.id, { async: true });
    expect(Object.keys(queued).sort()).toEqual(['jobQueueKey', 'status']);
    expect(queued.status).toBe('SUCCESS');
    expect(queued.jobQueueKey).toMatch(/^[A-Za-z0-9$]{16}$/);
    expect(logged(sim)).toEqual(['POST /api/expense/paymentbatch/v1.2/batch/pBaTch%24Card%240005/close 200']);

    expect((await concur.paymentBatches.list({ status: 'OPEN' })).map((batch) => batch.id)).toContain(card.id);
    clock.advance(60_000);
    const closed = await concur.paymentBatches.list({ status: 'CLOSED' });
    expect(closed.map((batch) => [batch.id, batch.type])).toEqual([[card.id, 'Card Program']]);

    // Then a synchronous close hands out the file.
    const withFile = await concur.paymentBatches.close(card.id);
    expect((await concur.paymentBatches.downloadFile(withFile.fileUrl ?? '')).data.toString('utf8')).toContain('Card batch,');
  });

  it('closing an empty batch is an InternalServerError that explains why; unknown and plain GUID ids are refused', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.paymentBatches.close(EMPTY_BATCH_ID));
    expect(error).toBeInstanceOf(InternalServerError);
    const entry = first(sim.state.requests);
    expect(error).toMatchObject({
      status: 500,
      serverMessage: 'Not Closed: the batch contains no reports. If you recently approved reports for payment, wait 30 minutes and try again.',
      correlationId: entry.correlationId,
      attempts: 1,
      retryable: false,
    });
    expect(error.message).toContain('the payment batch could not be closed');
    expect(error.message).toContain('Concur refuses to close a batch that holds no reports');
    expect(error.message).toContain('wait 30 minutes and try again');
    expect(error.message).toContain(entry.correlationId);
    // Not retried, and still open.
    expect(logged(sim)).toEqual(['POST /api/expense/paymentbatch/v1.1/batch/pBaTch%24Empty%240002/close 500']);
    expect(waits).toEqual([]);
    const emptyBatch = sim.state.paymentBatches.get(EMPTY_BATCH_ID);
    if (emptyBatch === undefined) throw new Error('the empty batch is missing');
    expect([sim.state.paymentBatches.statusOf(emptyBatch), emptyBatch.fileKey]).toEqual(['OPEN', undefined]);

    await expect(concur.paymentBatches.close(EMPTY_BATCH_ID, { async: true })).rejects.toBeInstanceOf(InternalServerError);
    await expect(concur.paymentBatches.close('pBaTch$Nope$0009')).rejects.toBeInstanceOf(NotFoundError);
    await expect(concur.paymentBatches.close('5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F')).rejects.toBeInstanceOf(ConcurValidationError);
    await expect(concur.paymentBatches.downloadFile('no-such-file')).rejects.toBeInstanceOf(NotFoundError);
    expect(sim.state.requests).toHaveLength(4);
  });
});

describe('purchaseOrders', () => {
  const address: PurchaseOrderAddress = { externalId: 'HQ', name: 'Head office', address1: '1 Main St', city: 'Seattle', stateProvince: 'WA', postalCode: '98101', countryCode: 'US' };
  const order = (poNumber: string, changes: Partial<PurchaseOrderInput> = {}): PurchaseOrderInput => ({
    poNumber,
    policyExternalId: 'PO-POLICY',
    currencyCode: 'USD',
    vendorCode: 'ACME',
    vendorAddressCode: 'MAIN',
    shipTo: address,
    billTo: { ...address, externalId: 'AP' },
    orderDate: '2026-11-25',
    description: 'Office supplies',
    lineItems: [
      { lineNumber: 1, externalId: 'L1', description: 'Paper', quantity: 2, unitPrice: '10.00', tax: '1.50', expenseType: 'OFFSP', allocations: [{ amount: 12, custom1: 'CC-1' }] },
      { lineNumber: 2, externalId: 'L2', quantity: '1', unitPrice: 99.99, accountCode: '6100' },
    ],
    ...changes,
  });

  it('submit: successes and per-order errors matched by PoNumber; a resubmission updates', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const overAllocated = order('PO-4', {
      lineItems: [{ lineNumber: 1, externalId: 'L1', quantity: 2, unitPrice: 10, expenseType: 'OFFSP', allocations: [{ amount: 15 }, { amount: 10 }] }],
    });
    const result = await concur.purchaseOrders.submit([order('PO-1'), order('PO-2', { vendorCode: 'NOBODY' }), order('PO-3', { policyExternalId: 'NO-POLICY' }), overAllocated]);

    expect([result.succeeded, result.failed, result.unknown]).toEqual([1, 3, 0]);
    expect(result.items.map((item) => [item.index, item.status, item.code, item.message])).toEqual([
      [0, 'succeeded', undefined, undefined],
      [1, 'failed', '2000', 'No vendor was found for the vendor code and address code. (field Header|VendorCode)'],
      [2, 'failed', '4000', 'No policy has the external id NO-POLICY. (field Header|PolicyExternalId)'],
      [3, 'failed', '5501', 'The allocations exceed the line total. (field Allocation|Amount, line item L1)'],
    ]);
    expect(first(result.chunks)).toMatchObject({ recordsSucceeded: 1, recordsFailed: 3, status: 'answered' });

    const saved = sim.state.purchaseOrders.get('PO-1');
    expect(saved?.header).toMatchObject({ PoNumber: 'PO-1', PolicyExternalId: 'PO-POLICY', CurrencyCode: 'USD', VendorCode: 'ACME', VendorAddressCode: 'MAIN', OrderDate: '2026-11-25', Description: 'Office supplies' });
    expect(saved?.shipTo).toMatchObject({ ExternalId: 'HQ', City: 'Seattle', CountryCode: 'US' });
    expect(saved?.billTo['ExternalId']).toBe('AP');
    expect(saved?.lineItems.map((line) => line.fields)).toEqual([
      expect.objectContaining({ LineNumber: '1', ExternalId: 'L1', Quantity: '2', UnitPrice: '10.00', Tax: '1.50', ExpenseType: 'OFFSP' }),
      expect.objectContaining({ LineNumber: '2', ExternalId: 'L2', Quantity: '1', UnitPrice: '99.99', AccountCode: '6100' }),
    ]);
    expect(saved?.lineItems[0]?.allocations).toEqual([{ Amount: '12', Custom1: 'CC-1' }]);
    expect(saved?.version).toBe(1);
    expect(['PO-2', 'PO-3', 'PO-4'].map((poNumber) => sim.state.purchaseOrders.get(poNumber))).toEqual([undefined, undefined, undefined]);

    const resubmitted = await concur.purchaseOrders.submit([order('PO-1', { description: 'Office supplies, revised' })]);
    expect(first(resubmitted.items).status).toBe('succeeded');
    expect(sim.state.purchaseOrders.get('PO-1')).toMatchObject({ version: 2, header: expect.objectContaining({ Description: 'Office supplies, revised' }) });
    expect(logged(sim)).toEqual(['POST /api/invoice/purchaseorder/v1.0 200', 'POST /api/invoice/purchaseorder/v1.0 200']);
    expect(waits).toEqual([]);
  });
});

describe('request()', () => {
  it('a raw GET: parsed XML, text and bytes, with the correlation id of the response', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const response = await concur.request<{ lists: { list: Record<string, string> } }>({ method: 'GET', path: '/api/expense/list/v1.0/' });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(1);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(response.data.lists.list).toMatchObject({ id: `${sim.url}/api/expense/list/v1.0/${CITIES_ID}`, name: 'Cities', levels: '2' });
    expect(response.correlationId).toBe(first(sim.state.requests).correlationId);
    expect(first(sim.state.requests).headers).toMatchObject({ accept: 'application/xml', authorization: 'Bearer [redacted]' });

    const text = await concur.request<string>({ method: 'GET', path: '/api/expense/attendee/v1.0/type', responseType: 'text' });
    expect(text.data).toContain('<type>BUSGUEST</type>');
    const bytes = await concur.request<Buffer>({ method: 'GET', path: `/api/expense/list/v1.0/${encodeURIComponent(CITIES_ID)}/items`, query: { parentCode: 'FR' }, responseType: 'binary' });
    expect(Buffer.isBuffer(bytes.data)).toBe(true);
    expect(bytes.data.toString('utf8')).toContain('<name>Paris</name>');
    expect(sim.state.requests[2]?.query).toEqual({ parentCode: 'FR' });
  });

  it('a raw POST: an XML body sent with Content-Length, and its batch result', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const body =
      '<?xml version="1.0" encoding="utf-8"?><list-item-batch xmlns="http://www.concursolutions.com/api/expense/list/2010/02">' +
      '<list-item><name>Lyon</name><level1code>FR</level1code><level2code>LYS</level2code></list-item>' +
      '<list-item><name>Paris</name><level1code>FR</level1code><level2code>PAR</level2code></list-item>' +
      '</list-item-batch>';
    const response = await concur.request<Record<string, Record<string, unknown>>>({
      method: 'POST',
      path: `/api/expense/list/v1.0/${encodeURIComponent(CITIES_ID)}/batch`,
      query: { type: 'create' },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.data['list-item-batch-result']).toMatchObject({
      'records-succeeded': '1',
      'records-failed': '1',
      errors: { error: { code: '2004', 'list-item-code': 'PAR', message: 'The item already exists.' } },
    });
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
    const entry = first(sim.state.requests);
    expect(entry.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(entry.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(entry.headers['transfer-encoding']).toBeUndefined();
  });
});
