// Provisions Concur users from an HR export (CSV): adds the new ones with a first password,
// updates the others, and writes a report with one line per row. Concur's User v1.0 needs a
// password (and the Employee form's required fields, such as the ledger) for a new user, and
// ignores a password sent for an existing one: new users get a random password here, written to
// a separate file readable only by its owner; existing users keep theirs unless --reset-passwords
// is given, which sets a new one through Users/password.
//
//   npm run example:provision-users -- [FILE] [--report FILE] [--passwords FILE] [--reset-passwords]
//
// FILE defaults to examples/data/users.csv, with the columns emp_id, login_id, first_name,
// last_name, email, ledger_key, approver_emp_id, active (Y/N). --report defaults to
// provision-report.csv, --passwords to initial-passwords.csv. Without CONCUR_BASE_URL it runs
// against the bundled simulator (whose company has admin@example.com). Exit code: 0 when the run
// went to its end (refused rows are in the report), 1 when it could not run.
//
// User v1.0 is decommissioned in the US and EMEA data centers; see docs/users.md.
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConcurError, NotFoundError, type BatchResult, type ConcurClient, type UserInput } from 'concur-sdk';
import { connect } from './lib/connect.js';
import { csvLine, readCsv } from './lib/csv.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    report: { type: 'string', default: 'provision-report.csv' },
    passwords: { type: 'string', default: 'initial-passwords.csv' },
    'reset-passwords': { type: 'boolean', default: false },
  },
});
const file = positionals[0] ?? 'examples/data/users.csv';

/** A row of the file, as the user to send. */
interface Row {
  line: number;
  user: UserInput;
  /** Whether Concur already has this login ID (looked up before sending). */
  exists?: boolean;
  /** The password this run sent, to hand to the user once Concur took it. */
  password?: string;
  /** What became of the password: set for a new user, or a reset's outcome for an existing one. */
  passwordAction?: 'set' | 'reset' | 'reset refused' | 'reset unknown';
}

async function readRows(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const { line, fields: f } of readCsv(path)) {
    const optional = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
    const user: UserInput = { empId: f['emp_id'] ?? '', loginId: f['login_id'] ?? '' };
    const text = { firstName: f['first_name'], lastName: f['last_name'], emailAddress: f['email'], ledgerKey: f['ledger_key'], expenseApproverEmployeeId: f['approver_emp_id'] };
    for (const [key, value] of Object.entries(text)) if (optional(value) !== undefined) Object.assign(user, { [key]: value });
    if (optional(f['active']) !== undefined) user.active = f['active']?.toUpperCase() === 'Y';
    rows.push({ line, user });
  }
  return rows;
}

/** The rows with each approver before the users who name it (Concur needs the approver first). */
function approversFirst(rows: Row[]): Row[] {
  const byEmployeeId = new Map(rows.map((row) => [row.user.empId, row]));
  const ordered: Row[] = [];
  const placed = new Set<Row>();
  const place = (row: Row, path: Set<Row>): void => {
    if (placed.has(row) || path.has(row)) return; // a cycle keeps the file's order
    path.add(row);
    const approver = byEmployeeId.get(row.user.expenseApproverEmployeeId ?? '');
    if (approver !== undefined) place(approver, path);
    placed.add(row);
    ordered.push(row);
  };
  for (const row of rows) place(row, new Set());
  return ordered;
}

