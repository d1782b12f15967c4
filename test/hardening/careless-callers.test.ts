import { describe, expect, it } from 'vitest';
import { ConcurError, ConcurValidationError } from '../../src/index.js';
import { testClient } from '../support/helpers.js';

// Every public method of every service, on a real ConcurClient, called the way a careless caller
// (plain JavaScript, rows from a file, `null` from a database) calls it. Whatever it is given, a
// method that returns a promise must return one (never throw before the caller's `.catch` is
// attached), and that promise must reject with the SDK's own error: ConcurValidationError for bad
// input, never a TypeError or URIError. nock has no interceptors here, so a request that went out
// would fail as a network error and show up as the wrong error class.

const BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const LIST_ITEM = { name: 'Paris', level1Code: 'PAR' };
const ATTENDEE = { externalId: 'ATT-1', type: 'BUSGUEST', lastName: 'Okafor' };
const USER = { empId: 'E1', loginId: 'ada@example.com' };
const ADDRESS = { externalId: 'HQ', address1: '1 Main St', city: 'Minneapolis', stateProvince: 'MN', postalCode: '55401', countryCode: 'US' };
const ORDER = {
  poNumber: 'PO-1',
  policyExternalId: 'POL',
  currencyCode: 'USD',
  vendorCode: 'ACME',
  vendorAddressCode: 'REMIT1',
  shipTo: ADDRESS,
  billTo: ADDRESS,
  orderDate: '2026-03-02',
  lineItems: [{ lineNumber: 1, externalId: 'L1', quantity: 1, unitPrice: '4.25', expenseType: 'Supplies' }],
};

/** Batch options of the wrong type. */
const BATCH_OPTIONS: unknown[] = [
  { chunkSize: '500' },
  { chunkSize: 0 },
  { concurrency: null },
  { chunk: 'no' },
  { keepItems: 1 },
  { onProgress: 'log' },
  { invalidItems: 'skip' },
  { onOutage: 'retry' },
];

/**
 * Valid arguments of every public method; the last one is the options object when the method
 * takes one (`options: true`). A method missing here fails the walk, so a new one gets checked.
 */
const METHODS: Record<string, { args: unknown[]; options?: boolean; hostileOptions?: unknown[] }> = {
  'client.request': { args: [{ method: 'GET', path: '/api/x' }] },
  'attendees.create': { args: [[ATTENDEE], {}], options: true, hostileOptions: BATCH_OPTIONS },
  'attendees.update': { args: [[ATTENDEE], {}], options: true, hostileOptions: BATCH_OPTIONS },
  'attendees.listTypes': { args: [{}], options: true },
  'extract.listDefinitions': { args: [{}], options: true },
  'extract.getDefinition': { args: ['DEF', {}], options: true },
  'extract.startJob': { args: ['DEF', {}], options: true },
  'extract.listJobs': { args: ['DEF', {}], options: true },
  'extract.getJob': { args: ['DEF', 'JOB', {}], options: true },
  'extract.getJobStatus': { args: ['DEF', 'JOB', {}], options: true },
  'extract.waitForJob': {
    args: ['DEF', 'JOB', { timeoutMs: 1 }],
    options: true,
    hostileOptions: [{ intervalMs: '5000' }, { intervalMs: Number.POSITIVE_INFINITY }, { timeoutMs: -1 }, { timeoutMs: null }, { onPoll: 'log' }],
  },
  'extract.downloadFile': { args: ['DEF', 'JOB', {}], options: true },
  'imaging.uploadReceipt': { args: [BYTES, 'png', {}], options: true },
  'imaging.attachToEntry': { args: ['ENTRY', BYTES, 'png', {}], options: true },
  'imaging.attachToReport': { args: ['REPORT', BYTES, 'png', {}], options: true },
  'imaging.attachToInvoice': { args: ['REQUEST', BYTES, 'png', {}], options: true },
  'imaging.getReceiptImageUrl': { args: ['IMAGE', {}], options: true },
  'imaging.getEntryImageUrl': { args: ['ENTRY', {}], options: true },
  'imaging.getReportImageUrl': { args: ['REPORT', {}], options: true },
  'imaging.getInvoiceImageUrl': { args: ['REQUEST', {}], options: true },
  'listItems.getLists': { args: [{}], options: true },
  'listItems.getList': { args: ['LIST', {}], options: true },
  'listItems.getItems': { args: ['LIST', {}], options: true, hostileOptions: [{ parentCode: 42 }, { filter: {} }, { parentCode: '\uD800' }, { filter: 'a\uDC00' }] },
  'listItems.create': { args: ['LIST', [LIST_ITEM], {}], options: true, hostileOptions: BATCH_OPTIONS },
  'listItems.update': { args: ['LIST', [LIST_ITEM], {}], options: true, hostileOptions: BATCH_OPTIONS },
  'listItems.delete': { args: ['LIST', [LIST_ITEM], {}], options: true, hostileOptions: BATCH_OPTIONS },
  'paymentBatches.list': { args: [{}], options: true, hostileOptions: [{ status: 'PENDING' }, { status: 42 }, { status: null }] },
  'paymentBatches.close': { args: ['BATCH', {}], options: true, hostileOptions: [{ async: 'yes' }, { async: 1 }] },
  'paymentBatches.downloadFile': { args: ['FILE', {}], options: true },
  'purchaseOrders.submit': { args: [[ORDER], {}], options: true, hostileOptions: BATCH_OPTIONS },
  'users.get': { args: ['ada@example.com', {}], options: true },
  'users.getFormFields': { args: [{}], options: true },
  'users.upsert': { args: [[USER], {}], options: true, hostileOptions: BATCH_OPTIONS },
  'users.updatePasswords': { args: [[{ loginId: 'ada@example.com', password: 'pw' }], {}], options: true, hostileOptions: BATCH_OPTIONS },
};

