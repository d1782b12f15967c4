import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Issue "Observability", debug logging: NODE_DEBUG=concur-sdk prints one line per attempt. Node
// reads NODE_DEBUG when it starts, so the client runs in a child process (the built package).

const run = promisify(execFile);
const script = fileURLToPath(new URL('./debug-run.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

async function child(debug: string | undefined): Promise<{ stderr: string; token: string; correlationIds: string[] }> {
  const env = { ...process.env };
  delete env.NODE_DEBUG;
  const { stdout, stderr } = await run(process.execPath, [script], { cwd: root, env: { ...env, ...(debug === undefined ? {} : { NODE_DEBUG: debug }) } });
  return { stderr, ...(JSON.parse(stdout) as { token: string; correlationIds: string[] }) };
}

describe('NODE_DEBUG=concur-sdk', () => {
  it('prints one line per attempt: method, path, attempt, status or error class, duration, correlation id; never the token', async () => {
    const { stderr, token, correlationIds } = await child('concur-sdk');
    const lines = stderr.split('\n').filter((line) => line.startsWith('CONCUR-SDK'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^CONCUR-SDK \\d+: GET /api/expense/list/v1\\.0/ attempt 1: HTTP 503 in \\d+ ms correlation-id ${correlationIds[0]} \\(request [0-9a-f-]{36}\\)$`));
    expect(lines[1]).toMatch(/GET \/api\/expense\/list\/v1\.0\/ attempt 2: HTTP 200 in \d+ ms correlation-id \S+/);
    expect(lines[2]).toMatch(/GET \/api\/user\/v1\.0\/User\/ attempt 1: ConcurNetworkError in \d+ ms \(request /);
    // A read reset on a reused keep-alive connection is sent again at once: a second attempt.
    expect(lines[3]).toMatch(/GET \/api\/user\/v1\.0\/User\/ attempt 2: HTTP 200 in \d+ ms correlation-id \S+/);
    expect(stderr).not.toContain(token);
  });

  it('prints nothing without it, or for another module', async () => {
    expect((await child(undefined)).stderr).not.toContain('CONCUR-SDK');
    expect((await child('http')).stderr).not.toContain('CONCUR-SDK');
  });
});
