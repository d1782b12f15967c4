import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/index.js';
import { closeSimulators, connect, first, logged, rejection, simulator } from './support.js';

// End-to-end: the users methods of a ConcurClient pointed at a simulator on a real local port,
// asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

afterEach(closeSimulators);

describe('users', () => {
  it('get: the token owner, and a user by login id (any case); an unknown login id is a NotFoundError', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const me = await concur.users.get();
    expect(me).toMatchObject({
      loginId: 'admin@example.com',
      empId: 'E0001',
      firstName: 'Ada',
      lastName: 'Admin',
      emailAddress: 'admin@example.com',
      active: true,
      localeName: 'en_US',
      ledgerName: 'DEFAULT',
      ctryCode: 'US',
      crnCode: 'USD',
      expenseUser: true,
      expenseApprover: true,
    });
    expect(me.fields).toMatchObject({ LoginId: 'admin@example.com', EmpId: 'E0001', Active: 'Y', CrnKey: 'USD' });

    expect(await concur.users.get('admin@example.com')).toEqual(me);
    expect(await concur.users.get('ADMIN@example.com')).toEqual(me);
    const missing = await rejection(concur.users.get('nobody@example.com'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, serverMessage: 'No user has the login ID nobody@example.com.', attempts: 1 });

    expect(sim.state.requests.map((entry) => entry.query)).toEqual([{}, { loginID: 'admin@example.com' }, { loginID: 'ADMIN@example.com' }, { loginID: 'nobody@example.com' }]);
  });

  it('getFormFields reads the Employee form', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const fields = await concur.users.getFormFields();
    expect(fields.map((field) => [field.id, field.required])).toEqual([
      ['LoginId', true],
      ['EmpId', true],
      ['FirstName', true],
      ['LastName', true],
      ['EmailAddress', false],
      ['LedgerKey', true],
      ['Active', false],
      ['Custom1', false],
    ]);
    expect(fields.find((field) => field.id === 'Custom1')).toEqual({
      id: 'Custom1',
      label: 'Cost Center',
      controlType: 'list_edit',
      dataType: 'MLIST',
      maxLength: 48,
      required: false,
      custom: true,
      sequence: 8,
      listName: 'Cities',
      hierLevel: 1,
    });
    expect(logged(sim)).toEqual(['GET /api/user/v1.0/FormFields 200']);
  });

  it('upsert: a new user, an existing one, and two invalid ones, matched by FeedRecordNumber', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const result = await concur.users.upsert([
      {
        empId: 'E2001',
        loginId: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        emailAddress: 'grace@example.com',
        password: 'Initial-1',
        ledgerKey: 'DEFAULT',
        active: true,
        crnKey: 'EUR',
        ctryCode: 'FR',
        expenseUser: true,
        expenseApprover: false,
        custom1: 'FR',
      },
      { empId: 'E0001', loginId: 'admin@example.com', firstName: 'Adaline', expenseApproverEmployeeId: 'E2001' },
      { empId: 'E2002', loginId: 'nofirst@example.com', lastName: 'Nameless', password: 'Initial-2', ledgerKey: 'DEFAULT' },
      { empId: 'E0001', loginId: 'clash@example.com', firstName: 'Clash', lastName: 'Clash', password: 'Initial-3', ledgerKey: 'DEFAULT' },
    ]);

    expect([result.succeeded, result.failed, result.unknown]).toEqual([2, 2, 0]);
    expect(result.items.map((item) => [item.status, item.message])).toEqual([
      ['succeeded', undefined],
      ['succeeded', undefined],
      ['failed', 'MISSING_REQUIRED_FIELDS:FirstName'],
      ['failed', 'Invalid Input: EmpId'],
    ]);

    const grace = sim.state.users.get('grace@example.com');
    expect(grace?.password).toBe('Initial-1');
    expect(grace?.fields).toMatchObject({ EmpId: 'E2001', FirstName: 'Grace', LedgerName: 'DEFAULT', CrnKey: 'EUR', CtryCode: 'FR', Active: 'Y', ExpenseUser: 'Y', ExpenseApprover: 'N', Custom1: 'FR' });
    const admin = sim.state.users.get('admin@example.com');
    expect(admin?.fields).toMatchObject({ FirstName: 'Adaline', LastName: 'Admin', ExpenseApproverEmployeeID: 'E2001' });
    expect(admin?.password).toBe('Simulator-1');
    expect(sim.state.users.get('nofirst@example.com')).toBeUndefined();
    expect(sim.state.users.get('clash@example.com')).toBeUndefined();
    expect(sim.state.users.size).toBe(2);

    // What the SDK reads back agrees with what it sent.
    expect(await concur.users.get('grace@example.com')).toMatchObject({
      loginId: 'grace@example.com',
      empId: 'E2001',
      crnCode: 'EUR',
      ledgerName: 'DEFAULT',
      active: true,
      expenseUser: true,
      expenseApprover: false,
      custom1: 'FR',
    });

    // A rename of an existing user.
    const renamed = await concur.users.upsert([{ empId: 'E2001', loginId: 'grace@example.com', newLoginId: 'grace.hopper@example.com', newEmployeeId: 'E2999' }]);
    expect(renamed.succeeded).toBe(1);
    expect(sim.state.users.get('grace@example.com')).toBeUndefined();
    expect(sim.state.users.get('grace.hopper@example.com')).toMatchObject({ loginId: 'grace.hopper@example.com', employeeId: 'E2999' });
    expect(logged(sim)).toEqual(['POST /api/user/v1.0/Users 200', 'GET /api/user/v1.0/User/ 200', 'POST /api/user/v1.0/Users 200']);
    expect(waits).toEqual([]);
  });

  it('updatePasswords: existing users succeed (login ids in any case), unknown ones fail', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    sim.state.users.add({ LoginId: 'grace@example.com', EmpId: 'E2001', FirstName: 'Grace', LastName: 'Hopper' }, 'Old-1');
    const result = await concur.users.updatePasswords([
      { loginId: 'GRACE@example.com', password: 'Changed-2' },
      { loginId: 'nobody@example.com', password: 'Whatever-3' },
      { loginId: 'admin@example.com', password: 'Admin-4' },
    ]);
    expect(result.items.map((item) => [item.status, item.message])).toEqual([
      ['succeeded', undefined],
      ['failed', 'The user does not exist.'],
      ['succeeded', undefined],
    ]);
    expect(first(result.chunks)).toMatchObject({ recordsSucceeded: 2, recordsFailed: 1 });
    expect(sim.state.users.get('grace@example.com')?.password).toBe('Changed-2');
    expect(sim.state.users.get('admin@example.com')?.password).toBe('Admin-4');
    expect(logged(sim)).toEqual(['POST /api/user/v1.0/Users/password 200']);
  });
});
