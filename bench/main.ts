import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ALL_CLIENTS, type ClientName } from './lib/client-names.js';
import { describeMachine, loadAverage } from './lib/machine.js';
import { PROFILE_DIR } from './lib/procs.js';
import { summariseProfiles } from './lib/profile.js';
import { fmt, markdownTable } from './lib/stats.js';
import { bulkSection } from './sections/bulk.js';
import { codecSection } from './sections/codec.js';
import type { BenchConfig, Section, SectionContext, Target } from './sections/context.js';
import { downloadSection } from './sections/download.js';
import { faultsSection } from './sections/faults.js';
import { latencySection } from './sections/latency.js';

/**
 * The bench orchestrator (`npm run bench`): runs each section in its own processes, prints the
 * tables and writes them, with the machine's description, to bench/results.md. A "## Profiling"
 * section already in the output file is kept as it is, so notes written there survive a re-run.
 * Each section's reporting function is in bench/sections/.
 */

const SECTIONS: readonly Section[] = ['latency', 'codec', 'bulk', 'faults', 'download'];

const argv = process.argv.slice(2);
function option(name: string): string | undefined {
  const found = argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (found === undefined) return undefined;
  return found.includes('=') ? found.slice(found.indexOf('=') + 1) : 'true';
}

const quick = option('quick') !== undefined || (process.env.BENCH_QUICK ?? '') !== '' && process.env.BENCH_QUICK !== '0';
const only = (option('only')?.split(',') ?? SECTIONS).filter((name): name is Section => SECTIONS.includes(name as Section));
const profiled = option('profile')?.split(',').filter((name): name is Section => SECTIONS.includes(name as Section)) ?? [];
const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const resized = ['clients', 'bulk-sizes', 'bulk-reps', 'download-mb', 'download-reps', 'trace-gc'].some((name) => option(name) !== undefined);
const fullRun = !quick && only.length === SECTIONS.length && profiled.length === 0 && !resized;
// A smoke, partial or profiled run must not overwrite the committed figures.
const outFile = resolve(root, option('out') ?? (fullRun ? 'bench/results.md' : '.tmp/bench-results.md'));

const config: BenchConfig = {
  latency: {
    itemsPerResponse: 10,
    clients: (option('clients')?.split(',') ?? ALL_CLIENTS).filter((name): name is ClientName => ALL_CLIENTS.includes(name as ClientName)),
    warmup: quick ? 200 : 1_000,
    rounds: quick ? 3 : 10,
    sequentialPerRound: quick ? 100 : 500,
    concurrentPerRound: quick ? 400 : 2_000,
    concurrency: 16,
  },
  codec: { batchSize: 1_000, listedErrors: 10, warmup: quick ? 10 : 50, rounds: quick ? 3 : 10, perRound: quick ? 10 : 40 },
  bulk: {
    sizes: option('bulk-sizes')?.split(',').map(Number) ?? (quick ? [10_000, 100_000] : [1_000_000, 4_000_000]),
    chunkSize: 1_000,
    reps: Number(option('bulk-reps') ?? (quick ? 1 : 3)),
    baselineReps: 1,
  },
  faults: { items: quick ? 50_000 : 200_000, faultRate: 0.05, seed: 42, retryDelayMs: 20, reps: quick ? 1 : 5 },
  download: { bytes: Number(option('download-mb') ?? (quick ? 64 : 1_024)) * 1024 * 1024, reps: Number(option('download-reps') ?? (quick ? 1 : 3)) },
};

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const targets: Target[] = [];
const sections: string[] = [];
const gcTraced = option('trace-gc')?.split(',').filter((name): name is Section => SECTIONS.includes(name as Section)) ?? [];
const context: SectionContext = { config, profiled, gcTraced, log, targets, sections };

// --- report ---

function keptProfiling(): string {
  if (!existsSync(outFile)) return '';
  const previous = readFileSync(outFile, 'utf8');
  const at = previous.search(/^## Profiling\b/m);
  return at === -1 ? '' : previous.slice(at).trimEnd();
}

function printProfiles(): void {
  if (profiled.length === 0 || !existsSync(PROFILE_DIR)) return;
  const { files, totalMs, hot } = summariseProfiles(PROFILE_DIR);
  log(`\n== CPU profile: ${files.length} file(s) in ${relative(root, PROFILE_DIR)}, ${fmt(totalMs)} ms sampled; top functions by self time`);
  log(
    markdownTable([
      ['self ms', 'share', 'function', 'module'],
      ...hot.slice(0, 30).map((entry) => [fmt(entry.selfMs, 1), `${fmt(entry.share * 100, 1)} %`, entry.name, entry.where]),
    ]),
  );
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const command = process.env.BENCH_COMMAND ?? 'node bench/run.mjs';
  const started = new Date();
  log(`concur-sdk bench: ${only.join(', ')}${quick ? ' (quick)' : ''}; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  if (profiled.length > 0) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const t0 = performance.now();
  const loadAtStart = loadAverage();
  if (only.includes('latency')) await latencySection(context);
  if (only.includes('codec')) await codecSection(context);
  if (only.includes('bulk')) await bulkSection(context);
  if (only.includes('faults')) await faultsSection(context);
  if (only.includes('download')) await downloadSection(context);
  const minutes = (performance.now() - t0) / 60_000;
  const loadAtEnd = loadAverage();

  const targetTable = markdownTable([
    ['Target', 'Measured', 'Met'],
    ...targets.map((target) => [target.what, target.measured, target.met === undefined ? 'no target' : target.met ? 'yes' : '**no**']),
  ]);
  log(`\n== Targets\n${targetTable}`);
  printProfiles();

  const report = [
    '# concur-sdk benchmark results',
    '',
    `Written by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (quick sizes: a smoke run, not the reference figures)' : ''}` +
      '; ' +
      `the run took ${fmt(minutes, 1)} min. Every figure is measured in the same run as its baseline. ` +
      'The file is rewritten by each run; only the "Profiling" section at the end is kept. How to read it: bench/README.md.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}`,
    `- Cores: ${machine.cores}`,
    `- Memory: ${machine.memory}`,
    `- Node: ${machine.node}`,
    `- OS: ${machine.os}`,
    `- Load average (1, 5, 15 min), from other work on the shared machine: ${loadAtStart} when the run started, ${loadAtEnd} when it ended`,
    '',
    '## Targets',
    '',
    targetTable,
    '',
    ...sections.flatMap((section) => [section, '']),
    keptProfiling(),
  ]
    .join('\n')
    .trimEnd();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${report}\n`);
  log(`\nWrote ${relative(process.cwd(), outFile) || outFile}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
