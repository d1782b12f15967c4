import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PurchaseOrdersService } from '../../src/services/purchase-orders.js';
import type { PurchaseOrderInput } from '../../src/services/purchase-orders-types.js';
import { parseXml } from '../../src/xml/parser.js';
import { BadRequestError, BatchSizeError, ConcurValidationError, InternalServerError } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/purchase-orders/${name}`, import.meta.url), 'utf8');
const NS = 'http://www.concursolutions.com/api/invoice/purchaseorder/2011/03';
const PATH = '/api/invoice/purchaseorder/v1.0';

function service() {
  const { requester, delays } = testRequester();
  return { purchaseOrders: new PurchaseOrdersService(requester), delays };
}

interface Captured {
  uri: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The `PurchaseOrder` elements of a request body, parsed with the SDK's parser. */
function sentOrders(body: string): Array<Record<string, unknown>> {
  const batch = parseXml(body, { strict: true })['Batch'] as { PurchaseOrder: unknown };
  return ([] as Array<Record<string, unknown>>).concat(batch.PurchaseOrder as Array<Record<string, unknown>>);
}

/** Answers PO POSTs with a result built from the PO numbers received, and records each request. */
function ordersEndpoint(answer: (poNumbers: string[], call: number) => string, times = 1): Captured[] {
  const captured: Captured[] = [];
  concur()
    .post(PATH)
    .times(times)
    .reply(function reply(uri, body) {
      const text = String(body);
      captured.push({ uri, method: this.req.method, headers: this.req.headers, body: text });
      return [200, answer(sentOrders(text).map((order) => String(order['PoNumber'])), captured.length), XML];
    });
  return captured;
}

const allSucceeded = (poNumbers: string[]) =>
  `<Response xmlns="${NS}"><Processed>${poNumbers.length}</Processed><Success>${poNumbers.length}</Success><Failures>0</Failures><Results>` +
  poNumbers.map((po) => `<PurchaseOrderResult><PoNumber>${po}</PoNumber><Status>SUCCESS</Status></PurchaseOrderResult>`).join('') +
  '</Results></Response>';

const address = { externalId: 'HQ-1', address1: '500 Lake St', city: 'Minneapolis', stateProvince: 'MN', postalCode: '55401', countryCode: 'US' };

const order = (i: number): PurchaseOrderInput => ({
  poNumber: `PO-${i}`,
  policyExternalId: 'USPOLICY',
  currencyCode: 'USD',
  vendorCode: 'ACME',
  vendorAddressCode: 'REMIT1',
  shipTo: address,
  billTo: address,
  orderDate: '2026-03-02',
  lineItems: [{ lineNumber: 1, externalId: 'L1', quantity: 2, unitPrice: '9.99', expenseType: 'Supplies' }],
});

describe('PurchaseOrdersService', () => {
  it('submit: POSTs Batch/PurchaseOrder with header, addresses, lines and allocations, and maps results by PoNumber', async () => {
    const { purchaseOrders } = service();
    const captured: Captured[] = [];
    concur()
      .post(PATH)
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .matchHeader('accept', 'application/xml')
      .reply(function reply(uri, body) {
        captured.push({ uri, method: this.req.method, headers: this.req.headers, body: String(body) });
        return [200, fixture('response.xml'), XML];
      });
    const full: PurchaseOrderInput = {
      poNumber: 'PO-7001',
      policyExternalId: 'USPOLICY',
      currencyCode: 'USD',
      vendorCode: 'ACME',
      vendorAddressCode: 'REMIT1',
      shipTo: { ...address, name: 'Dock 5', address2: 'Bay 2' },
      billTo: { externalId: 'BILL-1', address1: '1 Main St', city: 'Saint Paul', stateProvince: 'MN', postalCode: '55101', countryCode: 'US' },
      orderDate: '2026-03-02',
      name: 'Office supplies',
      description: 'Q1 restock',
      requestedDeliveryDate: '2026-03-09',
      requestedBy: 'Ada',
      paymentTerms: '30',
      discountTerms: '10',
      discountPercentage: 2,
      tax: '1.60',
      shipping: 4.5,
      shippingDescription: 'Ground',
      custom1: 'H1',
      custom24: 'H24',
      lineItems: [
        {
          lineNumber: 1,
          externalId: 'LN-1',
          supplierPartId: 'SKU-9',
          description: 'Pens',
          quantity: 20,
          unitPrice: '.80', // sent as written, as Concur's own example sends <UnitPrice>.25</UnitPrice>
          tax: 1.6,
          expenseType: 'Supplies',
          createDate: '2026-03-01',
          custom20: 'L20',
          allocations: [{ amount: '10.00', custom1: 'CC-1' }, { amount: 6 }],
        },
        { lineNumber: '2', externalId: 'LN-2', quantity: '1', unitPrice: '12', accountCode: '6100' },
      ],
    };
    const input = [full, order(7002), order(7003)];
    const result = await purchaseOrders.submit(input);
    const request = captured[0] as Captured;
    expect(request.method).toBe('POST');
    expect(request.uri).toBe(PATH);
    expect(request.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
    expect(request.headers['transfer-encoding']).toBeUndefined();
    const line1 =
      '<LineItem><LineNumber>1</LineNumber><ExternalId>LN-1</ExternalId><SupplierPartId>SKU-9</SupplierPartId><Description>Pens</Description>' +
      '<Quantity>20</Quantity><UnitPrice>.80</UnitPrice><Tax>1.6</Tax><ExpenseType>Supplies</ExpenseType><CreateDate>2026-03-01</CreateDate><Custom20>L20</Custom20>' +
      '<Allocation><Amount>10.00</Amount><Custom1>CC-1</Custom1></Allocation><Allocation><Amount>6</Amount></Allocation></LineItem>';
    const line2 = '<LineItem><LineNumber>2</LineNumber><ExternalId>LN-2</ExternalId><Quantity>1</Quantity><UnitPrice>12</UnitPrice><AccountCode>6100</AccountCode></LineItem>';
    // No namespace by default: Concur's only published request example has a bare <Batch> root.
    expect(request.body.startsWith('<?xml version="1.0" encoding="utf-8"?><Batch><PurchaseOrder>')).toBe(true);
    expect(request.body).toContain(
      '<PurchaseOrder><PoNumber>PO-7001</PoNumber><PolicyExternalId>USPOLICY</PolicyExternalId><CurrencyCode>USD</CurrencyCode><VendorCode>ACME</VendorCode><VendorAddressCode>REMIT1</VendorAddressCode>' +
        '<ShipTo><ExternalId>HQ-1</ExternalId><Name>Dock 5</Name><Address1>500 Lake St</Address1><Address2>Bay 2</Address2><City>Minneapolis</City><StateProvince>MN</StateProvince><PostalCode>55401</PostalCode><CountryCode>US</CountryCode></ShipTo>' +
        '<BillTo><ExternalId>BILL-1</ExternalId><Address1>1 Main St</Address1><City>Saint Paul</City><StateProvince>MN</StateProvince><PostalCode>55101</PostalCode><CountryCode>US</CountryCode></BillTo>' +
        '<OrderDate>2026-03-02</OrderDate><Name>Office supplies</Name><Description>Q1 restock</Description><RequestedDeliveryDate>2026-03-09</RequestedDeliveryDate><RequestedBy>Ada</RequestedBy>' +
        '<PaymentTerms>30</PaymentTerms><DiscountTerms>10</DiscountTerms><DiscountPercentage>2</DiscountPercentage><Tax>1.60</Tax><Shipping>4.5</Shipping><ShippingDescription>Ground</ShippingDescription>' +
        `<Custom1>H1</Custom1><Custom24>H24</Custom24>${line1}${line2}</PurchaseOrder>`,
    );
    expect(sentOrders(request.body).map((sent) => sent['PoNumber'])).toEqual(['PO-7001', 'PO-7002', 'PO-7003']);
    expect(request.body.endsWith('</PurchaseOrder></Batch>')).toBe(true);

    expect(result).toMatchObject({ succeeded: 1, failed: 2, unknown: 0 });
    expect(result.items).toEqual([
      { index: 0, input: full, status: 'succeeded', chunk: 0, attempts: 1 },
      { index: 1, input: input[1], status: 'failed', chunk: 0, code: '2000', message: 'No vendor matches the vendor code and address code.', attempts: 1 },
      {
        index: 2,
        input: input[2],
        status: 'failed',
        chunk: 0,
        code: '8000',
        message: '8000: A required field has no value. (field LineItem|Custom2, line item LN-1); 8005: The country code is not valid. (field ShipTo|CountryCode)',
        attempts: 1,
      },
    ]);
    expect(result.chunks[0]).toMatchObject({ recordsSucceeded: 1, recordsFailed: 2 });
  });

  it('submit: namespace null also sends a bare Batch root, a string sends that namespace', async () => {
    const { purchaseOrders } = service();
    const captured = ordersEndpoint(allSucceeded, 2);
    await purchaseOrders.submit([order(1)], { namespace: null });
    await purchaseOrders.submit([order(2)], { namespace: NS });
    expect(captured[0]?.body).toContain('<Batch><PurchaseOrder>');
    expect(captured[1]?.body).toContain(`<Batch xmlns="${NS}"><PurchaseOrder>`);
  });

  it('submit: refuses an empty namespace option before any request', async () => {
    const { purchaseOrders } = service();
    const scope = concur().post(/.*/).reply(200, '');
    expect(await caught(() => purchaseOrders.submit([order(1)], { namespace: ' ' }))).toMatchObject({ name: 'ConcurValidationError', field: 'namespace' });
    expect(scope.isDone()).toBe(false);
  });

  it('reads a response without a namespace and counts a PO with success and failure rows as failed', async () => {
    const { purchaseOrders } = service();
    ordersEndpoint(
      () =>
        '<Response><Processed>1</Processed><Success>0</Success><Failures>1</Failures><Results>' +
        '<PurchaseOrderResult><PoNumber>PO-1</PoNumber><Status>SUCCESS</Status></PurchaseOrderResult>' +
        '<PurchaseOrderResult><PoNumber>PO-1</PoNumber><Status>FAILURE</Status><ErrorCode>5002</ErrorCode><ErrorMessage>Invalid expense type</ErrorMessage><LineItemExternalId>L1</LineItemExternalId></PurchaseOrderResult>' +
        '</Results></Response>',
    );
    const result = await purchaseOrders.submit([order(1)]);
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '5002', message: 'Invalid expense type (line item L1)' });
  });

  it('keeps a failure row without PoNumber as an unmatched error of its chunk', async () => {
    const { purchaseOrders } = service();
    ordersEndpoint(
      () =>
        '<Response><Processed>2</Processed><Success>1</Success><Failures>1</Failures><Results>' +
        '<PurchaseOrderResult><PoNumber>PO-1</PoNumber><Status>SUCCESS</Status></PurchaseOrderResult>' +
        '<PurchaseOrderResult><Status>FAILURE</Status><ErrorCode>1000</ErrorCode><ErrorMessage>PO number missing</ErrorMessage></PurchaseOrderResult>' +
        '</Results></Response>',
    );
    const result = await purchaseOrders.submit([order(1), order(2)]);
    expect(result.items.map((item) => item.status)).toEqual(['succeeded', 'failed']);
    expect(result.chunks[0]?.unmatchedErrors).toEqual([{ code: '1000', message: 'PO number missing' }]);
  });

  it('keeps <, & and ]]> in text as text', async () => {
    const { purchaseOrders } = service();
    const captured = ordersEndpoint(allSucceeded);
    const hostile = 'Pens & <Paper> ]]> </Description><x>';
    await purchaseOrders.submit([{ ...order(1), description: hostile, shipTo: { ...address, name: 'A&B <Dock>' } }]);
    expect(captured[0]?.body).not.toContain(']]>');
    const sent = sentOrders(captured[0]?.body ?? '')[0] as Record<string, unknown>;
    expect(sent['Description']).toBe(hostile);
    expect(sent['ShipTo']).toMatchObject({ Name: 'A&B <Dock>' });
  });

  it.each([0, 1001])('with chunk: false refuses %i purchase orders before any request', async (count) => {
    const { purchaseOrders } = service();
    const scope = concur().post(/.*/).reply(200, '');
    const error = await caught(() => purchaseOrders.submit(Array.from({ length: count }, (_, i) => order(i)), { chunk: false }));
    expect(error).toBeInstanceOf(BatchSizeError);
    expect(error).toMatchObject({ size: count, max: 1000 });
    expect(scope.isDone()).toBe(false);
  });

  it.each([1, 1000])('with chunk: false sends %i purchase orders as one batch', async (count) => {
    const { purchaseOrders } = service();
    const captured = ordersEndpoint(allSucceeded);
    const result = await purchaseOrders.submit(Array.from({ length: count }, (_, i) => order(i)), { chunk: false });
    expect(result.succeeded).toBe(count);
    expect(captured).toHaveLength(1);
  });

  it('sends 2,500 purchase orders in chunks of 1000 and maps failures of the second chunk to their input indexes', async () => {
    const { purchaseOrders } = service();
    const captured = ordersEndpoint((poNumbers, call) => {
      if (call !== 2) return allSucceeded(poNumbers);
      const rows = poNumbers.map((po) =>
        po === 'PO-1500' || po === 'PO-1001'
          ? `<PurchaseOrderResult><PoNumber>${po}</PoNumber><Status>FAILURE</Status><ErrorCode>4000</ErrorCode><ErrorMessage>No policy</ErrorMessage></PurchaseOrderResult>`
          : `<PurchaseOrderResult><PoNumber>${po}</PoNumber><Status>SUCCESS</Status></PurchaseOrderResult>`,
      );
      return `<Response><Processed>1000</Processed><Success>998</Success><Failures>2</Failures><Results>${rows.join('')}</Results></Response>`;
    }, 3);
    const result = await purchaseOrders.submit(Array.from({ length: 2500 }, (_, i) => order(i)));
    expect(captured.map((request) => sentOrders(request.body).length)).toEqual([1000, 1000, 500]);
    expect(result).toMatchObject({ succeeded: 2498, failed: 2, unknown: 0 });
    expect(result.items.filter((item) => item.status === 'failed').map((item) => [item.index, item.input.poNumber, item.code])).toEqual([
      [1001, 'PO-1001', '4000'],
      [1500, 'PO-1500', '4000'],
    ]);
  });

  it('reports purchase orders missing from a short result list as unknown, never succeeded', async () => {
    const { purchaseOrders } = service();
    const input = Array.from({ length: 15 }, (_, i) => order(i));
    const rows = input
      .slice(0, 10)
      .map((po) => `<PurchaseOrderResult><PoNumber>${po.poNumber}</PoNumber><Status>FAILURE</Status><ErrorCode>9999</ErrorCode></PurchaseOrderResult>`)
      .join('');
    ordersEndpoint(() => `<Response><Processed>15</Processed><Success>3</Success><Failures>12</Failures><Results>${rows}</Results></Response>`);
    const result = await purchaseOrders.submit(input);
    expect(result).toMatchObject({ succeeded: 0, failed: 10, unknown: 5 });
  });

  it('turns a 500 into failed items with InternalServerError, without retrying it', async () => {
    const { purchaseOrders, delays } = service();
    concur().post(PATH).reply(500, errorXml('Unexpected error'), XML);
    const result = await purchaseOrders.submit([order(1)]);
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '500', attempts: 1 });
    expect(result.chunks[0]?.error).toBeInstanceOf(InternalServerError);
    expect(delays).toEqual([]);
  });

  it('turns a 400 into failed items with BadRequestError', async () => {
    const { purchaseOrders } = service();
    concur().post(PATH).reply(400, errorXml('Too many purchase orders'), XML);
    const result = await purchaseOrders.submit([order(1)]);
    expect(result.chunks[0]?.error).toBeInstanceOf(BadRequestError);
    expect(result.failed).toBe(1);
  });

  const line = { lineNumber: 1, externalId: 'L1', quantity: 1, unitPrice: 1, expenseType: 'Supplies' };
  it.each([
    [{ poNumber: undefined }, 'poNumber', 'is required'],
    [{ policyExternalId: '' }, 'policyExternalId', 'must not be empty'],
    [{ vendorCode: 42 }, 'vendorCode', 'vendorCode must be a string (got number 42)'],
    [{ vendorCode: undefined }, 'vendorCode', 'is required'],
    [{ vendorAddressCode: undefined }, 'vendorAddressCode', 'is required'],
    [{ currencyCode: 'usd' }, 'currencyCode', 'ISO 4217'],
    [{ orderDate: '03/02/2026' }, 'orderDate', 'YYYY-MM-DD'],
    [{ requestedDeliveryDate: '2026-3-9' }, 'requestedDeliveryDate', 'YYYY-MM-DD'],
    [{ tax: '1,5' }, 'tax', 'decimal'],
    [{ shipTo: undefined }, 'shipTo', 'is required'],
    [{ billTo: { ...address, city: undefined } }, 'billTo.city', 'is required'],
    [{ shipTo: { ...address, countryCode: 'USA' } }, 'shipTo.countryCode', 'ISO 3166-1'],
    [{ lineItems: [] }, 'lineItems', 'at least one'],
    [{ lineItems: [{ ...line, lineNumber: 0 }] }, 'lineItems[0].lineNumber', 'whole number'],
    [{ lineItems: [{ ...line, quantity: 'two' }] }, 'lineItems[0].quantity', 'decimal'],
    [{ lineItems: [{ ...line, unitPrice: undefined }] }, 'lineItems[0].unitPrice', 'required'],
    [{ lineItems: [{ ...line, accountCode: '6100' }] }, 'lineItems[0].expenseType', 'exactly one'],
    [{ lineItems: [{ ...line, expenseType: undefined }] }, 'lineItems[0].expenseType', 'exactly one'],
    [{ lineItems: [line, { ...line, lineNumber: 2 }] }, 'lineItems[1].externalId', 'unique'],
    [{ lineItems: [{ ...line, unitPrice: 5, tax: -1 }] }, 'lineItems[0].tax', 'same sign'],
    [{ lineItems: [{ ...line, createDate: 'today' }] }, 'lineItems[0].createDate', 'YYYY-MM-DD'],
    [{ lineItems: [{ ...line, allocations: [{ amount: 0 }] }] }, 'lineItems[0].allocations[0].amount', 'zero'],
    [{ lineItems: [{ ...line, allocations: [{ custom1: 'x' }] }] }, 'lineItems[0].allocations[0].amount', 'required'],
    [{ custom24: 'bad\u0000text' }, 'custom24', 'control character'],
  ])("with invalidItems: 'reject', refuses an order with %j before any request", async (override, field, mention) => {
    const { purchaseOrders } = service();
    const scope = concur().post(/.*/).reply(200, '');
    const bad = { ...order(1), ...override } as unknown as PurchaseOrderInput;
    const error = await caught(() => purchaseOrders.submit([order(0), bad], { invalidItems: 'reject' }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: `items[1].${field}` });
    expect((error as Error).message).toContain('Purchase order at index 1: ');
    expect((error as Error).message).toContain(mention);
    expect(purchaseOrders.validate(bad).map((problem) => problem.field)).toContain(field);
    expect(scope.isDone()).toBe(false);
  });

  it('by default sends the valid orders and reports an invalid one with every problem', async () => {
    const { purchaseOrders } = service();
    const bodies: string[] = [];
    concur()
      .post(PATH)
      .reply((_uri, body) => {
        bodies.push(String(body));
        return [200, '<Response><Success>1</Success><Failures>0</Failures></Response>', XML];
      });
    const bad = { ...order(1), currencyCode: 'usd', lineItems: [{ ...line, quantity: 'two', tax: true }] } as unknown as PurchaseOrderInput;
    const result = await purchaseOrders.submit([order(0), bad]);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.match(/<PurchaseOrder>/g)).toHaveLength(1);
    expect(result.items[1]).toMatchObject({ index: 1, status: 'failed', code: 'INVALID_INPUT', attempts: 0 });
    expect(result.items[1]?.problems).toEqual([
      { field: 'currencyCode', message: 'currencyCode must be an ISO 4217 code of three capital letters such as USD (got "usd")' },
      { field: 'lineItems[0].quantity', message: 'lineItems[0].quantity must be a decimal number such as 12.50 (got string "two")' },
      { field: 'lineItems[0].tax', message: 'lineItems[0].tax must be a decimal number such as 12.50 (got boolean true)' },
    ]);
  });
});
