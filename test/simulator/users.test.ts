import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { buildXml } from '../../src/xml/builder.js';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { elements } from '../../src/xml/nodes.js';
import { NS, batchErrors, call, namespaceOf, root, simulator, text } from './helpers.js';

const BASE = '/api/user/v1.0';

async function upsert(sim: Simulator, profiles: Array<Record<string, string>>, namespace: string | null = NS.user) {
  const body = buildXml('batch', { UserProfile: profiles }, namespace === null ? {} : { namespace });
  const response = await call(sim, 'POST', `${BASE}/Users`, { body });
  return { response, result: response.status === 200 ? root(response.text, 'user-batch-result') : {} };
}

const newUser = (record: string, loginId: string, employeeId: string, extra: Record<string, string> = {}): Record<string, string> => ({
  EmpId: employeeId,
  FeedRecordNumber: record,
  LoginId: loginId,
  FirstName: 'Grace',
  LastName: 'Hopper',
  Password: 'Initial-1',
  LedgerKey: 'DEFAULT',
  ...extra,
});

describe('User v1.0: reading', () => {
  it("returns the token owner's UserProfile, or the user named by loginID", async () => {
    const sim = await simulator();
    const own = await call(sim, 'GET', `${BASE}/User/`);
    expect(namespaceOf(own.text)).toBe(NS.user);
    expect(root(own.text, 'UserProfile')).toMatchObject({ LoginId: 'admin@example.com', EmpId: 'E0001', Active: 'Y', CrnKey: 'USD', LedgerName: 'DEFAULT' });
    await upsert(sim, [newUser('1', 'grace@example.com', 'E2')]);
    const other = await call(sim, 'GET', `${BASE}/User/?loginID=${encodeURIComponent('Grace@Example.com')}`);
    expect(text(root(other.text, 'UserProfile'), 'EmpId')).toBe('E2');
    expect((await call(sim, 'GET', `${BASE}/User/?loginID=nobody%40example.com`)).status).toBe(404);
  });

  it('returns the Employee form as FormFieldsList / FormField', async () => {
    const sim = await simulator();
    const fields = elements(root((await call(sim, 'GET', `${BASE}/FormFields`)).text, 'FormFieldsList'), 'FormField');
    expect(fields.find((field) => field['Id'] === 'LastName')).toMatchObject({ Label: 'Last Name', Required: 'Y', DataType: 'VARCHAR' });
  });
});

