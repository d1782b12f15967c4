import { describe, expect, it } from 'vitest';
import { ConcurClient, ConflictError, InternalServerError, NotFoundError } from '../../src/index.js';
import { SIMULATOR_TOKEN, type Simulator } from '../../src/simulator/index.js';
import { manualClock, simulator } from './helpers.js';

// Each SDK service against the simulator: the formats both sides read from the reference agree.

function client(sim: Simulator): ConcurClient {
  return new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, sleep: () => Promise.resolve(), retry: { delayMs: 10 } });
}

const address = { externalId: 'A1', address1: '1 Main St', city: 'Seattle', stateProvince: 'WA', postalCode: '98101', countryCode: 'US' };

describe('SDK services against the simulator', () => {
  it('attendees: types, create with per-item errors, update and inactivation', async () => {
    const sim = await simulator();
    const concur = client(sim);
    expect(await concur.attendees.listTypes()).toContainEqual({ type: 'BUSGUEST', name: 'Business Guest' });
    const created = await concur.attendees.create([
      { externalId: 'G-1', type: 'BUSGUEST', lastName: 'Lovelace', currencyCode: 'USD' },
      { externalId: 'ATT-0001', type: 'BUSGUEST', lastName: 'Hopper', currencyCode: 'USD' },
    ]);
    expect([created.succeeded, created.failed]).toEqual([1, 1]);
    expect(created.items[1]).toMatchObject({ status: 'failed', code: '1301' });
    const updated = await concur.attendees.update([{ externalId: 'G-1', inactive: true }, { externalId: 'NOPE', inactive: true }]);
    expect(updated.items.map((item) => [item.status, item.code])).toEqual([
      ['succeeded', undefined],
      ['failed', '1305'],
    ]);
    expect(sim.state.attendees.get('G-1')?.inactive).toBe(true);
  });

  it('users: profile, form fields, upsert and passwords', async () => {
    const sim = await simulator();
    const concur = client(sim);
    expect((await concur.users.get()).loginId).toBe('admin@example.com');
    expect((await concur.users.getFormFields()).some((field) => field.id === 'LastName' && field.required)).toBe(true);
    const result = await concur.users.upsert([
      { empId: 'E2', loginId: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', password: 'Initial-1', ledgerKey: 'DEFAULT' },
      { empId: 'E3', loginId: 'nopass@example.com', firstName: 'No', lastName: 'Password', ledgerKey: 'DEFAULT' },
    ]);
    expect(result.items.map((item) => item.status)).toEqual(['succeeded', 'failed']);
    expect(result.items[1]?.message).toBe('MISSING_REQUIRED_FIELDS:Password');
    const passwords = await concur.users.updatePasswords([{ loginId: 'grace@example.com', password: 'Changed-2' }]);
    expect(passwords.succeeded).toBe(1);
    expect(sim.state.users.get('grace@example.com')?.password).toBe('Changed-2');
  });

  it('extract: start a job, wait for it by the clock, download the CSV; 409 and 404 map to typed errors', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 4_000 });
    const concur = client(sim);
    const [definition] = await concur.extract.listDefinitions();
    if (definition === undefined) throw new Error('no definition');
    const job = await concur.extract.startJob(definition.id);
    expect(job.status).toBe('Queued');
    await expect(concur.extract.startJob(definition.id)).rejects.toBeInstanceOf(ConflictError);
    const done = await concur.extract.waitForJob(definition.id, job.id, { onPoll: () => clock.advance(1_000) });
    expect(done.state).toBe('completed');
    const file = await concur.extract.downloadFile(definition.id, job.id);
    expect(file.contentType).toMatch(/^text\/csv/);
    expect(file.data.toString('utf8')).toContain('Employee ID');
    await expect(concur.extract.getJob(definition.id, 'missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('imaging: upload a receipt, get its short-lived URL and fetch the bytes', async () => {
    const sim = await simulator();
    const concur = client(sim);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const uploaded = await concur.imaging.uploadReceipt(png, 'image/png');
    const { url } = await concur.imaging.getReceiptImageUrl(uploaded.id);
    const response = await fetch(url);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
    await expect(concur.imaging.getReportImageUrl('none')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('payment batches: list, close, download; an empty batch fails with a 500', async () => {
    const sim = await simulator();
    const concur = client(sim);
    const [open, empty] = await concur.paymentBatches.list({ status: 'OPEN' });
    if (open === undefined || empty === undefined) throw new Error('seed batches missing');
    expect(open).toMatchObject({ batchName: 'Expense Pay batch', count: 2, batchTotal: 199.75 });
    const closed = await concur.paymentBatches.close(open);
    expect(closed).toMatchObject({ batchStatus: 'CLOSED', status: 'SUCCESS' });
    const file = await concur.paymentBatches.downloadFile(closed.fileUrl ?? '');
    expect(file.data.toString('utf8')).toContain('R-1002');
    await expect(concur.paymentBatches.close(empty)).rejects.toBeInstanceOf(InternalServerError);
    const queued = await concur.paymentBatches.close(open, { async: true });
    expect(queued.status).toBe('SUCCESS');
  });

  it('purchase orders: submit, with Concur error codes per order', async () => {
    const sim = await simulator();
    const concur = client(sim);
    const order = (poNumber: string, vendorCode = 'ACME') => ({
      poNumber,
      policyExternalId: 'PO-POLICY',
      currencyCode: 'USD',
      vendorCode,
      vendorAddressCode: 'MAIN',
      shipTo: address,
      billTo: address,
      orderDate: '2026-11-25',
      lineItems: [{ lineNumber: 1, externalId: 'L1', quantity: 2, unitPrice: '10.00', expenseType: 'OFFSP' }],
    });
    const result = await concur.purchaseOrders.submit([order('PO-1'), order('PO-2', 'NOBODY')]);
    expect(result.items.map((item) => [item.status, item.code])).toEqual([
      ['succeeded', undefined],
      ['failed', '2000'],
    ]);
    expect(sim.state.purchaseOrders.get('PO-1')?.lineItems).toHaveLength(1);
  });
});
