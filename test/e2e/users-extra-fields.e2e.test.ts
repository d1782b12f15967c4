import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulators, connect, logged, simulator } from './support.js';

// End-to-end: form fields the typed input does not name, sent through `extraFields`, kept by the
// simulator and read back by `get()`; the currency travels as CrnKey both ways, as in the
// profiles Concur published. Shared setup: ./support.ts.

afterEach(closeSimulators);

describe('users: extraFields and CrnKey over a real socket', () => {
  it('extra fields round-trip: upsert sends them, the simulator keeps them, get() returns them by wire name', async () => {
    const sim = await simulator();
    const { concur, waits } = connect(sim);
    const result = await concur.users.upsert([
      {
        empId: 'E3001',
        loginId: 'kay@example.com',
        firstName: 'Kay',
        lastName: 'Ito',
        password: 'Initial-1',
        ledgerKey: 'DEFAULT',
        crnKey: 'JPY',
        extraFields: { IsTestEmp: 'Y', BiHierNodeKey: '2932', PmtMethodCode: 'APCHECK', Custom22: 'INV-GRP-1' },
      },
    ]);
    expect([result.succeeded, result.failed, result.unknown]).toEqual([1, 0, 0]);
    expect(sim.state.users.get('kay@example.com')?.fields).toMatchObject({ CrnKey: 'JPY', IsTestEmp: 'Y', BiHierNodeKey: '2932', PmtMethodCode: 'APCHECK', Custom22: 'INV-GRP-1' });

    const kay = await concur.users.get('kay@example.com');
    expect(kay).toMatchObject({ loginId: 'kay@example.com', empId: 'E3001', crnCode: 'JPY', isTestEmp: true, ledgerName: 'DEFAULT' });
    expect(kay.fields).toMatchObject({ CrnKey: 'JPY', BiHierNodeKey: '2932', PmtMethodCode: 'APCHECK', Custom22: 'INV-GRP-1' });
    expect(kay.fields).not.toHaveProperty('CrnCode');

    // An update changes an extra field and leaves the others as they were.
    await concur.users.upsert([{ empId: 'E3001', loginId: 'kay@example.com', extraFields: { PmtMethodCode: 'CNQRPAY' } }]);
    expect((await concur.users.get('kay@example.com')).fields).toMatchObject({ PmtMethodCode: 'CNQRPAY', BiHierNodeKey: '2932' });
    expect(logged(sim)).toEqual(['POST /api/user/v1.0/Users 200', 'GET /api/user/v1.0/User/ 200', 'POST /api/user/v1.0/Users 200', 'GET /api/user/v1.0/User/ 200']);
    expect(waits).toEqual([]);
  });

  it('a user with an unknown input key is not sent: reported failed, or the call refused with invalidItems: reject', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const bad = { empId: 'E3002', loginId: 'lee@example.com', BiHierNodeKey: '2932' } as never;
    const result = await concur.users.upsert([bad]);
    expect(result.items[0]).toMatchObject({ status: 'failed', code: 'INVALID_INPUT', problems: [{ field: 'BiHierNodeKey' }] });
    const attempt = concur.users.upsert([bad], { invalidItems: 'reject' });
    await expect(attempt).rejects.toMatchObject({ name: 'ConcurValidationError', field: 'items[0].BiHierNodeKey' });
    expect(logged(sim)).toEqual([]);
  });
});
