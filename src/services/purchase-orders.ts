import { runBatch, type BatchSpec } from '../batch/run.js';
import type { BatchResult, BatchInput, ListedItemError } from '../batch/types.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { hasNonXmlCharacter, type XmlBuildValue } from '../xml/builder.js';
import { childOf, childText, elements, type XmlElement } from '../xml/nodes.js';
import { decimalText, isCalendarDate } from './fields.js';
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

/** Validates one item; `at` prefixes field names with the path of the part being checked, e.g. `lineItems[0].`. */
class Checker {
  constructor(readonly index: number) {}

  fail(path: string, problem: string): never {
    throw new ConcurValidationError(`Purchase order at index ${this.index}: ${path} ${problem}`, { field: `items[${this.index}].${path}` });
  }

  text(fields: Fields, at: string, field: string, required = false): void {
    const value = fields[field];
    if (value === undefined) {
      if (required) this.fail(at + field, 'is required.');
      return;
    }
    if (typeof value !== 'string' || (required && value.trim() === '')) this.fail(at + field, `must be ${required ? 'non-empty ' : ''}text.`);
    if (hasNonXmlCharacter(value)) this.fail(at + field, 'contains a control character that XML cannot carry.');
  }

  matches(fields: Fields, at: string, field: string, pattern: RegExp, rule: string, required = false): void {
    this.text(fields, at, field, required);
    const value = fields[field];
    if (typeof value === 'string' && !pattern.test(value)) this.fail(at + field, `must be ${rule}.`);
  }

  date(fields: Fields, at: string, field: string, required = false): void {
    this.text(fields, at, field, required);
    const value = fields[field];
    if (typeof value === 'string' && !isCalendarDate(value)) this.fail(at + field, 'must be a date as YYYY-MM-DD.');
  }

  decimal(fields: Fields, at: string, field: string, required = false): void {
    if (fields[field] === undefined && !required) return;
    if (decimalText(fields[field]) === undefined) this.fail(at + field, `must be a decimal number such as 12.50${required ? ' and is required' : ''}.`);
  }

  object(value: unknown, path: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, value === undefined ? 'is required.' : 'must be an object.');
    return value as Fields;
  }
}

function checkAddress(check: Checker, value: unknown, at: string): void {
  const address = check.object(value, at);
  for (const field of ['externalId', 'address1', 'city', 'stateProvince', 'postalCode']) check.text(address, `${at}.`, field, true);
  for (const field of ['name', 'address2', 'address3']) check.text(address, `${at}.`, field);
  check.matches(address, `${at}.`, 'countryCode', /^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US', true);
}

function checkLine(check: Checker, value: unknown, at: string, seen: Set<string>): void {
  const line = check.object(value, at);
  const prefix = `${at}.`;
  const lineNumber = line['lineNumber'];
  if (!(typeof lineNumber === 'number' ? Number.isInteger(lineNumber) && lineNumber > 0 : typeof lineNumber === 'string' && /^[1-9]\d*$/.test(lineNumber))) {
    check.fail(`${prefix}lineNumber`, 'must be a whole number from 1.');
  }
  check.text(line, prefix, 'externalId', true);
  if (seen.has(line['externalId'] as string)) check.fail(`${prefix}externalId`, 'repeats the externalId of another line; it must be unique within the purchase order.');
  seen.add(line['externalId'] as string);
  for (const field of ['supplierPartId', 'requestedBy', 'description', 'expenseType', 'accountCode', ...customs(20)]) check.text(line, prefix, field);
  for (const field of ['requestedDeliveryDate', 'createDate']) check.date(line, prefix, field);
  check.decimal(line, prefix, 'quantity', true);
  check.decimal(line, prefix, 'unitPrice', true);
  check.decimal(line, prefix, 'tax');
  // Concur's published example sends <ExpenseType>Supplies</ExpenseType> with an empty
  // <AccountCode></AccountCode>: an empty value counts as not given.
  const given = (value: unknown): boolean => value !== undefined && value !== '';
  if (given(line['expenseType']) === given(line['accountCode'])) check.fail(`${prefix}expenseType`, 'or accountCode must be given, exactly one of them.');
  if (line['tax'] !== undefined && Number(decimalText(line['tax'])) * Number(decimalText(line['unitPrice'])) < 0) check.fail(`${prefix}tax`, 'must have the same sign as unitPrice.');
  const allocations = line['allocations'];
  if (allocations === undefined) return;
  if (!Array.isArray(allocations)) check.fail(`${prefix}allocations`, 'must be an array.');
  allocations.forEach((entry: unknown, n) => {
    const allocation = check.object(entry, `${prefix}allocations[${n}]`);
    check.decimal(allocation, `${prefix}allocations[${n}].`, 'amount', true);
    if (Number(decimalText(allocation['amount'])) === 0) check.fail(`${prefix}allocations[${n}].amount`, 'must not be zero.');
    for (const field of customs(20)) check.text(allocation, `${prefix}allocations[${n}].`, field);
  });
}

/** The client-side form of Concur's purchase order errors 1000–8006, checked before sending (reference §8). */
function checkOrder(order: PurchaseOrderInput, index: number): void {
  const check: Checker = new Checker(index);
  const fields = check.object(order, 'item');
  for (const field of ['poNumber', 'policyExternalId', 'vendorCode', 'vendorAddressCode']) check.text(fields, '', field, true);
  check.matches(fields, '', 'currencyCode', /^[A-Z]{3}$/, 'an ISO 4217 code of three capital letters such as USD', true);
  check.date(fields, '', 'orderDate', true);
  check.date(fields, '', 'requestedDeliveryDate');
  for (const field of ['name', 'description', 'requestedBy', 'paymentTerms', 'discountTerms', 'shippingDescription', ...customs(24)]) check.text(fields, '', field);
  for (const field of HEADER_AMOUNTS) check.decimal(fields, '', field);
  checkAddress(check, fields['shipTo'], 'shipTo');
  checkAddress(check, fields['billTo'], 'billTo');
  const lines = fields['lineItems'];
  if (!Array.isArray(lines) || lines.length === 0) check.fail('lineItems', 'must hold at least one line item.');
  const seen = new Set<string>();
  lines.forEach((line: unknown, n) => checkLine(check, line, `lineItems[${n}]`, seen));
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
  submit(orders: BatchInput<PurchaseOrderInput>, options: SubmitPurchaseOrdersOptions = {}): Promise<BatchResult<PurchaseOrderInput>> {
    const endpoint = this.#endpoint(options.namespace);
    const spec: BatchSpec<PurchaseOrderInput> = {
      label: 'purchase orders',
      max: 1000,
      keyOf: (order) => order.poNumber,
      checkItem: checkOrder,
      send: async (chunk, signal) => {
        const response = await this.call(endpoint, { body: this.xmlBody(endpoint, { PurchaseOrder: chunk.map(toWire) }), signal });
        const root = rootOf(response, 'Response', endpoint.method, endpoint.path);
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          report: { recordsSucceeded: integerOf(childOf(root, 'Success')), recordsFailed: integerOf(childOf(root, 'Failures')), ...readResults(root) },
        };
      },
    };
    return runBatch(orders, spec, options);
  }

  #endpoint(namespace: string | null | undefined): EndpointSpec {
    if (namespace === undefined || namespace === null) return ENDPOINTS.submit;
    if (typeof namespace !== 'string' || namespace.trim() === '') {
      throw new ConcurValidationError('namespace must be a namespace URI such as http://www.concursolutions.com/api/invoice/purchaseorder/2011/03, or left out to send none.', { field: 'namespace' });
    }
    return { ...ENDPOINTS.submit, namespace };
  }
}
