// Proves the package installs and works as a user gets it. From a clean copy of the working tree
// (no dist/, so `prepack` has to build it) it packs the package, installs the tarball in a scratch
// project with the TypeScript and @types/node versions this repository uses, type-checks the
// README quick start as an ES module and as CommonJS under strict settings, and runs both builds
// of it against the bundled simulator. Exits non-zero with a message naming the failed step.
//
//   npm run check:consumer             # scratch directory under the OS temp dir, removed at the end
//   npm run check:consumer -- --keep   # keep it, to look inside
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quickStartFromReadme } from './readme-quick-start.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const keep = process.argv.includes('--keep');
const RUN_TIMEOUT_MS = 30_000;
const INSTALL_TIMEOUT_MS = 300_000;

class CheckFailed extends Error {}

/** Runs a command without blocking the event loop (the simulator answers from this process). */
function run(command, args, { cwd, env = process.env, timeoutMs = RUN_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CheckFailed(`could not start ${command}: ${error.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut: signal === 'SIGKILL' });
    });
  });
}

function describe(result) {
  const how = result.timedOut ? `did not finish within ${RUN_TIMEOUT_MS / 1000} s` : `exited with ${result.status ?? result.signal}`;
  return `${how}\n--- stdout\n${result.stdout.trimEnd()}\n--- stderr\n${result.stderr.trimEnd()}`;
}

async function mustRun(what, command, args, options) {
  const result = await run(command, args, options);
  if (result.status !== 0) throw new CheckFailed(`${what} failed: ${describe(result)}`);
  return result;
}

// npm sets npm_execpath for the scripts it runs; calling its CLI through node avoids npm.cmd shims.
const npm = (args, options) =>
  process.env.npm_execpath?.endsWith('.js')
    ? mustRun(`npm ${args[0]}`, process.execPath, [process.env.npm_execpath, ...args], options)
    : mustRun(`npm ${args[0]}`, 'npm', args, options);

async function step(name, action) {
  const started = performance.now();
  const value = await action();
  console.log(`ok ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}

/** The files a clean clone of the working tree would have (tracked or not ignored), copied. */
async function copyWorkingTree(target) {
  const listed = await mustRun('git ls-files', 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
  for (const path of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = join(root, path);
    if (!existsSync(from) || !lstatSync(from).isFile()) continue; // deleted, or a submodule
    mkdirSync(dirname(join(target, path)), { recursive: true });
    copyFileSync(from, join(target, path));
  }
  if (existsSync(join(target, 'dist'))) throw new CheckFailed('dist/ is not ignored by git: the check cannot start from a clean checkout.');
  if (!existsSync(join(root, 'node_modules'))) throw new CheckFailed('node_modules/ is missing: run `npm ci` first (prepack builds with its tsup).');
  symlinkSync(join(root, 'node_modules'), join(target, 'node_modules'), 'junction');
}

/** Every ./dist path package.json points at (main, module, types, bin, exports). */
function distPaths(manifest) {
  const found = new Set();
  const walk = (value) => {
    if (typeof value === 'string' && value.startsWith('./dist/')) found.add(value.slice(2));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports]);
  return [...found].sort();
}

async function pack(source, destination) {
  mkdirSync(destination);
  const { stdout } = await npm(['pack', '--json', '--pack-destination', destination], { cwd: source, timeoutMs: INSTALL_TIMEOUT_MS });
  let packed;
  try {
    [packed] = JSON.parse(stdout);
  } catch {
    throw new CheckFailed(`npm pack --json printed something else than JSON (a noisy prepack script?):\n${stdout}`);
  }
  const files = new Set(packed.files.map((file) => file.path));
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const missing = distPaths(manifest).filter((path) => !files.has(path));
  if (missing.length > 0) {
    throw new CheckFailed(
      `the tarball lacks ${missing.join(', ')}, which package.json points at (it has ${packed.entryCount} files): ` +
        'npm pack from a clean checkout must build them. Check the prepack script in package.json and the tsup config.',
    );
  }
  return { tarball: join(destination, packed.filename), entryCount: packed.entryCount, size: packed.size };
}

function lockedVersion(name) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const version = lock.packages?.[`node_modules/${name}`]?.version;
  if (!version) throw new CheckFailed(`package-lock.json has no ${name}: the check installs the version this repository uses.`);
  return version;
}

// The settings a careful consumer uses; each format gets its own project ("type" decides it).
const compilerOptions = {
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'nodenext',
  moduleResolution: 'nodenext',
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: false,
  rootDir: '.',
  outDir: 'out',
};
const FORMATS = [
  { name: 'esm', type: 'module', types: 'dist/index.d.ts', loads: /from ['"]concur-sdk['"]/ },
  { name: 'cjs', type: 'commonjs', types: 'dist/index.d.cts', loads: /require\(["']concur-sdk["']\)/ },
];

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function compile(consumer, format, program) {
  const dir = join(consumer, format.name);
  mkdirSync(dir);
  writeJson(join(dir, 'package.json'), { private: true, type: format.type });
  writeJson(join(dir, 'tsconfig.json'), { compilerOptions, files: ['quick-start.ts'] });
  writeFileSync(join(dir, 'quick-start.ts'), program);
  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '-p', dir, '--listFiles'], { cwd: consumer });
  if (result.status !== 0) {
    const errors = result.stdout.split('\n').filter((line) => !(isAbsolute(line.trim()) && existsSync(line.trim()))); // drop --listFiles lines
    throw new CheckFailed(`the README quick start does not type-check as ${format.name}: ${describe({ ...result, stdout: errors.join('\n') })}`);
  }
  const declarations = `node_modules/concur-sdk/${format.types}`;
  if (!result.stdout.split('\n').some((line) => line.trim().replaceAll('\\', '/').endsWith(declarations))) {
    throw new CheckFailed(`the ${format.name} consumer did not take its types from ${declarations}; tsc read:\n${result.stdout}`);
  }
  const output = join(dir, 'out', 'quick-start.js');
  if (!format.loads.test(readFileSync(output, 'utf8'))) throw new CheckFailed(`${output} does not load concur-sdk as ${format.name}.`);
  return output;
}

/** Runs a compiled quick start against a fresh simulator; returns the result and the Cities list growth. */
async function runAgainstSimulator(simulator, program, { seed, env = {} } = {}) {
  const sim = await simulator.startSimulator(seed ? { seed } : {});
  try {
    const before = sim.state.lists.byName('Cities')?.size ?? 0;
    const childEnv = { ...process.env, CONCUR_BASE_URL: sim.url, CONCUR_TOKEN: simulator.SIMULATOR_TOKEN, ...env };
    for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
    const result = await run(process.execPath, [program], { cwd: dirname(program), env: childEnv });
    return { result, added: (sim.state.lists.byName('Cities')?.size ?? 0) - before };
  } finally {
    await sim.close();
  }
}

async function checkRuns(simulator, format, program) {
  const { result, added } = await runAgainstSimulator(simulator, program);
  const printed = /^(\d+) created, 0 failed, 0 unknown$/.exec(result.stdout.trim());
  if (result.status !== 0 || !printed || Number(printed[1]) !== added || added === 0) {
    throw new CheckFailed(
      `the ${format.name} quick start should print "N created, 0 failed, 0 unknown" with N > 0 items added to the simulator's Cities list; ` +
        `${added} were added and it ${describe(result)}`,
    );
  }
}

async function checkFailsClearly(simulator, program) {
  const noList = await runAgainstSimulator(simulator, program, { seed: { ...simulator.DEFAULT_SEED, lists: [] } });
  if (noList.result.status === 0 || !noList.result.stderr.includes('No list named Cities')) {
    throw new CheckFailed(`without a Cities list the quick start should fail saying so; it ${describe(noList.result)}`);
  }
  const noToken = await runAgainstSimulator(simulator, program, { env: { CONCUR_TOKEN: undefined } });
  if (noToken.result.status === 0 || !noToken.result.stderr.includes('CONCUR_TOKEN')) {
    throw new CheckFailed(`without CONCUR_TOKEN the quick start should fail naming it; it ${describe(noToken.result)}`);
  }
}

async function main() {
  const started = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'concur-sdk-consumer-'));
  try {
    const source = join(scratch, 'source');
    const consumer = join(scratch, 'consumer');
    const program = quickStartFromReadme(readFileSync(join(root, 'README.md'), 'utf8'));
    await step('copied the working tree without dist/', () => copyWorkingTree(source));
    const packed = await step('npm pack (prepack builds dist/)', () => pack(source, join(scratch, 'pack')));
    console.log(`   ${packed.tarball}: ${packed.entryCount} files, ${packed.size} bytes`);
    mkdirSync(consumer);
    writeJson(join(consumer, 'package.json'), { name: 'concur-sdk-consumer-check', version: '0.0.0', private: true });
    const tools = [`typescript@${lockedVersion('typescript')}`, `@types/node@${lockedVersion('@types/node')}`];
    await step(`installed the tarball with ${tools.join(' ')}`, () =>
      npm(['install', '--no-audit', '--no-fund', '--prefer-offline', packed.tarball, ...tools], { cwd: consumer, timeoutMs: INSTALL_TIMEOUT_MS }),
    );
    const simulator = createRequire(join(consumer, 'package.json'))('concur-sdk/simulator');
    for (const format of FORMATS) {
      const compiled = await step(`type-checked the README quick start as ${format.name} (types from ${format.types})`, () =>
        compile(consumer, format, program),
      );
      await step(`ran the ${format.name} quick start against the simulator`, () => checkRuns(simulator, format, compiled));
      if (format.name === 'esm') {
        await step('the quick start fails clearly without a Cities list or a token', () => checkFailsClearly(simulator, compiled));
      }
    }
    console.log(`check:consumer passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    if (keep) console.log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof CheckFailed ? `check:consumer FAILED: ${error.message}` : error);
  process.exitCode = 1;
});
