import { childOf, isElement, textOf, type XmlElement } from '../../xml/nodes.js';
import type { Route, SimContext, SimRequest, SimResponse } from '../http-types.js';
import type { PurchaseOrderStore, SimPurchaseOrderLine } from '../state/purchase-orders.js';
import { checkBatchSize, itemsOf, readXmlBody } from '../xml-input.js';
import { NAMESPACES, xmlResponse } from '../xml-responses.js';
import { isCalendarDate } from './links.js';

// Purchase Order v1.0 (reference §8). Every call is a batch; 200 with a result per order.
const ADDRESS_REQUIRED = ['ExternalId', 'Address1', 'City', 'StateProvince', 'PostalCode', 'CountryCode'];
const LINE_REQUIRED = ['LineNumber', 'ExternalId', 'Quantity', 'UnitPrice'];
// Concur's published request example sends <UnitPrice>.25</UnitPrice>: a leading dot is a number.
const NUMBER = /^-?(\d+(\.\d+)?|\.\d+)$/;

/** The first problem found in an order, with its code, `Level|Code` field and line. */
class OrderProblem {
  constructor(
    readonly code: number,
    readonly message: string,
    readonly fieldCode?: string,
    readonly lineExternalId?: string,
  ) {}
}

/** The text children of an element, by name (nested elements and attributes left out). */
function textFields(node: XmlElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(node)) {
    const text = name.startsWith('@_') || isElement(value) || Array.isArray(value) ? undefined : textOf(value);
    if (text !== undefined) fields[name] = text;
  }
  return fields;
}

function required(fields: Record<string, string>, names: readonly string[], level: string, line?: string): void {
  for (const name of names) {
    if ((fields[name] ?? '') === '') throw new OrderProblem(8000, `The required field ${name} is missing.`, `${level}|${name}`, line);
  }
}

function numeric(fields: Record<string, string>, names: readonly string[], level: string, line?: string): void {
  for (const name of names) {
    const value = fields[name];
    if (value !== undefined && !NUMBER.test(value)) throw new OrderProblem(8002, `${name} must be a number; got ${value}.`, `${level}|${name}`, line);
  }
}

function readAddress(order: XmlElement, level: 'ShipTo' | 'BillTo'): Record<string, string> {
  const node = childOf(order, level, true);
  if (!isElement(node)) throw new OrderProblem(level === 'ShipTo' ? 6000 : 6001, `The ${level} address is missing or invalid.`, `${level}|${level}`);
  const address = textFields(node);
  required(address, ADDRESS_REQUIRED, level);
  if (!/^[A-Z]{2}$/.test(address['CountryCode'] ?? '')) throw new OrderProblem(8005, `The country code ${address['CountryCode']} is not valid.`, `${level}|CountryCode`);
  return address;
}

function readLine(node: XmlElement, seen: Set<string>): SimPurchaseOrderLine {
  const fields = textFields(node);
  const line = fields['ExternalId'];
  required(fields, LINE_REQUIRED, 'LineItem', line);
  numeric(fields, ['LineNumber', 'Quantity', 'UnitPrice', 'Tax'], 'LineItem', line);
  if (seen.has(line ?? '')) throw new OrderProblem(5600, `The line item external id ${line} is not unique in the order.`, 'LineItem|ExternalId', line);
  seen.add(line ?? '');
  // The published request example sends an empty <AccountCode></AccountCode> beside its expense
  // type: an empty element counts as absent.
  const hasExpenseType = (fields['ExpenseType'] ?? '') !== '';
  const hasAccountCode = (fields['AccountCode'] ?? '') !== '';
  if (hasExpenseType === hasAccountCode) {
    throw new OrderProblem(5001, 'A line item needs either an expense type or an account code, not both.', 'LineItem|ExpenseType', line);
  }
  // The line total includes its tax: the published example allocates 25.17 to 100 x .25 + 0.17 tax.
  const total = Number(fields['Quantity']) * Number(fields['UnitPrice']) + Number(fields['Tax'] ?? 0);
  if (fields['Tax'] !== undefined && Number(fields['Tax']) !== 0 && Math.sign(Number(fields['Tax'])) !== Math.sign(Number(fields['UnitPrice']))) {
    throw new OrderProblem(5004, 'Tax and unit price must have the same sign.', 'LineItem|Tax', line);
  }
  const allocations = itemsOf(node, 'Allocation').map(textFields);
  let allocated = 0;
  for (const allocation of allocations) {
    required(allocation, ['Amount'], 'Allocation', line);
    numeric(allocation, ['Amount'], 'Allocation', line);
    const amount = Number(allocation['Amount']);
    if (amount === 0) throw new OrderProblem(5503, 'An allocation amount cannot be zero.', 'Allocation|Amount', line);
    if (Math.sign(amount) !== Math.sign(total)) throw new OrderProblem(5502, 'An allocation must have the sign of its line.', 'Allocation|Amount', line);
    allocated += amount;
  }
  if (Math.abs(allocated) > Math.abs(total) + 1e-9) throw new OrderProblem(5501, 'The allocations exceed the line total.', 'Allocation|Amount', line);
  return { fields, allocations };
}

