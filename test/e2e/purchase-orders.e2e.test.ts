import { afterEach, describe, expect, it } from 'vitest';
import type { PurchaseOrderAddress, PurchaseOrderInput } from '../../src/index.js';
import { closeSimulators, connect, first, logged, simulator } from './support.js';

// End-to-end: the purchaseOrders methods of a ConcurClient pointed at a simulator on a real local
// port, asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

afterEach(closeSimulators);

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
