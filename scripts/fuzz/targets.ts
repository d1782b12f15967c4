import type { AttendeeInput, AttendeeUpdate, ConcurClient, ListItemInput, PurchaseOrderInput, UserInput, UserPasswordInput } from '../../src/index.js';
import type { DocumentKind } from './documents.js';

/**
 * Every SDK method that reads a response body, each with valid arguments: the reads of every
 * service, the uploads and closes (they read a result document), the file downloads, the
 * request primitive, and the batch methods, whose result readers parse what the server answers.
 */
export interface Target {
  /** `service.method`, as printed in the report. */
  name: string;
  /** The document a well-behaved server answers with. */
  document: DocumentKind;
  /** A file download: its time limit bounds each wait for bytes, not the whole body. */
  download?: boolean;
  /** A batch method: it resolves with a BatchResult of {@link BATCH_SIZE} items. */
  batch?: boolean;
  /** Several requests per call (Extract's waitForJob polls). */
  polls?: number;
  call(client: ConcurClient): Promise<unknown>;
}

/** Items per batch call: one chunk, so one request per call. */
export const BATCH_SIZE = 3;

const LIST_ID = 'gWqK$pR4x1Lq';
const DEFINITION_ID = 'gT7$kQ2pZx$wL9mNc4Rb';
const JOB_ID = 'Hf3$p8KdQw2$zXv0Lm';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
/** The polls waitForJob may send: its time limit over its interval. */
const WAIT_POLLS = 10;

/** The keys the batch items are reported under, for documents that answer them. */
export const BATCH_KEYS = {
  listItems: ['K1', 'K2', 'K3'],
  attendees: ['ATT-1', 'ATT-2', 'ATT-3'],
  users: ['1', '2', '3'],
  passwords: ['ada@example.com', 'lin@example.com', 'sam@example.com'],
  purchaseOrders: ['PO-1', 'PO-2', 'PO-3'],
} as const;

const listItems: ListItemInput[] = BATCH_KEYS.listItems.map((code, i) => ({ name: `Item ${i + 1}`, level1Code: code }));
const attendees: AttendeeInput[] = BATCH_KEYS.attendees.map((externalId, i) => ({ externalId, type: 'BUSGUEST', lastName: `Guest ${i + 1}` }));
const attendeeUpdates: AttendeeUpdate[] = [{ externalId: 'ATT-1', inactive: true }, ...attendees.slice(1)];
const users: UserInput[] = BATCH_KEYS.passwords.map((loginId, i) => ({ empId: `E-${i + 1}`, loginId, active: true }));
const passwords: UserPasswordInput[] = BATCH_KEYS.passwords.map((loginId) => ({ loginId, password: 'N3w-Passw0rd!' }));
const address = { externalId: 'HQ', address1: '1 Main St', city: 'Minneapolis', stateProvince: 'MN', postalCode: '55401', countryCode: 'US' };
const orders: PurchaseOrderInput[] = BATCH_KEYS.purchaseOrders.map((poNumber) => ({
  poNumber,
  policyExternalId: 'USPOLICY',
  currencyCode: 'USD',
  vendorCode: 'ACME',
  vendorAddressCode: 'REMIT1',
  shipTo: address,
  billTo: address,
  orderDate: '2026-03-02',
  lineItems: [{ lineNumber: 1, externalId: 'L1', quantity: 10, unitPrice: '4.25', expenseType: 'Supplies' }],
}));

