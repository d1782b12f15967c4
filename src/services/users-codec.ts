import { ATTRIBUTE_PREFIX, TEXT_KEY } from '../xml/parser.js';
import { childText, textOf, type XmlElement } from '../xml/nodes.js';
import type { ItemProblem } from '../batch/types.js';
import { quoteText, typeOfValue } from '../internal/describe.js';
import { isPlainElementName, ProblemList, textProblem, unknownKeyProblems, type Fields } from './fields.js';
import { integerOf } from './service.js';
import type { UserFormField, UserInput, UserProfile } from './users-types.js';

// How User v1.0 records look on the wire and how its answers read (reference §4, and the public
// samples listed in test/fixtures/real/users): kept apart from the service methods.

const numbered = (prefix: string, wire: string, count: number): Array<[string, string]> =>
  Array.from({ length: count }, (_, i) => [`${prefix}${i + 1}`, `${wire}${i + 1}`]);
/** `[field, wire]` for a wire name: `CrnKey` → `crnKey`, `NewLoginID` → `newLoginId`. */
const camel = (wire: string): [string, string] => [wire.charAt(0).toLowerCase() + wire.slice(1).replace(/ID$/, 'Id'), wire];

// Casing conflict (reference §4, UNCONFIRMED): the field table, the 2013 example and the official
// VB.NET sample use `LoginId` / `EmpId`, a 2017 example `LoginID` / `EmployeeID`. The 2013 schema
// names are sent, in its order.
const WIRE_NAMES: ReadonlyArray<[field: string, wire: string]> = [
  ...['EmpId', 'FeedRecordNumber', 'LoginId', 'LocaleName', 'Active', 'Password', 'FirstName', 'LastName', 'Mi', 'EmailAddress', 'LedgerKey'].map(camel),
  ...numbered('orgUnit', 'OrgUnit', 6),
  ...numbered('custom', 'Custom', 21),
  ...['CtryCode', 'CashAdvanceAccountCode', 'CrnKey', 'CtrySubCode', 'ExpenseUser', 'ExpenseApprover', 'TripUser', 'InvoiceUser', 'InvoiceApprover'].map(camel),
  ...['ExpenseApproverEmployeeID', 'NewLoginID', 'NewEmployeeID'].map(camel),
];
const USER_KEYS: ReadonlySet<string> = new Set([...WIRE_NAMES.map(([field]) => field), 'extraFields']);
/** Typed fields by lower-case wire name, plus the other spellings the sources use for them. */
const TYPED_BY_WIRE: ReadonlyMap<string, string> = new Map([
  ...WIRE_NAMES.map(([field, wire]): [string, string] => [wire.toLowerCase(), field]),
  // 2017 example (EmployeeID), the VB.NET sample's property (EmpID), and the GET names of
  // fields POST calls otherwise (CrnCode, LedgerName): sending both would name one field twice.
  ['employeeid', 'empId'],
  ['crncode', 'crnKey'],
  ['ledgername', 'ledgerKey'],
]);

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
// The Employee form's OrgUnit and Custom fields take at most 48 characters (reference §4). A form
// can have more of them than the typed input names: the 2016 provisioning guide puts the Invoice
// group in Custom22.
const EXTRA_LIMIT = /^(orgunit|custom)\d+$/i;
const EXTRA_MAX = 48;

/** A batch write of {@link UsersService}, for {@link UsersService.validate}. */
export type UserOperation = 'upsert' | 'updatePasswords';

function loginIdProblems(problems: ProblemList, fields: Fields, field: string, required: boolean): void {
  if (problems.text(fields, field, { max: 128, required }) && !(fields[field] as string).includes('@')) {
    problems.add(field, `must contain "@": Concur login IDs are email-like (got ${quoteText(fields[field] as string)})`);
  }
}

function extraFieldProblems(problems: ProblemList, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add('extraFields', `must be an object of wire element names to text values, e.g. { BiHierNodeKey: "1234" } (got ${typeOfValue(value)})`);
    return;
  }
  for (const [name, text] of Object.entries(value)) {
    const field = `extraFields.${name}`;
    if (!isPlainElementName(name)) {
      problems.add(field, 'is not an XML element name without a prefix (letters, digits, "_", "-", "."; not starting with a digit or "xml")');
      continue;
    }
    const typed = TYPED_BY_WIRE.get(name.toLowerCase());
    if (typed !== undefined) problems.add(field, `names the same field as ${typed}; set ${typed} instead`);
    else problems.check(field, textProblem(text, { max: EXTRA_LIMIT.test(name) ? EXTRA_MAX : Number.MAX_SAFE_INTEGER }));
  }
}

