import type http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortableSleep } from '../../src/core/sleep.js';
import { ConcurClient, ConcurTimeoutError, ConcurValidationError, type ClientOptions } from '../../src/index.js';
import { startRawServer, type RawServer } from '../support/raw-server.js';

// Issue "Hardening", time limits: every attempt is bounded, also after the headers came, and a
// wait longer than one Node timer holds lasts its full length. Real local sockets throughout.

const TOKEN = 'time-limit-token-0001';
const servers: RawServer[] = [];
const timers: NodeJS.Timeout[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const timer of timers.splice(0)) clearInterval(timer);
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<RawServer> {
  const started = await startRawServer(handler);
  servers.push(started);
  return started;
}

/** Sends the headers at once, then one byte every `everyMs`, `count` times (forever if undefined), then ends. */
function trickle(everyMs: number, count?: number): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.write('a');
    let sent = 1;
    const timer = setInterval(() => {
      if (count !== undefined && sent >= count) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write('a');
      sent += 1;
    }, everyMs);
    timers.push(timer);
    res.on('close', () => clearInterval(timer));
  };
}

function client(url: string, options: Partial<ClientOptions> = {}): ConcurClient {
  return new ConcurClient({ baseUrl: url, accessToken: TOKEN, retry: false, ...options });
}

describe('the time limit covers the whole response', () => {
  // Regression: axios cleared its timer once the headers came, so this call never settled.
  it('a body trickled after the headers fails the attempt with ConcurTimeoutError once timeoutMs is spent', async () => {
    const local = await server(trickle(40));
    const started = performance.now();
    const error = await client(local.url, { timeoutMs: 250 })
      .request({ method: 'GET', path: '/api/slow', responseType: 'binary' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 250, retryable: true, mayHaveBeenProcessed: true, attempts: 1 });
    expect((error as Error).message).toContain('got no complete response within 250 ms');
    // Bounded by the limit, not by the (endless) body.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a chunked body that never ends is retried under the policy like any time-out', async () => {
    const local = await server(trickle(40));
    const waits: number[] = [];
    const concur = client(local.url, {
      timeoutMs: 200,
      retry: { retries: 1, delayMs: 7 },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const error = await concur.request({ method: 'GET', path: '/api/slow' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ attempts: 2 });
    expect(waits).toEqual([7]);
    expect(local.requests).toBe(2);
  });

  it('a download may take longer than timeoutMs while bytes keep coming, and fails after a silence of timeoutMs', async () => {
    const steady = await server(trickle(30, 12));
    const file = await client(steady.url, { timeoutMs: 200 }).request<Buffer>({ method: 'GET', path: '/file', responseType: 'binary', download: true });
    expect(file.data.toString()).toBe('a'.repeat(12));

    const silent = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write('abc');
    });
    const error = await client(silent.url, { timeoutMs: 150 })
      .request({ method: 'GET', path: '/file', responseType: 'binary', download: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect((error as Error).message).toContain('received no data for 150 ms');
  });
});

describe('time limits and waits a timer cannot hold', () => {
  it.each([0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '1000', null])('refuses timeoutMs %s with a clear ConcurValidationError', (timeoutMs) => {
    const build = (): ConcurClient => new ConcurClient({ baseUrl: 'https://concur.example.com', accessToken: TOKEN, timeoutMs: timeoutMs as number });
    expect(build).toThrow(ConcurValidationError);
    expect(build).toThrow(/timeoutMs must be a whole number from 1 to 2147483647 \(got /);
  });

  it('accepts the largest timer, 2^31 - 1 ms', () => {
    expect(() => new ConcurClient({ baseUrl: 'https://concur.example.com', accessToken: TOKEN, timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('the default sleep waits its full length beyond 2^31 ms instead of firing at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = false;
    const wait = abortableSleep(2 ** 31 + 5_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);
  });

  // Regression: a Retry-After cap of 2^31 ms or more made the client send again after ~1 ms.
  it('a Retry-After longer than a timer holds is waited in full before the retry goes out', async () => {
    let served = 0;
    const local = await server((_req, res) => {
      served += 1;
      if (served === 1) res.writeHead(503, { 'Retry-After': '3000000' }).end('<Error><Message>maintenance</Message></Error>');
      else res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<ok/>');
    });
    let retried: () => void = () => undefined;
    const retryScheduled = new Promise<void>((resolve) => {
      retried = resolve;
    });
    const concur = client(local.url, { retry: { retries: 1, maxRetryAfterMs: 4_000_000_000 }, onRetry: () => retried() });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = concur.request({ method: 'GET', path: '/api/thing' });
    await retryScheduled;
    await vi.advanceTimersByTimeAsync(2 ** 31 + 10);
    expect(served).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000_000_000 - 2 ** 31);
    const { status } = await call;
    expect(status).toBe(200);
    expect(served).toBe(2);
  });
});
