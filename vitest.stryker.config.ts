import { configDefaults, defineConfig } from 'vitest/config';

// The tests a mutation run (npm run mutate, stryker.config.mjs) runs against each mutant: the `sdk`
// project of vitest.config.ts, plus the one file of the `redis` project that needs no Redis
// (test/redis/in-process.test.ts: token stores, pauses and budgets within one process), without
// the tests that cannot see a mutant. Those load the built package (dist/, never mutated; they
// also fail without a build), spawn child processes of it, or need a real redis-server (the rest
// of the `redis` project). Stryker's runner runs them in one thread per worker.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    restoreMocks: true,
    setupFiles: ['test/setup.ts'],
    include: ['test/**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      'test/redis/coordination.test.ts',
      'test/redis/package.test.ts',
      'test/redis/token-store.test.ts',
      'test/redis/workers.test.ts',
      'test/package/**',
      'test/proxy/**',
      'test/docs/**',
      'test/observability/debug.test.ts',
      // The slowest whole-system checks (seconds each, and they cover nearly every mutant, so
      // every mutant would pay for them) whose kills the unit and e2e tests already make: the
      // random-response fuzz (its own `npm run fuzz` measures it at scale), the soak run and the
      // 40-page list walk. Leaving them out can only lower a score, never raise it.
      'test/property/fuzz.property.test.ts',
      'test/e2e/soak.e2e.test.ts',
      'test/e2e/list-walk.e2e.test.ts',
      // The differential test of the XML reader is left out of the runs of the other folders
      // (MUTATE_FOLDER, set by scripts/mutate.mjs): there it costs four seconds a mutant and
      // checks the reader against fast-xml-parser, not the SDK.
      ...(process.env.MUTATE_FOLDER && process.env.MUTATE_FOLDER !== 'xml' ? ['test/property/xml-differential.test.ts'] : []),
    ],
  },
});
