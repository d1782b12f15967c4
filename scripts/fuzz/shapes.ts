import { ConcurError } from '../../src/index.js';
import { BATCH_SIZE, type Target } from './targets.js';

// What a typed result must look like: each field of the SDK's result types, with its type. A
// result that resolves but breaks its type (a number that is Infinity, a string that is an
// object, a missing field) counts as an ill-typed result, which must never happen.

/** `s` string, `n` finite number, `b` boolean, `d` valid Date, `buf` Buffer, `rec` record of strings, `any`; `?` optional. */
type FieldType = 's' | 'n' | 'b' | 'd' | 'buf' | 'rec' | 'any' | readonly string[];
type Schema = Readonly<Record<string, FieldType | `${'s' | 'n' | 'b' | 'd' | 'any'}?`>>;

const levels = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`level${i + 1}Code`, 's?'])) as Schema;
const numbered = (prefix: string, count: number): Schema => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i + 1}`, 's?']));

const LIST_SUMMARY: Schema = { id: 's', url: 's', name: 's', isVendor: 'b', levels: 'n', itemsLink: 's?', batchLink: 's?' };
const LIST_ITEM: Schema = { name: 's', itemsLink: 's?', ...levels };
const ATTENDEE_TYPE: Schema = { type: 's', name: 's' };
const USER_PROFILE: Schema = {
  loginId: 's',
  fields: 'rec',
  ...Object.fromEntries(
    ['empId', 'firstName', 'lastName', 'mi', 'emailAddress', 'ledgerName', 'localeName', 'ctryCode', 'cashAdvanceAccountCode', 'crnCode', 'ctrySubCode', 'expenseApproverEmployeeId'].map((f) => [f, 's?']),
  ),
  ...numbered('orgUnit', 6),
  ...numbered('custom', 21),
  ...Object.fromEntries(['active', 'expenseUser', 'expenseApprover', 'tripUser', 'invoiceUser', 'invoiceApprover', 'isTestEmp'].map((f) => [f, 'b?'])),
};
const FORM_FIELD: Schema = {
  id: 's',
  required: 'b',
  custom: 'b',
  ...Object.fromEntries(['label', 'controlType', 'dataType', 'access', 'parentFormTypeCode', 'parentFieldId', 'listName'].map((f) => [f, 's?'])),
  ...Object.fromEntries(['maxLength', 'cols', 'width', 'sequence', 'hierLevel'].map((f) => [f, 'n?'])),
  isCopyDownSourceForOtherForms: 'b?',
};
const DEFINITION: Schema = { id: 's', url: 's', name: 's', jobLink: 's?' };
const JOB: Schema = {
  id: 's',
  url: 's',
  definitionId: 's',
  status: 's',
  state: ['queued', 'running', 'completed', 'failed', 'unknown'],
  statusLink: 's',
  startTime: 's',
  startedAt: 'd?',
  stopTime: 's?',
  stoppedAt: 'd?',
  fileLink: 's?',
};
const IMAGE_URL: Schema = { id: 's', url: 's' };
const UPLOADED_IMAGE: Schema = { id: 's', url: 's?' };
const PAYMENT_BATCH: Schema = { id: 's', batchUrl: 's', batchName: 's', batchId: 's', batchTotal: 'n', currency: 's', count: 'n', type: 's', paymentMethod: 's' };
const CLOSE_RESULT: Schema = { batchStatus: 's?', fileUrl: 's?', status: 's?', jobQueueKey: 's?' };
const FILE: Schema = { contentType: 's', data: 'buf' };
// `data` is undefined for an empty XML or JSON body (ConcurResponse's documentation).
const RESPONSE: Schema = { status: 'n', headers: 'rec', data: 'any?', correlationId: 's?', attempts: 'n', mayHaveBeenProcessedBefore: 'b', bytes: 'n' };

function fieldProblem(value: unknown, type: FieldType): string | undefined {
  if (Array.isArray(type)) return typeof value === 'string' && type.includes(value) ? undefined : `not one of ${type.join('|')}`;
  switch (type) {
    case 's':
      return typeof value === 'string' ? undefined : `not a string (${typeof value})`;
    case 'n':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `not a finite number (${String(value)})`;
    case 'b':
      return typeof value === 'boolean' ? undefined : 'not a boolean';
    case 'd':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : 'not a valid Date';
    case 'buf':
      return Buffer.isBuffer(value) ? undefined : 'not a Buffer';
    case 'rec':
      return isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string') ? undefined : 'not a record of strings';
    default:
      return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function objectProblems(value: unknown, schema: Schema, at: string): string[] {
  if (!isPlainObject(value)) return [`${at}: not a plain object`];
  const problems: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || !Object.hasOwn(schema, key)) problems.push(`${at}: unexpected key ${String(key)}`);
  }
  for (const [key, spec] of Object.entries(schema)) {
    const optional = typeof spec === 'string' && spec.endsWith('?');
    const type = (optional ? (spec as string).slice(0, -1) : spec) as FieldType;
    const field = value[key];
    if (field === undefined) {
      if (!optional) problems.push(`${at}.${key}: missing`);
      continue;
    }
    const problem = fieldProblem(field, type);
    if (problem !== undefined) problems.push(`${at}.${key}: ${problem}`);
  }
  return problems;
}

const listOf = (schema: Schema) => (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap((entry, i) => objectProblems(entry, schema, `[${i}]`)).slice(0, 5) : ['not an array'];
const one = (schema: Schema) => (value: unknown): string[] => objectProblems(value, schema, 'result');

/** A BatchResult for {@link BATCH_SIZE} items: every item settled once, counts that add up. */
function batchProblems(value: unknown): string[] {
  if (!isPlainObject(value)) return ['not a plain object'];
  const { succeeded, failed, unknown, items, chunks } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!Array.isArray(items) || !Array.isArray(chunks)) return ['items or chunks is not an array'];
  if (items.length !== BATCH_SIZE) problems.push(`${items.length} items for ${BATCH_SIZE} sent`);
  if (succeeded as number + (failed as number) + (unknown as number) !== BATCH_SIZE) problems.push(`counts ${String(succeeded)}+${String(failed)}+${String(unknown)} do not add up to ${BATCH_SIZE}`);
  items.forEach((item: unknown, i) => {
    const entry = item as Record<string, unknown> | undefined;
    if (entry?.['index'] !== i) problems.push(`items[${i}].index is ${String(entry?.['index'])}`);
    if (!['succeeded', 'failed', 'unknown'].includes(entry?.['status'] as string)) problems.push(`items[${i}].status is ${String(entry?.['status'])}`);
    for (const key of ['code', 'message']) if (entry?.[key] !== undefined && typeof entry[key] !== 'string') problems.push(`items[${i}].${key} is not a string`);
    if (typeof entry?.['attempts'] !== 'number' || !Number.isFinite(entry['attempts'])) problems.push(`items[${i}].attempts is not a number`);
  });
  for (const chunk of chunks as Array<Record<string, unknown>>) {
    if (chunk['error'] !== undefined && !(chunk['error'] instanceof ConcurError)) problems.push('a chunk error is not a ConcurError');
    for (const key of ['recordsSucceeded', 'recordsFailed']) {
      if (chunk[key] !== undefined && !Number.isFinite(chunk[key])) problems.push(`chunk ${key} is ${String(chunk[key])}`);
    }
  }
  return problems;
}

const BY_DOCUMENT: Readonly<Record<string, (value: unknown) => string[]>> = {
  lists: listOf(LIST_SUMMARY),
  list: one(LIST_SUMMARY),
  'list-items': listOf(LIST_ITEM),
  'attendee-types': listOf(ATTENDEE_TYPE),
  'user-profile': one(USER_PROFILE),
  'form-fields': listOf(FORM_FIELD),
  definitions: listOf(DEFINITION),
  definition: one(DEFINITION),
  jobs: listOf(JOB),
  job: one(JOB),
  'batch-list': listOf(PAYMENT_BATCH),
  'batch-status': one(CLOSE_RESULT),
  file: one(FILE),
};

/** What is wrong with a result `target` resolved with; empty when it has its type. */
export function resultProblems(target: Target, value: unknown): string[] {
  if (target.batch === true) return batchProblems(value);
  if (target.name === 'request') return one(RESPONSE)(value);
  if (target.document === 'image') return target.name.startsWith('imaging.get') ? one(IMAGE_URL)(value) : one(UPLOADED_IMAGE)(value);
  const check = BY_DOCUMENT[target.document];
  return check === undefined ? [`no shape for ${target.document}`] : check(value);
}
