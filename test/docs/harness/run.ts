// Runs one generated example module against a fresh simulator, the way a reader would run the
// block: in a scratch directory (with the files the guides read), with CONCUR_BASE_URL and
// CONCUR_TOKEN pointing at the simulator, its console captured, and every server it opened
// closed at the end. A failure names the guide line of the deepest stack frame in the example.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../../src/simulator/index.js';
import { guidePosition, type ExampleUnit } from '../generate.js';
import { setRunContext, type RunContext } from './given.js';
import { discardCollectedTests, runCollectedTests } from './mini-vitest.js';

/** The environment a block sees; the guides read these variables. */
export const EXAMPLE_ENV = (simUrl: string): Record<string, string> => ({
  CONCUR_BASE_URL: simUrl,
  CONCUR_TOKEN: SIMULATOR_TOKEN,
  REPORT_ID: 'RPT-1001',
  NEW_PASSWORD: 'Spring-2026-Reset',
});

// A 1×1 PNG and a one-page PDF, for the blocks that upload receipts from files.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** How long a block may run (and wait for its `prints`) before it fails. */
export const RUN_LIMIT_MS = 15_000;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * What the guides' examples expect of "your company" beyond the simulator's default seed: the
 * list docs/list-items.md fills, the purchase order policy and vendor address of
 * docs/purchase-orders.md, and the existing user docs/users.md adds form fields to.
 */
function addGuideTenant(sim: Simulator): void {
  sim.state.lists.create({ name: 'Office Locations', levels: 2 });
  sim.state.purchaseOrders.addPolicy('USPOLICY');
  sim.state.purchaseOrders.addVendor('ACME', 'REMIT-1');
  sim.state.users.add({ LoginId: 'kay.ito@example.com', EmpId: 'E-1003', FirstName: 'Kay', LastName: 'Ito', LedgerKey: 'DEFAULT', Active: 'Y' }, 'Kay-Ito-2026');
}

/** What a run printed and did. */
export interface RunOutcome {
  output: string;
  tests: string[];
}

const servers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;

/** Servers still listening above `baseline` once closed ones have gone (a closed handle lingers a tick). */
async function serversLeft(baseline: number): Promise<number> {
  for (let tries = 0; tries < 20 && servers() > baseline; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return servers() - baseline;
}

/** Rewrites the example's stack frames (`…/docs-users-16.ts:34:5`) into guide positions. */
function locate(unit: ExampleUnit, error: unknown): string {
  let stack = '';
  for (let link: unknown = error; link !== undefined; link = link instanceof Error ? link.cause : undefined) {
    stack += link instanceof Error ? `${link.stack ?? link.message}\n` : String(link);
  }
  const file = unit.path.split(/[\\/]/).at(-1) ?? '';
  const frames = [...stack.matchAll(new RegExp(`${file.replace(/[.$]/g, '\\$&')}:(\\d+):(\\d+)`, 'g'))];
  const at = [...new Set(frames.map((frame) => guidePosition(unit, Number(frame[1]))))].join(', ');
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return at === '' ? message : `${message}\n    at ${at}`;
}

async function waitForOutput(read: () => string, text: string, deadline: number): Promise<boolean> {
  while (!read().includes(text)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** A block that ran out of time. */
class RunTimeout extends Error {}

/** Rejects once `deadline` has passed, unless `work` settles first. */
async function within<T>(work: Promise<T>, deadline: number, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new RunTimeout(`did not finish within ${limitMs / 1000} s (does it call a host other than CONCUR_BASE_URL, or wait for Concur's 5-minute retry delay?)`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a unit; throws an Error whose message starts with the guide position. */
export async function runUnit(unit: ExampleUnit, limitMs = RUN_LIMIT_MS): Promise<RunOutcome> {
  const serversBefore = servers();
  const sim = await startSimulator({ jobDurationMs: 0, batchCloseDurationMs: 0 });
  addGuideTenant(sim);
  const context: RunContext = { sim, cleanups: [] };
  const scratch = mkdtempSync(join(tmpdir(), 'concur-docs-example-'));
  writeFileSync(join(scratch, 'taxi.png'), PNG);
  writeFileSync(join(scratch, 'hotel.pdf'), PDF);
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  const savedExitCode = process.exitCode;
  const saved = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  let output = '';
  const capture = (...args: unknown[]): void => {
    output += `${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg) ?? String(arg))).join(' ')}\n`;
  };
  let failure: string | undefined;
  let tests: string[] = [];
  try {
    Object.assign(process.env, EXAMPLE_ENV(sim.url));
    process.exitCode = undefined;
    for (const method of CONSOLE_METHODS) console[method] = capture;
    process.chdir(scratch);
    setRunContext(context);
    const deadline = Date.now() + limitMs;
    try {
      tests = await within(
        (async () => {
          await import(pathToFileURL(unit.path).href);
          return runCollectedTests();
        })(),
        deadline,
        limitMs,
      );
      if (unit.prints !== undefined && !(await waitForOutput(() => output, unit.prints, deadline))) {
        failure = `did not print ${JSON.stringify(unit.prints)} within ${limitMs / 1000} s`;
      }
      if (failure === undefined && process.exitCode !== undefined && process.exitCode !== 0) failure = `set process.exitCode to ${process.exitCode}`;
    } catch (error) {
      failure = error instanceof RunTimeout ? error.message : `threw ${locate(unit, error)}`;
    }
  } finally {
    discardCollectedTests();
    setRunContext(undefined);
    process.chdir(savedCwd);
    for (const [method, original] of saved) console[method] = original;
    process.exitCode = savedExitCode;
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    for (const cleanup of context.cleanups) await cleanup();
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const left = await serversLeft(serversBefore);
  if (failure === undefined && left > 0) failure = `left ${left} server(s) listening: close what the example starts (await sim.close())`;
  if (failure !== undefined) {
    const printed = output === '' ? '' : `\n--- it printed:\n${output.trimEnd()}`;
    throw new Error(`${unit.name}: the example ${failure}${printed}`);
  }
  return { output, tests };
}