/** Checks one order in the documented code order as far as the state can tell, then saves it. */
function applyOrder(order: XmlElement, store: PurchaseOrderStore): void {
  const header = textFields(order);
  const poNumber = header['PoNumber'] ?? '';
  if (poNumber === '') throw new OrderProblem(1000, 'The PO number is missing or invalid.', 'Header|PoNumber');
  if (!/^[A-Z]{3}$/.test(header['CurrencyCode'] ?? '')) throw new OrderProblem(3000, 'The currency code is missing or invalid.', 'Header|CurrencyCode');
  const policyId = header['PolicyExternalId'] ?? '';
  const policy = policyId === '' ? undefined : store.policy(policyId);
  if (policy === undefined) throw new OrderProblem(4000, `No policy has the external id ${policyId}.`, 'Header|PolicyExternalId');
  if (!policy.supportsPurchaseOrders) throw new OrderProblem(4001, `The policy ${policyId} does not support purchase orders.`, 'Header|PolicyExternalId');
  const previous = store.get(poNumber);
  if (previous !== undefined && previous.header['PolicyExternalId'] !== policyId) {
    throw new OrderProblem(4002, 'The policy of an existing purchase order cannot change.', 'Header|PolicyExternalId');
  }
  required(header, ['VendorCode', 'VendorAddressCode', 'OrderDate'], 'Header');
  if (!store.acceptsVendor(header['VendorCode'] ?? '', header['VendorAddressCode'] ?? '')) {
    throw new OrderProblem(2000, 'No vendor was found for the vendor code and address code.', 'Header|VendorCode');
  }
  if (!isCalendarDate(header['OrderDate'] ?? '')) throw new OrderProblem(8002, 'OrderDate must be a date, YYYY-MM-DD.', 'Header|OrderDate');
  numeric(header, ['DiscountPercentage', 'Tax', 'Shipping'], 'Header');
  const shipTo = readAddress(order, 'ShipTo');
  const billTo = readAddress(order, 'BillTo');
  const lines = itemsOf(order, 'LineItem');
  if (lines.length === 0) throw new OrderProblem(5000, 'The purchase order has no line items.', 'LineItem|LineItem');
  const seen = new Set<string>();
  const lineItems = lines.map((line) => readLine(line, seen));
  store.save({ poNumber, header, shipTo, billTo, lineItems });
}

function postOrders(request: SimRequest, context: SimContext): SimResponse {
  // The published request example has a bare <Batch> root; the SDK can also send the namespace of
  // the responses. Both are accepted, as is any other.
  const root = readXmlBody(request, 'Batch');
  const orders = itemsOf(root, 'PurchaseOrder');
  checkBatchSize(orders.length, 'purchase orders');
  let success = 0;
  const results = orders.map((order) => {
    const poNumber = textFields(order)['PoNumber'] ?? '';
    try {
      applyOrder(order, context.state.purchaseOrders);
      success += 1;
      return { PoNumber: poNumber, Status: 'SUCCESS' };
    } catch (error) {
      if (!(error instanceof OrderProblem)) throw error;
      return {
        PoNumber: poNumber,
        Status: 'FAILURE',
        ErrorCode: String(error.code),
        ErrorMessage: error.message,
        LineItemExternalId: error.lineExternalId,
        FieldCode: error.fieldCode,
      };
    }
  });
  return xmlResponse(
    'Response',
    { Processed: orders.length, Success: success, Failures: orders.length - success, Results: { PurchaseOrderResult: results } },
    NAMESPACES.purchaseOrder,
  );
}

/** The Purchase Order v1.0 endpoint. */
export const purchaseOrderRoutes: Route[] = [{ method: 'POST', paths: ['/api/invoice/purchaseorder/v1.0'], handler: postOrders }];
