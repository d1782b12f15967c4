// Entry point of `npm run fuzz`: bundles the TypeScript fuzz harness (and the SDK straight from
// src/, so no build step is needed) into .tmp/fuzz with esbuild, as bench/run.mjs does, then runs
// it in a fresh process. Flags are passed through; see scripts/fuzz/README.md.
//
// It also guards the run: the harness beats every second and writes the cases in flight to a
// file as each starts; if the beats stop for STALL_MS (a call, or the generation of an answer,
// blocking the event loop, which no in-process watchdog can see), the run is stopped and those
// cases are printed with the command that replays them.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const outdir = join(root, '.tmp', 'fuzz');
const args = process.argv.slice(2);
const STALL_MS = Number(process.env.FUZZ_STALL_MS ?? 60_000);
const inFlightFile = join(outdir, 'in-flight.json');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(root, 'scripts', 'fuzz', 'main.ts')],
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const command = ['npm run fuzz', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');
const child = spawn(process.execPath, [join(outdir, 'main.mjs'), ...args], {
  cwd: root,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, FUZZ_COMMAND: command, FUZZ_IN_FLIGHT: inFlightFile },
});

let lastBeat = Date.now();
let stalled = false;
child.on('message', () => {
  lastBeat = Date.now();
});
const guard = setInterval(() => {
  if (Date.now() - lastBeat < STALL_MS) return;
  stalled = true;
  clearInterval(guard);
  let seed = '?';
  let inFlight = [];
  try {
    ({ seed, inFlight } = JSON.parse(readFileSync(inFlightFile, 'utf8')));
  } catch {
    // Blocked before the first case started.
  }
  process.stderr.write(`fuzz: no sign of life for ${STALL_MS / 1000} s: a call, or the generation of its answer, blocks the event loop. Cases in flight: ${inFlight.join(', ') || 'unknown'}.\n`);
  for (const index of inFlight) process.stderr.write(`  replay: npm run fuzz -- --seed ${seed} --case ${index} --concurrency 1\n`);
  child.kill('SIGKILL');
}, 1000);
child.on('exit', (code, signal) => {
  clearInterval(guard);
  process.exitCode = stalled ? 1 : (code ?? (signal === null ? 1 : 128));
});
