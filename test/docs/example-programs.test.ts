// The TypeScript programs of examples/ run as a user runs them (`npm run example:NAME`): bundled
// by scripts/run-example.mjs against the built package, started without CONCUR_BASE_URL so that
// each starts its own simulator, in a scratch folder. Needs `npm run build` first (npm test does).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCsvLine } from '../../examples/lib/csv.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let scratch = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node scripts/run-example.mjs NAME ARGS…` in the scratch folder, without CONCUR_BASE_URL. */
async function runExample(name: string, ...args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env['CONCUR_BASE_URL'];
  delete env['CONCUR_TOKEN'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts/run-example.mjs'), name, ...args], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const csvRows = (path: string): string[][] => readFileSync(path, 'utf8').trimEnd().split('\n').map(parseCsvLine);

beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` before this test (npm test does).');
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'concur-example-'));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('examples/csv-list-import.ts', () => {
  it('imports the sample file with a progress line per chunk and reports the refused rows by CSV line', async () => {
    const run = await runExample('csv-list-import', join(root, 'examples/data/cost-centers.csv'), '--chunk-size', '25');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('failed (service-unavailable, attempt 1); sending it again in 0.5 s.');
    expect(run.stdout.match(/^\d+ items in [\d.]+ s: \d+ created, \d+ already there, \d+ refused$/gm)).toHaveLength(4);
    expect(run.stdout).toContain('Created 98; already in "Cost Centers" 2; refused 2 (2 of them never sent: invalid rows).');
    const [header, ...refused] = csvRows(join(scratch, 'csv-import-failures.csv'));
    expect(header).toEqual(['line', 'region_code', 'cost_center_code', 'name', 'status', 'code', 'message']);
    expect(refused.map((row) => row.slice(0, 6))).toEqual([
      ['21', 'NA', 'NA-9100', 'Sales, Halifax', 'failed', 'INVALID_INPUT'],
      ['41', 'EMEA', 'EMEA9200', '', 'failed', 'INVALID_INPUT'],
    ]);
    expect(refused[0]?.[6]).toContain('without hyphens');
  });

  it('stops with exit code 1 and a reason when the list does not exist', async () => {
    const run = await runExample('csv-list-import', join(root, 'examples/data/cost-centers.csv'), '--list', 'Projects');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The import stopped: Concur has no list named "Projects"');
    expect(readdirSync(scratch)).toEqual([]); // no report of an import that did not start
  });
});

describe('examples/nightly-extract.ts', () => {
  it('starts a job, waits for it and saves its file', async () => {
    const run = await runExample('nightly-extract', '--out', scratch);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: Completed\n/);
    const [saved, ...others] = readdirSync(scratch);
    expect(others).toEqual([]);
    expect(saved).toMatch(/^Standard-Accounting-Extract-\d{4}-\d\d-\d\d-\w+\.csv$/);
    expect(readFileSync(join(scratch, saved ?? ''), 'utf8')).toMatch(/^Employee ID,/);
  });

  it('waits for the job already running instead of failing on the 409', async () => {
    const run = await runExample('nightly-extract', '--out', scratch, '--simulate-running-job');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const joined = /A job is already (?:Queued|Running) for this definition \(([^\s,]+),.*waiting for it instead of starting another\./.exec(run.stdout)?.[1];
    expect(joined).toBeDefined();
    // The file is named after the job it came from (its id without the characters a file name should not carry).
    expect(readdirSync(scratch)).toEqual([expect.stringContaining(`-${joined?.replace(/[^\w-]+/g, '')}.csv`)]);
  });

  it('reports a job that is not finished in time, with exit code 1 and no file', async () => {
    const run = await runExample('nightly-extract', '--out', scratch, '--timeout-ms', '600');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Job \S+ is still (Queued|Running); it goes on in Concur, and the next run waits for it\./);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('examples/provision-users.ts', () => {
  it('stops with exit code 1 and a reason when the file does not exist', async () => {
    const run = await runExample('provision-users', 'no-such-export.csv');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Provisioning stopped: There is no file no-such-export.csv.');
  });

  it('adds the new users with a first password, updates the existing one, and reports every row', async () => {
    const run = await runExample('provision-users', join(root, 'examples/data/users.csv'), '--reset-passwords');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('6 rows: 4 new users, 1 to update, 1 invalid.');
    expect(run.stdout).toContain('Done: 4 users added or updated, 2 refused (1 invalid), 0 unknown.');
    const [, ...report] = csvRows(join(scratch, 'provision-report.csv'));
    // Approvers first: Maria (line 3) approves Kim (line 2), so she is sent, and reported, first.
    expect(report.map((row) => [row[0], row[2], row[3], row[4], row[7]])).toEqual([
      ['3', 'maria.garcia@example.com', 'create', 'succeeded', 'set'],
      ['2', 'kim.lee@example.com', 'create', 'succeeded', 'set'],
      ['4', 'sam.okoro@example.com', 'create', 'succeeded', 'set'],
      ['5', 'admin@example.com', 'update', 'succeeded', 'reset'],
      ['6', 'lin.wei', '', 'failed', ''],
      ['7', 'noah.berg@example.com', 'create', 'failed', ''],
    ]);
    const passwordsFile = join(scratch, 'initial-passwords.csv');
    expect(statSync(passwordsFile).mode & 0o777).toBe(0o600);
    const [, ...passwords] = csvRows(passwordsFile);
    expect(passwords.map((row) => row[0])).toEqual(['maria.garcia@example.com', 'kim.lee@example.com', 'sam.okoro@example.com', 'admin@example.com']);
    for (const [, password] of passwords) expect(password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[!#%+\-=?@]).{20}$/);
    expect(run.stdout + readFileSync(join(scratch, 'provision-report.csv'), 'utf8')).not.toContain(passwords[0]?.[1]);
  });
});