/** Looks up which login IDs Concur has, four at a time (User v1.0 has no bulk lookup). */
async function markExisting(concur: ConcurClient, rows: Row[]): Promise<void> {
  const queue = [...rows];
  const worker = async (): Promise<void> => {
    for (let row = queue.shift(); row !== undefined; row = queue.shift()) {
      try {
        await concur.users.get(row.user.loginId);
        row.exists = true;
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        row.exists = false;
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/** A random password of 20 characters with upper and lower case letters, digits and symbols. */
function randomPassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@'];
  const alphabet = classes.join('');
  for (;;) {
    const password = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
    if (classes.every((characters) => [...password].some((char) => characters.includes(char)))) return password;
  }
}

/** A reason provisioning cannot run that is not Concur's (Concur's are ConcurErrors). */
class ProvisioningError extends Error {}

const { concur, close } = await connect({ appInfo: { name: 'ProvisionUsers', version: '1.0.0' } });
let exitCode = 1;
try {
  if (!existsSync(file)) throw new ProvisioningError(`There is no file ${file}.`);
  const rows = approversFirst(await readRows(file));
  // Invalid rows are not looked up: upsert reports them (code INVALID_INPUT) without sending them.
  const valid = rows.filter((row) => concur.users.validate(row.user).length === 0);
  await markExisting(concur, valid);
  for (const row of valid) {
    if (row.exists === true) continue;
    row.password = randomPassword();
    row.passwordAction = 'set';
    row.user.password = row.password;
  }
  console.log(`${rows.length} rows: ${valid.filter((row) => row.exists === false).length} new users, ${valid.filter((row) => row.exists === true).length} to update, ${rows.length - valid.length} invalid.`);

  const upserted: BatchResult<UserInput> = await concur.users.upsert(
    rows.map((row) => row.user),
    { onProgress: ({ completed, succeeded, failed, unknown }) => console.log(`  ${completed}/${rows.length} sent: ${succeeded} done, ${failed} refused, ${unknown} unknown`) },
  );
  const outcomes = upserted.items; // in the order sent, which is the order of `rows`

  const resets = values['reset-passwords'] ? rows.filter((row, index) => row.exists === true && outcomes[index]?.status === 'succeeded') : [];
  if (resets.length > 0) {
    const entries = resets.map((row) => ({ loginId: row.user.loginId, password: (row.password = randomPassword()) }));
    const result = await concur.users.updatePasswords(entries);
    result.items.forEach((item, index) => {
      const row = resets[index];
      if (row !== undefined) row.passwordAction = item.status === 'succeeded' ? 'reset' : item.status === 'failed' ? 'reset refused' : 'reset unknown';
    });
    console.log(`Passwords reset: ${result.succeeded}; refused: ${result.failed}; unknown: ${result.unknown}.`);
  }

  let report = csvLine(['line', 'emp_id', 'login_id', 'action', 'status', 'code', 'message', 'password']);
  let passwords = csvLine(['login_id', 'password']);
  let handedOut = 0;
  rows.forEach((row, index) => {
    const outcome = outcomes[index];
    const action = row.exists === undefined ? '' : row.exists ? 'update' : 'create';
    const succeeded = outcome?.status === 'succeeded';
    // A new user's password counts only once Concur took the user; an existing user's is unchanged unless reset.
    const password = row.exists === true ? (row.passwordAction ?? 'unchanged') : succeeded ? (row.passwordAction ?? '') : '';
    report += csvLine([row.line, row.user.empId, row.user.loginId, action, outcome?.status, outcome?.code, outcome?.message, password]);
    if (succeeded && row.password !== undefined && (password === 'set' || password === 'reset')) {
      passwords += csvLine([row.user.loginId, row.password]);
      handedOut += 1;
    }
  });
  await writeFile(values.report, report);
  if (handedOut > 0) {
    await rm(values.passwords, { force: true }); // a file that exists keeps its mode: start afresh
    await writeFile(values.passwords, passwords, { mode: 0o600 });
    console.log(`${handedOut} password(s) in ${values.passwords} (readable by you only): hand them over securely, then delete the file.`);
  }
  console.log(`Done: ${upserted.succeeded} users added or updated, ${upserted.failed} refused (${upserted.invalid} invalid), ${upserted.unknown} unknown. Report: ${values.report}.`);
  exitCode = 0;
} catch (error) {
  if (!(error instanceof ConcurError) && !(error instanceof ProvisioningError)) throw error; // a bug: show its stack
  console.error(`Provisioning stopped: ${error.message}`);
} finally {
  await close();
}
process.exitCode = exitCode;
