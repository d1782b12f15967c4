import { readFileSync } from 'node:fs';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { PaymentBatchesService, type PaymentBatchStatus, type PaymentBatchSummary } from '../../src/services/payment-batches.js';
import { BadRequestError, ConcurResponseError, ConcurValidationError, InternalServerError, NotFoundError } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/payment-batches/${name}`, import.meta.url), 'utf8');
const HOST = 'https://concur.example.com';
const BATCH = 'qW3$e8RtY1$uIo0Pa';
const CLOSE_V11 = '/api/expense/paymentbatch/v1.1/batch/qW3%24e8RtY1%24uIo0Pa/close';
const CLOSE_V12 = '/api/expense/paymentbatch/v1.2/batch/qW3%24e8RtY1%24uIo0Pa/close';
const FILE_URL = `${HOST}/api/expense/paymentbatch/v1.1/batch/Gh6$t2YuJ9$kOp4Rs/file`;

function service() {
  const { requester, delays } = testRequester();
  return { batches: new PaymentBatchesService(requester), delays };
}

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Answers one request on the test host and records it. */
function answer(method: 'get' | 'post', path: string, status: number, body: string | Buffer, headers: Record<string, string> = XML): Captured[] {
  const captured: Captured[] = [];
  const scope = concur();
  (method === 'get' ? scope.get(path) : scope.post(path))
    .reply(function reply(_uri, requestBody) {
      captured.push({ method: this.req.method, path: this.req.path, headers: this.req.headers, body: String(requestBody) });
      return [status, body, headers];
    });
  return captured;
}

const SUMMARIES: PaymentBatchSummary[] = [
  {
    id: BATCH,
    batchUrl: `${HOST}/api/expense/paymentbatch/v1.1/batch/${BATCH}`,
    batchName: 'Employee Reimbursements - US',
    batchId: '5C1F8A2E-93D4-4B7A-A0E6-2F7B91C4D3E8',
    batchTotal: 18250.75,
    currency: 'USD',
    count: 42,
    type: 'Employee',
    paymentMethod: 'Expense Pay by SAP Concur',
  },
  {
    id: 'Zx5$c4VbN7$mLk2Jh',
    batchUrl: `${HOST}/api/expense/paymentbatch/v1.1/batch/Zx5$c4VbN7$mLk2Jh`,
    batchName: 'Corporate Card - EU',
    batchId: '0A9B8C7D-6E5F-4A3B-9C2D-1E0F9A8B7C6D',
    batchTotal: 940,
    currency: 'EUR',
    count: 7,
    type: 'Card Program',
    paymentMethod: 'Company Check (via Accounts Payable)',
  },
];

describe('PaymentBatchesService endpoints', () => {
  it('list: GETs every batch and maps each summary, reading Batch-URL and Batch-Url alike', async () => {
    const { batches } = service();
    const captured = answer('get', '/api/expense/paymentbatch/v1.1/batchlist/', 200, fixture('batch-list.xml'));
    expect(await batches.list()).toEqual(SUMMARIES);
    expect(captured[0]).toMatchObject({ method: 'GET', headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/xml' } });
  });

  it.each([
    ['OPEN', 'OPEN'],
    ['CLOSED', 'CLOSED'],
    ['open', 'OPEN'],
  ])('list({ status: %j }): filters with the path segment /batchlist/%s and no query', async (status, segment) => {
    const { batches } = service();
    const captured = answer('get', `/api/expense/paymentbatch/v1.1/batchlist/${segment}`, 200, fixture('batch-list.xml'));
    const list = await batches.list({ status: status as PaymentBatchStatus });
    expect(captured[0]?.path).toBe(`/api/expense/paymentbatch/v1.1/batchlist/${segment}`);
    expect(list).toHaveLength(2);
  });

  it('list: an empty BatchList is an empty array', async () => {
    const { batches } = service();
    answer('get', '/api/expense/paymentbatch/v1.1/batchlist/', 200, '<BatchList xmlns="http://www.concursolutions.com/api/expense/paymentbatch/2011/11"/>');
    expect(await batches.list()).toEqual([]);
  });

  it('list: refuses an unknown status before any request', async () => {
    const { batches } = service();
    const scope = concur().get(/.*/).reply(200, fixture('batch-list.xml'), XML);
    const error = await caught(() => batches.list({ status: 'PENDING' as PaymentBatchStatus }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: 'status' });
    expect(scope.isDone()).toBe(false);
  });

  it('close: POSTs an empty body to the v1.1 close of the encrypted id from Batch-URL, and maps BatchStatus', async () => {
    const { batches } = service();
    const captured = answer('post', CLOSE_V11, 200, fixture('batch-closed.xml'));
    const result = await batches.close(SUMMARIES[0] as PaymentBatchSummary);
    expect(captured[0]).toMatchObject({
      method: 'POST',
      body: '',
      headers: { 'content-length': '0', 'content-type': 'application/xml; charset=utf-8', authorization: `Bearer ${TOKEN}` },
    });
    expect(result).toEqual({ batchStatus: 'CLOSED', fileUrl: FILE_URL, status: 'SUCCESS', jobQueueKey: 'r$T5yUiO8pAs2dFg' });
  });

  it('close({ async: true }): POSTs to the v1.2 close and maps Status and JobQueueKey', async () => {
    const { batches } = service();
    const captured = answer('post', CLOSE_V12, 200, fixture('batch-close-queued.xml'));
    expect(await batches.close(BATCH, { async: true })).toEqual({ status: 'SUCCESS', jobQueueKey: 'm$N3bVcX6zLk1jHg' });
    expect(captured[0]).toMatchObject({ method: 'POST', body: '' });
  });

  it('close: reads a v1.2 answer whatever its root element (the root is UNCONFIRMED), and an empty answer', async () => {
    const { batches } = service();
    answer('post', CLOSE_V12, 200, '<CloseBatchResult><Status>QUEUED</Status><JobQueueKey>k1</JobQueueKey></CloseBatchResult>');
    expect(await batches.close(BATCH, { async: true })).toEqual({ status: 'QUEUED', jobQueueKey: 'k1' });
    answer('post', CLOSE_V12, 202, '');
    expect(await batches.close(BATCH, { async: true })).toEqual({});
  });

  it('close: a 200 whose body is an Error is a ConcurResponseError', async () => {
    const { batches } = service();
    answer('post', CLOSE_V11, 200, errorXml('Batch is locked'));
    const error = await caught(() => batches.close(BATCH));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('Batch is locked');
  });

  it('close: takes a summary by its encrypted id, so a Batch-URL naming another host still closes on the configured host', async () => {
    const { batches } = service();
    const evil = nock('https://www.concursolutions.com').post(/.*/).reply(200, fixture('batch-closed.xml'), XML);
    const captured = answer('post', CLOSE_V11, 200, fixture('batch-closed.xml'));
    const summary = { ...(SUMMARIES[0] as PaymentBatchSummary), batchUrl: `https://www.concursolutions.com/api/expense/paymentbatch/v1.1/batch/${BATCH}` };
    expect((await batches.close(summary)).batchStatus).toBe('CLOSED');
    expect(captured).toHaveLength(1);
    expect(evil.isDone()).toBe(false);
  });

  it('close: takes the Batch-URL and repairs the documented "http:// " typo', async () => {
    const { batches } = service();
    answer('post', CLOSE_V11, 200, fixture('batch-closed.xml'));
    answer('post', CLOSE_V12, 200, fixture('batch-close-queued.xml'));
    await batches.close(`${HOST}/api/expense/paymentbatch/v1.1/batch/${BATCH}`);
    await batches.close(`http:// concur.example.com/api/expense/paymentbatch/v1.1/batch/${BATCH}`, { async: true });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('downloadFile: follows File-Url on the configured host and returns the CSV as a Buffer', async () => {
    const { batches } = service();
    const csv = 'EMP_ID,AMOUNT\nE-7,410.00\n';
    const captured = answer('get', '/api/expense/paymentbatch/v1.1/batch/Gh6$t2YuJ9$kOp4Rs/file', 200, csv, { 'Content-Type': 'text/csv' });
    const file = await batches.downloadFile(FILE_URL);
    expect(captured[0]).toMatchObject({ method: 'GET', headers: { authorization: `Bearer ${TOKEN}`, accept: '*/*' } });
    expect(Buffer.isBuffer(file.data)).toBe(true);
    expect(file).toEqual({ contentType: 'text/csv', data: Buffer.from(csv) });
  });

  it('downloadFile: takes a bare job run key, encoded, and returns a zip byte for byte', async () => {
    const { batches } = service();
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0x00, 0xff, 0x80, 0x00]);
    answer('get', '/api/expense/paymentbatch/v1.1/batch/Gh6%24t2YuJ9%24kOp4Rs/file', 200, zip, { 'Content-Type': 'application/zip' });
    const file = await batches.downloadFile('Gh6$t2YuJ9$kOp4Rs');
    expect(file.contentType).toBe('application/zip');
    expect(file.data.equals(zip)).toBe(true);
  });
});

