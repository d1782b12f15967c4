import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { buildXml, type XmlBuildValue } from '../../src/xml/builder.js';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { elements } from '../../src/xml/nodes.js';
import { NS, call, namespaceOf, root, simulator, text } from './helpers.js';

const PATH = '/api/invoice/purchaseorder/v1.0';
type Order = { [name: string]: XmlBuildValue };

const address = (externalId: string): Order => ({ ExternalId: externalId, Address1: '1 Main St', City: 'Seattle', StateProvince: 'WA', PostalCode: '98101', CountryCode: 'US' });

function order(poNumber: string, changes: Order = {}): Order {
  return {
    PoNumber: poNumber,
    PolicyExternalId: 'PO-POLICY',
    CurrencyCode: 'USD',
    VendorCode: 'ACME',
    VendorAddressCode: 'MAIN',
    ShipTo: address('SHIP1'),
    BillTo: address('BILL1'),
    OrderDate: '2026-11-25',
    LineItem: [{ LineNumber: '1', ExternalId: 'L1', Quantity: '2', UnitPrice: '10.00', ExpenseType: 'OFFSP', Allocation: [{ Amount: '15.00' }] }],
    ...changes,
  };
}

async function post(sim: Simulator, orders: Order[]) {
  const response = await call(sim, 'POST', PATH, { body: buildXml('Batch', { PurchaseOrder: orders }) });
  return { response, result: response.status === 200 ? root(response.text, 'Response') : {} };
}

describe('Purchase Order v1.0', () => {
  it('creates and updates orders, answering Response with a PurchaseOrderResult per order', async () => {
    const sim = await simulator();
    const { response, result } = await post(sim, [order('PO-1'), order('PO-2')]);
    expect(response.status).toBe(200);
    expect(namespaceOf(response.text)).toBe(NS.purchaseOrder);
    expect(result).toMatchObject({ Processed: '2', Success: '2', Failures: '0' });
    expect(elements(result, 'Results', 'PurchaseOrderResult')).toEqual([
      { PoNumber: 'PO-1', Status: 'SUCCESS' },
      { PoNumber: 'PO-2', Status: 'SUCCESS' },
    ]);
    await post(sim, [order('PO-1', { Description: 'Updated' })]);
    expect(sim.state.purchaseOrders.get('PO-1')).toMatchObject({ version: 2, header: { Description: 'Updated' }, shipTo: { City: 'Seattle' } });
    expect(sim.state.purchaseOrders.get('PO-1')?.lineItems[0]?.allocations).toEqual([{ Amount: '15.00' }]);
  });

  it('reports each failed order with ErrorCode, ErrorMessage, FieldCode and LineItemExternalId, with HTTP 200', async () => {
    const sim = await simulator();
    const line = (changes: Order): Order => ({ LineItem: [{ LineNumber: '1', ExternalId: 'L1', Quantity: '1', UnitPrice: '5', ExpenseType: 'OFFSP', ...changes }] });
    const { response, result } = await post(sim, [
      order(''),
      order('PO-V', { VendorCode: 'NOBODY' }),
      order('PO-C', { CurrencyCode: 'dollars' }),
      order('PO-P', { PolicyExternalId: 'UNKNOWN' }),
      order('PO-L', { LineItem: [] }),
      order('PO-X', line({ AccountCode: '6000' })),
      order('PO-D', { LineItem: [{ LineNumber: '1', ExternalId: 'L1', Quantity: '1', UnitPrice: '5', ExpenseType: 'A' }, { LineNumber: '2', ExternalId: 'L1', Quantity: '1', UnitPrice: '5', ExpenseType: 'A' }] }),
      order('PO-Q', line({ Quantity: undefined })),
      order('PO-S', { ShipTo: undefined }),
      order('PO-A', line({ Allocation: [{ Amount: '6' }] })),
      order('PO-OK'),
    ]);
    expect(response.status).toBe(200);
    expect(result).toMatchObject({ Processed: '11', Success: '1', Failures: '10' });
    const results = elements(result, 'Results', 'PurchaseOrderResult');
    expect(results.map((entry) => [entry['PoNumber'], entry['Status'], entry['ErrorCode'], entry['FieldCode']])).toEqual([
      ['', 'FAILURE', '1000', 'Header|PoNumber'],
      ['PO-V', 'FAILURE', '2000', 'Header|VendorCode'],
      ['PO-C', 'FAILURE', '3000', 'Header|CurrencyCode'],
      ['PO-P', 'FAILURE', '4000', 'Header|PolicyExternalId'],
      ['PO-L', 'FAILURE', '5000', 'LineItem|LineItem'],
      ['PO-X', 'FAILURE', '5001', 'LineItem|ExpenseType'],
      ['PO-D', 'FAILURE', '5600', 'LineItem|ExternalId'],
      ['PO-Q', 'FAILURE', '8000', 'LineItem|Quantity'],
      ['PO-S', 'FAILURE', '6000', 'ShipTo|ShipTo'],
      ['PO-A', 'FAILURE', '5501', 'Allocation|Amount'],
      ['PO-OK', 'SUCCESS', undefined, undefined],
    ]);
    expect(results[7]?.['LineItemExternalId']).toBe('L1');
    expect(sim.state.purchaseOrders.size).toBe(1);
  });

  it('checks policy support and a policy change with 4001 and 4002', async () => {
    const sim = await simulator();
    sim.state.purchaseOrders.addPolicy('NO-PO', false);
    sim.state.purchaseOrders.addPolicy('OTHER');
    await post(sim, [order('PO-1')]);
    const { result } = await post(sim, [order('PO-2', { PolicyExternalId: 'NO-PO' }), order('PO-1', { PolicyExternalId: 'OTHER' })]);
    expect(elements(result, 'Results', 'PurchaseOrderResult').map((entry) => entry['ErrorCode'])).toEqual(['4001', '4002']);
  });

  it('accepts any vendor and policy when the seed registers none', async () => {
    const sim = await simulator({ seed: {} });
    const { result } = await post(sim, [order('PO-1', { VendorCode: 'ANY', PolicyExternalId: 'ANY' })]);
    expect(text(result, 'Success')).toBe('1');
  });

  it('refuses 0 and more than 1000 purchase orders with 400', async () => {
    const sim = await simulator();
    const empty = await post(sim, []);
    expect(parseErrorBody(empty.response.text).message).toBe('The request contains 0 purchase orders.');
    const many = await post(sim, Array.from({ length: 1001 }, (_, index) => order(`PO-${index}`)));
    expect(many.response.status).toBe(400);
    expect(parseErrorBody(many.response.text).message).toBe('The request contains over 1000 purchase orders.');
  });
});
