import { describe, expect, it } from 'vitest';
import { ConcurResponseError } from '../../src/index.js';
import type { UserInput } from '../../src/services/users-types.js';
import { parseXml } from '../../src/xml/parser.js';
import { caught, concur, XML } from '../support/helpers.js';
import { compact, real, withoutDeclaration } from './real-support.js';
import { PASSWORDS, service, USERS, type Captured } from './users-support.js';

// UsersService against payloads reproduced from public sources (test/fixtures/real/users, each
// with a .source.md). Where a source and our reference disagree, the source wins.

const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

describe('UsersService on published payloads', () => {
  it('get: the profile captured by the concur-platform package (JSON, CrnKey) maps to a typed profile', async () => {
    const { users } = service();
    concur().get('/api/user/v1.0/User/').reply(200, real('users/get-profile-concur-platform.json'), JSON_TYPE);
    const profile = await users.get();
    expect(profile).toEqual({
      loginId: 'userid@user.com',
      empId: 'userid@user.com',
      localeName: 'en_US',
      firstName: 'user1',
      lastName: 'user1',
      emailAddress: 'userid@user.com',
      active: true,
      custom21: '(US)United States',
      ledgerName: 'DEFAULT',
      ctryCode: 'US',
      crnCode: 'USD',
      expenseUser: true,
      expenseApprover: true,
      tripUser: false,
      invoiceUser: false,
      invoiceApprover: false,
      isTestEmp: false,
      fields: expect.objectContaining({ CrnKey: 'USD', Mi: '', OrgUnit6: '', Custom21: '(US)United States', CashAdvanceAccountCode: '' }),
    });
    // Every element of the capture is kept by its wire name, empty ones included.
    expect(Object.keys(profile.fields)).toEqual(Object.keys(JSON.parse(real('users/get-profile-concur-platform.json')) as object));
  });

  it('get: a JSON answer holding an Error is refused, and one wrapped in UserProfile is read', async () => {
    const { users } = service();
    concur().get('/api/user/v1.0/User/').reply(200, '{"Error":{"Message":"Unknown Error"}}', JSON_TYPE);
    const error = await caught(() => users.get());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('Unknown Error');
    concur().get('/api/user/v1.0/User/').reply(200, '{"UserProfile":{"LoginId":"a@example.com","CrnKey":"EUR","Active":"N"}}', JSON_TYPE);
    expect(await users.get()).toEqual({ loginId: 'a@example.com', crnCode: 'EUR', active: false, fields: { LoginId: 'a@example.com', CrnKey: 'EUR', Active: 'N' } });
  });

  it('get: the XML profile of the 2014 get-started page (CrnKey, ordinal element order) maps to a typed profile', async () => {
    const { users } = service();
    concur().get('/api/user/v1.0/User/').reply(200, real('users/get-profile-get-started-2014.xml'), XML);
    expect(await users.get()).toEqual({
      loginId: 'sample@concur.com',
      empId: '10001',
      active: true,
      crnCode: 'USD',
      ctryCode: 'US',
      emailAddress: 'SampleEmail@SampleEmail.com',
      expenseApprover: true,
      expenseApproverEmployeeId: 'SampleApprover@SampleApprover.com',
      expenseUser: true,
      firstName: 'Sample',
      invoiceApprover: false,
      invoiceUser: false,
      isTestEmp: false,
      lastName: 'Sample',
      ledgerName: 'DEFAULT',
      localeName: 'en_US',
      tripUser: true,
      fields: expect.objectContaining({ CrnKey: 'USD', LoginId: 'sample@concur.com' }),
    });
  });

  it('get: the 2013 reference example is not well-formed (unescaped R&D) and is refused with ConcurResponseError', async () => {
    const { users, delays } = service();
    concur().get('/api/user/v1.0/User/').reply(200, real('users/get-profile-2013.xml'), XML);
    const error = await caught(() => users.get());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('not usable XML');
    expect(delays).toEqual([]);
  });

  it('get: the same 2013 example with only the ampersand escaped reads its CrnCode', async () => {
    const { users } = service();
    concur().get('/api/user/v1.0/User/').reply(200, real('users/get-profile-2013.xml').replace('R&D', 'R&amp;D'), XML);
    expect(await users.get()).toMatchObject({ loginId: 'cm@example.com', empId: 'cm@example.com', orgUnit1: 'R&D', custom1: 'Redmond', crnCode: 'USD', ctrySubCode: 'US-WA', expenseApproverEmployeeId: '345678' });
  });

  it('getFormFields: the 2013 example maps every field; empty MaxLength, Cols and Width are left out', async () => {
    const { users } = service();
    concur().get('/api/user/v1.0/FormFields').reply(200, real('users/form-fields-2013.xml'), XML);
    const fields = await users.getFormFields();
    expect(fields).toHaveLength(29);
    expect(fields.filter((field) => field.required).map((field) => field.id)).toEqual(['FirstName', 'LastName', 'EmpId', 'LoginId', 'LocaleName', 'CtryCode', 'CrnKey', 'Active', 'IsTestEmp']);
    expect(fields.find((field) => field.id === 'LedgerKey')).toEqual({ id: 'LedgerKey', label: 'Ledger', controlType: 'picklist', dataType: 'INTEGER', required: false, access: 'RW', custom: false, sequence: 10 });
    expect(fields.find((field) => field.id === 'OrgUnit2')).toEqual({
      id: 'OrgUnit2',
      label: 'Department',
      controlType: 'list_edit',
      dataType: 'MLIST',
      maxLength: 48,
      required: false,
      cols: 32,
      access: 'RW',
      width: 32,
      custom: true,
      parentFormTypeCode: 'EMPINFO',
      parentFieldId: 'OrgUnit1',
      isCopyDownSourceForOtherForms: true,
      listName: 'Employee Groups',
      hierLevel: 2,
      sequence: 15,
    });
    // A required field the typed input does not name: it can be sent only through extraFields.
    expect(fields.at(-1)).toMatchObject({ id: 'IsTestEmp', required: true, dataType: 'BOOLEANCHAR' });
  });

  it('upsert: builds exactly the 2013 example request, and maps the 2013 example result by FeedRecordNumber', async () => {
    const { users } = service();
    const captured: Captured[] = [];
    concur()
      .post(USERS)
      .reply(function reply(_uri, body) {
        captured.push({ method: this.req.method, headers: this.req.headers, body: String(body) });
        return [200, real('users/batch-result-2013.xml'), XML];
      });
    const common = { localeName: 'en_US', active: true, password: 'password', orgUnit1: 'R&D', orgUnit2: '', orgUnit3: '', custom1: 'Redmond', ctryCode: 'US', crnKey: 'USD', ctrySubCode: 'US-WA' };
    const input: UserInput[] = [
      { empId: '345678', loginId: 'tb@example.com', ...common, firstName: 'Terry', lastName: 'Brown', mi: 'L', emailAddress: 'tb@example.com', ledgerKey: 'DEFAULT', expenseUser: true, expenseApprover: true, tripUser: true, invoiceUser: false, invoiceApprover: false, expenseApproverEmployeeId: '12345' },
      { empId: '456789', loginId: 'cm@example.com', ...common, firstName: 'Chris', lastName: 'Miller', mi: 'T', emailAddress: 'cm@example.com', ledgerKey: 'Default', expenseUser: true, expenseApprover: false, tripUser: true, invoiceUser: false, invoiceApprover: false, expenseApproverEmployeeId: '345678' },
    ];
    const result = await users.upsert(input);
    expect(withoutDeclaration((captured[0] as Captured).body)).toBe(compact(real('users/batch-request-2013.xml')));
    expect(result).toMatchObject({ succeeded: 1, failed: 1, unknown: 0 });
    expect(result.items.map((item) => [item.status, item.message])).toEqual([
      ['succeeded', undefined],
      ['failed', 'MISSING_REQUIRED_FIELDS:Active'],
    ]);
  });

  it('upsert: sends every element of the 2016 provisioning guide body, PmtMethodCode through extraFields', async () => {
    const { users } = service();
    const captured: Captured[] = [];
    concur()
      .post(USERS)
      .reply(function reply(_uri, body) {
        captured.push({ method: this.req.method, headers: this.req.headers, body: String(body) });
        return [200, '<user-batch-result><records-succeeded>1</records-succeeded><records-failed>0</records-failed></user-batch-result>', XML];
      });
    await users.upsert([
      {
        empId: '88',
        feedRecordNumber: '1',
        loginId: 'ds@DriveTheWheelsoff.com',
        active: true,
        password: 'welcome',
        firstName: 'Doug',
        lastName: 'Staab',
        emailAddress: 'ds@DriveTheWheelsoff.com',
        ledgerKey: 'DEFAULT',
        orgUnit1: 'US2',
        custom21: 'US',
        localeName: 'en_US',
        ctryCode: 'US',
        crnKey: 'USD',
        expenseUser: true,
        expenseApprover: true,
        expenseApproverEmployeeId: '',
        extraFields: { PmtMethodCode: '' },
      },
    ]);
    const profile = (body: string) => (parseXml(body, { strict: true })['batch'] as Record<string, Record<string, string>>)['UserProfile'];
    // The guide pads values with spaces and puts LocaleName after Custom21; the parser trims, and
    // the SDK keeps the schema order, so the elements and values are compared, not the text.
    const sent = profile((captured[0] as Captured).body) as Record<string, string>;
    const published = profile(real('users/batch-request-provisioning-guide-2016-groups.xml')) as Record<string, string>;
    expect(sent).toEqual(published);
    expect(Object.keys(sent).at(-1)).toBe('PmtMethodCode');
  });

  it('updatePasswords: builds exactly the 2013 example request; the 2013 example result is not well-formed and leaves both entries unknown', async () => {
    const { users } = service();
    const captured: Captured[] = [];
    concur()
      .post(PASSWORDS)
      .reply(function reply(_uri, body) {
        captured.push({ method: this.req.method, headers: this.req.headers, body: String(body) });
        return [200, real('users/password-result-2013.xml'), XML];
      });
    const result = await users.updatePasswords([
      { loginId: 'tb@example.com', password: '1234password!' },
      { loginId: 'cm@example.com', password: '1234password!' },
    ]);
    expect(withoutDeclaration((captured[0] as Captured).body)).toBe(compact(real('users/password-request-2013.xml')));
    // A 200 whose body cannot be read may still have been processed: unknown, never failed or succeeded.
    expect(result).toMatchObject({ succeeded: 0, failed: 0, unknown: 2 });
    expect(result.chunks[0]?.error).toBeInstanceOf(ConcurResponseError);
    expect(result.chunks[0]?.error?.message).toContain('not usable XML');
  });
});