describe('PaymentBatchesService errors and ids', () => {
  it('a 500 on close is an InternalServerError that explains why, keeping every field of the original', async () => {
    const { batches, delays } = service();
    concur()
      .post(CLOSE_V11)
      .once()
      .reply(500, errorXml('Not Closed', 'E-500-7', '2026-11-25T09:15:00'), { ...XML, 'concur-correlationid': 'cid-42' });
    const error = await caught(() => batches.close(BATCH));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      name: 'InternalServerError',
      status: 500,
      serverMessage: 'Not Closed',
      serverTime: '2026-11-25T09:15:00',
      errorId: 'E-500-7',
      correlationId: 'cid-42',
      method: 'POST',
      path: CLOSE_V11,
      attempts: 1,
      retryable: false,
    });
    const { message, body, headers, cause } = error as InternalServerError;
    expect(message).toContain('could not be closed');
    expect(message).toContain('wait 30 minutes');
    expect(message).toContain('"Not Closed"');
    expect(message).toContain('cid-42');
    expect(body).toContain('<Message>Not Closed</Message>');
    expect(headers['concur-correlationid']).toBe('cid-42');
    expect(cause).toBeInstanceOf(InternalServerError);
    expect(delays).toEqual([]);
  });

  it('an invalid batch id is a NotFoundError (404) or a BadRequestError (400)', async () => {
    const { batches } = service();
    answer('post', CLOSE_V11, 404, errorXml('Batch not found'));
    expect(await caught(() => batches.close(BATCH))).toBeInstanceOf(NotFoundError);
    answer('post', CLOSE_V12, 400, errorXml('Invalid Batch ID'));
    expect(await caught(() => batches.close(BATCH, { async: true }))).toBeInstanceOf(BadRequestError);
  });

  it('a missing batch file is a NotFoundError', async () => {
    const { batches } = service();
    answer('get', '/api/expense/paymentbatch/v1.1/batch/Gh6$t2YuJ9$kOp4Rs/file', 404, errorXml('File not found'));
    expect(await caught(() => batches.downloadFile(FILE_URL))).toBeInstanceOf(NotFoundError);
  });

  it('encodes $, / and spaces in a batch id and stays on the base host', async () => {
    const { batches } = service();
    answer('post', '/api/expense/paymentbatch/v1.1/batch/a%24b%2F..%2Fc%20d/close', 200, fixture('batch-closed.xml'));
    await batches.close('a$b/../c d');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it.each([
    ['a bare ..', '..'],
    ['an empty id', ''],
    ['the plain BatchID (a GUID)', '5C1F8A2E-93D4-4B7A-A0E6-2F7B91C4D3E8'],
    ['a URL with no batch segment', `${HOST}/api/expense/paymentbatch/v1.1/batchlist/`],
  ])('close refuses %s before any request', async (_label, batch) => {
    const { batches } = service();
    const scope = concur().post(/.*/).reply(200, fixture('batch-closed.xml'), XML);
    expect(await caught(() => batches.close(batch))).toBeInstanceOf(ConcurValidationError);
    expect(scope.isDone()).toBe(false);
  });

  it('downloadFile refuses an empty argument and a bare .. before any request', async () => {
    const { batches } = service();
    const scope = concur().get(/.*/).reply(200, 'x', { 'Content-Type': 'text/csv' });
    expect(await caught(() => batches.downloadFile(''))).toBeInstanceOf(ConcurValidationError);
    expect(await caught(() => batches.downloadFile('..'))).toBeInstanceOf(ConcurValidationError);
    expect(scope.isDone()).toBe(false);
  });

  it('refuses a File-Url or Batch-URL on another host, and nothing reaches that host or carries the token', async () => {
    const { batches } = service();
    const evil = nock('https://evil.example.com').get(/.*/).reply(200, 'stolen', { 'Content-Type': 'text/csv' }).post(/.*/).reply(200, fixture('batch-closed.xml'), XML);
    const local = concur().get(/.*/).reply(200, 'x', { 'Content-Type': 'text/csv' }).post(/.*/).reply(200, fixture('batch-closed.xml'), XML);
    const summary = { ...(SUMMARIES[0] as PaymentBatchSummary), id: '', batchUrl: `https://evil.example.com/api/expense/paymentbatch/v1.1/batch/${BATCH}` };
    const errors = [
      await caught(() => batches.downloadFile('https://evil.example.com/api/expense/paymentbatch/v1.1/batch/Gh6$t2YuJ9$kOp4Rs/file')),
      await caught(() => batches.close(`https://evil.example.com/api/expense/paymentbatch/v1.1/batch/${BATCH}`)),
      await caught(() => batches.close(summary)),
      await caught(() => batches.downloadFile('https://concur.example.com.evil.example.com/file')),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConcurValidationError);
      expect((error as Error).message).toContain('not the configured host');
    }
    expect(evil.isDone()).toBe(false);
    expect(local.isDone()).toBe(false);
  });
});
