import { afterEach, describe, expect, it } from 'vitest';
import { ConcurValidationError } from '../../src/index.js';
import { closeSimulators, connect, first, LINK_ORIGIN, logged, manualClock, rejection, simulator } from './support.js';

// End-to-end: the README's "pass the link Concur returned" patterns, with the simulator writing
// its links on www.concursolutions.com as Concur's published examples do, and the client on the
// simulator's loopback URL. Every request must reach the simulator (its log shows it); nothing
// may go to www.concursolutions.com (test/setup.ts blocks every non-loopback host).

afterEach(closeSimulators);

describe('links on www.concursolutions.com, followed on the configured host', () => {
  it('listItems.getList(list.url) and getItems(list.url)', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const list = first(await concur.listItems.getLists());
    expect(list.url.startsWith(`${LINK_ORIGIN}/api/expense/list/v1.0/`)).toBe(true);
    expect(await concur.listItems.getList(list.url)).toEqual(list);
    expect((await concur.listItems.getItems(list.url)).map((item) => item.name)).toEqual(['United States', 'France']);
    expect(logged(sim)).toEqual([
      'GET /api/expense/list/v1.0/ 200',
      'GET /api/expense/list/v1.0/gWqCities%24pZmcowMR01 200',
      'GET /api/expense/list/v1.0/gWqCities%24pZmcowMR01/items 200',
    ]);
  });

  it('extract.startJob(definition.url), then getJob and waitForJob with the job url, then downloadFile', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 2_000 });
    const { concur } = connect(sim, {}, clock.advance);
    const definition = first(await concur.extract.listDefinitions());
    expect(definition.url.startsWith(`${LINK_ORIGIN}/api/expense/extract/v1.0/`)).toBe(true);
    const job = await concur.extract.startJob(definition.url);
    expect(job.url).toBe(`${definition.url}/job/${job.id}`);
    expect(job.statusLink).toBe(`${job.url}/status`);
    expect((await concur.extract.getJob(definition.url, job.url)).id).toBe(job.id);
    expect((await concur.extract.getJobStatus(definition.url, job.statusLink ?? '')).id).toBe(job.id);
    const done = await concur.extract.waitForJob(definition.url, job.url, { intervalMs: 1_000 });
    expect(done.fileLink).toBe(`${job.url}/file`);
    const file = await concur.extract.downloadFile(definition.url, job.url);
    expect(file.data.toString('utf8').split('\r\n')[0]).toBe('Employee ID,Report ID,Report Name,Amount,Currency,Extract Date');
    expect(sim.state.extract.jobs(definition.id)).toHaveLength(1);
    expect(logged(sim).every((line) => line.startsWith('GET /api/expense/extract/v1.0/') || line.startsWith('POST /api/expense/extract/v1.0/'))).toBe(true);
  });

  it('paymentBatches.close(batch.batchUrl), then downloadFile(result.fileUrl)', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const batch = first(await concur.paymentBatches.list({ status: 'OPEN' }));
    expect(batch.batchUrl).toBe(`${LINK_ORIGIN}/api/expense/paymentbatch/v1.1/batch/${batch.id}`);
    const result = await concur.paymentBatches.close(batch.batchUrl);
    expect(result.fileUrl?.startsWith(`${LINK_ORIGIN}/api/expense/paymentbatch/v1.1/batch/`)).toBe(true);
    const file = await concur.paymentBatches.downloadFile(result.fileUrl ?? '');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.data.toString('utf8')).toContain('R-1001');
    const fileKey = sim.state.paymentBatches.get(batch.id)?.fileKey ?? '';
    expect(logged(sim)).toEqual([
      'GET /api/expense/paymentbatch/v1.1/batchlist/OPEN 200',
      'POST /api/expense/paymentbatch/v1.1/batch/pBaTch%24Open%240001/close 200',
      `GET /api/expense/paymentbatch/v1.1/batch/${fileKey}/file 200`,
    ]);
  });

  it('the published File-Url form, "http:// www.concursolutions.com/…", downloads too', async () => {
    const sim = await simulator({ linkOrigin: 'http://www.concursolutions.com', spaceInFileUrl: true });
    const { concur } = connect(sim);
    const batch = first(await concur.paymentBatches.list({ status: 'OPEN' }));
    const result = await concur.paymentBatches.close(batch);
    // The SDK removes the space when it reads the close response.
    expect(result.fileUrl?.startsWith('http://www.concursolutions.com/api/expense/paymentbatch/v1.1/batch/')).toBe(true);
    const spaced = (result.fileUrl ?? '').replace('http://', 'http:// ');
    for (const link of [result.fileUrl ?? '', spaced]) {
      expect((await concur.paymentBatches.downloadFile(link)).data.toString('utf8')).toContain('R-1002');
    }
  });

  it('a link naming another host is refused and the simulator sees nothing', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const list = first(await concur.listItems.getLists());
    const before = logged(sim).length;
    for (const link of [list.url.replace('www.concursolutions.com', 'evil.example'), list.url.replace('www.concursolutions.com', 'www.concursolutions.com.evil.example')]) {
      const error = await rejection(concur.listItems.getList(link));
      expect(error).toBeInstanceOf(ConcurValidationError);
      expect(error).toMatchObject({ field: 'link' });
    }
    expect(logged(sim)).toHaveLength(before);
  });
});