/** Every problem of a user, in the client-side form of the User field table (reference §4). @internal */
export function userProblems(item: unknown): ItemProblem[] {
  const problems = new ProblemList();
  const fields = problems.object(item, 'item', 'must be an object such as { empId, loginId }');
  if (fields === undefined) return problems.list;
  unknownKeyProblems(problems, fields, USER_KEYS, (key) =>
    isPlainElementName(key) && /^[A-Z]/.test(key) ? `to send the form field ${key}, put it in extraFields: { extraFields: { ${key}: '…' } }` : undefined,
  );
  problems.text(fields, 'empId', { max: 48, required: true });
  loginIdProblems(problems, fields, 'loginId', true);
  loginIdProblems(problems, fields, 'newLoginId', false);
  // A FeedRecordNumber, when given, names the user in Concur's answer: it cannot be blank.
  problems.text(fields, 'feedRecordNumber', { max: 48, required: fields['feedRecordNumber'] !== undefined });
  for (const [field, max] of TEXT_LIMITS) {
    if (field !== 'feedRecordNumber') problems.text(fields, field, { max, secret: field === 'password' });
  }
  for (const field of FLAGS) problems.flag(fields, field);
  for (const [field, pattern, rule] of PATTERNS) problems.matches(fields, field, pattern, rule);
  extraFieldProblems(problems, fields['extraFields']);
  return problems.list;
}

/** Every problem of a password entry; the password itself never appears in a message. @internal */
export function passwordEntryProblems(item: unknown): ItemProblem[] {
  const problems = new ProblemList();
  const fields = problems.object(item, 'item', 'must be an object such as { loginId, password }');
  if (fields === undefined) return problems.list;
  loginIdProblems(problems, fields, 'loginId', true);
  problems.text(fields, 'password', { max: 255, required: true, secret: true });
  return problems.list;
}

export function toWire(user: UserInput, feedRecordNumber: string): Record<string, string | undefined> {
  const record: Record<string, unknown> = { ...(user as unknown as Record<string, unknown>), feedRecordNumber };
  const wire: Record<string, string | undefined> = {};
  for (const [field, name] of WIRE_NAMES) {
    const value = record[field];
    wire[name] = typeof value === 'boolean' ? (value ? 'Y' : 'N') : (value as string | undefined);
  }
  // The names were checked: none reaches the prototype or repeats a typed field.
  for (const [name, value] of Object.entries(user.extraFields ?? {})) wire[name] = value;
  return wire;
}

/** Record numbers compare as numbers when they are digits: Concur may echo `7` for `007`. @internal */
export function recordKey(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text !== undefined && /^\d+$/.test(text) ? text.replace(/^0+(?=\d)/, '') : text;
}

/** The FeedRecordNumber a user is sent with, as a reconciliation key. @internal */
export function feedRecordNumberOf(user: UserInput, position: number): string | undefined {
  return recordKey(user.feedRecordNumber ?? String(position + 1));
}

/** @internal */
export const loginKey = (loginId: string | undefined): string | undefined => loginId?.trim().toLowerCase();

function flag(value: string | undefined): boolean | undefined {
  const text = value?.trim().toUpperCase();
  return text === 'Y' ? true : text === 'N' ? false : undefined;
}

const PROFILE_TEXTS: ReadonlyArray<[field: string, wire: string]> = [
  ...['FirstName', 'LastName', 'Mi', 'EmailAddress', 'LedgerName', 'LocaleName', 'CtryCode', 'CashAdvanceAccountCode', 'CtrySubCode', 'ExpenseApproverEmployeeID'].map(camel),
  ...numbered('orgUnit', 'OrgUnit', 6),
  ...numbered('custom', 'Custom', 21),
];
const PROFILE_FLAGS: ReadonlyArray<[field: string, wire: string]> = [...FLAGS, 'isTestEmp'].map((field) => [field, field.charAt(0).toUpperCase() + field.slice(1)]);

/** A `UserProfile` element as a typed profile. @internal */
export function readProfile(node: XmlElement): UserProfile {
  const fields: Record<string, string> = {};
  for (const [name, child] of Object.entries(node)) {
    const text = textOf(child);
    if (!name.startsWith(ATTRIBUTE_PREFIX) && name !== TEXT_KEY && text !== undefined) fields[name] = text;
  }
  const profile: Record<string, unknown> = { loginId: childText(node, 'LoginId') ?? '', fields };
  const set = (field: string, value: unknown): void => {
    if (value !== undefined) profile[field] = value;
  };
  set('empId', childText(node, 'EmpId') ?? childText(node, 'EmployeeID'));
  for (const [field, wire] of PROFILE_TEXTS) set(field, childText(node, wire));
  // The captured profile of the concur-platform package and the official VB.NET sample's parser
  // carry the currency as `CrnKey`; only the 2013 page shows `CrnCode`. Either fills crnCode.
  set('crnCode', childText(node, 'CrnCode') ?? childText(node, 'CrnKey'));
  for (const [field, wire] of PROFILE_FLAGS) set(field, flag(childText(node, wire)));
  return profile as unknown as UserProfile;
}

/**
 * A profile Concur sent as JSON (it does when asked; the old concur-platform SDK asked): a flat
 * object of element names to values, read like the XML element; nested values are left out. @internal
 */
export function jsonProfileElement(data: Readonly<Record<string, unknown>>): XmlElement {
  const element: XmlElement = {};
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'string') element[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') element[name] = String(value);
    else if (value === null) element[name] = '';
  }
  return element;
}

/** A `FormField` element as a typed form field. @internal */
export function readFormField(node: XmlElement): UserFormField {
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
