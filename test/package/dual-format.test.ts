import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const consumers = fileURLToPath(new URL('./consumers/', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

async function consume(file: string): Promise<Record<string, unknown>> {
  // The consumers resolve `concur-sdk` by name from inside the package: Node's self-reference
  // goes through the exports map, as an installed copy would.
  const { stdout } = await run(process.execPath, [consumers + file], { cwd: root });
  return JSON.parse(stdout) as Record<string, unknown>;
}

// concur-sdk/redis loads, checks its options, and with its Redis away works from in-process state.
const REDIS_ENTRY = { exports: ['redisCoordination', 'redisTokenStore'], refused: true, pausedUntil: 0, budget: 0, stored: null, locked: true };

describe('the built package', () => {
  it('has been built (npm test builds before running the tests)', () => {
    expect(existsSync(`${root}dist/index.js`) && existsSync(`${root}dist/index.cjs`)).toBe(true);
  });

  it('runs the concur-sim executable', async () => {
    const { stdout } = await run(process.execPath, [`${root}dist/simulator-cli.js`, '--help']);
    expect(stdout).toContain('Usage: concur-sim');
  });

  it('runs a retry when loaded with require(), types a refused refresh, and the ota, simulator and redis entries load too (OTA from concur-sdk/ota only)', async () => {
    const result = await consume('consumer.cjs');
    expect(result).toEqual({
      format: 'cjs',
      attempts: 2,
      data: { lists: { list: { name: 'Cities' } } },
      delays: [300_000, 300_000],
      failure: { name: 'ServiceUnavailableError', instance: true, guard: true, attempts: 2 },
      auth: { name: 'ConcurAuthError', oauthCode: 108, credential: 'refreshToken', authInstanceof: true, statusInstanceof: true, forbidden: false },
      simulatorLists: ['Cities'],
      ota: { instance: true, code: '322' },
      rootHasOta: false,
      redis: REDIS_ENTRY,
    });
  });

  it('runs a retry when loaded with import, and its errors (a refused refresh included) match classes of the other build; the ota, simulator and redis entries load too (OTA from concur-sdk/ota only)', async () => {
    const result = await consume('consumer.mjs');
    expect(result).toEqual({
      format: 'esm',
      attempts: 2,
      data: { lists: { list: { name: 'Cities' } } },
      delays: [300_000],
      crossCopy: { sameClass: false, esmInstanceof: true, esmBaseInstanceof: true, esmGuard: true, cjsInstanceof: true },
      auth: {
        name: 'ConcurAuthError',
        oauthCode: 64,
        credential: 'clientSecret',
        esmAuthInstanceof: true,
        esmStatusInstanceof: true,
        esmGuard: true,
        cjsAuthInstanceof: true,
        cjsStatusInstanceof: true,
      },
      simulatorLists: ['Cities'],
      ota: { instance: true, code: '322' },
      rootHasOta: false,
      redis: REDIS_ENTRY,
    });
  });
});
