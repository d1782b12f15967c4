import type { XmlElement } from '../../xml/nodes.js';
import { SimHttpError, type Route, type SimContext, type SimRequest, type SimResponse } from '../http-types.js';
import { profileName, type SimUser, type UserStore } from '../state/users.js';
import { checkBatchSize, field, itemsOf, readXmlBody } from '../xml-input.js';
import { NAMESPACES, xmlResponse } from '../xml-responses.js';
import { BatchTally, batchResultResponse } from './batch-result.js';

// User v1.0 (reference §4). Both spellings of the documented casing conflict are accepted, and
// form fields the simulator does not know (BiHierNodeKey, PmtMethodCode, Custom22 …) are kept.
const BASE = '/api/user/v1.0';
const NAMESPACE_RULE = { namespace: NAMESPACES.user, required: true };
const NOT_PROFILE = new Set(['FeedRecordNumber', 'Password', 'NewLoginID', 'NewEmployeeID']);
const PASSWORD_MAX = 255;
const YES_NO = new Set(['Active', 'ExpenseUser', 'ExpenseApprover', 'TripUser', 'InvoiceUser', 'InvoiceApprover', 'IsTestEmp']);
const MAX_LENGTH: Readonly<Record<string, number>> = {
  EmpId: 48,
  LoginId: 128,
  LocaleName: 5,
  FirstName: 32,
  LastName: 32,
  Mi: 1,
  EmailAddress: 255,
  LedgerName: 20,
  CashAdvanceAccountCode: 20,
  ExpenseApproverEmployeeID: 48,
};

/** A user record the batch refuses, with the message Concur's user service uses. */
class UserProblem extends Error {}

const missing = (name: string): UserProblem => new UserProblem(`MISSING_REQUIRED_FIELDS:${name}`);
const invalid = (name: string): UserProblem => new UserProblem(`Invalid Input: ${name}`);

function getUser(request: SimRequest, context: SimContext): SimResponse {
  let loginId: string | undefined;
  for (const [name, value] of request.query) if (name.toLowerCase() === 'loginid') loginId = value;
  loginId ??= request.token?.loginId;
  const user = loginId === undefined ? undefined : context.state.users.get(loginId);
  if (user === undefined) throw new SimHttpError(404, loginId === undefined ? 'The token has no user.' : `No user has the login ID ${loginId}.`);
  // The XML profile published with a live call (developer.concur.com concepts/get-started, 2014)
  // lists its elements in ordinal order, as a WCF DataContract serializer writes them.
  const profile: Record<string, string> = {};
  for (const name of Object.keys(user.fields).sort()) profile[name] = user.fields[name] as string;
  return xmlResponse('UserProfile', profile, NAMESPACES.user);
}

/** The profile fields a record sends, under the names GET returns. */
function readProfile(node: XmlElement): Record<string, string> {
  const profile: Record<string, string> = {};
  for (const name of Object.keys(node)) {
    if (name.startsWith('@_') || NOT_PROFILE.has(name)) continue;
    const value = field(node, name);
    if (value !== undefined) profile[profileName(name)] = value;
  }
  return profile;
}

function checkValues(profile: Record<string, string>, password: string | undefined): void {
  for (const [name, value] of Object.entries(profile)) {
    const max = MAX_LENGTH[name] ?? (/^(OrgUnit|Custom)\d+$/.test(name) ? 48 : undefined);
    if (max !== undefined && value.length > max) throw invalid(name);
    if (YES_NO.has(name) && value !== 'Y' && value !== 'N') throw invalid(name);
  }
  if (password !== undefined && password.length > PASSWORD_MAX) throw invalid('Password');
}

