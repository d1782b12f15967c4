import { xmlResponse, NAMESPACES } from '../../src/simulator/xml-responses.js';
import type { XmlBuildValue } from '../../src/xml/builder.js';
import type { Random } from './random.js';
import { BATCH_KEYS } from './targets.js';
import { amount, count, flag, link, listLength, opaqueId, someOf, text, time } from './values.js';

/** The documents the SDK reads, one per response shape. */
export type DocumentKind =
  | 'lists'
  | 'list'
  | 'list-items'
  | 'list-item-batch-result'
  | 'attendee-types'
  | 'attendee-batch-result'
  | 'user-profile'
  | 'form-fields'
  | 'user-batch-result'
  | 'password-batch-result'
  | 'purchase-order-result'
  | 'definitions'
  | 'definition'
  | 'jobs'
  | 'job'
  | 'image'
  | 'batch-list'
  | 'batch-status'
  | 'file';

type Content = Record<string, unknown>;
const LIST_PATH = '/api/expense/list/v1.0/';
const EXTRACT_PATH = '/api/expense/extract/v1.0/';

function many(rng: Random, make: (rng: Random) => Content): Content[] {
  return Array.from({ length: listLength(rng) }, () => make(rng));
}

/** A key the batch result names an item by: one of the items sent, mostly. */
function key(rng: Random, keys: readonly string[]): string {
  return rng.choose([
    [80, () => rng.pick(keys)],
    [5, () => rng.pick(keys).toLowerCase()],
    [5, () => ` ${rng.pick(keys)} `],
    [10, () => text(rng)],
  ]);
}

function listElement(rng: Random): Content {
  const id = opaqueId(rng);
  return someOf(rng, {
    'batch-link': link(rng, `${LIST_PATH}${id}/batch`),
    id: link(rng, `${LIST_PATH}${id}`),
    'is-vendor': rng.pick(['true', 'false', 'TRUE', '1', '']),
    'items-link': link(rng, `${LIST_PATH}${id}/items`),
    levels: count(rng),
    name: text(rng),
  });
}

function listItem(rng: Random): Content {
  const levels = rng.int(0, 11);
  const codes: Content = {};
  for (let level = 1; level <= levels; level += 1) codes[`level${level}code`] = text(rng);
  return someOf(rng, { 'items-link': link(rng, `${LIST_PATH}x/items/US/`), ...codes, name: text(rng) });
}

/** The counted batch result of List Item and Attendee (reference §12). */
function countedResult(rng: Random, keyName: string, keys: readonly string[]): Content {
  const errors = Array.from({ length: rng.int(0, 4) }, () => someOf(rng, { code: count(rng, 9999), [keyName]: key(rng, keys), message: text(rng) }));
  return someOf(rng, { 'records-succeeded': count(rng, 3), 'records-failed': count(rng, 3), errors: { error: errors } });
}

function userProfile(rng: Random): Content {
  const fields: Content = {
    LoginId: `${text(rng)}@example.com`,
    Active: flag(rng),
    FirstName: text(rng),
    LastName: text(rng),
    Mi: rng.pick(['N', '', 'NN']),
    EmailAddress: 'ada@example.com',
    EmpId: text(rng),
    LedgerName: text(rng),
    LocaleName: rng.pick(['en_US', 'fr_FR', '']),
    CtryCode: 'US',
    CrnCode: 'USD',
    CtrySubCode: 'US-MN',
    ExpenseUser: flag(rng),
    ExpenseApprover: flag(rng),
    TripUser: flag(rng),
    InvoiceUser: flag(rng),
    InvoiceApprover: flag(rng),
    ExpenseApproverEmployeeID: text(rng),
    IsTestEmp: flag(rng),
  };
  for (let n = 1; n <= 6; n += 1) if (rng.chance(0.3)) fields[`OrgUnit${n}`] = text(rng);
  for (let n = 1; n <= 21; n += 1) if (rng.chance(0.2)) fields[`Custom${n}`] = text(rng);
  return someOf(rng, fields);
}

