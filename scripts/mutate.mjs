// Mutation testing of the core folders (issue "Test strength: mutation testing of the core"): runs
// StrykerJS (stryker.config.mjs) once per folder, each with its own incremental file, then prints
// the score of each folder. test/MUTATION.md records the latest scores.
//
//   npm run mutate                        every folder: retry errors batch core xml auth
//   npm run mutate -- retry auth          only these folders
//   npm run mutate -- core --force        a full run of one folder, ignoring its incremental file
//   npm run mutate -- errors --ignoreStatic
//                                         a quick run without the static mutants (module-level
//                                         code, which every test must run against); its files
//                                         are named "errors.dynamic" and its score is partial
//   npm run mutate -- --mutate 'src/core/path.ts' --testFiles 'test/unit/path.test.ts'
//                                         one Stryker run with your own selection (its files are
//                                         named "custom"; the folders' files are left alone)
//
// Any argument that is not a folder name goes to `stryker run` as it is. The exit code is 1 when a
// folder scores under 85 % (Stryker's `thresholds.break`) or a run fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FOLDERS } from '../stryker.config.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
// The package's bin (its `exports` map does not list it).
const stryker = `${root}node_modules/@stryker-mutator/core/bin/stryker.js`;

const args = process.argv.slice(2);
const folders = args.filter((arg) => FOLDERS.includes(arg));
const passed = args.filter((arg) => !FOLDERS.includes(arg));
const custom = passed.some((arg) => arg === '--mutate' || arg === '-m' || arg.startsWith('--mutate='));
if (custom && folders.length > 0) {
  console.error('Give either folder names or --mutate, not both.');
  process.exit(2);
}

// A run that leaves the static mutants out keeps its own files, so it never stands in for a full run.
const suffix = passed.includes('--ignoreStatic') ? '.dynamic' : '';
const runs = custom
  ? [{ name: `custom${suffix}`, env: { MUTATE_NAME: `custom${suffix}` } }]
  : (folders.length > 0 ? folders : FOLDERS).map((folder) => ({ name: `${folder}${suffix}`, env: { MUTATE_FOLDER: folder, MUTATE_NAME: `${folder}${suffix}` } }));

/** Stryker's mutation score: detected (killed or timed out) over detected and undetected (survived, no coverage). */
function tally(report) {
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status in count) count[mutant.status] += 1;
      else count.other += 1;
    }
  }
  const detected = count.Killed + count.Timeout;
  const valid = detected + count.Survived + count.NoCoverage;
  return { ...count, score: valid === 0 ? 100 : (100 * detected) / valid };
}

let failed = false;
const rows = [];
for (const run of runs) {
  console.log(`\n== mutation testing: ${run.name}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...passed], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...run.env },
  });
  if (result.status !== 0) failed = true;
  const reportFile = `${root}.tmp/mutation/${run.name}.json`;
  if (!existsSync(reportFile)) {
    rows.push(`${run.name.padEnd(8)} no report (exit code ${result.status})`);
    continue;
  }
  const t = tally(JSON.parse(readFileSync(reportFile, 'utf8')));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  rows.push(
    `${run.name.padEnd(8)} ${t.score.toFixed(2).padStart(6)} %  killed ${t.Killed}, timed out ${t.Timeout}, survived ${t.Survived}, no coverage ${t.NoCoverage}, excluded ${t.Ignored}  (${minutes} min)`,
  );
}

console.log('\n== mutation scores (reports in .tmp/mutation/NAME.html)');
for (const row of rows) console.log(row);
process.exit(failed ? 1 : 0);