/**
 * Methods that return an async iterable: valid arguments, then the options object. Every problem,
 * hostile arguments included, must come out of the iteration as a ConcurError, never a throw at the call.
 */
const ITERATORS: Record<string, { args: unknown[] }> = { 'listItems.walk': { args: ['LIST', {}] } };

/** Synchronous item checks (and whether they take an operation): they return the problems of any value and never throw for one. */
const VALIDATORS: Record<string, boolean> = { 'attendees.validate': true, 'listItems.validate': true, 'purchaseOrders.validate': false, 'users.validate': true };

/** Hostile values for an argument (an id, the items, bytes, a request). */
const HOSTILE_ARGUMENTS: unknown[] = ['', '   ', null, undefined, 42, Number.NaN, true, '\uD800', 'a\uDC00b', {}, [], () => 'id', Symbol('id'), 10n];
/** Hostile values for the options argument. */
const HOSTILE_OPTIONS: unknown[] = [null, 42, '', '\uD800', [], true, { signal: 'x' }, { signal: {} }, { signal: null }];

/**
 * Arguments that look hostile but are valid where they are: the call may then resolve (an empty
 * batch sends nothing) or fail with any ConcurError (the request went out and met no server).
 */
const VALID_AS_GIVEN = new Set([
  'users.get#0:undefined',
  'attendees.create#0:[]',
  'attendees.update#0:[]',
  'listItems.create#1:[]',
  'listItems.update#1:[]',
  'listItems.delete#1:[]',
  'users.upsert#0:[]',
  'users.updatePasswords#0:[]',
  'purchaseOrders.submit#0:[]',
]);

const label = (value: unknown): string => (typeof value === 'bigint' ? `${value}n` : typeof value === 'symbol' || typeof value === 'function' ? typeof value : JSON.stringify(value) ?? 'undefined');

function methodsOf(target: object, prefix: string): Array<[string, (...args: unknown[]) => unknown]> {
  const prototype = Object.getPrototypeOf(target) as object;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(prototype, name)?.value === 'function')
    .map((name) => [`${prefix}.${name}`, (target as Record<string, (...args: unknown[]) => unknown>)[name]!.bind(target)]);
}

function everyMethod(): Map<string, (...args: unknown[]) => unknown> {
  const { client } = testClient({ retry: { retries: 0 } });
  const services = ['attendees', 'extract', 'imaging', 'listItems', 'paymentBatches', 'purchaseOrders', 'users'] as const;
  return new Map([...methodsOf(client, 'client'), ...services.flatMap((name) => methodsOf(client[name], name))]);
}

