import { describe, expect, it } from 'vitest';
import type { UserInput, UserPasswordInput } from '../../src/services/users-types.js';
import { parseXml } from '../../src/xml/parser.js';
import { BatchSizeError, ConcurValidationError, InternalServerError, NotFoundError } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { allSucceeded, fixture, NS, PASSWORDS, sentProfiles, service, user, USERS, usersEndpoint, type Captured } from './users-support.js';

// UsersService batch writes: upsert and updatePasswords, with their chunking, record matching and
// validation before any request. The reads (get, getFormFields) are in users-reads.test.ts.

describe('UsersService', () => {
  it('upsert: POSTs batch/UserProfile in the user namespace with 2013 names, numbers the records, and maps by FeedRecordNumber', async () => {
    const { users } = service();
    const captured: Captured[] = [];
    concur()
      .post(USERS)
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(function reply(uri, body) {
        expect(uri).toBe(USERS);
        captured.push({ method: this.req.method, headers: this.req.headers, body: String(body) });
        return [200, fixture('batch-result.xml'), XML];
      });
    const input: UserInput[] = [
      {
        empId: 'E-0101',
        loginId: 'ada@example.com',
        localeName: 'en_US',
        active: true,
        password: 'Initial#1',
        firstName: 'Ada',
        lastName: 'Okafor',
        mi: 'K',
        emailAddress: 'ada@example.com',
        ledgerKey: 'DEFAULT',
        orgUnit2: 'Sales',
        custom21: 'PRJ7',
        ctryCode: 'US',
        cashAdvanceAccountCode: 'CA-1',
        crnKey: 'USD',
        ctrySubCode: 'US-WA',
        expenseUser: true,
        expenseApprover: false,
        tripUser: true,
        invoiceUser: false,
        invoiceApprover: false,
        expenseApproverEmployeeId: 'E-0007',
        newLoginId: 'ada.okafor@example.com',
        newEmployeeId: 'E-0101B',
      },
      { empId: 'E-0102', loginId: 'lin@example.com' },
      { empId: 'E-0103', loginId: 'sam@example.com', active: false },
    ];
    const result = await users.upsert(input);
    const request = captured[0] as Captured;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(request.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        `<batch xmlns="${NS}">` +
        '<UserProfile><EmpId>E-0101</EmpId><FeedRecordNumber>1</FeedRecordNumber><LoginId>ada@example.com</LoginId><LocaleName>en_US</LocaleName><Active>Y</Active>' +
        '<Password>Initial#1</Password><FirstName>Ada</FirstName><LastName>Okafor</LastName><Mi>K</Mi><EmailAddress>ada@example.com</EmailAddress><LedgerKey>DEFAULT</LedgerKey>' +
        '<OrgUnit2>Sales</OrgUnit2><Custom21>PRJ7</Custom21><CtryCode>US</CtryCode><CashAdvanceAccountCode>CA-1</CashAdvanceAccountCode><CrnKey>USD</CrnKey><CtrySubCode>US-WA</CtrySubCode>' +
        '<ExpenseUser>Y</ExpenseUser><ExpenseApprover>N</ExpenseApprover><TripUser>Y</TripUser><InvoiceUser>N</InvoiceUser><InvoiceApprover>N</InvoiceApprover>' +
        '<ExpenseApproverEmployeeID>E-0007</ExpenseApproverEmployeeID><NewLoginID>ada.okafor@example.com</NewLoginID><NewEmployeeID>E-0101B</NewEmployeeID></UserProfile>' +
        '<UserProfile><EmpId>E-0102</EmpId><FeedRecordNumber>2</FeedRecordNumber><LoginId>lin@example.com</LoginId></UserProfile>' +
        '<UserProfile><EmpId>E-0103</EmpId><FeedRecordNumber>3</FeedRecordNumber><LoginId>sam@example.com</LoginId><Active>N</Active></UserProfile>' +
        '</batch>',
    );
    expect(result).toMatchObject({ succeeded: 2, failed: 1, unknown: 0 });
    expect(result.items).toEqual([
      { index: 0, input: input[0], status: 'succeeded', chunk: 0, attempts: 1 },
      { index: 1, input: input[1], status: 'failed', chunk: 0, message: 'MISSING_REQUIRED_FIELDS:Active', attempts: 1 },
      { index: 2, input: input[2], status: 'succeeded', chunk: 0, attempts: 1 },
    ]);
  });

  it('upsert: keeps a FeedRecordNumber the caller set, and matches 007 to 7', async () => {
    const { users } = service();
    const captured = usersEndpoint(
      () =>
        '<user-batch-result><records-succeeded>1</records-succeeded><records-failed>1</records-failed>' +
        '<errors><error><EmployeeID>E-2</EmployeeID><FeedRecordNumber>7</FeedRecordNumber><message>Invalid Input: CtryCode</message></error></errors>' +
        '<UserDetails><UserInfo><EmployeeID>E-1</EmployeeID><FeedRecordNumber>12</FeedRecordNumber><Status>SUCCESS</Status></UserInfo></UserDetails></user-batch-result>',
    );
    const result = await users.upsert([
      { ...user(1), feedRecordNumber: '12' },
      { ...user(2), feedRecordNumber: '007' },
    ]);
    expect(sentProfiles(captured[0]?.body ?? '').map((profile) => profile['FeedRecordNumber'])).toEqual(['12', '007']);
    expect(result.items.map((item) => [item.status, item.message])).toEqual([
      ['succeeded', undefined],
      ['failed', 'Invalid Input: CtryCode'],
    ]);
  });

  it('upsert: keeps <, & and ]]> in names as text', async () => {
    const { users } = service();
    const captured = usersEndpoint(allSucceeded);
    const hostile = 'A<b> & ]]> </LoginId>';
    await users.upsert([{ ...user(1), firstName: 'Zoë & <Co>', lastName: ']]>', custom1: hostile }]);
    expect(captured[0]?.body).not.toContain(']]>');
    expect(sentProfiles(captured[0]?.body ?? '')[0]).toMatchObject({ FirstName: 'Zoë & <Co>', LastName: ']]>', Custom1: hostile, LoginId: 'user1@example.com' });
  });

  it.each([0, 1001])('upsert with chunk: false refuses %i users before any request', async (count) => {
    const { users } = service();
    const scope = concur().post(/.*/).reply(200, '');
    const error = await caught(() => users.upsert(Array.from({ length: count }, (_, i) => user(i)), { chunk: false }));
    expect(error).toBeInstanceOf(BatchSizeError);
    expect(error).toMatchObject({ size: count, max: 1000 });
    expect(scope.isDone()).toBe(false);
  });

  it.each([1, 1000])('upsert with chunk: false sends %i users as one batch', async (count) => {
    const { users } = service();
    const captured = usersEndpoint(allSucceeded);
    const result = await users.upsert(Array.from({ length: count }, (_, i) => user(i)), { chunk: false });
    expect(result.succeeded).toBe(count);
    expect(captured).toHaveLength(1);
    expect(sentProfiles(captured[0]?.body ?? '').at(-1)?.['FeedRecordNumber']).toBe(String(count));
  });

  it('upsert sends 1,200 users in chunks of 500, numbering each chunk from 1, and maps errors of the second chunk back', async () => {
    const { users } = service();
    const captured = usersEndpoint(
      (profiles, call) =>
        call !== 2
          ? allSucceeded(profiles)
          : '<user-batch-result><records-succeeded>498</records-succeeded><records-failed>2</records-failed><errors>' +
            '<error><EmployeeID>E-506</EmployeeID><FeedRecordNumber>7</FeedRecordNumber><Message>User Creation Failed</Message></error>' +
            '<error><EmployeeID>E-999</EmployeeID><FeedRecordNumber>500</FeedRecordNumber><Message>Form Fields are Invalid or Empty</Message></error>' +
            '</errors></user-batch-result>',
      3,
    );
    const result = await users.upsert(Array.from({ length: 1200 }, (_, i) => user(i)));
    const sent = captured.map((request) => sentProfiles(request.body));
    expect(sent.map((profiles) => profiles.length)).toEqual([500, 500, 200]);
    expect(sent.map((profiles) => [profiles[0]?.['FeedRecordNumber'], profiles.at(-1)?.['FeedRecordNumber']])).toEqual([
      ['1', '500'],
      ['1', '500'],
      ['1', '200'],
    ]);
    expect(result).toMatchObject({ succeeded: 1198, failed: 2, unknown: 0 });
    expect(result.items.filter((item) => item.status === 'failed').map((item) => [item.index, item.input.empId, item.message])).toEqual([
      [506, 'E-506', 'User Creation Failed'],
      [999, 'E-999', 'Form Fields are Invalid or Empty'],
    ]);
  });

  it('upsert reports the unlisted users of a truncated error list as unknown, never succeeded', async () => {
    const { users } = service();
    const listed = Array.from({ length: 10 }, (_, i) => `<error><FeedRecordNumber>${i + 1}</FeedRecordNumber><message>Unknown Error</message></error>`).join('');
    usersEndpoint(() => `<user-batch-result><records-succeeded>3</records-succeeded><records-failed>12</records-failed><errors>${listed}</errors></user-batch-result>`);
    const result = await users.upsert(Array.from({ length: 15 }, (_, i) => user(i)));
    expect(result).toMatchObject({ succeeded: 0, failed: 10, unknown: 5 });
    expect(result.items.slice(10).map((item) => item.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('upsert turns a 500 into failed items with InternalServerError, without retrying it', async () => {
    const { users, delays } = service();
    concur().post(USERS).reply(500, errorXml('Unknown Error'), XML);
    const result = await users.upsert([user(1)]);
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '500', attempts: 1 });
    expect(result.chunks[0]?.error).toBeInstanceOf(InternalServerError);
    expect(delays).toEqual([]);
  });

  it('upsert turns a 404 from a decommissioned data center into failed items with NotFoundError', async () => {
    const { users } = service();
    concur().post(USERS).reply(404, errorXml('Not Found'), XML);
    const result = await users.upsert([user(1), user(2)]);
    expect(result).toMatchObject({ succeeded: 0, failed: 2, unknown: 0 });
    expect(result.chunks[0]?.error).toBeInstanceOf(NotFoundError);
  });

  it.each([
    [{ loginId: 'a@example.com' }, 'empId', 'empId is required'],
    [{ empId: 'e'.repeat(49), loginId: 'a@example.com' }, 'empId', '48'],
    [{ empId: 'E' }, 'loginId', 'loginId is required'],
    [{ empId: 'E', loginId: 'no-at-sign' }, 'loginId', '"@"'],
    [{ empId: 'E', loginId: `${'a'.repeat(120)}@example.com` }, 'loginId', '128'],
    [{ empId: 'E', loginId: 'a@example.com', newLoginId: 'plain' }, 'newLoginId', '"@"'],
    [{ empId: 'E', loginId: 'a@example.com', active: 'Y' }, 'active', 'true or false'],
    [{ empId: 'E', loginId: 'a@example.com', mi: 'AB' }, 'mi', '1 characters'],
    [{ empId: 'E', loginId: 'a@example.com', firstName: 'f'.repeat(33) }, 'firstName', '32'],
    [{ empId: 'E', loginId: 'a@example.com', localeName: 'en_US_x' }, 'localeName', '5'],
    [{ empId: 'E', loginId: 'a@example.com', ledgerKey: 'l'.repeat(21) }, 'ledgerKey', '20'],
    [{ empId: 'E', loginId: 'a@example.com', orgUnit6: 'o'.repeat(49) }, 'orgUnit6', '48'],
    [{ empId: 'E', loginId: 'a@example.com', custom21: 'c'.repeat(49) }, 'custom21', '48'],
    [{ empId: 'E', loginId: 'a@example.com', ctryCode: 'USA' }, 'ctryCode', 'ISO 3166-1'],
    [{ empId: 'E', loginId: 'a@example.com', crnKey: 'usd' }, 'crnKey', 'ISO 4217'],
    [{ empId: 'E', loginId: 'a@example.com', ctrySubCode: 'WA' }, 'ctrySubCode', 'US-WA'],
    [{ empId: 'E', loginId: 'a@example.com', feedRecordNumber: ' ' }, 'feedRecordNumber', 'feedRecordNumber'],
    [{ empId: 'E', loginId: 'a@example.com', password: 'p'.repeat(256) }, 'password', '255'],
    [{ empId: 42, loginId: 'a@example.com' }, 'empId', 'empId must be a string (got number 42)'],
  ])("with invalidItems: 'reject', upsert refuses %j before any request", async (bad, field, mention) => {
    const { users } = service();
    const scope = concur().post(/.*/).reply(200, '');
    expect(users.validate(bad).map((problem) => problem.field)).toContain(field);
    const error = await caught(() => users.upsert([user(0), bad as UserInput], { invalidItems: 'reject' }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: `items[1].${field}` });
    expect((error as Error).message).toContain('User at index 1');
    expect((error as Error).message).toContain(mention);
    expect(scope.isDone()).toBe(false);
  });

  it('updatePasswords: POSTs UserBatch/User with LoginID and Password, and maps every user by LoginID', async () => {
    const { users } = service();
    const captured: Captured[] = [];
    concur()
      .post(PASSWORDS)
      .reply(function reply(_uri, body) {
        captured.push({ method: this.req.method, headers: this.req.headers, body: String(body) });
        return [200, fixture('password-result.xml'), XML];
      });
    const input: UserPasswordInput[] = [
      { loginId: 'ada.okafor@example.com', password: 'N3w&<pass>' },
      { loginId: 'lin.wei@example.com', password: 'Other#2' },
    ];
    const result = await users.updatePasswords(input);
    const request = captured[0] as Captured;
    expect(request.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(request.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        `<UserBatch xmlns="${NS}">` +
        '<User><LoginID>ada.okafor@example.com</LoginID><Password>N3w&amp;&lt;pass&gt;</Password></User>' +
        '<User><LoginID>lin.wei@example.com</LoginID><Password>Other#2</Password></User>' +
        '</UserBatch>',
    );
    expect(result).toMatchObject({ succeeded: 1, failed: 1, unknown: 0 });
    expect(result.items).toEqual([
      { index: 0, input: input[0], status: 'succeeded', chunk: 0, attempts: 1 },
      { index: 1, input: input[1], status: 'failed', chunk: 0, message: 'The user has no employee ID, so no password can be set.', attempts: 1 },
    ]);
  });

  it.each([0, 1001])('updatePasswords with chunk: false refuses %i entries before any request', async (count) => {
    const { users } = service();
    const scope = concur().post(/.*/).reply(200, '');
    const entries = Array.from({ length: count }, (_, i) => ({ loginId: `u${i}@example.com`, password: 'x' }));
    expect(await caught(() => users.updatePasswords(entries, { chunk: false }))).toBeInstanceOf(BatchSizeError);
    expect(scope.isDone()).toBe(false);
  });

  it('updatePasswords sends 1,200 entries in chunks of 500 by default', async () => {
    const { users } = service();
    const sizes: number[] = [];
    concur()
      .post(PASSWORDS)
      .times(3)
      .reply((_uri, body) => {
        const batch = parseXml(String(body))['UserBatch'] as { User: Array<Record<string, string>> };
        sizes.push(batch.User.length);
        const statuses = batch.User.map((entry) => `<UserPasswordStatus><LoginID>${entry['LoginID']}</LoginID><Status>Success</Status></UserPasswordStatus>`).join('');
        return [200, `<BatchResult><RecordsSucceeded>${batch.User.length}</RecordsSucceeded><RecordsFailed>0</RecordsFailed><UserPasswordStatusList>${statuses}</UserPasswordStatusList></BatchResult>`, XML];
      });
    const result = await users.updatePasswords(Array.from({ length: 1200 }, (_, i) => ({ loginId: `u${i}@example.com`, password: `p${i}` })));
    expect(sizes).toEqual([500, 500, 200]);
    expect(result).toMatchObject({ succeeded: 1200, failed: 0, unknown: 0 });
  });

  it.each([
    [{ password: 'x' }, 'loginId'],
    [{ loginId: 'nobody', password: 'S3cret!' }, 'loginId'],
    [{ loginId: 'a@example.com' }, 'password'],
    [{ loginId: 'a@example.com', password: '' }, 'password'],
    [{ loginId: 'a@example.com', password: 12345678 }, 'password'],
  ])('updatePasswords refuses %j before any request, without echoing the password', async (bad, field) => {
    const { users } = service();
    const scope = concur().post(/.*/).reply(200, '');
    const error = await caught(() => users.updatePasswords([bad as UserPasswordInput], { invalidItems: 'reject' }));
    expect(error).toMatchObject({ name: 'ConcurValidationError', field: `items[0].${field}` });
    expect((error as Error).message).toContain('Password entry at index 0: ');
    expect(JSON.stringify(error)).not.toMatch(/S3cret|12345678/);
    const result = await users.updatePasswords([bad as UserPasswordInput]);
    expect(result.items[0]).toMatchObject({ status: 'failed', code: 'INVALID_INPUT', attempts: 0 });
    expect(JSON.stringify(result.items[0]?.problems)).not.toMatch(/S3cret|12345678/);
    expect(scope.isDone()).toBe(false);
  });
});
