import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_MISSING, RedisServer } from './support/redis-server.js';

// The built package's CommonJS concur-sdk/redis against a real Redis (the ESM build runs in the
// worker processes of workers.test.ts). npm test builds before vitest.

const run = promisify(execFile);
const script = fileURLToPath(new URL('./consumer.cjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

describe.skipIf(REDIS_MISSING !== undefined)(`concur-sdk/redis loaded with require()${REDIS_MISSING === undefined ? '' : ` (not run: ${REDIS_MISSING})`}`, () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('shares tokens, a pause and a budget through Redis', async () => {
    const { stdout } = await run(process.execPath, [script, String(server.port)], { cwd: root });
    const result = JSON.parse(stdout) as { lists: string[]; delays: number[]; pauseLeftMs: number; budgetUsed: number; storedRefreshTokenIsCurrent: boolean };
    expect(result.lists).toEqual(['Cities']);
    // The retry's own wait, then (the sleep returning at once) what was left of the pause, once.
    expect(result.delays).toHaveLength(2);
    expect(result.delays[0]).toBe(30_000);
    expect(result.pauseLeftMs).toBeGreaterThan(25_000);
    expect(result.budgetUsed).toBe(2);
    expect(result.storedRefreshTokenIsCurrent).toBe(true);
  });
});
