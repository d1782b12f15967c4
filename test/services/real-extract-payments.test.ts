import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ExtractService } from '../../src/services/extract.js';
import { PaymentBatchesService } from '../../src/services/payment-batches.js';
import { XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';
import { compact, real, withoutDeclaration } from './real-support.js';

// Extract v1.0 (current page, same as 2013) and Payment Batch v1.1/v1.2 (2013 pages) against
// their published payloads (test/fixtures/real/{extract,payment-batches}/*.source.md). These
// services' code is not changed here: a difference from a sample is asserted as the SDK behaves
// today and reported.

const CONCUR = 'https://www.concursolutions.com';
const DEF = 'nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd';
const DEF_PATH = '/api/expense/extract/v1.0/nYoPK%24pZmcowMRUqcl5bnDAwwsMydyt%24xd';

/** Services on the host every published example uses, so the published links can be followed. */
function services(baseUrl = CONCUR) {
  const { requester } = testRequester({ baseUrl });
  return { extract: new ExtractService(requester), batches: new PaymentBatchesService(requester) };
}

describe('Extract v1.0 on the published payloads', () => {
  it('listDefinitions reads all three, job-link as published (two of them lack /job)', async () => {
    nock(CONCUR).get('/api/expense/extract/v1.0/').reply(200, real('extract/definitions.xml'), XML);
    const definitions = await services().extract.listDefinitions();
    expect(definitions.map((definition) => [definition.id, definition.name, definition.jobLink?.endsWith('/job')])).toEqual([
      [DEF, 'Standard Accounting Extract', true],
      ['Umj$swS19lpd7Sk$phUYl67wE1ss4Q$shu', 'European Extract', false],
      ['8LjhN23Hs33$piUUfy4ytTqa$sqqacYeP1', 'Asian Extract', false],
    ]);
  });

  it('getDefinition reads one definition', async () => {
    nock(CONCUR).get('/api/expense/extract/v1.0/n59FpBJ8hN3qVWTFIrtxkOT5%24pef6DmIj3').reply(200, real('extract/definition.xml'), XML);
    expect(await services().extract.getDefinition('n59FpBJ8hN3qVWTFIrtxkOT5$pef6DmIj3')).toEqual({
      id: 'n59FpBJ8hN3qVWTFIrtxkOT5$pef6DmIj3',
      url: `${CONCUR}/api/expense/extract/v1.0/n59FpBJ8hN3qVWTFIrtxkOT5$pef6DmIj3`,
      name: 'AMEX Remittance - US',
      jobLink: `${CONCUR}/api/expense/extract/v1.0/n59FpBJ8hN3qVWTFIrtxkOT5$pef6DmIj3/job`,
    });
  });

  it('startJob sends exactly the published request and reads the 201 job (leading space in status-link trimmed)', async () => {
    const bodies: string[] = [];
    nock(CONCUR)
      .post(`${DEF_PATH}/job`)
      .reply((_uri, body) => {
        bodies.push(String(body));
        return [201, real('extract/job-started.xml'), { ...XML, Location: `${CONCUR}/api/expense/extract/v1.0/${DEF}/job/uIo87jk3SHudi$sdlYle8$peot$pD21jyd` }];
      });
    const job = await services().extract.startJob(DEF);
    expect(withoutDeclaration(bodies[0] as string)).toBe(compact(real('extract/job-request.xml')));
    expect(job).toMatchObject({ id: 'uIo87jk3SHudi$sdlYle8$peot$pD21jyd', definitionId: DEF, status: 'Queued', state: 'queued', startTime: '2010-01-13T18:30:02Z' });
    expect(job.statusLink).toBe(`${CONCUR}/api/expense/extract/v1.0/${DEF}/job/uIo87jk3SHudi$sdlYle8$peot$pD21jyd/status`);
  });

  it('listJobs reads a jobs document in the placeholder namespace "...": Queued and Complete', async () => {
    nock(CONCUR).get(`${DEF_PATH}/job`).reply(200, real('extract/jobs.xml'), XML);
    const jobs = await services().extract.listJobs(DEF);
    expect(jobs.map((job) => [job.id, job.status, job.state, job.fileLink !== undefined])).toEqual([
      ['uIo87jk3SHudi$sdlYle8$peot$pD21jyd', 'Queued', 'queued', false],
      ['21UwwqA3jk25Lis77jF$piiD21c89lLwEq', 'Complete', 'completed', true],
      ['uI77ndy0Q1szuU73XSh56lshi$p215gHs1', 'Complete', 'completed', true],
    ]);
    // The third status-link lacks /expense/ in the sample; the SDK keeps the link as given.
    expect(jobs[2]?.statusLink).toBe(`${CONCUR}/api/extract/v1.0/${DEF}/job/uI77ndy0Q1szuU73XSh56lshi$p215gHs1/status`);
  });

  it('getJob reads the published job details; the id keeps the stray ">" the sample has', async () => {
    nock(CONCUR).get(`${DEF_PATH}/job/uIo87jk3SHudi%24sdlYle8%24peot%24pD21jyd`).reply(200, real('extract/job.xml'), XML);
    const job = await services().extract.getJob(DEF, 'uIo87jk3SHudi$sdlYle8$peot$pD21jyd');
    expect(job).toMatchObject({ id: 'uIo87jk3SHudi$sdlYle8$peot$pD21jyd>', status: 'Complete', state: 'completed', startTime: '2010-01-12T18:30:01', stopTime: '2010-01-12T18:31:01' });
    expect(job.startedAt?.toISOString()).toBe('2010-01-12T18:30:01.000Z');
    expect(job.fileLink).toBe(`${CONCUR}/api/expense/extract/v1.0/${DEF}/job/uIo87jk3SHudi$sdlYle8$peot$pD21jyd/file`);
  });

  it('getJobStatus reads Completed with fractional seconds and no zone', async () => {
    nock(CONCUR)
      .get('/api/expense/extract/v1.0/nX8O9%24pytn6vJEWvLOZxyy3GcNGyj0ZklG/job/nIJp1lR2R0LNT4XcO5fXG%24s%24sZmVuRTuG%24ps/status')
      .reply(200, real('extract/job-status.xml'), XML);
    const job = await services().extract.getJobStatus('nX8O9$pytn6vJEWvLOZxyy3GcNGyj0ZklG', 'nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps');
    expect(job).toMatchObject({ status: 'Completed', state: 'completed', startTime: '2011-08-25T14:25:22.58', stopTime: '2011-08-25T14:25:23.537' });
    expect([job.startedAt?.toISOString(), job.stoppedAt?.toISOString()]).toEqual(['2011-08-25T14:25:22.580Z', '2011-08-25T14:25:23.537Z']);
  });
});

describe('Payment Batch on the published payloads', () => {
  it('list reads the three published OPEN batches; the id is the encrypted key of Batch-URL', async () => {
    nock(CONCUR).get('/api/expense/paymentbatch/v1.1/batchlist/OPEN').reply(200, real('payment-batches/batch-list-2013.xml'), XML);
    const batches = await services().batches.list({ status: 'OPEN' });
    expect(batches.map((batch) => [batch.id, batch.batchId, batch.batchTotal, batch.currency, batch.count, batch.type, batch.paymentMethod])).toEqual([
      ['12345678901234567890', '13cb38dc-46d2-4e0c-8973-8c7667806b47', 334.21, 'USD', 10, 'Employee', 'Expense Pay by Concur'],
      ['7786363756383463637', '88de2u62-77sk-ldie-2j23-182733j263es', 123.88, 'USD', 3, 'Card Program', 'Company Check (via Accounts Payable)'],
      ['8873837365536353637', 'fj8390sk-0foe-a2w3-838s-owi2188dk7ej', 45.87, 'USD', 1, 'Employee', 'Company Check (via Accounts Payable)'],
    ]);
    expect(batches[0]?.batchName).toBe('USD: Employees Batch Paid by Expense Pay');
  });

  it('close reads the published BatchStatus; the File-Url "http:// www…" is cleaned and followed over https', async () => {
    const { batches } = services();
    nock(CONCUR).post('/api/expense/paymentbatch/v1.1/batch/12345678901234567890/close').reply(200, real('payment-batches/batch-close-2013.xml'), XML);
    const closed = await batches.close('12345678901234567890');
    expect(closed).toEqual({
      batchStatus: 'CLOSED',
      fileUrl: 'http://www.concursolutions.com/api/expense/paymentbatch/v1.1/batch/n$s4MtBKgvoJxAYcbggR7eD2jRU$sxYjePU/file',
      status: 'SUCCESS',
      jobQueueKey: 'd$wIUEkl72LW299WTjTlskdy',
    });
    // The link is followed by its path as Concur wrote it, `$` included.
    nock(CONCUR).get('/api/expense/paymentbatch/v1.1/batch/n$s4MtBKgvoJxAYcbggR7eD2jRU$sxYjePU/file').reply(200, '100,AAA,BBBB,CCCC', { 'Content-Type': 'text/csv' });
    const file = await batches.downloadFile(closed.fileUrl as string);
    expect([file.contentType, file.data.toString('utf8')]).toEqual(['text/csv', '100,AAA,BBBB,CCCC']);
  });

  it('a published File-Url names www.concursolutions.com: on a regional host it is followed there, by path', async () => {
    const US2 = 'https://us2.api.concursolutions.com';
    const { batches } = services(US2);
    nock(US2).post('/api/expense/paymentbatch/v1.1/batch/12345678901234567890/close').reply(200, real('payment-batches/batch-close-2013.xml'), XML);
    const closed = await batches.close('12345678901234567890');
    nock(US2).get('/api/expense/paymentbatch/v1.1/batch/n$s4MtBKgvoJxAYcbggR7eD2jRU$sxYjePU/file').reply(200, '100,AAA,BBBB,CCCC', { 'Content-Type': 'text/csv' });
    const www = nock(CONCUR).get(/.*/).reply(200, '');
    const file = await batches.downloadFile(closed.fileUrl as string);
    expect(file.data.toString('utf8')).toBe('100,AAA,BBBB,CCCC');
    expect(www.isDone()).toBe(false);
  });
});
