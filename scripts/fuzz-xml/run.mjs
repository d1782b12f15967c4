// Entry point of `npm run fuzz:xml`: bundles the differential test (and the SDK straight from
// src/, so no build step is needed) into .tmp/fuzz-xml with esbuild, as bench/run.mjs does, then
// runs it in a fresh process. Flags are passed through: --seed N --count M --start I --only parse|build.
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(dirname(here));
const outdir = join(root, '.tmp', 'fuzz-xml');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(here, 'main.ts')],
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const child = spawn(process.execPath, [join(outdir, 'main.mjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
