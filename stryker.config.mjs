// Mutation testing of the core (issue "Test strength: mutation testing of the core"): StrykerJS
// 9.x with its vitest runner. `npm run mutate` (scripts/mutate.mjs) runs it one folder at a time,
// naming the folder in MUTATE_FOLDER;
// test/MUTATION.md records the scores and how to run it.

/** The folders whose score test/MUTATION.md records. */
export const FOLDERS = ['retry', 'errors', 'batch', 'core', 'xml', 'auth'];

const folder = process.env.MUTATE_FOLDER || undefined;
if (folder !== undefined && !FOLDERS.includes(folder)) {
  throw new Error(`MUTATE_FOLDER must be one of ${FOLDERS.join(', ')} (got "${folder}").`);
}
// Each folder keeps its own incremental file and reports: a Stryker run writes only the mutants it
// ran, so one shared file would forget the other folders' results. A run with its own `--mutate`
// (MUTATE_NAME=custom, set by scripts/mutate.mjs) keeps its files apart from the folders' too.
const name = process.env.MUTATE_NAME || folder || 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: (folder === undefined ? FOLDERS : [folder]).map((f) => `src/${f}/**/*.ts`),
  // Reruns test only the mutants whose code or covering tests changed. The files live under .tmp/
  // (git-ignored): see test/MUTATION.md for why they are not committed.
  incremental: true,
  incrementalFile: `.tmp/mutation/${name}.incremental.json`,
  tempDirName: '.tmp/stryker-sandbox',
  ignorePatterns: ['dist', 'docs/api', 'coverage', 'bench', '.tmp', '*.tgz'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `.tmp/mutation/${name}.html` },
  jsonReporter: { fileName: `.tmp/mutation/${name}.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true, reportMutants: true },
  // The bar: a folder under 85 % fails the run (exit code 1).
  thresholds: { high: 90, low: 85, break: 85 },
  // Two workers for the two cores, and a generous absolute margin: on a shared, loaded machine a
  // tighter one turns slow survivors into false time-outs.
  concurrency: 2,
  timeoutMS: 15_000,
  dryRunTimeoutMinutes: 20,
};