function formField(rng: Random): Content {
  return someOf(rng, {
    Id: text(rng),
    Label: text(rng),
    ControlType: rng.pick(['edit', 'list_edit', 'picklist']),
    DataType: rng.pick(['VARCHAR', 'MLIST', 'BOOLEAN']),
    MaxLength: count(rng, 255),
    Required: flag(rng),
    Cols: count(rng),
    Access: 'RW',
    Width: count(rng, 100),
    Custom: flag(rng),
    Sequence: count(rng, 50),
    ParentFormTypeCode: 'EMPLOYEE',
    ParentFieldId: text(rng),
    IsCopyDownSourceForOtherForms: flag(rng),
    ListName: text(rng),
    HierLevel: count(rng, 10),
  });
}

function userBatchResult(rng: Random): Content {
  const errors = Array.from({ length: rng.int(0, 3) }, () =>
    someOf(rng, { EmployeeID: text(rng), FeedRecordNumber: key(rng, [...BATCH_KEYS.users, '007', '01']), Message: text(rng) }),
  );
  const details = Array.from({ length: rng.int(0, 4) }, () =>
    someOf(rng, { EmployeeID: text(rng), FeedRecordNumber: key(rng, BATCH_KEYS.users), Status: rng.pick(['SUCCESS', 'success', 'FAILURE', '']) }),
  );
  return someOf(rng, { 'records-succeeded': count(rng, 3), 'records-failed': count(rng, 3), errors: { error: errors }, UserDetails: { UserInfo: details } });
}

function passwordResult(rng: Random): Content {
  const statuses = Array.from({ length: rng.int(0, 4) }, () =>
    someOf(rng, { LoginID: key(rng, BATCH_KEYS.passwords), Status: rng.pick(['Success', 'Failed', 'FAILED', 'pending', '']), Message: text(rng) }),
  );
  return someOf(rng, { RecordsSucceeded: count(rng, 3), RecordsFailed: count(rng, 3), UserPasswordStatusList: { UserPasswordStatus: statuses } });
}

function purchaseOrderResult(rng: Random): Content {
  const rows = Array.from({ length: rng.int(0, 5) }, () =>
    someOf(rng, {
      PoNumber: key(rng, BATCH_KEYS.purchaseOrders),
      Status: rng.pick(['SUCCESS', 'FAILURE', 'failure', 'PARTIAL', '']),
      ErrorCode: count(rng, 9000),
      ErrorMessage: text(rng),
      LineItemExternalId: text(rng),
      FieldCode: 'LineItem|Custom2',
    }),
  );
  return someOf(rng, { Processed: count(rng, 3), Success: count(rng, 3), Failures: count(rng, 3), Results: { PurchaseOrderResult: rows } });
}

function definition(rng: Random): Content {
  const id = opaqueId(rng);
  return someOf(rng, { id: link(rng, `${EXTRACT_PATH}${id}`), 'job-link': link(rng, `${EXTRACT_PATH}${id}/job`), name: text(rng) });
}

function job(rng: Random): Content {
  const base = `${EXTRACT_PATH}${opaqueId(rng)}/job/${opaqueId(rng)}`;
  return someOf(rng, {
    id: link(rng, base),
    'status-link': link(rng, `${base}/status`),
    'start-time': time(rng),
    'stop-time': time(rng),
    status: rng.pick(['Queued', 'Running', 'Completed', 'Complete', '2', 'Failed', 'FAILED', 'Unknown', '']),
    'file-link': link(rng, `${base}/file`),
  });
}

function batchSummary(rng: Random): Content {
  return someOf(rng, {
    BatchName: text(rng),
    BatchID: rng.pick(['13cb38dc-46d2-4e0c-8973-8c7667806b47', text(rng)]),
    BatchTotal: amount(rng),
    Currency: rng.pick(['USD', 'EUR', '']),
    Count: count(rng, 100),
    Type: rng.pick(['Employee', 'Card Program']),
    PaymentMethod: rng.pick(['Expense Pay by Concur', 'Company Check (via Accounts Payable)', text(rng)]),
    [rng.pick(['Batch-URL', 'Batch-Url'])]: link(rng, `/api/expense/paymentbatch/v1.1/batch/${opaqueId(rng)}`),
  });
}

function batchStatus(rng: Random): Content {
  return someOf(rng, {
    BatchStatus: rng.pick(['CLOSED', 'OPEN', 'QUEUED']),
    'File-Url': link(rng, `/api/expense/paymentbatch/v1.1/batch/${opaqueId(rng)}/file`),
    Status: rng.pick(['SUCCESS', 'FAILURE', '']),
    JobQueueKey: opaqueId(rng),
  });
}

