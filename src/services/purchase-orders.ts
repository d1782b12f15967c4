import { runBatch, type BatchSpec } from '../batch/run.js';
import type { BatchResult, BatchInput, ItemProblem, ListedItemError } from '../batch/types.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { callOptions } from '../internal/arguments.js';
import { describeValue, quoteText } from '../internal/describe.js';
import type { XmlBuildValue } from '../xml/builder.js';
import { childOf, childText, elements, type XmlElement } from '../xml/nodes.js';
import { decimalText, ProblemList, type TextRule } from './fields.js';
import { ConcurService, defineEndpoints, integerOf, rootOf, type EndpointSpec } from './service.js';
import type { PurchaseOrderAddress, PurchaseOrderInput, PurchaseOrderLineItem, SubmitPurchaseOrdersOptions } from './purchase-orders-types.js';

// Purchase Order v1.0 (reference §8, 2013 pages only). The only published request example
// (purchase-order-resource-post, kept in the history of concur/developer.concur.com) has a bare
// `<Batch>` root, and a published sample wins over our reading: no namespace by default. The
// `namespace` option sends one (the response's namespace is the likely candidate) if Concur
// refuses the bare form; responses are read either way.
const ENDPOINTS = defineEndpoints({
  submit: { method: 'POST', path: '/api/invoice/purchaseorder/v1.0', root: 'Batch' },
});

// Wire names are the camelCase field names with a capital first letter, in the example's order.
const HEADER_BEFORE_ADDRESSES = ['poNumber', 'policyExternalId', 'currencyCode', 'vendorCode', 'vendorAddressCode'];
const HEADER_AFTER_ADDRESSES = ['orderDate', 'name', 'description', 'requestedDeliveryDate', 'requestedBy', 'paymentTerms', 'discountTerms'];
const HEADER_AMOUNTS = ['discountPercentage', 'tax', 'shipping'];
const ADDRESS = ['externalId', 'name', 'address1', 'address2', 'address3', 'city', 'stateProvince', 'postalCode', 'countryCode'];
const LINE = ['lineNumber', 'externalId', 'supplierPartId', 'requestedDeliveryDate', 'requestedBy', 'description', 'quantity', 'unitPrice', 'tax', 'expenseType', 'accountCode', 'createDate'];
const customs = (count: number): string[] => Array.from({ length: count }, (_, i) => `custom${i + 1}`);

type Fields = Record<string, unknown>;

const wireName = (field: string): string => field.charAt(0).toUpperCase() + field.slice(1);

// The 2013 pages give no lengths for these fields: text of any length that XML can carry.
const TEXT: TextRule = { max: Number.POSITIVE_INFINITY };
const REQUIRED: TextRule = { max: Number.POSITIVE_INFINITY, required: true };

