import { describe, expect, it } from 'vitest';
import { ConcurValidationError } from '../../src/index.js';
import type { UserInput } from '../../src/services/users-types.js';
import { caught, concur } from '../support/helpers.js';
import { allSucceeded, NS, service, user, usersEndpoint, type Captured } from './users-support.js';

// UsersService.upsert: form fields the typed input does not name travel in `extraFields`, and any
// other unknown key of the input is refused, so nothing a caller passes vanishes without a word.

// With invalidItems: 'reject' nothing is sent; by default the same item comes back failed with
// the same problems (checked once below), and validate() lists them without sending anything.
const refusal = async (bad: unknown) => {
  const { users } = service();
  const scope = concur().post(/.*/).reply(200, '');
  const error = await caught(() => users.upsert([user(0), bad as UserInput], { invalidItems: 'reject' }));
  expect(scope.isDone()).toBe(false);
  expect((error as ConcurValidationError).problems?.map((problem) => problem.message)).toEqual(users.validate(bad).map((problem) => problem.message));
  return error as ConcurValidationError;
};

describe('UsersService.upsert extraFields', () => {
  it('sends the extra fields after the typed ones, in the order given, escaped, empty ones as empty elements', async () => {
    const { users } = service();
    const captured: Captured[] = usersEndpoint(allSucceeded);
    // The official VB.NET sample sends IsTestEmp and BiHierNodeKey; the 2016 provisioning guide
    // sends PmtMethodCode; it also says Professional sites keep the Invoice group in Custom22.
    const result = await users.upsert([
      { empId: 'E1', loginId: 'ada@example.com', crnKey: 'USD', newEmployeeId: 'E1B', extraFields: { IsTestEmp: 'N', BiHierNodeKey: '2932', PmtMethodCode: '', Custom22: 'R&D <EU>' } },
    ]);
    expect((captured[0] as Captured).body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        `<batch xmlns="${NS}"><UserProfile><EmpId>E1</EmpId><FeedRecordNumber>1</FeedRecordNumber><LoginId>ada@example.com</LoginId><CrnKey>USD</CrnKey><NewEmployeeID>E1B</NewEmployeeID>` +
        '<IsTestEmp>N</IsTestEmp><BiHierNodeKey>2932</BiHierNodeKey><PmtMethodCode></PmtMethodCode><Custom22>R&amp;D &lt;EU&gt;</Custom22></UserProfile></batch>',
    );
    expect(result.succeeded).toBe(1);
  });

  it('accepts a long value for a field the reference gives no limit for, and 48 characters for CustomN / OrgUnitN', async () => {
    const { users } = service();
    usersEndpoint(allSucceeded);
    const result = await users.upsert([{ ...user(1), extraFields: { PmtMethodCode: 'P'.repeat(300), Custom22: 'c'.repeat(48), OrgUnit7: 'o'.repeat(48) } }]);
    expect(result.succeeded).toBe(1);
  });

  it.each([
    ['firstname', 'did you mean firstName?'],
    ['CRNKEY', 'did you mean crnKey?'],
    ['BiHierNodeKey', 'extraFields: { BiHierNodeKey'],
    ['isTestEmp', 'would not be sent'],
    ['extrafields', 'did you mean extraFields?'],
  ])('refuses the unknown input key %s, naming it', async (key, advice) => {
    const error = await refusal({ ...user(1), [key]: 'x' });
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error.field).toBe(`items[1].${key}`);
    expect(error.message).toContain(`User at index 1: ${key} is not a field the SDK knows`);
    expect(error.message).toContain(advice);
  });

  it('by default the valid users go and the one with an unknown key comes back failed, not sent', async () => {
    const { users } = service();
    const captured: Captured[] = usersEndpoint(allSucceeded);
    const result = await users.upsert([user(0), { ...user(1), firstname: 'Ada' } as UserInput]);
    expect(captured).toHaveLength(1);
    expect((captured[0] as Captured).body).not.toContain('Ada');
    expect(result.items[1]).toMatchObject({ status: 'failed', code: 'INVALID_INPUT', attempts: 0, problems: [{ field: 'firstname' }] });
  });

  it('lets an unknown key through when its value is undefined: it carries nothing', async () => {
    const { users } = service();
    usersEndpoint(allSucceeded);
    expect((await users.upsert([{ ...user(1), nickname: undefined } as UserInput])).succeeded).toBe(1);
  });

  it.each([
    ['1Field', 'not an XML element name'],
    ['ns:Field', 'not an XML element name'],
    ['xmlField', 'not an XML element name'],
    ['has space', 'not an XML element name'],
    ['a<b', 'not an XML element name'],
    ['', 'not an XML element name'],
    ['constructor', 'not an XML element name'],
    ['LoginId', 'set loginId instead'],
    ['loginid', 'set loginId instead'],
    ['LoginID', 'set loginId instead'],
    ['EmployeeID', 'set empId instead'],
    ['EmpID', 'set empId instead'],
    ['CrnCode', 'set crnKey instead'],
    ['LedgerName', 'set ledgerKey instead'],
    ['FeedRecordNumber', 'set feedRecordNumber instead'],
    ['Custom21', 'set custom21 instead'],
    ['NewLoginID', 'set newLoginId instead'],
  ])('refuses the extra field name %j', async (name, mention) => {
    const error = await refusal({ ...user(1), extraFields: { [name]: 'x' } });
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error.field).toBe(`items[1].extraFields.${name}`);
    expect(error.message).toContain(mention);
  });

  it('refuses __proto__ as a name even when it arrives as an own key (JSON input)', async () => {
    const error = await refusal({ ...user(1), extraFields: JSON.parse('{"__proto__": "x"}') as Record<string, string> });
    expect(error.field).toBe('items[1].extraFields.__proto__');
  });

  it.each([
    [{ Custom22: 'c'.repeat(49) }, 'Custom22', 'must be at most 48 characters (got 49)'],
    [{ orgunit9: 'o'.repeat(49) }, 'orgunit9', 'must be at most 48 characters (got 49)'],
    [{ IsTestEmp: 1 }, 'IsTestEmp', 'must be a string (got number 1)'],
    [{ IsTestEmp: null }, 'IsTestEmp', 'must be a string (got null)'],
    [{ BiHierNodeKey: 'a\u0001b' }, 'BiHierNodeKey', 'control character'],
  ])('refuses the extra field values %j', async (extraFields, name, mention) => {
    const error = await refusal({ ...user(1), extraFields });
    expect(error.field).toBe(`items[1].extraFields.${name}`);
    expect(error.message).toContain(mention);
  });

  it.each([[['IsTestEmp']], ['IsTestEmp=N'], [null]])('refuses extraFields that are not an object: %j', async (extraFields) => {
    const error = await refusal({ ...user(1), extraFields });
    expect(error.field).toBe('items[1].extraFields');
    expect(error.message).toContain('extraFields must be an object');
  });
});
