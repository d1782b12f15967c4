// Entry point of `npm run bench`: bundles the TypeScript bench (and the SDK straight from src/,
// so no build step is needed) into .tmp/bench with esbuild, then runs the orchestrator in a
// fresh process. Flags are passed through; see bench/README.md.
//
// Two more copies of the SDK are bundled for the per-request section: `sdk-no-obs.mjs`, today's
// src/ with src/core/observe.ts swapped for bench/lib/observe-off.ts (an observer that never
// observes), and `sdk-before.mjs`, src/ as it was before observability, read from git with
// `git archive` (no worktree, nothing written to the repository). If git or that commit is not
// there, the section leaves `sdk-before` out and says why (bundles.json).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, '.tmp', 'bench');
const entries = ['main', 'server', 'latency', 'codec', 'bulk', 'download'];
const args = process.argv.slice(2);
// The parent of 8d69ff7 "Observability core: onRequest / onResponse hooks …": the SDK before it.
const BEFORE_OBSERVABILITY = '8d69ff7^';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' };

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({ ...common, entryPoints: entries.map((name) => join(root, 'bench', `${name}.ts`)), outdir, outExtension: { '.js': '.mjs' } });
// The SDK alone, for workers whose baseline must not load it (the download section).
await build({ ...common, entryPoints: [join(root, 'src', 'index.ts')], outfile: join(outdir, 'sdk.mjs') });

let swapped = 0;
const observeOff = {
  name: 'observe-off',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/observe\.js$/ }, (found) => {
      if (found.importer !== join(root, 'src', 'core', 'request.ts')) return undefined;
      swapped += 1;
      return { path: join(root, 'bench', 'lib', 'observe-off.ts') };
    });
  },
};
await build({ ...common, entryPoints: [join(root, 'src', 'index.ts')], outfile: join(outdir, 'sdk-no-obs.mjs'), plugins: [observeOff] });
if (swapped !== 1) throw new Error(`bench/run.mjs: src/core/request.ts no longer imports ./observe.js; update the observe-off swap (swapped ${swapped} import(s))`);

const git = (...gitArgs) => execFileSync('git', gitArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
let sdkBefore;
try {
  const commit = git('rev-parse', '--short', BEFORE_OBSERVABILITY);
  const subject = git('log', '-1', '--format=%s', commit);
  const tree = join(root, '.tmp', 'sdk-before', commit);
  if (!existsSync(join(tree, 'src', 'index.ts'))) {
    await rm(tree, { recursive: true, force: true });
    await mkdir(tree, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} src | tar -x -C "${tree}"`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  }
  await build({ ...common, entryPoints: [join(tree, 'src', 'index.ts')], outfile: join(outdir, 'sdk-before.mjs') });
  sdkBefore = { commit, subject };
} catch (error) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  sdkBefore = { error: `the SDK before observability (${BEFORE_OBSERVABILITY}) could not be bundled: ${reason}` };
}
writeFileSync(join(outdir, 'bundles.json'), `${JSON.stringify({ sdkBefore })}\n`);

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