export const TARGETS: readonly Target[] = [
  { name: 'listItems.getLists', document: 'lists', call: (c) => c.listItems.getLists() },
  { name: 'listItems.getList', document: 'list', call: (c) => c.listItems.getList(LIST_ID) },
  { name: 'listItems.getItems', document: 'list-items', call: (c) => c.listItems.getItems(LIST_ID, { parentCode: 'US' }) },
  { name: 'listItems.create', document: 'list-item-batch-result', batch: true, call: (c) => c.listItems.create(LIST_ID, listItems) },
  { name: 'listItems.update', document: 'list-item-batch-result', batch: true, call: (c) => c.listItems.update(LIST_ID, listItems) },
  { name: 'listItems.delete', document: 'list-item-batch-result', batch: true, call: (c) => c.listItems.delete(LIST_ID, listItems) },
  { name: 'attendees.listTypes', document: 'attendee-types', call: (c) => c.attendees.listTypes() },
  { name: 'attendees.create', document: 'attendee-batch-result', batch: true, call: (c) => c.attendees.create(attendees) },
  { name: 'attendees.update', document: 'attendee-batch-result', batch: true, call: (c) => c.attendees.update(attendeeUpdates) },
  { name: 'users.get', document: 'user-profile', call: (c) => c.users.get() },
  { name: 'users.get(loginId)', document: 'user-profile', call: (c) => c.users.get('ada@example.com') },
  { name: 'users.getFormFields', document: 'form-fields', call: (c) => c.users.getFormFields() },
  { name: 'users.upsert', document: 'user-batch-result', batch: true, call: (c) => c.users.upsert(users) },
  { name: 'users.updatePasswords', document: 'password-batch-result', batch: true, call: (c) => c.users.updatePasswords(passwords) },
  { name: 'purchaseOrders.submit', document: 'purchase-order-result', batch: true, call: (c) => c.purchaseOrders.submit(orders) },
  { name: 'extract.listDefinitions', document: 'definitions', call: (c) => c.extract.listDefinitions() },
  { name: 'extract.getDefinition', document: 'definition', call: (c) => c.extract.getDefinition(DEFINITION_ID) },
  { name: 'extract.startJob', document: 'job', call: (c) => c.extract.startJob(DEFINITION_ID) },
  { name: 'extract.listJobs', document: 'jobs', call: (c) => c.extract.listJobs(DEFINITION_ID) },
  { name: 'extract.getJob', document: 'job', call: (c) => c.extract.getJob(DEFINITION_ID, JOB_ID) },
  { name: 'extract.getJobStatus', document: 'job', call: (c) => c.extract.getJobStatus(DEFINITION_ID, JOB_ID) },
  {
    name: 'extract.waitForJob',
    document: 'job',
    polls: WAIT_POLLS,
    call: (c) => c.extract.waitForJob(DEFINITION_ID, JOB_ID, { intervalMs: 10, timeoutMs: 10 * WAIT_POLLS }),
  },
  { name: 'extract.downloadFile', document: 'file', download: true, call: (c) => c.extract.downloadFile(DEFINITION_ID, JOB_ID) },
  { name: 'imaging.uploadReceipt', document: 'image', call: (c) => c.imaging.uploadReceipt(PNG, 'image/png') },
  { name: 'imaging.attachToReport', document: 'image', call: (c) => c.imaging.attachToReport('R-1', PNG, 'png') },
  { name: 'imaging.getReceiptImageUrl', document: 'image', call: (c) => c.imaging.getReceiptImageUrl('Kb8$rT2wQz') },
  { name: 'imaging.getEntryImageUrl', document: 'image', call: (c) => c.imaging.getEntryImageUrl('E-1') },
  { name: 'imaging.getReportImageUrl', document: 'image', call: (c) => c.imaging.getReportImageUrl('R-1') },
  { name: 'imaging.getInvoiceImageUrl', document: 'image', call: (c) => c.imaging.getInvoiceImageUrl('I-1') },
  { name: 'paymentBatches.list', document: 'batch-list', call: (c) => c.paymentBatches.list() },
  { name: 'paymentBatches.list(OPEN)', document: 'batch-list', call: (c) => c.paymentBatches.list({ status: 'OPEN' }) },
  { name: 'paymentBatches.close', document: 'batch-status', call: (c) => c.paymentBatches.close('Gh6$t2YuJ9') },
  { name: 'paymentBatches.close(async)', document: 'batch-status', call: (c) => c.paymentBatches.close('Gh6$t2YuJ9', { async: true }) },
  { name: 'paymentBatches.downloadFile', document: 'file', download: true, call: (c) => c.paymentBatches.downloadFile('r$T5yUiO8pAs2dFg') },
  { name: 'request', document: 'lists', call: (c) => c.request({ method: 'GET', path: '/api/expense/list/v1.0/' }) },
];
