import type http from 'node:http';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurAbortError, ConcurClient, ConcurNetworkError, ConcurTimeoutError, ServiceUnavailableError, type ClientOptions } from '../../src/index.js';
import { settle } from '../support/helpers.js';
import { bodyOf, plainSocketServerPool } from '../support/raw-server.js';

// A response whose status line came but whose body did not: broken off, stalled, or abandoned by
// the caller. What the caller gets decides whether the request is sent again. Real local sockets
// (nock cannot break a body half-way); the clock is fake wherever a time limit runs out.

const TOKEN = 'broken-bodies-token-01';
const server = plainSocketServerPool().start;
// (Registered after the pool's, so it runs first: the clock is real again before servers close.)
afterEach(() => {
  vi.useRealTimers();
});

function client(url: string, options: Partial<ClientOptions> = {}): { concur: ConcurClient; waits: number[] } {
  const waits: number[] = [];
  const concur = new ConcurClient({ baseUrl: url, accessToken: TOKEN, sleep: async (ms) => void waits.push(ms), ...options });
  return { concur, waits };
}

const turn = async (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i += 1) await turn();
  expect(condition()).toBe(true);
}

/** Sends the headers and `body`, then breaks the connection. */
const breakAfter = (body: string, headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/xml', 'Content-Length': '1000' }) =>
  (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(200, headers);
    res.write(body);
    setImmediate(() => res.socket?.destroy());
  };

describe('a 2xx body that breaks off', () => {
  it('is a ConcurNetworkError ECONNRESET saying the body broke, retried under the policy', async () => {
    const local = await server((req, res, n) => {
      if (n === 1) breakAfter('<lists><li')(req, res);
      else res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<lists/>');
    });
    const { concur, waits } = client(local.url);
    const response = await concur.request({ method: 'GET', path: '/api/lists' });
    expect(response).toMatchObject({ status: 200, attempts: 2, mayHaveBeenProcessedBefore: true });
    expect(waits).toEqual([300_000]);
  });

  it('when final, says what broke and that Concur may have processed it', async () => {
    const local = await server(breakAfter('<lists><li'));
    const error = await settle(client(local.url, { retry: false }).concur.request({ method: 'GET', path: '/api/lists' }));
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', attempts: 1, mayHaveBeenProcessed: true });
    expect((error as Error).message).toMatch(/^GET \/api\/lists could not reach Concur: the connection broke while the HTTP 2xx body was read \(.+\)\./);
  });
});

describe('the caller aborts after the status line came', () => {
  it('while a 2xx body is read: ConcurAbortError, and Concur may have processed it', async () => {
    const local = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': '1000' });
      res.write('<lists>');
    });
    const controller = new AbortController();
    const retried: unknown[] = [];
    const { concur, waits } = client(local.url, { onRetry: (event) => void retried.push(event) });
    const call = settle(concur.request({ method: 'GET', path: '/api/lists', signal: controller.signal }));
    await until(() => local.requests === 1);
    for (let i = 0; i < 20; i += 1) await turn();
    controller.abort(new Error('user pressed Ctrl-C'));
    const error = await call;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ attempts: 1, mayHaveBeenProcessed: true });
    // An abort is never a failure to retry: no retry is announced.
    expect(retried).toEqual([]);
    expect(waits).toEqual([]);
    expect((error as Error).cause).toEqual(new Error('user pressed Ctrl-C'));
  });

  it('while an error body is read: ConcurAbortError rather than the HTTP error, never retried', async () => {
    const local = await server((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/xml', 'Content-Length': '1000' });
      res.write('<Error><Message>maint');
    });
    const controller = new AbortController();
    const { concur, waits } = client(local.url);
    const call = settle(concur.request({ method: 'GET', path: '/api/lists', signal: controller.signal }));
    await until(() => local.requests === 1);
    for (let i = 0; i < 20; i += 1) await turn();
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ attempts: 1, mayHaveBeenProcessed: true });
    expect(waits).toEqual([]);
    expect(local.requests).toBe(1);
  });
});

