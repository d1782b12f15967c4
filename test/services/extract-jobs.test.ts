import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConcurValidationError, ConflictError, NotFoundError } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { DEF, DEF_PATH, fixture, HOST, JOB, JOB_PATH, jobXml, NS, recorder, service, type Captured } from './extract-support.js';

// ExtractService definitions, jobs and files: each endpoint, its errors and how ids and URLs are
// taken. waitForJob and the reading of job statuses are in extract-wait.test.ts.

describe('ExtractService endpoints', () => {
  it('listDefinitions: GETs the extract root with the token and maps every definition', async () => {
    const { extract } = service();
    const captured: Captured[] = [];
    const record = recorder(captured);
    concur()
      .get('/api/expense/extract/v1.0/')
      .reply(function reply(uri, body) {
        record.call(this, uri, body);
        return [200, fixture('definitions.xml'), XML];
      });
    const definitions = await extract.listDefinitions();
    expect(captured[0]).toMatchObject({ method: 'GET', headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/xml' } });
    expect(definitions).toEqual([
      {
        id: DEF,
        url: `${HOST}/api/expense/extract/v1.0/${DEF}`,
        name: 'Nightly GL Posting',
        jobLink: `${HOST}/api/expense/extract/v1.0/${DEF}/job`,
      },
      {
        id: 'Rm4$sYb81qVe$pTz0Hk',
        url: `${HOST}/api/expense/extract/v1.0/Rm4$sYb81qVe$pTz0Hk`,
        name: 'Card Remittance & Fees',
        jobLink: `${HOST}/api/expense/extract/v1.0/Rm4$sYb81qVe$pTz0Hk`,
      },
    ]);
  });

  it('getDefinition: GETs one definition by its encoded id', async () => {
    const { extract } = service();
    const scope = concur().get(DEF_PATH).reply(200, fixture('definition.xml'), XML);
    const definition = await extract.getDefinition(DEF);
    expect(scope.isDone()).toBe(true);
    expect(definition).toEqual({ id: DEF, url: `${HOST}/api/expense/extract/v1.0/${DEF}`, name: 'Nightly GL Posting', jobLink: `${HOST}/api/expense/extract/v1.0/${DEF}/job` });
  });

  it('startJob: POSTs the definition URL in the extract namespace with Content-Length, and maps the 201 job', async () => {
    const { extract } = service();
    const captured: Captured[] = [];
    const record = recorder(captured);
    concur()
      .post(`${DEF_PATH}/job`)
      .reply(function reply(uri, body) {
        record.call(this, uri, body);
        return [201, fixture('job-started.xml'), { ...XML, Location: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}` }];
      });
    const job = await extract.startJob(DEF);
    const expected = `<?xml version="1.0" encoding="utf-8"?><definition xmlns="${NS}"><id>${HOST}/api/expense/extract/v1.0/${DEF}</id></definition>`;
    expect(captured[0]?.body).toBe(expected);
    expect(captured[0]?.headers).toMatchObject({
      'content-type': 'application/xml; charset=utf-8',
      'content-length': String(Buffer.byteLength(expected)),
      authorization: `Bearer ${TOKEN}`,
    });
    expect(job).toEqual({
      id: JOB,
      url: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}`,
      definitionId: DEF,
      status: 'Queued',
      state: 'queued',
      statusLink: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}/status`,
      startTime: '2026-11-25T02:00:05Z',
      startedAt: new Date('2026-11-25T02:00:05Z'),
    });
  });

  it('startJob: sends a definition URL given by the caller as returned, and reads the job id from Location when the body has none', async () => {
    const { extract } = service();
    const captured: Captured[] = [];
    const record = recorder(captured);
    const definitionUrl = `http://concur.example.com/api/expense/extract/v1.0/${DEF}`;
    concur()
      .post(`${DEF_PATH}/job`)
      .reply(function reply(uri, body) {
        record.call(this, uri, body);
        return [201, `<job xmlns="${NS}"><status>Queued</status></job>`, { ...XML, Location: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}` }];
      });
    const job = await extract.startJob(definitionUrl);
    expect(captured[0]?.body).toContain(`<id>${definitionUrl}</id>`);
    expect(job).toMatchObject({ id: JOB, definitionId: DEF, url: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}`, state: 'queued', statusLink: '', startTime: '' });
  });

  it('listJobs: GETs the job list and maps each job, with and without stop-time and file-link', async () => {
    const { extract } = service();
    const scope = concur().get(`${DEF_PATH}/job`).reply(200, fixture('jobs.xml'), XML);
    const jobs = await extract.listJobs(DEF);
    expect(scope.isDone()).toBe(true);
    expect(jobs.map((job) => [job.id, job.definitionId, job.status, job.state, job.stopTime, job.fileLink !== undefined])).toEqual([
      [JOB, DEF, 'Running', 'running', undefined, false],
      ['Yq9$c1NbVt6$eJw3Sa', DEF, 'Complete', 'completed', '2026-11-24T02:03:41Z', true],
      ['Pd2$w7MfRk0$hUy5Ge', DEF, 'Failed', 'failed', '2026-11-23T02:00:09', false],
    ]);
    // A time without a zone is UTC (reference §5).
    expect(jobs[2]?.startedAt).toEqual(new Date('2026-11-23T02:00:03Z'));
  });

  it('getJob: GETs one job and maps it, reading fractional seconds and trimming the file-link', async () => {
    const { extract } = service();
    const scope = concur().get(JOB_PATH).reply(200, fixture('job-completed.xml'), XML);
    const job = await extract.getJob(DEF, JOB);
    expect(scope.isDone()).toBe(true);
    expect(job).toEqual({
      id: JOB,
      url: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}`,
      definitionId: DEF,
      status: 'Completed',
      state: 'completed',
      statusLink: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}/status`,
      startTime: '2026-11-25T02:00:05.37',
      startedAt: new Date('2026-11-25T02:00:05.370Z'),
      stopTime: '2026-11-25T02:04:12',
      stoppedAt: new Date('2026-11-25T02:04:12Z'),
      fileLink: `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}/file`,
    });
  });

  it('getJobStatus: GETs the status endpoint', async () => {
    const { extract } = service();
    const scope = concur().get(`${JOB_PATH}/status`).reply(200, fixture('job-status.xml'), XML);
    const job = await extract.getJobStatus(DEF, JOB);
    expect(scope.isDone()).toBe(true);
    expect(job).toMatchObject({ id: JOB, status: 'Running', state: 'running' });
  });

  it('downloadFile: returns a CSV file as a Buffer with its content type', async () => {
    const { extract } = service();
    const csv = 'REPORT_ID,AMOUNT\nR-1,12.50\n';
    const captured: Captured[] = [];
    const record = recorder(captured);
    concur()
      .get(`${JOB_PATH}/file`)
      .reply(function reply(uri, body) {
        record.call(this, uri, body);
        return [200, csv, { 'Content-Type': 'text/csv' }];
      });
    const file = await extract.downloadFile(DEF, JOB);
    expect(captured[0]?.headers).toMatchObject({ accept: '*/*', authorization: `Bearer ${TOKEN}` });
    expect(Buffer.isBuffer(file.data)).toBe(true);
    expect(file).toEqual({ contentType: 'text/csv', data: Buffer.from(csv) });
  });

  it('downloadFile: returns a zip archive byte for byte', async () => {
    const { extract } = service();
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x80]);
    concur().get(`${JOB_PATH}/file`).reply(200, zip, { 'Content-Type': 'application/zip' });
    const file = await extract.downloadFile(DEF, JOB);
    expect(file.contentType).toBe('application/zip');
    expect(file.data.equals(zip)).toBe(true);
  });
});

describe('ExtractService errors and ids', () => {
  it('a bad definition id is a NotFoundError', async () => {
    const { extract } = service();
    concur().get(DEF_PATH).reply(404, errorXml('Definition not found'), XML);
    const error = await caught(() => extract.getDefinition(DEF));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, serverMessage: 'Definition not found' });
  });

  it('a bad job id is a NotFoundError', async () => {
    const { extract } = service();
    concur().get(JOB_PATH).reply(404, errorXml('Job not found'), XML);
    expect(await caught(() => extract.getJob(DEF, JOB))).toBeInstanceOf(NotFoundError);
  });

  it('a job already queued or running is a ConflictError, not retried', async () => {
    const { extract, delays } = service();
    const scope = concur().post(`${DEF_PATH}/job`).once().reply(409, errorXml('A job is already running for this definition'), XML);
    const error = await caught(() => extract.startJob(DEF));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, method: 'POST', attempts: 1 });
    expect(scope.isDone()).toBe(true);
    expect(delays).toEqual([]);
  });

  it('encodes $, / and spaces in ids, keeping each in its segment on the base host', async () => {
    const { extract } = service();
    const scope = concur().get('/api/expense/extract/v1.0/a%24b%2Fc%20d../job/..x%2F..').reply(200, jobXml('Running'), XML);
    const job = await extract.getJob('a$b/c d..', '..x/..');
    expect(scope.isDone()).toBe(true);
    expect(job.state).toBe('running');
  });

  it.each([
    ['..', JOB],
    [DEF, '..'],
    [DEF, '%2e%2e'],
    ['', JOB],
    [DEF, '   '],
  ])('refuses definition %j / job %j before any request', async (definitionId, jobId) => {
    const { extract } = service();
    const scope = concur().get(/.*/).reply(200, jobXml('Running'), XML);
    expect(await caught(() => extract.getJob(definitionId, jobId))).toBeInstanceOf(ConcurValidationError);
    expect(scope.isDone()).toBe(false);
  });

  it('accepts the job URL Concur returned on the configured host, and takes its id segment', async () => {
    const { extract } = service();
    const scope = concur().get(JOB_PATH).reply(200, jobXml('Running'), XML);
    await extract.getJob(`${HOST}/api/expense/extract/v1.0/${DEF}`, `${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}/status`);
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a definition or job URL on another host, with no request there', async () => {
    const { extract } = service();
    const evil = nock('https://evil.example.com').get(/.*/).reply(200, jobXml('Running'), XML).post(/.*/).reply(201, jobXml('Queued'), XML);
    const local = concur().get(/.*/).reply(200, jobXml('Running'), XML);
    const first = await caught(() => extract.getJob(DEF, `https://evil.example.com/api/expense/extract/v1.0/${DEF}/job/${JOB}`));
    const second = await caught(() => extract.startJob(`https://evil.example.com/api/expense/extract/v1.0/${DEF}`));
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(ConcurValidationError);
      expect((error as Error).message).toContain('evil.example.com');
    }
    expect(evil.isDone()).toBe(false);
    expect(local.isDone()).toBe(false);
  });
});
