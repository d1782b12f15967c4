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
    ],
  },
});