/** Root element, namespace and content of a valid document of `kind`. */
const BUILDERS: Record<Exclude<DocumentKind, 'file'>, (rng: Random) => [root: string, namespace: string, content: Content]> = {
  lists: (rng) => ['lists', NAMESPACES.list, { list: many(rng, listElement) }],
  list: (rng) => ['list', NAMESPACES.list, listElement(rng)],
  'list-items': (rng) => ['list-items', NAMESPACES.list, { 'list-item': many(rng, listItem) }],
  'list-item-batch-result': (rng) => ['list-item-batch-result', NAMESPACES.list, countedResult(rng, 'list-item-code', BATCH_KEYS.listItems)],
  'attendee-types': (rng) => ['attendee-types', NAMESPACES.attendee, { 'attendee-type': many(rng, (r) => someOf(r, { type: text(r), name: text(r) })) }],
  'attendee-batch-result': (rng) => ['attendee-batch-result', NAMESPACES.attendee, countedResult(rng, 'external-id', BATCH_KEYS.attendees)],
  'user-profile': (rng) => ['UserProfile', NAMESPACES.user, userProfile(rng)],
  'form-fields': (rng) => ['FormFieldsList', NAMESPACES.user, { FormField: many(rng, formField) }],
  'user-batch-result': (rng) => ['user-batch-result', NAMESPACES.user, userBatchResult(rng)],
  'password-batch-result': (rng) => ['BatchResult', NAMESPACES.user, passwordResult(rng)],
  'purchase-order-result': (rng) => ['Response', NAMESPACES.purchaseOrder, purchaseOrderResult(rng)],
  definitions: (rng) => ['definitions', NAMESPACES.extract, { definition: many(rng, definition) }],
  definition: (rng) => ['definition', NAMESPACES.extract, definition(rng)],
  jobs: (rng) => ['jobs', NAMESPACES.extract, { job: many(rng, job) }],
  job: (rng) => ['job', NAMESPACES.extract, job(rng)],
  image: (rng) => ['Image', NAMESPACES.image, someOf(rng, { Id: opaqueId(rng), Url: link(rng, `/receipts/${opaqueId(rng)}.png?expires=1&amp;sig=x`) })],
  'batch-list': (rng) => ['BatchList', NAMESPACES.paymentBatch, { BatchSummary: many(rng, batchSummary) }],
  'batch-status': (rng) => [rng.chance(0.8) ? 'BatchStatus' : rng.pick(['BatchCloseResult', 'Result', 'Status']), NAMESPACES.paymentBatch, batchStatus(rng)],
};

/** A file body (Extract or Payment Batch): CSV text, zip bytes, or anything. */
function fileBody(rng: Random): { body: Buffer; contentType: string } {
  const rows = Array.from({ length: rng.int(0, 50) }, () => `${text(rng)},${amount(rng)},${time(rng)}`);
  return rng.choose([
    [50, () => ({ body: Buffer.from(`id,amount,time\n${rows.join('\n')}`), contentType: 'text/csv' })],
    [30, () => ({ body: Buffer.concat([Buffer.from('PK\u0003\u0004'), rng.bytes(rng.int(0, 4000))]), contentType: 'application/zip' })],
    [20, () => ({ body: rng.bytes(rng.int(0, 2000)), contentType: 'application/octet-stream' })],
  ]);
}

/** A valid answer, and the tree it was written from (to answer the same content as JSON). */
export interface ValidDocument {
  body: Buffer;
  contentType: string;
  tree: Record<string, unknown> | undefined;
}

/**
 * A valid answer of `kind`, written by the simulator's own XML writer (`xmlResponse`: the
 * namespace and `xmlns:i` declaration Concur's responses carry), or a file.
 */
export function validDocument(kind: DocumentKind, rng: Random): ValidDocument {
  if (kind === 'file') return { ...fileBody(rng), tree: undefined };
  const [root, namespace, content] = BUILDERS[kind](rng);
  const response = xmlResponse(root, content as { [name: string]: XmlBuildValue }, rng.chance(0.9) ? namespace : undefined);
  return { body: response.body, contentType: response.headers['Content-Type'] ?? 'application/xml', tree: { [root]: content } };
}
