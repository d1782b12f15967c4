import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    restoreMocks: true,
    setupFiles: ['test/setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'sdk', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/redis/**'] },
      },
      {
        // Against a real redis-server, with worker processes that run in real time (issue "Many
        // workers, one Concur"): after the rest, one file at a time, so their timings do not
        // compete with the other tests for the CPU.
        extends: true,
        test: { name: 'redis', include: ['test/redis/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 }, testTimeout: 60_000 },
      },
    ],
  },
});
