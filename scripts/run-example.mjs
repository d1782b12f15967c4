// Runs one of the TypeScript programs of examples/ as a user would run it against the built
// package: bundles examples/NAME.ts (with its examples/lib helpers; 'concur-sdk' and every other
// package stay imports, so they resolve to this package's dist/ and node_modules) into
// .tmp/examples/NAME.mjs, then runs it with node, passing the remaining arguments.
//
//   node scripts/run-example.mjs csv-list-import [ARGS…]    (npm run example:csv-list-import -- ARGS…)
//
// The package must be built first (the npm scripts run tsup before this).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const [name, ...args] = process.argv.slice(2);
if (name === undefined || !/^[\w-]+$/.test(name) || !existsSync(`${root}examples/${name}.ts`)) {
  console.error(`Usage: node scripts/run-example.mjs NAME [ARGS…], where examples/NAME.ts exists (got ${JSON.stringify(name)}).`);
  process.exit(2);
}
if (!existsSync(`${root}dist/index.js`)) {
  console.error('dist/ is missing: run `npm run build` first (the example imports the built package, as a user would).');
  process.exit(2);
}
const outfile = `${root}.tmp/examples/${name}.mjs`;
await build({
  entryPoints: [`${root}examples/${name}.ts`],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const child = spawn(process.execPath, [outfile, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