describe('time limits while a body is read (fake clock)', () => {
  it('an error body that stalls: the HTTP error with the part that came, not a time-out', async () => {
    const local = await server((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
      res.write('down for maintenance');
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = settle(client(local.url, { retry: false, timeoutMs: 1_000 }).concur.request({ method: 'GET', path: '/api/lists' }));
    await until(() => local.requests === 1);
    for (let i = 0; i < 20; i += 1) await turn();
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await call;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, body: 'down for maintenance', retryable: true });
  });

  it('a download given bytes just inside the limit each time completes, the wait for the headers included', async () => {
    let res: http.ServerResponse | undefined;
    const local = await server((_req, response) => {
      res = response;
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = settle(client(local.url, { retry: false, timeoutMs: 1_000 }).concur.paymentBatches.downloadFile('run-1'));
    await until(() => res !== undefined);
    await vi.advanceTimersByTimeAsync(900);
    res?.writeHead(200, { 'Content-Type': 'text/csv' });
    res?.flushHeaders();
    for (let i = 0; i < 20; i += 1) await turn();
    await vi.advanceTimersByTimeAsync(900);
    res?.write('a,');
    for (let i = 0; i < 20; i += 1) await turn();
    await vi.advanceTimersByTimeAsync(900);
    res?.write('b\n');
    for (let i = 0; i < 20; i += 1) await turn();
    await vi.advanceTimersByTimeAsync(900);
    res?.end();
    const file = await call;
    expect(file).toMatchObject({ contentType: 'text/csv' });
    expect((file as { data: Buffer }).data.toString()).toBe('a,b\n');
  });

  it('a download to a caller’s stream that goes silent after bytes reached it: final, naming the silence', async () => {
    const local = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': '1000' });
      res.write('id,amount\n');
    });
    const sink = new PassThrough();
    sink.resume();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { concur, waits } = client(local.url, { timeoutMs: 1_000 });
    const call = settle(concur.paymentBatches.downloadFile('run-1', { to: sink }));
    await until(() => local.requests === 1);
    for (let i = 0; i < 20; i += 1) await turn();
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await call;
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ERR_DOWNLOAD_INTERRUPTED', retryable: false, attempts: 1 });
    expect((error as Error).message).toContain(
      'the download received no data for 1000 ms after 10 bytes were written to your stream; they cannot be taken back, so it is not retried',
    );
    expect(waits).toEqual([]);
  });

  it('a download to a file path that goes silent is a ConcurTimeoutError, retried', async () => {
    const local = await server((_req, res, n) => {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': '10' });
      if (n === 1) res.write('id,');
      else res.end('id,amount\n');
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { concur, waits } = client(local.url, { timeoutMs: 1_000, retry: false });
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'concur-sdk-broken-'));
    try {
      const call = settle(concur.paymentBatches.downloadFile('run-1', { to: join(dir, 'out.csv') }));
      await until(() => local.requests === 1);
      for (let i = 0; i < 20; i += 1) await turn();
      await vi.advanceTimersByTimeAsync(1_000);
      const error = await call;
      expect(error).toBeInstanceOf(ConcurTimeoutError);
      expect((error as Error).message).toMatch(/^GET \/api\/expense\/paymentbatch\/v1\.1\/batch\/run-1\/file received no data for 1000 ms\./);
      expect(waits).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a download to a caller’s stream that works', () => {
  it('is held back by a slow stream (bounded memory), and ends it only once every byte is there to read', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const local = await server((_req, res) => res.writeHead(200, { 'Content-Type': 'text/csv' }).end(body));
    const sink = new PassThrough({ highWaterMark: 1024 });
    const call = client(local.url).concur.paymentBatches.downloadFile('run-1', { to: sink });
    for (let i = 0; i < 200; i += 1) await turn();
    // Nobody reads yet: the stream holds about its high-water mark, not the file.
    expect(sink.readableLength + sink.writableLength).toBeLessThan(256 * 1024);
    const chunks: Buffer[] = [];
    const ended = new Promise((resolve) => sink.once('end', resolve));
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const saved = await call;
    expect(saved.bytes).toBe(body.length);
    await ended;
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('a small file stays readable in the stream after the call resolved, and no listener of the SDK is left on it', async () => {
    const local = await server((_req, res) => res.writeHead(200, { 'Content-Type': 'text/csv' }).end('id,amount\n1,2\n'));
    const sink = new PassThrough();
    await client(local.url).concur.paymentBatches.downloadFile('run-1', { to: sink });
    expect(sink.listenerCount('error')).toBe(0);
    expect(await bodyOf(sink)).toBe('id,amount\n1,2\n');
  });
});

describe('a download to a caller’s stream that breaks', () => {
  it('before any byte reached the stream: retried, and the stream gets the whole file once', async () => {
    const local = await server((req, res, n) => {
      if (n === 1) breakAfter('', { 'Content-Type': 'text/csv', 'Content-Length': '10' })(req, res);
      else res.writeHead(200, { 'Content-Type': 'text/csv' }).end('id,amount\n');
    });
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const { concur, waits } = client(local.url);
    const saved = await concur.paymentBatches.downloadFile('run-1', { to: sink });
    expect(saved).toEqual({ contentType: 'text/csv', bytes: 10 });
    expect(Buffer.concat(chunks).toString()).toBe('id,amount\n');
    expect(waits).toEqual([300_000]);
  });

  it('when final before any byte, says how far it came', async () => {
    const local = await server(breakAfter('', { 'Content-Type': 'text/csv', 'Content-Length': '10' }));
    const sink = new PassThrough();
    sink.resume();
    const error = await settle(client(local.url, { retry: false }).concur.paymentBatches.downloadFile('run-1', { to: sink }));
    expect(error).toMatchObject({ name: 'ConcurNetworkError', code: 'ECONNRESET', retryable: true });
    expect((error as Error).message).toContain('could not reach Concur: the connection broke after 0 bytes of the download (');
    // Nothing reached the stream: it is left open for the caller to use again.
    expect(sink.destroyed).toBe(false);
  });

  it('after bytes reached it: final, saying the connection was lost', async () => {
    const local = await server(breakAfter('id,amount\n', { 'Content-Type': 'text/csv', 'Content-Length': '100' }));
    const sink = new PassThrough();
    sink.resume();
    const error = await settle(client(local.url).concur.paymentBatches.downloadFile('run-1', { to: sink }));
    expect((error as Error).message).toContain('the download lost its connection after 10 bytes were written to your stream');
    expect(sink.destroyed).toBe(true);
    expect(local.requests).toBe(1);
  });

  it('an abort during the download is a ConcurAbortError, not a broken connection', async () => {
    const local = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': '100' });
      res.write('id,amount\n');
    });
    const sink = new PassThrough();
    sink.resume();
    const controller = new AbortController();
    const call = settle(client(local.url).concur.paymentBatches.downloadFile('run-1', { to: sink, signal: controller.signal }));
    await until(() => local.requests === 1);
    for (let i = 0; i < 20; i += 1) await turn();
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true });
    expect(local.requests).toBe(1);
  });
});
