// Entry point of `npm run bench`: bundles the TypeScript bench (and the SDK straight from src/,
// so no build step is needed) into .tmp/bench with esbuild, then runs the orchestrator in a
// fresh process. Flags are passed through; see bench/README.md.
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, '.tmp', 'bench');
const entries = ['main', 'server', 'latency', 'codec', 'bulk'];
const args = process.argv.slice(2);

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: entries.map((name) => join(root, 'bench', `${name}.ts`)),
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const command =
  process.env.npm_lifecycle_event === 'bench'
    ? ['npm run bench', ...(args.length > 0 ? ['--', ...args] : [])].join(' ')
    : ['node', relative(process.cwd(), fileURLToPath(import.meta.url)) || 'bench/run.mjs', ...args].join(' ');
const child = spawn(process.execPath, [join(outdir, 'main.mjs'), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, BENCH_COMMAND: command },
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