/** What went wrong with one call, or undefined when it behaved. */
async function misbehaviour(method: (...args: unknown[]) => unknown, args: unknown[], validationExpected: boolean): Promise<string | undefined> {
  let returned: unknown;
  try {
    returned = method(...args);
  } catch (error) {
    return `threw synchronously: ${String(error)}`;
  }
  if (!(returned instanceof Promise)) return `returned ${typeof returned}, not a promise`;
  try {
    await returned;
    return validationExpected ? 'resolved' : undefined;
  } catch (error) {
    if (!(error instanceof ConcurError)) return `rejected with ${String(error)}`;
    if (validationExpected && !(error instanceof ConcurValidationError)) return `rejected with ${error.name}: ${error.message}`;
    return undefined;
  }
}

describe('careless callers', () => {
  const methods = everyMethod();

  it('the walk covers every public method of every service', () => {
    expect([...methods.keys()].sort()).toEqual([...Object.keys(METHODS), ...Object.keys(VALIDATORS), ...Object.keys(ITERATORS)].sort());
  });

  for (const [name, { args }] of Object.entries(ITERATORS)) {
    it(`${name} returns an iterable at once and refuses hostile arguments and options from its first step`, async () => {
      const method = methods.get(name)!;
      const problems: string[] = [];
      const calls = [
        ...args.slice(0, -1).flatMap((_, position) => HOSTILE_ARGUMENTS.map((value) => args.map((arg, i) => (i === position ? value : arg)))),
        ...HOSTILE_OPTIONS.map((value) => [...args.slice(0, -1), value]),
      ];
      for (const call of calls) {
        let iterable: AsyncIterable<unknown>;
        try {
          iterable = method(...call) as AsyncIterable<unknown>;
        } catch (error) {
          problems.push(`${call.map(label).join(', ')}: threw synchronously: ${String(error)}`);
          continue;
        }
        try {
          await iterable[Symbol.asyncIterator]().next();
          problems.push(`${call.map(label).join(', ')}: yielded`);
        } catch (error) {
          if (!(error instanceof ConcurValidationError)) problems.push(`${call.map(label).join(', ')}: rejected with ${String(error)}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  for (const [name, { args, options, hostileOptions = [] }] of Object.entries(METHODS)) {
    it(`${name}: every hostile argument and option rejects with a ConcurValidationError`, async () => {
      const method = methods.get(name)!;
      const failures: string[] = [];
      const last = options === true ? args.length - 1 : args.length;
      for (let position = 0; position < last; position += 1) {
        for (const value of HOSTILE_ARGUMENTS) {
          const given = args.map((arg, i) => (i === position ? value : arg));
          const key = `${name}#${position}:${label(value)}`;
          const problem = await misbehaviour(method, given, !VALID_AS_GIVEN.has(key));
          if (problem !== undefined) failures.push(`${key} ${problem}`);
        }
      }
      if (options === true) {
        for (const value of [...HOSTILE_OPTIONS, ...hostileOptions]) {
          const given = [...args.slice(0, -1), value];
          const problem = await misbehaviour(method, given, true);
          if (problem !== undefined) failures.push(`${name} options=${label(value)} ${problem}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('client.request refuses a BigInt or circular body, a bad signal and lone surrogates in the query as ConcurValidationError', async () => {
    const request = methods.get('client.request')!;
    const circular: Record<string, unknown> = { a: 1 };
    circular['self'] = circular;
    const cases = [
      { method: 'POST', path: '/api/x', body: { amount: 10n } },
      { method: 'POST', path: '/api/x', body: circular },
      { method: 'GET', path: '/api/x', signal: 'x' },
      { method: 'GET', path: '/api/x', query: { filter: 'a\uD800' } },
      { method: 'GET', path: '/api/\uDC00' },
    ];
    for (const given of cases) expect(await misbehaviour(request, [given], true)).toBeUndefined();
  });

  it.each(Object.entries(VALIDATORS))('%s returns the problems of any value and never throws for one', (name, takesOperation) => {
    const validate = methods.get(name)!;
    for (const value of [...HOSTILE_ARGUMENTS, { level1Code: {}, name: [], externalId: Symbol('x'), lastName: 10n }]) {
      const problems = validate(value) as unknown[];
      expect(Array.isArray(problems)).toBe(true);
      expect(problems.length).toBeGreaterThan(0);
    }
    if (takesOperation) expect(() => validate({}, 'nonsense')).toThrow(ConcurValidationError);
  });
});
