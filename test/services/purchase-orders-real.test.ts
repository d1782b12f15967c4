import { describe, expect, it } from 'vitest';
import { PurchaseOrdersService } from '../../src/services/purchase-orders.js';
import type { PurchaseOrderInput } from '../../src/services/purchase-orders-types.js';
import { concur, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';
import { compact, real, withoutDeclaration } from './real-support.js';

// PurchaseOrdersService against the 2013 "Purchase Order Resource: POST" page, the only published
// Purchase Order v1 examples (test/fixtures/real/purchase-orders, each with a .source.md).

const PATH = '/api/invoice/purchaseorder/v1.0';
const customs = (count: number): Record<string, string> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`custom${i + 1}`, `Custom Value ${i + 1}`]));
const address = (externalId: string, name: string) => ({
  externalId,
  name,
  address1: '23345 South West Street',
  address2: '',
  address3: '',
  city: 'Minneapolis',
  stateProvince: 'MN',
  postalCode: '554303',
  countryCode: 'US',
});

/** The order of the published example, field by field. */
const published: PurchaseOrderInput = {
  poNumber: 'PO123456',
  policyExternalId: 'USPOLICY',
  currencyCode: 'USD',
  vendorCode: 'HOMEDEPOT',
  vendorAddressCode: 'REMITADDRMNLOC101',
  shipTo: address('SHIP12345', 'Location 5'),
  billTo: address('BILL12345', 'Head Quarters'),
  orderDate: '2011-03-15',
  name: 'Office Depot Order',
  description: 'Office Supplies',
  requestedDeliveryDate: '2011-03-17',
  requestedBy: 'Greg',
  paymentTerms: '30',
  discountTerms: '10',
  discountPercentage: '15',
  tax: '2.25',
  shipping: '1.17',
  shippingDescription: 'Shipped',
  ...customs(24),
  lineItems: [
    {
      lineNumber: 1,
      externalId: 'LINE1',
      supplierPartId: 'ABC-DEF',
      requestedDeliveryDate: '2011-03-17',
      requestedBy: 'Greg',
      description: 'Pencils',
      quantity: '100',
      unitPrice: '.25',
      tax: '0.17',
      expenseType: 'Supplies',
      accountCode: '',
      createDate: '2011-03-15',
      ...customs(20),
      allocations: [{ amount: '25.17', ...customs(20) }],
    },
  ],
};

function service() {
  const { requester } = testRequester();
  return new PurchaseOrdersService(requester);
}

describe('PurchaseOrdersService on the published payloads', () => {
  it('submit builds exactly the published request: bare <Batch>, UnitPrice .25, empty AccountCode and Address2/3', async () => {
    const bodies: string[] = [];
    concur()
      .post(PATH)
      .reply((_uri, body) => {
        bodies.push(String(body));
        return [200, '<Response><Processed>1</Processed><Success>1</Success><Failures>0</Failures><Results><PurchaseOrderResult><PoNumber>PO123456</PoNumber><Status>SUCCESS</Status></PurchaseOrderResult></Results></Response>', XML];
      });
    const result = await service().submit([published]);
    expect(withoutDeclaration(bodies[0] as string)).toBe(compact(real('purchase-orders/request-2013.xml')));
    expect(result.succeeded).toBe(1);
  });

  it('submit maps the published response: one success, one failure with code, field and line', async () => {
    concur().post(PATH).reply(200, real('purchase-orders/response-2013.xml'), XML);
    const input = [
      { ...published, poNumber: 'AAAABBB123445' },
      { ...published, poNumber: 'KJL8978798789' },
    ];
    const result = await service().submit(input);
    expect(result).toMatchObject({ succeeded: 1, failed: 1, unknown: 0 });
    expect(result.items).toEqual([
      { index: 0, input: input[0], status: 'succeeded', chunk: 0, attempts: 1 },
      { index: 1, input: input[1], status: 'failed', chunk: 0, code: '8000', message: 'The required field is missing (field LineItem|Custom1, line item LINEONE)', attempts: 1 },
    ]);
    expect(result.chunks[0]).toMatchObject({ recordsSucceeded: 1, recordsFailed: 1 });
  });
});
