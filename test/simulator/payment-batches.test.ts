import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { elements } from '../../src/xml/nodes.js';
import { NS, call, manualClock, namespaceOf, root, simulator, text } from './helpers.js';

const V11 = '/api/expense/paymentbatch/v1.1';
const V12 = '/api/expense/paymentbatch/v1.2';
const OPEN_ID = 'pBaTch$Open$0001';
const EMPTY_ID = 'pBaTch$Empty$0002';

describe('Payment Batch: list', () => {
  it('lists BatchList / BatchSummary with the documented elements', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', `${V11}/batchlist/`);
    expect(namespaceOf(response.text)).toBe(NS.paymentBatch);
    const [open, empty] = elements(root(response.text, 'BatchList'), 'BatchSummary');
    expect(open).toEqual({
      BatchName: 'Expense Pay batch',
      BatchID: '5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F',
      BatchTotal: '199.75',
      Currency: 'USD',
      Count: '2',
      Type: 'Employee',
      PaymentMethod: 'Expense Pay by SAP Concur',
      'Batch-URL': `${sim.url}${V11}/batch/${OPEN_ID}`,
    });
    expect(empty).toMatchObject({ BatchName: 'Empty batch', Count: '0', BatchTotal: '0.00' });
  });

  it('filters by OPEN / CLOSED as a path segment or a Status parameter; other values are 400', async () => {
    const sim = await simulator();
    sim.state.paymentBatches.add({ name: 'Old', status: 'CLOSED' });
    const names = async (path: string) => elements(root((await call(sim, 'GET', path)).text, 'BatchList'), 'BatchSummary').map((batch) => batch['BatchName']);
    expect(await names(`${V11}/batchlist/CLOSED`)).toEqual(['Old']);
    expect(await names(`${V11}/batchlist/open`)).toEqual(['Expense Pay batch', 'Empty batch']);
    expect(await names(`${V11}/batchlist/?Status=CLOSED`)).toEqual(['Old']);
    expect((await call(sim, 'GET', `${V11}/batchlist/PENDING`)).status).toBe(400);
  });
});

describe('Payment Batch: close and file', () => {
  it('closes synchronously (v1.1) with BatchStatus, File-Url and Status, and serves the CSV file', async () => {
    const sim = await simulator();
    const response = await call(sim, 'POST', `${V11}/batch/${encodeURIComponent(OPEN_ID)}/close`);
    expect(response.status).toBe(200);
    const status = root(response.text, 'BatchStatus');
    expect(status).toMatchObject({ BatchStatus: 'CLOSED', Status: 'SUCCESS' });
    const fileUrl = text(status, 'File-Url') ?? '';
    expect(fileUrl).toMatch(new RegExp(`^${sim.url}${V11}/batch/[^/]+/file$`));
    const file = await call(sim, 'GET', new URL(fileUrl).pathname);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(file.text.split('\r\n').slice(0, 2)).toEqual(['Batch Name,Batch ID,Report ID,Employee ID,Amount,Currency', 'Expense Pay batch,5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F,R-1001,E0001,125.50,USD']);
    const batch = sim.state.paymentBatches.get(OPEN_ID);
    expect(batch && sim.state.paymentBatches.statusOf(batch)).toBe('CLOSED');
    // Closing a closed batch again writes the file anew (reference §7).
    const again = root((await call(sim, 'POST', `${V11}/batch/${encodeURIComponent(OPEN_ID)}/close`)).text, 'BatchStatus');
    expect(text(again, 'File-Url')).not.toBe(fileUrl);
  });

  it('answers 500 "Not Closed" for a batch without reports, on both versions', async () => {
    const sim = await simulator();
    for (const base of [V11, V12]) {
      const response = await call(sim, 'POST', `${base}/batch/${encodeURIComponent(EMPTY_ID)}/close`);
      expect(response.status).toBe(500);
      expect(parseErrorBody(response.text).message).toMatch(/contains no reports/);
    }
    const empty = sim.state.paymentBatches.get(EMPTY_ID);
    expect(empty && sim.state.paymentBatches.statusOf(empty)).toBe('OPEN');
  });

  it('closes asynchronously (v1.2) with Status and JobQueueKey; the batch lists CLOSED after batchCloseDurationMs', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, batchCloseDurationMs: 30_000 });
    const response = await call(sim, 'POST', `${V12}/batch/${OPEN_ID}/close`);
    const status = root(response.text, 'BatchStatus');
    expect(text(status, 'Status')).toBe('SUCCESS');
    expect(text(status, 'JobQueueKey')).toMatch(/^\S{16}$/);
    const closedNames = async () => elements(root((await call(sim, 'GET', `${V11}/batchlist/CLOSED`)).text, 'BatchList'), 'BatchSummary').length;
    expect(await closedNames()).toBe(0);
    clock.advance(30_000);
    expect(await closedNames()).toBe(1);
  });

  it('answers 400 when the plain BatchID GUID is used in the URL, and 404 for an unknown id or file', async () => {
    const sim = await simulator();
    const guid = await call(sim, 'POST', `${V11}/batch/5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F/close`);
    expect(guid.status).toBe(400);
    expect(parseErrorBody(guid.text).message).toMatch(/Batch-URL/);
    expect((await call(sim, 'POST', `${V11}/batch/unknown/close`)).status).toBe(404);
    expect((await call(sim, 'GET', `${V11}/batch/unknown/file`)).status).toBe(404);
  });
});