describe('User v1.0: batch add / update', () => {
  it('adds and updates users, reporting UserDetails / UserInfo per FeedRecordNumber', async () => {
    const sim = await simulator();
    const { response, result } = await upsert(sim, [newUser('1', 'grace@example.com', 'E2'), { EmpId: 'E0001', FeedRecordNumber: '2', LoginId: 'admin@example.com', FirstName: 'Adeline' }]);
    expect(response.status).toBe(200);
    expect(namespaceOf(response.text)).toBe(NS.user);
    expect(text(result, 'records-succeeded')).toBe('2');
    expect(elements(result, 'UserDetails', 'UserInfo')).toEqual([
      { EmployeeID: 'E2', FeedRecordNumber: '1', Status: 'SUCCESS' },
      { EmployeeID: 'E0001', FeedRecordNumber: '2', Status: 'SUCCESS' },
    ]);
    expect(sim.state.users.get('grace@example.com')).toMatchObject({ employeeId: 'E2', password: 'Initial-1', fields: { LedgerName: 'DEFAULT' } });
    expect(sim.state.users.get('admin@example.com')?.fields['FirstName']).toBe('Adeline');
  });

  it('accepts the 2017 spellings LoginID and EmployeeID', async () => {
    const sim = await simulator();
    const { result } = await upsert(sim, [{ EmployeeID: 'E3', FeedRecordNumber: '1', LoginID: 'kay@example.com', FirstName: 'Kay', LastName: 'Ada', Password: 'p', LedgerKey: 'DEFAULT' }]);
    expect(text(result, 'records-succeeded')).toBe('1');
    expect(sim.state.users.byEmployeeId('E3')?.loginId).toBe('kay@example.com');
  });

  it('reports failed records with EmployeeID, FeedRecordNumber and Concur messages', async () => {
    const sim = await simulator();
    const { result } = await upsert(sim, [
      { EmpId: 'E4', FeedRecordNumber: '1', LoginId: 'no-password@example.com', FirstName: 'A', LastName: 'B', LedgerKey: 'DEFAULT' },
      newUser('2', 'not-an-email', 'E5'),
      newUser('3', 'flag@example.com', 'E6', { Active: 'yes' }),
      { EmpId: 'E7', FeedRecordNumber: '4', LoginId: 'nolast@example.com', FirstName: 'A', Password: 'p', LedgerKey: 'DEFAULT' },
      newUser('5', 'taken@example.com', 'E0001'),
      newUser('6', 'approver@example.com', 'E8', { ExpenseApproverEmployeeID: 'E999' }),
    ]);
    expect(text(result, 'records-failed')).toBe('6');
    expect(batchErrors(result).map((error) => [error['FeedRecordNumber'], error['EmployeeID'], error['message']])).toEqual([
      ['1', 'E4', 'MISSING_REQUIRED_FIELDS:Password'],
      ['2', 'E5', 'Invalid Input: LoginId'],
      ['3', 'E6', 'Invalid Input: Active'],
      ['4', 'E7', 'MISSING_REQUIRED_FIELDS:LastName'],
      ['5', 'E0001', 'Invalid Input: EmpId'],
      ['6', 'E8', 'Invalid Input: ExpenseApproverEmployeeID'],
    ]);
  });

  it('lets an approver be added earlier in the same batch, and renames with NewLoginID', async () => {
    const sim = await simulator();
    const { result } = await upsert(sim, [newUser('1', 'boss@example.com', 'B1'), newUser('2', 'worker@example.com', 'W1', { ExpenseApproverEmployeeID: 'B1' })]);
    expect(text(result, 'records-succeeded')).toBe('2');
    const renamed = await upsert(sim, [{ EmpId: 'W1', FeedRecordNumber: '1', LoginId: 'worker@example.com', NewLoginID: 'worker2@example.com' }]);
    expect(text(renamed.result, 'records-succeeded')).toBe('1');
    expect(sim.state.users.get('worker@example.com')).toBeUndefined();
    expect(sim.state.users.get('worker2@example.com')?.fields['LoginId']).toBe('worker2@example.com');
  });

  it('requires the user namespace on the batch root (it was undocumented, and users hit errors)', async () => {
    const sim = await simulator();
    const { response } = await upsert(sim, [newUser('1', 'grace@example.com', 'E2')], null);
    expect(response.status).toBe(400);
    expect(parseErrorBody(response.text).message).toMatch(/namespace/);
    const profile = '<u:EmpId>E9</u:EmpId><u:FeedRecordNumber>1</u:FeedRecordNumber><u:LoginId>pre@example.com</u:LoginId><u:FirstName>P</u:FirstName><u:LastName>Q</u:LastName><u:Password>p</u:Password><u:LedgerKey>D</u:LedgerKey>';
    const withPrefix = await call(sim, 'POST', `${BASE}/Users`, { body: `<u:batch xmlns:u="${NS.user}"><u:UserProfile>${profile}</u:UserProfile></u:batch>` });
    expect(text(root(withPrefix.text, 'user-batch-result'), 'records-succeeded')).toBe('1');
  });

  it('refuses 0 users and more than 1000 users with 400', async () => {
    const sim = await simulator();
    expect(parseErrorBody((await upsert(sim, [])).response.text).message).toBe('The request contains 0 users.');
    const many = Array.from({ length: 1001 }, (_, index) => newUser(String(index + 1), `u${index}@example.com`, `M${index}`));
    const { response } = await upsert(sim, many);
    expect(response.status).toBe(400);
    expect(parseErrorBody(response.text).message).toBe('The request contains over 1000 users.');
  });
});

describe('User v1.0: passwords', () => {
  it('sets passwords and answers BatchResult with a status per LoginID', async () => {
    const sim = await simulator();
    const body = buildXml(
      'UserBatch',
      { User: [{ LoginID: 'admin@example.com', Password: 'New-Secret-2' }, { LoginID: 'ghost@example.com', Password: 'x' }, { LoginID: 'admin@example.com' }] },
      { namespace: NS.user },
    );
    const response = await call(sim, 'POST', `${BASE}/Users/password`, { body });
    expect(response.status).toBe(200);
    const result = root(response.text, 'BatchResult');
    expect(text(result, 'RecordsSucceeded')).toBe('1');
    expect(text(result, 'RecordsFailed')).toBe('2');
    const statuses = elements(result, 'UserPasswordStatusList', 'UserPasswordStatus');
    expect(statuses.map((status) => [status['LoginID'], status['Status']])).toEqual([
      ['admin@example.com', 'Success'],
      ['ghost@example.com', 'Failed'],
      ['admin@example.com', 'Failed'],
    ]);
    expect(statuses[1]?.['Message']).toMatch(/does not exist/);
    expect(sim.state.users.get('admin@example.com')?.password).toBe('New-Secret-2');
  });
});
