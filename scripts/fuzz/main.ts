import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeMachine } from '../../bench/lib/machine.js';
import { formatReport, mustBeZero, passed } from './report.js';
import { runFuzz, type RunOptions } from './run.js';

// `npm run fuzz [-- flags]`, started by run.mjs once bundled. Flags: see scripts/fuzz/README.md.

const DEFAULTS: RunOptions = {
  seed: 20_261_130,
  count: 100_000,
  first: 0,
  concurrency: 8,
  timeoutMs: 1000,
  maxResponseBytes: 8 * 1024 * 1024,
  marginMs: 10_000,
};

/** Where the cases in flight are written for run.mjs (its FUZZ_IN_FLIGHT). */
const IN_FLIGHT_FILE = process.env['FUZZ_IN_FLIGHT'] ?? join('.tmp', 'fuzz-in-flight.json');

const FLAGS: Readonly<Record<string, keyof RunOptions>> = {
  '--seed': 'seed',
  '--count': 'count',
  '--first': 'first',
  '--concurrency': 'concurrency',
  '--timeout-ms': 'timeoutMs',
  '--max-response-bytes': 'maxResponseBytes',
  '--margin-ms': 'marginMs',
};

function parseArgs(argv: readonly string[]): { options: RunOptions; out: string | undefined; reference: boolean } {
  const options = { ...DEFAULTS };
  let out: string | undefined;
  let reference = true;
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[(i += 1)];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--out') {
      out = value;
      continue;
    }
    if (flag === '--case') {
      options.first = Number(value);
      options.count = 1;
      reference = false;
      continue;
    }
    const key = FLAGS[flag];
    if (key === undefined) throw new Error(`Unknown flag ${flag}; the flags are ${[...Object.keys(FLAGS), '--case', '--out'].join(', ')}.`);
    const number = flag === '--seed' && value === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(value);
    if (!Number.isSafeInteger(number) || number < 0) throw new Error(`${flag} must be a whole number (got ${value})`);
    options[key] = number;
    if (key === 'seed' || key === 'count' || key === 'first') reference = false;
  }
  return { options, out, reference };
}

async function main(): Promise<void> {
  const { options, out, reference } = parseArgs(process.argv.slice(2));
  mkdirSync(dirname(IN_FLIGHT_FILE), { recursive: true });
  const command = process.env['FUZZ_COMMAND'] ?? 'npm run fuzz';
  process.stderr.write(`fuzz: seed ${options.seed}, ${options.count} cases from ${options.first}, ${options.concurrency} in flight\n`);
  let lastPercent = -1;
  const report = await runFuzz(options, {
    // Written synchronously, so run.mjs can name the cases even when a call blocks the event loop.
    onStart: (inFlight) => writeFileSync(IN_FLIGHT_FILE, JSON.stringify({ seed: options.seed, inFlight: [...inFlight] })),
    onProgress: (done, current) => {
      const percent = Math.floor((100 * done) / options.count);
      if (percent !== lastPercent && percent % 5 === 0) {
        lastPercent = percent;
        const failing = mustBeZero(current).reduce((sum, [, list]) => sum + list.length, 0);
        process.stderr.write(`  ${percent}% (${done} bodies, ${failing} failing)\n`);
      }
    },
  });
  const body = formatReport(report);
  process.stdout.write(`\n${body}\n`);
  const machine = describeMachine();
  const file = out ?? (reference ? join('bench', 'fuzz-results.md') : join('.tmp', 'fuzz-results.md'));
  const document = [
    '# concur-sdk fuzz results',
    '',
    `Written by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. How the run works and how to replay a case: scripts/fuzz/README.md.`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}, ${machine.os}.`,
    '',
    body,
  ].join('\n');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${document.trimEnd()}\n`);
  process.stderr.write(`fuzz: report written to ${file}\n`);
  process.exitCode = passed(report) ? 0 : 1;
}

// Tells run.mjs the harness is alive; when the beats stop, it reads IN_FLIGHT_FILE.
const heartbeat = setInterval(() => process.send?.({ alive: true }), 1000);
heartbeat.unref();

main().catch((error: unknown) => {
  process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
