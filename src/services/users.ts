import type { CallOptions } from '../core/options.js';
import { runBatch, type BatchSpec } from '../batch/run.js';
import type { BatchInput, BatchOptions, BatchResult } from '../batch/types.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY } from '../xml/parser.js';
import { childOf, childText, elements, textOf, type XmlElement } from '../xml/nodes.js';
import { checkText, itemError } from './fields.js';
import { ConcurService, defineEndpoints, integerOf, rootOf } from './service.js';
import type { UserFormField, UserInput, UserPasswordInput, UserProfile } from './users-types.js';

// User v1.0 (reference §4). The namespace was undocumented until D1 PR #1132, after users hit
// errors without it; the password batch uses it too (PR #596). Path casing follows the samples
// and the 2013 pages (`User/`, `FormFields`, `Users`, `Users/password`).
const NAMESPACE = 'http://www.concursolutions.com/api/user/2011/02';

const ENDPOINTS = defineEndpoints({
  get: { method: 'GET', path: '/api/user/v1.0/User/' },
  getFormFields: { method: 'GET', path: '/api/user/v1.0/FormFields' },
  upsert: { method: 'POST', path: '/api/user/v1.0/Users', root: 'batch', namespace: NAMESPACE },
  updatePasswords: { method: 'POST', path: '/api/user/v1.0/Users/password', root: 'UserBatch', namespace: NAMESPACE },
});

// The documented limit is 500 users per batch (2013 error "Maximum User Records per Batch
// Exceeded"); the HTTP codes page says 400 only above 1000. Chunks default to 500, 1000 is the cap.
const MAX_USERS = 1000;
const USERS_PER_BATCH = 500;

const numbered = (prefix: string, wire: string, count: number): Array<[string, string]> =>
  Array.from({ length: count }, (_, i) => [`${prefix}${i + 1}`, `${wire}${i + 1}`]);
/** `[field, wire]` for a wire name: `CrnKey` → `crnKey`, `NewLoginID` → `newLoginId`. */
const camel = (wire: string): [string, string] => [wire.charAt(0).toLowerCase() + wire.slice(1).replace(/ID$/, 'Id'), wire];

// Casing conflict (reference §4, UNCONFIRMED): the field table and 2013 example use `LoginId` /
// `EmpId`, a 2017 example `LoginID` / `EmployeeID`. The 2013 schema names are sent, in its order.
const WIRE_NAMES: ReadonlyArray<[field: string, wire: string]> = [
  ...(['EmpId', 'FeedRecordNumber', 'LoginId', 'LocaleName', 'Active', 'Password', 'FirstName', 'LastName', 'Mi', 'EmailAddress', 'LedgerKey'].map(camel)),
  ...numbered('orgUnit', 'OrgUnit', 6),
  ...numbered('custom', 'Custom', 21),
  ...(['CtryCode', 'CashAdvanceAccountCode', 'CrnKey', 'CtrySubCode', 'ExpenseUser', 'ExpenseApprover', 'TripUser', 'InvoiceUser', 'InvoiceApprover'].map(camel)),
  ...(['ExpenseApproverEmployeeID', 'NewLoginID', 'NewEmployeeID'].map(camel)),
];

