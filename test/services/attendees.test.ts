import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttendeesService, type AttendeeInput, type AttendeeUpdate } from '../../src/services/attendees.js';
import { parseXml } from '../../src/xml/parser.js';
import { BadRequestError, BatchSizeError, ConcurValidationError, InternalServerError, NotFoundError } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/attendees/${name}`, import.meta.url), 'utf8');
const NS = 'http://www.concursolutions.com/api/expense/attendee/2010/05';
const BATCH = '/api/expense/attendee/v1.0/batch';

function service() {
  const { requester, delays } = testRequester();
  return { attendees: new AttendeesService(requester), delays };
}

interface Captured {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  query: string;
}

/** The `attendee` elements of a request body, parsed with the SDK's parser. */
function sentAttendees(body: string): Array<Record<string, string>> {
  const batch = parseXml(body, { strict: true })['attendee-batch'] as { attendee: unknown };
  return ([] as Array<Record<string, string>>).concat(batch.attendee as Array<Record<string, string>>);
}

/** Answers batch POSTs with a result built from the external ids received, and records each request. */
function batchEndpoint(type: string, answer: (ids: string[], call: number) => string, times = 1): Captured[] {
  const captured: Captured[] = [];
  concur()
    .post(BATCH)
    .query({ type })
    .times(times)
    .reply(function reply(uri, body) {
      const text = String(body);
      captured.push({ method: this.req.method, headers: this.req.headers, body: text, query: uri.split('?')[1] ?? '' });
      return [200, answer(sentAttendees(text).map((entry) => entry['external-id'] ?? ''), captured.length), XML];
    });
  return captured;
}

const allSucceeded = (ids: string[]) =>
  `<attendee-batch-result xmlns="${NS}"><records-succeeded>${ids.length}</records-succeeded><records-failed>0</records-failed></attendee-batch-result>`;

const attendee = (i: number): AttendeeInput => ({ externalId: `ATT-${i}`, type: 'BUSGUEST', lastName: `Guest ${i}`, currencyCode: 'USD' });

describe('AttendeesService', () => {
  it('create: POSTs attendee-batch in its namespace with Content-Length, and maps the result by external-id', async () => {
    const { attendees } = service();
    const captured: Captured[] = [];
    concur()
      .post(BATCH)
      .query({ type: 'create' })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .matchHeader('accept', 'application/xml')
      .reply(function reply(uri, body) {
        captured.push({ method: this.req.method, headers: this.req.headers, body: String(body), query: uri.split('?')[1] ?? '' });
        return [200, fixture('batch-result.xml'), XML];
      });
    const input: AttendeeInput[] = [
      { externalId: 'ATT-2001', type: 'BUSGUEST', lastName: 'Okafor', firstName: 'Ada', company: 'Northwind', title: 'CFO', totalAmountYtd: 125.5, currencyCode: 'USD', custom1: 'C-1', custom10: 'X' },
      { externalId: 'ATT-2002', type: 'NOPE', lastName: 'Lin' },
      { externalId: 'ATT-2003', type: 'BUSGUEST', lastName: 'Moreau', currencyCode: 'EUR' },
    ];
    const result = await attendees.create(input);
    expect(captured).toHaveLength(1);
    const request = captured[0] as Captured;
    expect(request.method).toBe('POST');
    expect(request.query).toBe('type=create');
    expect(request.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(request.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        `<attendee-batch xmlns="${NS}">` +
        '<attendee><external-id>ATT-2001</external-id><type>BUSGUEST</type><last-name>Okafor</last-name><first-name>Ada</first-name><company>Northwind</company><title>CFO</title><total-amount-ytd>125.5</total-amount-ytd><currency-code>USD</currency-code><custom1>C-1</custom1><custom10>X</custom10></attendee>' +
        '<attendee><external-id>ATT-2002</external-id><type>NOPE</type><last-name>Lin</last-name></attendee>' +
        '<attendee><external-id>ATT-2003</external-id><type>BUSGUEST</type><last-name>Moreau</last-name><currency-code>EUR</currency-code></attendee>' +
        '</attendee-batch>',
    );
    expect(result).toMatchObject({ succeeded: 2, failed: 1, unknown: 0 });
    expect(result.items).toEqual([
      { index: 0, input: input[0], status: 'succeeded', chunk: 0, attempts: 1 },
      { index: 1, input: input[1], status: 'failed', chunk: 0, code: '1218', message: 'Invalid attendee type', attempts: 1 },
      { index: 2, input: input[2], status: 'succeeded', chunk: 0, attempts: 1 },
    ]);
    expect(result.chunks).toEqual([{ index: 0, offset: 0, size: 3, attempts: 1, status: 'answered', recordsSucceeded: 2, recordsFailed: 1 }]);
  });

  it('update: uses type=update and sends the short form for an inactivation', async () => {
    const { attendees } = service();
    const captured = batchEndpoint('update', allSucceeded);
    const input: AttendeeUpdate[] = [
      { externalId: 'ATT-1', type: 'BUSGUEST', lastName: 'Okafor', company: 'Contoso', currencyCode: 'USD' },
      { externalId: 'ATT-2', inactive: true },
      { externalId: 'ATT-3', inactive: false },
    ];
    const result = await attendees.update(input);
    expect(result).toMatchObject({ succeeded: 3, failed: 0, unknown: 0 });
    expect(captured[0]?.query).toBe('type=update');
    expect(captured[0]?.body).toContain(`<attendee-batch xmlns="${NS}">`);
    // The SDK's parser drops namespace declarations, so the namespace is asserted on the text above.
    expect(parseXml(captured[0]?.body ?? '', { strict: true })).toEqual({
      'attendee-batch': {
        attendee: [
          { 'external-id': 'ATT-1', type: 'BUSGUEST', 'last-name': 'Okafor', company: 'Contoso', 'currency-code': 'USD' },
          { 'external-id': 'ATT-2', inactive: 'true' },
          { 'external-id': 'ATT-3', inactive: 'false' },
        ],
      },
    });
  });

  it('listTypes: GET /api/expense/attendee/v1.0/type mapped to typed attendee types', async () => {
    const { attendees } = service();
    concur().get('/api/expense/attendee/v1.0/type').matchHeader('accept', 'application/xml').reply(200, fixture('types.xml'), XML);
    expect(await attendees.listTypes()).toEqual([
      { type: 'BUSGUEST', name: 'Business Guest' },
      { type: 'SPOUSE', name: 'Spouse & Family' },
    ]);
  });

  it('listTypes: a 404 surfaces as NotFoundError', async () => {
    const { attendees } = service();
    concur().get('/api/expense/attendee/v1.0/type').reply(404, errorXml('Not found'), XML);
    expect(await caught(() => attendees.listTypes())).toBeInstanceOf(NotFoundError);
  });

  it('sends currency-code only when given', async () => {
    const { attendees } = service();
    const captured = batchEndpoint('create', allSucceeded);
    await attendees.create([{ externalId: 'A', type: 'BUSGUEST', lastName: 'L' }, attendee(1)]);
    const sent = sentAttendees(captured[0]?.body ?? '');
    expect(sent[0]).not.toHaveProperty('currency-code');
    expect(sent[1]).toHaveProperty('currency-code', 'USD');
  });

  it('keeps <, & and ]]> in a name as text', async () => {
    const { attendees } = service();
    const captured = batchEndpoint('create', allSucceeded);
    const hostile = 'O<Brien> & ]]> "Sons" </last-name><type>X';
    await attendees.create([{ externalId: 'A&B<1>', type: 'BUSGUEST', lastName: hostile, company: ']]>' }]);
    expect(captured[0]?.body).not.toContain(']]>');
    expect(sentAttendees(captured[0]?.body ?? '')).toEqual([{ 'external-id': 'A&B<1>', type: 'BUSGUEST', 'last-name': hostile, company: ']]>' }]);
  });

  it.each([0, 1001])('with chunk: false refuses %i attendees before any request', async (count) => {
    const { attendees } = service();
    const scope = concur().post(/.*/).query(true).reply(200, '');
    const error = await caught(() => attendees.create(Array.from({ length: count }, (_, i) => attendee(i)), { chunk: false }));
    expect(error).toBeInstanceOf(BatchSizeError);
    expect(error).toMatchObject({ size: count, min: 1, max: 1000 });
    expect(scope.isDone()).toBe(false);
  });

  it.each([1, 1000])('with chunk: false sends %i attendees as one batch', async (count) => {
    const { attendees } = service();
    const captured = batchEndpoint('create', allSucceeded);
    const result = await attendees.create(Array.from({ length: count }, (_, i) => attendee(i)), { chunk: false });
    expect(result.succeeded).toBe(count);
    expect(captured).toHaveLength(1);
    expect(sentAttendees(captured[0]?.body ?? '')).toHaveLength(count);
  });

  it('sends 2,500 attendees in chunks of 1000 and maps errors of the second chunk to their input indexes', async () => {
    const { attendees } = service();
    const input = Array.from({ length: 2500 }, (_, i) => attendee(i));
    const captured = batchEndpoint(
      'create',
      (ids, call) =>
        call !== 2
          ? allSucceeded(ids)
          : `<attendee-batch-result><records-succeeded>998</records-succeeded><records-failed>2</records-failed><errors>` +
            '<error><code>1209</code><external-id>ATT-1999</external-id><message>Missing required field custom2</message></error>' +
            '<error><code>1218</code><external-id>ATT-1001</external-id><message>Invalid attendee type</message></error>' +
            '</errors></attendee-batch-result>',
      3,
    );
    const result = await attendees.create(input);
    expect(captured.map((request) => sentAttendees(request.body).length)).toEqual([1000, 1000, 500]);
    expect(result).toMatchObject({ succeeded: 2498, failed: 2, unknown: 0 });
    expect(result.items.filter((item) => item.status === 'failed').map((item) => [item.index, item.input.externalId, item.code])).toEqual([
      [1001, 'ATT-1001', '1218'],
      [1999, 'ATT-1999', '1209'],
    ]);
  });

  it('accepts an async iterable and validates it chunk by chunk', async () => {
    const { attendees } = service();
    const captured = batchEndpoint('create', allSucceeded, 2);
    async function* source() {
      for (let i = 0; i < 3; i += 1) yield attendee(i);
    }
    const result = await attendees.create(source(), { chunkSize: 2 });
    expect(result).toMatchObject({ succeeded: 3, failed: 0, unknown: 0 });
    expect(captured).toHaveLength(2);
  });

  it('reports the unlisted items of a truncated error list as unknown, never succeeded', async () => {
    const { attendees } = service();
    const input = Array.from({ length: 15 }, (_, i) => attendee(i));
    const listed = input
      .slice(0, 10)
      .map((item) => `<error><code>1301</code><external-id>${item.externalId}</external-id><message>Unexpected error creating</message></error>`)
      .join('');
    batchEndpoint('create', () => `<attendee-batch-result><records-succeeded>3</records-succeeded><records-failed>12</records-failed><errors>${listed}</errors></attendee-batch-result>`);
    const result = await attendees.create(input);
    expect(result).toMatchObject({ succeeded: 0, failed: 10, unknown: 5 });
    expect(result.items.slice(10).every((item) => item.status === 'unknown' && item.message?.includes('first 10'))).toBe(true);
  });

  it('turns a 500 into failed items with InternalServerError, without retrying it', async () => {
    const { attendees, delays } = service();
    concur().post(BATCH).query({ type: 'create' }).reply(500, errorXml('Unexpected error processing batch'), XML);
    const result = await attendees.create([attendee(1), attendee(2)]);
    expect(result).toMatchObject({ succeeded: 0, failed: 2, unknown: 0 });
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '500', attempts: 1 });
    expect(result.chunks[0]?.error).toBeInstanceOf(InternalServerError);
    expect(delays).toEqual([]);
  });

  it('turns a 400 (e.g. type missing) into failed items with BadRequestError', async () => {
    const { attendees } = service();
    concur().post(BATCH).query({ type: 'update' }).reply(400, errorXml('The batch type is missing'), XML);
    const result = await attendees.update([{ externalId: 'A', inactive: true }]);
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '400' });
    expect(result.chunks[0]?.error).toBeInstanceOf(BadRequestError);
  });

  it.each([
    [{ type: 'BUSGUEST', lastName: 'L' }, 'externalId', 'externalId is required'],
    [{ externalId: 'x'.repeat(49), type: 'BUSGUEST', lastName: 'L' }, 'externalId', 'externalId must be at most 48 characters (got 49)'],
    [{ externalId: 'A', lastName: 'L' }, 'type', 'type is required'],
    [{ externalId: 'A', type: 'TOOLONGTYPE', lastName: 'L' }, 'type', 'type must be at most 8 characters (got 11)'],
    [{ externalId: 'A', type: 'BUSGUEST' }, 'lastName', 'lastName is required'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 42 }, 'lastName', 'lastName must be a string (got number 42)'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: '   ' }, 'lastName', 'lastName must not be empty (got only spaces)'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', firstName: 'f'.repeat(51) }, 'firstName', 'firstName must be at most 50 characters (got 51)'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', company: 'c'.repeat(151) }, 'company', 'company must be at most 150 characters (got 151)'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', title: 't'.repeat(33) }, 'title', 'title must be at most 32 characters (got 33)'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', totalAmountYtd: 10 }, 'currencyCode', 'currencyCode is required with totalAmountYtd'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', totalAmountYtd: '1,000', currencyCode: 'USD' }, 'totalAmountYtd', 'totalAmountYtd must be a decimal number such as 125.50 (got string "1,000")'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', totalAmountYtd: Number.NaN, currencyCode: 'USD' }, 'totalAmountYtd', 'totalAmountYtd must be a decimal number such as 125.50 (got number NaN)'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', currencyCode: 'usd' }, 'currencyCode', 'currencyCode must be an ISO 4217 code of three capital letters such as USD (got "usd")'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', currencyCode: 'US' }, 'currencyCode', 'currencyCode must be an ISO 4217 code of three capital letters such as USD (got "US")'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'L', custom7: 'x'.repeat(101) }, 'custom7', 'custom7 must be at most 100 characters (got 101)'],
    [{ externalId: 'A', type: 'BUSGUEST', lastName: 'Bad\u0001Name' }, 'lastName', 'lastName contains a control character that XML cannot carry (U+0001 at position 3)'],
  ])('create reports %j as failed without sending it, or refuses the call with invalidItems: reject', async (bad, field, message) => {
    const { attendees } = service();
    const captured = batchEndpoint('create', allSucceeded);
    const result = await attendees.create([attendee(0), bad as unknown as AttendeeInput]);
    expect(captured.map((request) => sentAttendees(request.body).map((entry) => entry['external-id']))).toEqual([['ATT-0']]);
    expect(result).toMatchObject({ succeeded: 1, failed: 1, invalid: 1 });
    expect(result.items[1]).toMatchObject({ index: 1, status: 'failed', code: 'INVALID_INPUT', attempts: 0, message: `Attendee at index 1: ${message}.`, problems: [{ field, message }] });

    const scope = concur().post(/.*/).query(true).reply(200, '');
    const error = await caught(() => attendees.create([attendee(0), bad as unknown as AttendeeInput], { invalidItems: 'reject' }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: `items[1].${field}`, problems: [{ index: 1, field, message }] });
    expect((error as Error).message).toContain(`Attendee at index 1: ${message}.`);
    expect(scope.isDone()).toBe(false);
  });

  it.each([
    [{ inactive: true }, 'externalId', 'externalId is required'],
    [{ externalId: 'A', inactive: 'yes' }, 'inactive', 'inactive must be true or false (got string "yes")'],
    [{ externalId: 'A', type: 'BUSGUEST', inactive: true }, 'lastName', 'lastName is required'],
  ])('update refuses %j before any request with invalidItems: reject', async (bad, field, message) => {
    const { attendees } = service();
    const scope = concur().post(/.*/).query(true).reply(200, '');
    const error = await caught(() => attendees.update([bad as unknown as AttendeeUpdate], { invalidItems: 'reject' }));
    expect(error).toMatchObject({ name: 'ConcurValidationError', field: `items[0].${field}` });
    expect(attendees.validate(bad, 'update')).toContainEqual({ field, message });
    expect(scope.isDone()).toBe(false);
  });

  it('validate() lists every problem of an attendee; create does not accept the inactivation short form', () => {
    const { attendees } = service();
    expect(attendees.validate({ externalId: 'A', inactive: true })).toEqual([
      { field: 'type', message: 'type is required' },
      { field: 'lastName', message: 'lastName is required' },
    ]);
    expect(attendees.validate({ externalId: 'A', inactive: true }, 'update')).toEqual([]);
    expect(attendees.validate({ externalId: 7, type: 'BUSGUEST', lastName: null, totalAmountYtd: 'ten', currencyCode: 'usd', custom3: 3 })).toEqual([
      { field: 'externalId', message: 'externalId must be a string (got number 7)' },
      { field: 'lastName', message: 'lastName must be a string (got null)' },
      { field: 'totalAmountYtd', message: 'totalAmountYtd must be a decimal number such as 125.50 (got string "ten")' },
      { field: 'currencyCode', message: 'currencyCode must be an ISO 4217 code of three capital letters such as USD (got "usd")' },
      { field: 'custom3', message: 'custom3 must be a string (got number 3)' },
    ]);
    expect(attendees.validate('ATT-1')).toEqual([{ field: 'item', message: 'item must be an object such as { externalId, type, lastName } (got string "ATT-1")' }]);
    expect(() => attendees.validate({}, 'delete' as never)).toThrow(ConcurValidationError);
  });

  it('create does not send the inactivation short form', async () => {
    const { attendees } = service();
    const result = await attendees.create([{ externalId: 'A', inactive: true } as unknown as AttendeeInput]);
    expect(result).toMatchObject({ failed: 1, invalid: 1, chunks: [{ size: 0, invalid: 1, attempts: 0, status: 'not-sent' }] });
    expect(result.items[0]?.problems?.map((problem) => problem.field)).toEqual(['type', 'lastName']);
  });
});