/** Adds or updates one user; approvers must exist already or earlier in the same batch. */
function applyUser(node: XmlElement, users: UserStore, requiredFields: readonly string[]): void {
  if (field(node, 'FeedRecordNumber') === undefined) throw missing('FeedRecordNumber');
  const profile = readProfile(node);
  const loginId = profile['LoginId'];
  const employeeId = profile['EmpId'];
  if (loginId === undefined || loginId === '') throw missing('LoginId');
  if (employeeId === undefined || employeeId === '') throw missing('EmpId');
  if (!loginId.includes('@')) throw invalid('LoginId');
  const password = field(node, 'Password');
  checkValues(profile, password);
  const existing = users.get(loginId);
  const holder = users.byEmployeeId(employeeId);
  if (holder !== undefined && holder !== existing) throw invalid('EmpId');
  // Concur's 2016 provisioning guide sends an empty <ExpenseApproverEmployeeID> </ExpenseApproverEmployeeID>: no approver.
  const approver = field(node, 'ExpenseApproverEmployeeID');
  if (approver !== undefined && approver !== '' && users.byEmployeeId(approver) === undefined) throw invalid('ExpenseApproverEmployeeID');
  const newLoginId = field(node, 'NewLoginID');
  const newEmployeeId = field(node, 'NewEmployeeID');
  if (existing === undefined) {
    if (password === undefined || password === '') throw missing('Password');
    for (const name of requiredFields) if ((profile[profileName(name)] ?? '') === '') throw missing(name);
    if (newLoginId !== undefined || newEmployeeId !== undefined) throw invalid(newLoginId !== undefined ? 'NewLoginID' : 'NewEmployeeID');
    users.add(profile, password);
    return;
  }
  if (newLoginId !== undefined && (!newLoginId.includes('@') || (users.get(newLoginId) ?? existing) !== existing)) throw invalid('NewLoginID');
  if (newEmployeeId !== undefined && (users.byEmployeeId(newEmployeeId) ?? existing) !== existing) throw invalid('NewEmployeeID');
  // An existing user's password is not changed here; that is what Users/password is for.
  Object.assign(existing.fields, profile);
  if (newLoginId !== undefined || newEmployeeId !== undefined) {
    users.rename(existing, { ...(newLoginId === undefined ? {} : { loginId: newLoginId }), ...(newEmployeeId === undefined ? {} : { employeeId: newEmployeeId }) });
  }
}

function postUsers(request: SimRequest, context: SimContext): SimResponse {
  const root = readXmlBody(request, 'batch', NAMESPACE_RULE);
  const nodes = itemsOf(root, 'UserProfile');
  checkBatchSize(nodes.length, 'users');
  const { users } = context.state;
  // Fields the Employee form marks required must be sent for a new user; LedgerKey always is.
  const requiredFields = [
    ...new Set([...users.formFields().flatMap((formField) => (formField['Required'] === 'Y' && formField['Id'] !== undefined ? [formField['Id']] : [])), 'LedgerKey']),
  ];
  const tally = new BatchTally();
  const successes: Array<Record<string, string>> = [];
  for (const node of nodes) {
    const record = { EmployeeID: field(node, 'EmpId', 'EmployeeID', 'EmpID') ?? '', FeedRecordNumber: field(node, 'FeedRecordNumber') ?? '' };
    try {
      applyUser(node, users, requiredFields);
      tally.succeed();
      successes.push({ ...record, Status: 'SUCCESS' });
    } catch (error) {
      if (!(error instanceof UserProblem)) throw error;
      tally.fail({ ...record, message: error.message });
    }
  }
  return batchResultResponse('user-batch-result', NAMESPACES.user, tally, successes.length > 0 ? { UserDetails: { UserInfo: successes } } : {});
}

function setPassword(node: XmlElement, users: UserStore): SimUser {
  const loginId = field(node, 'LoginID', 'LoginId');
  if (loginId === undefined || loginId === '') throw new UserProblem('The LoginID is missing.');
  const user = users.get(loginId);
  if (user === undefined) throw new UserProblem('The user does not exist.');
  const password = field(node, 'Password');
  if (password === undefined || password === '') throw new UserProblem('The Password is missing.');
  if (password.length > PASSWORD_MAX) throw invalid('Password');
  user.password = password;
  return user;
}

function postPasswords(request: SimRequest, context: SimContext): SimResponse {
  const root = readXmlBody(request, 'UserBatch', NAMESPACE_RULE);
  const nodes = itemsOf(root, 'User');
  checkBatchSize(nodes.length, 'users');
  let succeeded = 0;
  const statuses = nodes.map((node) => {
    const loginId = field(node, 'LoginID', 'LoginId') ?? '';
    try {
      setPassword(node, context.state.users);
      succeeded += 1;
      return { LoginID: loginId, Status: 'Success' };
    } catch (error) {
      if (!(error instanceof UserProblem)) throw error;
      return { LoginID: loginId, Status: 'Failed', Message: error.message };
    }
  });
  return xmlResponse(
    'BatchResult',
    { RecordsSucceeded: succeeded, RecordsFailed: nodes.length - succeeded, UserPasswordStatusList: { UserPasswordStatus: statuses } },
    NAMESPACES.user,
  );
}

/** The User v1.0 endpoints; literal path segments match in any case. */
export const userRoutes: Route[] = [
  { method: 'GET', paths: [`${BASE}/User`], handler: getUser },
  {
    method: 'GET',
    paths: [`${BASE}/FormFields`],
    handler: (_request, context) => xmlResponse('FormFieldsList', { FormField: context.state.users.formFields() }, NAMESPACES.user),
  },
  { method: 'POST', paths: [`${BASE}/Users/password`], handler: postPasswords },
  { method: 'POST', paths: [`${BASE}/Users`], handler: postUsers },
];