const TEXT_LIMITS: ReadonlyArray<[field: string, max: number]> = [
  ['feedRecordNumber', 48], ['localeName', 5], ['password', 255], ['firstName', 32], ['lastName', 32], ['mi', 1], ['emailAddress', 255],
  ['ledgerKey', 20], ['cashAdvanceAccountCode', 20], ['expenseApproverEmployeeId', 48], ['newEmployeeId', 48],
  ...[...numbered('orgUnit', '', 6), ...numbered('custom', '', 21)].map(([field]): [string, number] => [field, 48]),
];
const FLAGS = ['active', 'expenseUser', 'expenseApprover', 'tripUser', 'invoiceUser', 'invoiceApprover'];
const PATTERNS: ReadonlyArray<[field: string, pattern: RegExp, rule: string]> = [
  ['ctryCode', /^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US'],
  ['crnKey', /^[A-Z]{3}$/, 'an ISO 4217 code of three capital letters such as USD'],
  // The table says "max 2" but its own example is `US-WA`; the example's form is checked.
  ['ctrySubCode', /^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'a country and subdivision code such as US-WA'],
];
const fail = itemError;

function checkLoginId(what: string, value: unknown, index: number, field: string, required: boolean): void {
  checkText(what, value, index, field, 128, required);
  if (typeof value === 'string' && !value.includes('@')) fail(what, index, field, `${field} must contain "@" (Concur login IDs are email-like).`);
}

/** The client-side form of the User field table (reference §4), checked before sending. */
function checkUser(user: UserInput, index: number): void {
  if (typeof user !== 'object' || user === null) fail('User', index, 'item', 'is not an object.');
  const record = user as unknown as Record<string, unknown>;
  checkText('User', user.empId, index, 'empId', 48, true);
  checkLoginId('User', user.loginId, index, 'loginId', true);
  checkLoginId('User', user.newLoginId, index, 'newLoginId', false);
  if (user.feedRecordNumber !== undefined) checkText('User', user.feedRecordNumber, index, 'feedRecordNumber', 48, true);
  for (const [field, max] of TEXT_LIMITS) checkText('User', record[field], index, field, max, false);
  for (const field of FLAGS) {
    if (record[field] !== undefined && typeof record[field] !== 'boolean') fail('User', index, field, `${field} must be true or false.`);
  }
  for (const [field, pattern, rule] of PATTERNS) {
    const value = record[field];
    if (value !== undefined && (typeof value !== 'string' || !pattern.test(value))) fail('User', index, field, `${field} must be ${rule}.`);
  }
}

function checkPasswordEntry(entry: UserPasswordInput, index: number): void {
  if (typeof entry !== 'object' || entry === null) fail('Password entry', index, 'item', 'is not an object.');
  checkLoginId('Password entry', entry.loginId, index, 'loginId', true);
  checkText('Password entry', entry.password, index, 'password', 255, true);
}

function toWire(user: UserInput, feedRecordNumber: string): Record<string, string | undefined> {
  const record: Record<string, unknown> = { ...(user as unknown as Record<string, unknown>), feedRecordNumber };
  const wire: Record<string, string | undefined> = {};
  for (const [field, name] of WIRE_NAMES) {
    const value = record[field];
    wire[name] = typeof value === 'boolean' ? (value ? 'Y' : 'N') : (value as string | undefined);
  }
  return wire;
}

/** Record numbers compare as numbers when they are digits: Concur may echo `7` for `007`. */
function recordKey(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text !== undefined && /^\d+$/.test(text) ? text.replace(/^0+(?=\d)/, '') : text;
}

/** The FeedRecordNumber a user is sent with, as a reconciliation key. */
function feedRecordNumberOf(user: UserInput, position: number): string | undefined {
  return recordKey(user.feedRecordNumber ?? String(position + 1));
}

const loginKey = (loginId: string | undefined): string | undefined => loginId?.trim().toLowerCase();

function flag(value: string | undefined): boolean | undefined {
  const text = value?.trim().toUpperCase();
  return text === 'Y' ? true : text === 'N' ? false : undefined;
}

function readProfile(node: XmlElement): UserProfile {
  const fields: Record<string, string> = {};
  for (const [name, child] of Object.entries(node)) {
    const text = textOf(child);
    if (!name.startsWith(ATTRIBUTE_PREFIX) && name !== TEXT_KEY && text !== undefined) fields[name] = text;
  }
  const profile: Record<string, unknown> = { loginId: childText(node, 'LoginId') ?? '', fields };
  const texts: Array<[string, string | undefined]> = [
    ['empId', childText(node, 'EmpId') ?? childText(node, 'EmployeeID')],
    ...['FirstName', 'LastName', 'Mi', 'EmailAddress', 'LedgerName', 'LocaleName', 'CtryCode', 'CashAdvanceAccountCode', 'CrnCode', 'CtrySubCode', 'ExpenseApproverEmployeeID']
      .map(camel)
      .map(([field, wire]): [string, string | undefined] => [field, childText(node, wire)]),
    ...numbered('orgUnit', 'OrgUnit', 6).map(([field, wire]): [string, string | undefined] => [field, childText(node, wire)]),
    ...numbered('custom', 'Custom', 21).map(([field, wire]): [string, string | undefined] => [field, childText(node, wire)]),
    ...[...FLAGS, 'isTestEmp'].map((field): [string, string | undefined] => [field, childText(node, field)]),
  ];
  for (const [field, text] of texts) {
    const value = FLAGS.includes(field) || field === 'isTestEmp' ? flag(text) : text;
    if (value !== undefined) profile[field] = value;
  }
  return profile as unknown as UserProfile;
}

function readFormField(node: XmlElement): UserFormField {
  const field: Record<string, unknown> = { id: childText(node, 'Id') ?? '', required: flag(childText(node, 'Required')) === true, custom: flag(childText(node, 'Custom')) === true };
  for (const name of ['Label', 'ControlType', 'DataType', 'Access', 'ParentFormTypeCode', 'ParentFieldId', 'ListName']) {
    const text = childText(node, name);
    if (text !== undefined) field[name.charAt(0).toLowerCase() + name.slice(1)] = text;
  }
  for (const name of ['MaxLength', 'Cols', 'Width', 'Sequence', 'HierLevel']) {
    const number = integerOf(childText(node, name));
    if (number !== undefined) field[name.charAt(0).toLowerCase() + name.slice(1)] = number;
  }
  const copyDown = flag(childText(node, 'IsCopyDownSourceForOtherForms'));
  if (copyDown !== undefined) field['isCopyDownSourceForOtherForms'] = copyDown;
  return field as unknown as UserFormField;
}

/**
 * User v1.0: read a user profile and the Employee form, add or update users in batches, and set
 * passwords (reference §4). Reached as `concur.users`.
 *
 * **Decommissioned in the US and EMEA data centers on 2025-01-21** (deprecated 2022-11-10): there
 * every call is expected to fail, a 404 surfacing as `NotFoundError`. Successors are Identity v4
 * and User Provisioning v4 (SCIM). Concur also documents that adding users through this API may
 * leave profiles to complete through an Employee Import.
 *
 * @example
 * ```ts
 * const me = await concur.users.get();
 * const result = await concur.users.upsert([{ empId: 'E1001', loginId: 'ada@example.com', active: true }]);
 * console.log(me.loginId, result.succeeded, result.failed, result.unknown);
 * ```
 */
export class UsersService extends ConcurService {
  /**
   * The profile of the token's owner, or of `loginId` (which needs an administrator role).
   *
   * @throws NotFoundError on a 404, which is also what a decommissioned data center answers.
   * @example
   * ```ts
   * const user = await concur.users.get('ada@example.com');
   * console.log(user.firstName, user.active, user.fields['Custom3']);
   * ```
   */
  async get(loginId?: string, options: CallOptions = {}): Promise<UserProfile> {
    if (loginId !== undefined && (typeof loginId !== 'string' || loginId.trim() === '')) {
      throw new ConcurValidationError('loginId must be a non-empty login ID, or left out for the token owner.', { field: 'loginId' });
    }
    const response = await this.call(ENDPOINTS.get, { query: { loginID: loginId }, signal: options.signal });
    return readProfile(rootOf(response, 'UserProfile', 'GET', ENDPOINTS.get.path));
  }

  /**
   * The fields of the Employee (Global) form: which are required, their types and lengths. Read
   * it before {@link UsersService.upsert} to know what your configuration needs.
   *
   * @example
   * ```ts
   * const required = (await concur.users.getFormFields()).filter((field) => field.required).map((field) => field.id);
   * ```
   */
  async getFormFields(options: CallOptions = {}): Promise<UserFormField[]> {
    const response = await this.call(ENDPOINTS.getFormFields, { signal: options.signal });
    const root = rootOf(response, 'FormFieldsList', 'GET', ENDPOINTS.getFormFields.path);
    return elements(root, 'FormField').map(readFormField);
  }

  /**
   * Adds or updates users, any number of them, in batches of 500 by default (at most 1000).
   * Results are matched by `FeedRecordNumber`, which the SDK sets when you do not.
   *
   * @example
   * ```ts
   * const result = await concur.users.upsert(users, { onProgress: (p) => console.log(p.completed) });
   * for (const item of result.items) if (item.status === 'failed') console.warn(item.input.loginId, item.message);
   * ```
   */
  upsert(users: BatchInput<UserInput>, options: BatchOptions<UserInput> = {}): Promise<BatchResult<UserInput>> {
    const endpoint = ENDPOINTS.upsert;
    const spec: BatchSpec<UserInput> = {
      label: 'users',
      max: MAX_USERS,
      defaultChunkSize: USERS_PER_BATCH,
      // The SDK numbers each user by its place in the chunk unless the caller gave a number.
      keyOf: (user, position) => feedRecordNumberOf(user, position),
      checkItem: checkUser,
      send: async (chunk, signal) => {
        const profiles = chunk.map((user, position) => toWire(user, user.feedRecordNumber ?? String(position + 1)));
        const response = await this.call(endpoint, { body: this.xmlBody(endpoint, { UserProfile: profiles }), signal });
        const root = rootOf(response, 'user-batch-result', endpoint.method, endpoint.path);
        // The 2013 page names the text `message`, the current one `Message`: childText reads both.
        const errors = elements(root, 'errors', 'error').map((node) => ({ key: recordKey(childText(node, 'FeedRecordNumber')), message: childText(node, 'message') }));
        const successes = elements(root, 'UserDetails', 'UserInfo')
          .filter((node) => childText(node, 'Status')?.toUpperCase() === 'SUCCESS')
          .flatMap((node) => recordKey(childText(node, 'FeedRecordNumber')) ?? []);
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          report: { recordsSucceeded: integerOf(childOf(root, 'records-succeeded')), recordsFailed: integerOf(childOf(root, 'records-failed')), errors, successes },
        };
      },
    };
    return runBatch(users, spec, options);
  }

  /**
   * Sets the passwords of existing users, in batches of 500 by default (at most 1000). Concur
   * reports every user by login ID. It does not reset the password's expiry, and a user without
   * an employee ID cannot have one set.
   *
   * @example
   * ```ts
   * const result = await concur.users.updatePasswords([{ loginId: 'ada@example.com', password: newPassword }]);
   * ```
   */
  updatePasswords(entries: BatchInput<UserPasswordInput>, options: BatchOptions<UserPasswordInput> = {}): Promise<BatchResult<UserPasswordInput>> {
    const endpoint = ENDPOINTS.updatePasswords;
    const spec: BatchSpec<UserPasswordInput> = {
      label: 'user passwords',
      max: MAX_USERS,
      defaultChunkSize: USERS_PER_BATCH,
      // Login IDs are matched without regard to case, in case Concur echoes another casing.
      keyOf: (entry) => loginKey(entry.loginId),
      checkItem: checkPasswordEntry,
      send: async (chunk, signal) => {
        const body = this.xmlBody(endpoint, { User: chunk.map((entry) => ({ LoginID: entry.loginId, Password: entry.password })) });
        const response = await this.call(endpoint, { body, signal });
        const root = rootOf(response, 'BatchResult', endpoint.method, endpoint.path);
        const statuses = elements(root, 'UserPasswordStatusList', 'UserPasswordStatus').map((node) => ({
          key: loginKey(childText(node, 'LoginID')),
          status: childText(node, 'Status')?.toLowerCase(),
          message: childText(node, 'Message'),
        }));
        const errors = statuses.filter((entry) => entry.status === 'failed').map(({ key, message }) => ({ key, message }));
        const successes = statuses.flatMap((entry) => (entry.status === 'success' && entry.key !== undefined ? [entry.key] : []));
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          report: { recordsSucceeded: integerOf(childOf(root, 'RecordsSucceeded')), recordsFailed: integerOf(childOf(root, 'RecordsFailed')), errors, successes },
        };
      },
    };
    return runBatch(entries, spec, options);
  }
}