function addressProblems(problems: ProblemList, value: unknown, field: string): void {
  const address = problems.object(value, field);
  if (address === undefined) return;
  const at = problems.at(field);
  for (const name of ['externalId', 'address1', 'city', 'stateProvince', 'postalCode']) at.text(address, name, REQUIRED);
  for (const name of ['name', 'address2', 'address3']) at.text(address, name, TEXT);
  at.matches(address, 'countryCode', /^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US', true);
}

function isLineNumber(value: unknown): boolean {
  return typeof value === 'number' ? Number.isInteger(value) && value > 0 : typeof value === 'string' && /^[1-9]\d*$/.test(value);
}

function lineProblems(problems: ProblemList, value: unknown, field: string, seen: Set<string>): void {
  const line = problems.object(value, field);
  if (line === undefined) return;
  const at = problems.at(field);
  const lineNumber = line['lineNumber'];
  if (!isLineNumber(lineNumber)) at.add('lineNumber', lineNumber === undefined ? 'is required' : `must be a whole number from 1 (got ${describeValue(lineNumber)})`);
  if (at.text(line, 'externalId', REQUIRED)) {
    const externalId = line['externalId'] as string;
    if (seen.has(externalId)) at.add('externalId', `repeats the externalId of another line (got ${quoteText(externalId)}); it must be unique within the purchase order`);
    seen.add(externalId);
  }
  for (const name of ['supplierPartId', 'requestedBy', 'description', 'expenseType', 'accountCode', ...customs(20)]) at.text(line, name, TEXT);
  for (const name of ['requestedDeliveryDate', 'createDate']) at.date(line, name);
  at.decimal(line, 'quantity', '12.50', true);
  const hasPrice = at.decimal(line, 'unitPrice', '12.50', true);
  const hasTax = at.decimal(line, 'tax', '12.50');
  // Concur's published example sends <ExpenseType>Supplies</ExpenseType> with an empty
  // <AccountCode></AccountCode>: an empty value counts as not given.
  const given = (name: string): boolean => line[name] !== undefined && line[name] !== '';
  if (given('expenseType') === given('accountCode')) {
    at.add('expenseType', given('expenseType') ? 'and accountCode are both given: give exactly one of them' : 'or accountCode is required: give exactly one of them');
  }
  const [tax, unitPrice] = [decimalText(line['tax']), decimalText(line['unitPrice'])];
  if (hasTax && hasPrice && Number(tax) * Number(unitPrice) < 0) at.add('tax', `must have the same sign as unitPrice (got ${tax} with unitPrice ${unitPrice})`);
  const allocations = line['allocations'];
  if (allocations === undefined) return;
  if (!Array.isArray(allocations)) {
    at.add('allocations', `must be an array (got ${describeValue(allocations)})`);
    return;
  }
  allocations.forEach((entry: unknown, n) => {
    const allocation = at.object(entry, `allocations[${n}]`);
    if (allocation === undefined) return;
    const part = at.at(`allocations[${n}]`);
    if (part.decimal(allocation, 'amount', '12.50', true) && Number(decimalText(allocation['amount'])) === 0) part.add('amount', 'must not be zero');
    for (const name of customs(20)) part.text(allocation, name, TEXT);
  });
}

/** Every problem of a purchase order, in the client-side form of Concur's errors 1000–8006 (reference §8). */
function purchaseOrderProblems(item: unknown): ItemProblem[] {
  const problems = new ProblemList();
  const fields = problems.object(item, 'item', 'must be an object such as { poNumber, lineItems, … }');
  if (fields === undefined) return problems.list;
  for (const name of ['poNumber', 'policyExternalId', 'vendorCode', 'vendorAddressCode']) problems.text(fields, name, REQUIRED);
  problems.matches(fields, 'currencyCode', /^[A-Z]{3}$/, 'an ISO 4217 code of three capital letters such as USD', true);
  problems.date(fields, 'orderDate', true);
  problems.date(fields, 'requestedDeliveryDate');
  for (const name of ['name', 'description', 'requestedBy', 'paymentTerms', 'discountTerms', 'shippingDescription', ...customs(24)]) problems.text(fields, name, TEXT);
  for (const name of HEADER_AMOUNTS) problems.decimal(fields, name, '12.50');
  addressProblems(problems, fields['shipTo'], 'shipTo');
  addressProblems(problems, fields['billTo'], 'billTo');
  const lines = fields['lineItems'];
  if (!Array.isArray(lines) || lines.length === 0) {
    problems.add('lineItems', `must hold at least one line item (got ${Array.isArray(lines) ? 'an empty array' : describeValue(lines)})`);
    return problems.list;
  }
  const seen = new Set<string>();
  lines.forEach((line: unknown, n) => lineProblems(problems, line, `lineItems[${n}]`, seen));
  return problems.list;
}

/**
 * An amount as the caller wrote it when it is a decimal string: Concur's published request example
 * itself sends `<UnitPrice>.25</UnitPrice>`. Numbers are written in their shortest form.
 */
function amountText(value: unknown): string | undefined {
  const text = decimalText(value);
  return typeof value === 'string' && text !== undefined ? value.trim() : text;
}

function pick(source: object, fields: string[], amounts: string[] = []): Record<string, XmlBuildValue> {
  const values = source as Fields;
  const wire: Record<string, XmlBuildValue> = {};
  for (const field of fields) {
    const value = values[field];
    wire[wireName(field)] = amounts.includes(field) ? amountText(value) : (value as XmlBuildValue);
  }
  return wire;
}

function toWire(order: PurchaseOrderInput): Record<string, XmlBuildValue> {
  const address = (value: PurchaseOrderAddress) => pick(value, ADDRESS);
  const line = (item: PurchaseOrderLineItem) => ({
    ...pick(item, [...LINE, ...customs(20)], ['quantity', 'unitPrice', 'tax']),
    Allocation: item.allocations?.map((allocation) => pick(allocation, ['amount', ...customs(20)], ['amount'])),
  });
  return {
    ...pick(order, HEADER_BEFORE_ADDRESSES),
    ShipTo: address(order.shipTo),
    BillTo: address(order.billTo),
    ...pick(order, [...HEADER_AFTER_ADDRESSES, ...HEADER_AMOUNTS, 'shippingDescription', ...customs(24)], HEADER_AMOUNTS),
    LineItem: order.lineItems.map(line),
  };
}

function describe(row: XmlElement, withCode: boolean): string {
  const code = childText(row, 'ErrorCode');
  const details = [childText(row, 'FieldCode') && `field ${childText(row, 'FieldCode')}`, childText(row, 'LineItemExternalId') && `line item ${childText(row, 'LineItemExternalId')}`];
  const where = details.filter(Boolean).join(', ');
  const text = `${withCode && code !== undefined ? `${code}: ` : ''}${childText(row, 'ErrorMessage') ?? 'failed'}`;
  return where === '' ? text : `${text} (${where})`;
}

/** One error per failed PoNumber: a purchase order can fail on several fields at once. */
function readResults(root: XmlElement): { errors: ListedItemError[]; successes: string[] } {
  const failures = new Map<string | undefined, XmlElement[]>();
  const succeeded = new Set<string>();
  const unnamed: ListedItemError[] = [];
  for (const row of elements(root, 'Results', 'PurchaseOrderResult')) {
    const key = childText(row, 'PoNumber');
    const status = childText(row, 'Status')?.toUpperCase();
    if (status === 'SUCCESS' && key !== undefined) succeeded.add(key);
    else if (status === 'FAILURE' && key === undefined) unnamed.push({ code: childText(row, 'ErrorCode'), message: describe(row, false) });
    else if (status === 'FAILURE') failures.set(key, [...(failures.get(key) ?? []), row]);
  }
  const errors = [...failures].map(([key, rows]) => ({
    key,
    code: childText(rows[0], 'ErrorCode'),
    message: rows.map((row) => describe(row, rows.length > 1)).join('; '),
  }));
  return { errors: [...errors, ...unnamed], successes: [...succeeded].filter((key) => !failures.has(key)) };
}

/**
 * Purchase Order v1.0: create or update purchase orders in batches of up to 1000 (reference §8).
 * Reached as `concur.purchaseOrders`. Documented only in the 2013 pages and superseded by the
 * one-at-a-time v3.0 API; whether v1.0 still answers today is unconfirmed.
 *
 * @example
 * ```ts
 * const result = await concur.purchaseOrders.submit([order]);
 * for (const item of result.items) if (item.status === 'failed') console.warn(item.input.poNumber, item.code, item.message);
 * ```
 */
export class PurchaseOrdersService extends ConcurService {
  /**
   * Creates or updates purchase orders, any number of them, in batches of up to 1000. Results
   * are matched by `poNumber`: keep it unique within the input.
   *
   * @example
   * ```ts
   * const address = { externalId: 'HQ', address1: '1 Main St', city: 'Minneapolis', stateProvince: 'MN', postalCode: '55401', countryCode: 'US' };
   * const result = await concur.purchaseOrders.submit([{
   *   poNumber: 'PO-2026-001', policyExternalId: 'USPOLICY', currencyCode: 'USD', vendorCode: 'ACME', vendorAddressCode: 'REMIT1',
   *   shipTo: address, billTo: address, orderDate: '2026-03-02',
   *   lineItems: [{ lineNumber: 1, externalId: 'L1', quantity: 10, unitPrice: '4.25', expenseType: 'Supplies' }],
   * }]);
   * ```
   */
  async submit(orders: BatchInput<PurchaseOrderInput>, options?: SubmitPurchaseOrdersOptions): Promise<BatchResult<PurchaseOrderInput>> {
    const endpoint = this.#endpoint(callOptions(options).namespace);
    const spec: BatchSpec<PurchaseOrderInput> = {
      label: 'purchase orders',
      noun: 'Purchase order',
      max: 1000,
      keyOf: (order) => order.poNumber,
      problemsOf: purchaseOrderProblems,
      send: async (chunk, settings) => {
        const response = await this.call(endpoint, { body: this.xmlBody(endpoint, { PurchaseOrder: chunk.map(toWire) }), ...settings });
        const root = rootOf(response, 'Response', endpoint.method, endpoint.path);
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          correlationId: response.correlationId,
          report: { recordsSucceeded: integerOf(childOf(root, 'Success')), recordsFailed: integerOf(childOf(root, 'Failures')), ...readResults(root) },
        };
      },
    };
    return runBatch(orders, spec, options);
  }

  #endpoint(namespace: string | null | undefined): EndpointSpec {
    if (namespace === undefined || namespace === null) return ENDPOINTS.submit;
    if (typeof namespace !== 'string' || namespace.trim() === '') {
      throw new ConcurValidationError(
        `namespace must be a namespace URI such as http://www.concursolutions.com/api/invoice/purchaseorder/2011/03, or left out to send none (got ${describeValue(namespace)}).`,
        { field: 'namespace' },
      );
    }
    return { ...ENDPOINTS.submit, namespace };
  }

  /**
   * Every problem that would keep a purchase order from being sent, empty when it is valid: the
   * checks `submit` runs on each order, for cleaning a file before sending it. Each problem names
   * the field as you wrote it, nested parts by their path (`lineItems[0].quantity`), and says what
   * is wrong with the value.
   *
   * @example
   * ```ts
   * const problems = concur.purchaseOrders.validate(order);
   * // [{ field: 'lineItems[0].quantity', message: 'lineItems[0].quantity must be a decimal number such as 12.50 (got string "two")' }]
   * ```
   */
  validate(item: unknown): ItemProblem[] {
    return purchaseOrderProblems(item);
  }
}
