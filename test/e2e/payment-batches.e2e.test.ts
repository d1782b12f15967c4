import { afterEach, describe, expect, it } from 'vitest';
import { ConcurValidationError, InternalServerError, NotFoundError } from '../../src/index.js';
import { closeSimulators, connect, first, logged, manualClock, rejection, simulator } from './support.js';

// End-to-end: the paymentBatches methods of a ConcurClient pointed at a simulator on a real local
// port, asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

const OPEN_BATCH_ID = 'pBaTch$Open$0001';
const EMPTY_BATCH_ID = 'pBaTch$Empty$0002';

afterEach(closeSimulators);

describe('paymentBatches', () => {
  it('list: all, OPEN and CLOSED', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    sim.state.paymentBatches.add({ name: 'Closed batch', id: 'pBaTch$Closed$0003', status: 'CLOSED', reports: [{ reportId: 'R-9', employeeId: 'E9', amount: 10 }] });
    const batchUrl = (id: string): string => `${sim.linkOrigin}/api/expense/paymentbatch/v1.1/batch/${id}`;
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
    expect(closed).toEqual({ batchStatus: 'CLOSED', status: 'SUCCESS', fileUrl: `${sim.linkOrigin}/api/expense/paymentbatch/v1.1/batch/${batch.fileKey}/file` });
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
