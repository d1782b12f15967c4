import { describe, expect, it } from 'vitest';
import { InternalServerError, NotFoundError } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { fixture, NS, service } from './users-support.js';

// UsersService reads: get (the token owner or a user by login id) and getFormFields.
// The batch writes (upsert, updatePasswords) are in users-batches.test.ts.

describe('UsersService', () => {
  it('get: GET /api/user/v1.0/User/ for the token owner, mapped to a typed profile', async () => {
    const { users } = service();
    concur().get('/api/user/v1.0/User/').matchHeader('authorization', `Bearer ${TOKEN}`).matchHeader('accept', 'application/xml').reply(200, fixture('profile.xml'), XML);
    const profile = await users.get();
    expect(profile).toEqual({
      loginId: 'ada.okafor@example.com',
      empId: 'E-0042',
      active: true,
      firstName: 'Ada',
      lastName: 'Okafor',
      mi: 'N',
      emailAddress: 'ada.okafor@example.com',
      ledgerName: 'Default Ledger',
      localeName: 'en_US',
      orgUnit1: 'Engineering',
      custom3: '(PRJ7) Project Seven',
      ctryCode: 'US',
      cashAdvanceAccountCode: 'CA-100',
      crnCode: 'USD',
      ctrySubCode: 'US-MN',
      expenseUser: true,
      expenseApprover: false,
      tripUser: true,
      invoiceUser: false,
      invoiceApprover: false,
      expenseApproverEmployeeId: 'E-0007',
      isTestEmp: false,
      fields: expect.objectContaining({ LoginId: 'ada.okafor@example.com', OrgUnit2: '', Custom3: '(PRJ7) Project Seven', IsTestEmp: 'N' }),
    });
    expect(Object.keys(profile.fields)).toHaveLength(23);
  });

  it('get: passes loginID encoded and reads the 2017 casing (LoginID, EmployeeID) too', async () => {
    const { users } = service();
    concur()
      .get('/api/user/v1.0/User/')
      .query((query) => query['loginID'] === 'lin+wei@example.com')
      .reply(function reply(uri) {
        expect(uri).toBe('/api/user/v1.0/User/?loginID=lin%2Bwei%40example.com');
        return [200, `<UserProfile xmlns="${NS}"><LoginID>lin+wei@example.com</LoginID><EmployeeID>E-9</EmployeeID><Active>n</Active></UserProfile>`, XML];
      });
    expect(await users.get('lin+wei@example.com')).toEqual({
      loginId: 'lin+wei@example.com',
      empId: 'E-9',
      active: false,
      fields: { LoginID: 'lin+wei@example.com', EmployeeID: 'E-9', Active: 'n' },
    });
  });

  it('get: a 404 (unknown user, or the service decommissioned in US/EMEA) surfaces as NotFoundError', async () => {
    const { users, delays } = service();
    concur().get('/api/user/v1.0/User/').query({ loginID: 'gone@example.com' }).reply(404, errorXml('Not Found'), XML);
    const error = await caught(() => users.get('gone@example.com'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
    expect(delays).toEqual([]);
  });

  it('get: a 500 surfaces as InternalServerError and is not retried', async () => {
    const { users, delays } = service();
    const scope = concur().get('/api/user/v1.0/User/').reply(500, errorXml('Unknown Error'), XML);
    expect(await caught(() => users.get())).toBeInstanceOf(InternalServerError);
    expect(scope.isDone()).toBe(true);
    expect(delays).toEqual([]);
  });

  it('get: refuses an empty loginId before any request', async () => {
    const { users } = service();
    const scope = concur().get(/.*/).reply(200, '');
    expect(await caught(() => users.get('  '))).toMatchObject({ name: 'ConcurValidationError', field: 'loginId' });
    expect(scope.isDone()).toBe(false);
  });

  it('getFormFields: GET /api/user/v1.0/FormFields mapped to typed fields', async () => {
    const { users } = service();
    concur().get('/api/user/v1.0/FormFields').reply(200, fixture('form-fields.xml'), XML);
    expect(await users.getFormFields()).toEqual([
      { id: 'LastName', label: 'Last Name', controlType: 'edit', dataType: 'VARCHAR', access: 'RW', maxLength: 32, cols: 1, width: 20, sequence: 3, required: true, custom: false },
      {
        id: 'Custom4',
        label: 'Cost Center',
        controlType: 'list_edit',
        dataType: 'MLIST',
        access: 'RW',
        maxLength: 48,
        cols: 1,
        width: 30,
        sequence: 12,
        required: false,
        custom: true,
        parentFormTypeCode: 'EMPLOYEE',
        parentFieldId: 'Custom3',
        isCopyDownSourceForOtherForms: true,
        listName: 'Cost Centers',
        hierLevel: 2,
      },
    ]);
  });
});
