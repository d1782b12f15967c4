import type http from 'node:http';
import { PassThrough, type Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Transport, type AttemptContext, type OutgoingRequest, type TransportOptions } from '../../src/core/transport.js';
import { ConcurAbortError, ConcurApiError, ConcurProxyError, ConcurTimeoutError, ConcurResponseError } from '../../src/index.js';
import { settle } from '../support/helpers.js';
import { plainSocketServerPool } from '../support/raw-server.js';

// One attempt through the transport, against a real local server: which statuses succeed, the
// limits on a response, the time limit of an attempt, aborts, and what an error may carry.
// Every transport is built inside its test.

const server = plainSocketServerPool().start;
// (Registered after the pool's, so it runs first: the clock is real again before servers close.)
afterEach(() => {
  vi.useRealTimers();
});

function transport(url: string, options: Partial<TransportOptions> = {}): Transport {
  return new Transport({ baseUrl: new URL(url), timeoutMs: 1_000, maxResponseBytes: 1_000, maxSockets: 4, userAgent: 'transport-test', ...options });
}

const GET: OutgoingRequest = { method: 'GET', path: '/api/lists', query: '', headers: {} };
const FIRST: AttemptContext = { attempt: 1, last: false, authorization: undefined, secrets: [] };

const turn = async (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i += 1) await turn();
  expect(condition()).toBe(true);
}

describe('which statuses succeed', () => {
  it('299 is a success, its body returned', async () => {
    const local = await server((_req, res) => res.writeHead(299, { 'Content-Type': 'text/plain' }).end('fine'));
    const response = await transport(local.url).send(GET, FIRST);
    expect(response).toMatchObject({ status: 299, bytes: 4 });
    expect(response.body.toString()).toBe('fine');
  });

  it('300 is an API error carrying the status', async () => {
    const local = await server((_req, res) => res.writeHead(300, { 'Content-Type': 'text/plain' }).end('choose'));
    const error = await settle(transport(local.url).send(GET, FIRST));
    expect(error).toBeInstanceOf(ConcurApiError);
    expect(error).toMatchObject({ status: 300 });
  });

  it('a 407 with no proxy configured is Concur’s answer (an API error), not a proxy refusal', async () => {
    const local = await server((_req, res) => res.writeHead(407, 'Proxy Authentication Required').end());
    const error = await settle(transport(local.url).send(GET, FIRST));
    expect(error).toBeInstanceOf(ConcurApiError);
    expect(error).not.toBeInstanceOf(ConcurProxyError);
    expect(error).toMatchObject({ status: 407 });
  });

  it('a 407 through a configured proxy is the proxy’s refusal, its reason phrase in the message', async () => {
    const proxy = await server((_req, res) => res.writeHead(407, 'Proxy Authentication Required').end());
    const error = await settle(transport('http://concur.invalid', { proxy: new URL(proxy.url) }).send(GET, FIRST));
    expect(error).toBeInstanceOf(ConcurProxyError);
    expect(error).toMatchObject({ proxyStatus: 407, retryable: false });
    expect((error as Error).message).toContain('the proxy answered HTTP 407 Proxy Authentication Required');
    expect(proxy.requests).toBe(1);
  });
});

describe('the response', () => {
  it('a header sent twice reads as one value joined by a comma', async () => {
    const local = await server((_req, res) => res.writeHead(200, { 'Set-Cookie': ['a=1', 'b=2'] }).end('ok'));
    const response = await transport(local.url).send(GET, FIRST);
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
  });

  it('a declared Content-Length exactly at maxResponseBytes is read', async () => {
    const body = 'x'.repeat(1_000);
    const local = await server((_req, res) => res.writeHead(200, { 'Content-Length': '1000' }).end(body));
    const response = await transport(local.url).send(GET, FIRST);
    expect(response.bytes).toBe(1_000);
  });

  it('a declared Content-Length one byte over maxResponseBytes is refused before the body is read', async () => {
    const local = await server((_req, res) => res.writeHead(200, { 'Content-Length': '1001' }).end('x'.repeat(1_001)));
    const error = await settle(transport(local.url).send(GET, FIRST));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('its body exceeds maxResponseBytes (1000 bytes)');
  });

  it('every answer is told to onAnswer, a 2xx streamed into a sink included', async () => {
    const local = await server((_req, res) => res.writeHead(200, { 'Concur-CorrelationId': 'corr-7' }).end('id,amount\n'));
    const answers: unknown[] = [];
    const written: Buffer[] = [];
    const sink = { reopenable: true, open: (): Writable => new PassThrough().on('data', (chunk: Buffer) => void written.push(chunk)) };
    const response = await transport(local.url).send({ ...GET, download: true, sink }, { ...FIRST, onAnswer: (answer) => void answers.push(answer) });
    expect(response).toMatchObject({ status: 200, bytes: 10 });
    expect(answers).toEqual([{ status: 200, bytes: 10, correlationId: 'corr-7' }]);
  });
});

describe('what an error may carry', () => {
  it('scrubs the transport’s own secrets and the attempt’s tokens from an error body', async () => {
    const local = await server((_req, res) => res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad proxy-pass-91 and token-abc-42'));
    const error = await settle(transport(local.url, { secrets: ['proxy-pass-91'] }).send(GET, { ...FIRST, secrets: ['token-abc-42'] }));
    expect(error).toBeInstanceOf(ConcurApiError);
    const body = (error as ConcurApiError).body ?? '';
    expect(body).toContain('bad ');
    expect(body).not.toContain('proxy-pass-91');
    expect(body).not.toContain('token-abc-42');
  });
});

describe('the time limit of an attempt (fake clock)', () => {
  async function silent(request: OutgoingRequest, attempt: AttemptContext): Promise<unknown> {
    const local = await server(() => undefined);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = settle(transport(local.url).send(request, attempt));
    await until(() => local.requests === 1);
    await vi.advanceTimersByTimeAsync(1_000);
    return call;
  }

  it('no answer in time: a time-out that says no complete response came and gives Concur’s 5-minute advice', async () => {
    const error = await silent(GET, FIRST);
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect((error as Error).message).toContain('got no complete response within 1000 ms');
    expect((error as Error).message).toContain("Concur's guidance is to wait 5 minutes");
  });

  it('for a request that must not run twice, the time-out says it was not retried', async () => {
    const error = await silent({ ...GET, method: 'POST', body: Buffer.from('<x/>') }, { ...FIRST, idempotent: false });
    expect((error as Error).message).toContain('It was not retried: it may have reached Concur and must not run twice');
  });

  it('bounds the whole response: headers at 900 ms and the body at 1,800 ms is a time-out', async () => {
    let res: http.ServerResponse | undefined;
    const local = await server((_req, response) => {
      res = response;
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = settle(transport(local.url).send(GET, FIRST));
    await until(() => res !== undefined);
    await vi.advanceTimersByTimeAsync(900);
    res?.writeHead(200, { 'Content-Type': 'text/plain' });
    res?.flushHeaders();
    for (let i = 0; i < 20; i += 1) await turn();
    await vi.advanceTimersByTimeAsync(900);
    res?.end('late');
    expect(await call).toBeInstanceOf(ConcurTimeoutError);
  });

  it('a body streamed into a sink: the limit restarts when the headers come and with every chunk', async () => {
    let res: http.ServerResponse | undefined;
    const local = await server((_req, response) => {
      res = response;
    });
    const written: Buffer[] = [];
    const sink = { reopenable: true, open: (): Writable => new PassThrough().on('data', (chunk: Buffer) => void written.push(chunk)) };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = settle(transport(local.url).send({ ...GET, sink }, FIRST));
    await until(() => res !== undefined);
    await vi.advanceTimersByTimeAsync(900);
    res?.writeHead(200, { 'Content-Type': 'text/csv' });
    res?.flushHeaders();
    for (const part of ['a,', 'b\n']) {
      for (let i = 0; i < 20; i += 1) await turn();
      await vi.advanceTimersByTimeAsync(900);
      res?.write(part);
    }
    for (let i = 0; i < 20; i += 1) await turn();
    await vi.advanceTimersByTimeAsync(900);
    res?.end();
    expect(await call).toMatchObject({ status: 200, bytes: 4 });
    expect(Buffer.concat(written).toString()).toBe('a,b\n');
  });
});

describe('aborts', () => {
  it('before the answer came: an abort error, and Concur may have processed the request', async () => {
    const local = await server(() => undefined);
    const controller = new AbortController();
    const call = settle(transport(local.url).send({ ...GET, signal: controller.signal }, FIRST));
    await until(() => local.requests === 1);
    controller.abort(new Error('stop'));
    const error = await call;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true, attempts: 1, cause: new Error('stop') });
  });

  it('while waiting for a free socket: an abort naming the request, not sent, so not counted as an attempt', async () => {
    let held: http.ServerResponse | undefined;
    const local = await server((_req, res) => {
      held = res;
    });
    const wire = transport(local.url, { maxSockets: 1 });
    const first = settle(wire.send(GET, FIRST));
    await until(() => held !== undefined);
    const controller = new AbortController();
    const queued = settle(wire.send({ ...GET, path: '/api/queued', signal: controller.signal }, { ...FIRST, attempt: 2 }));
    expect(wire.active).toBe(1);
    controller.abort();
    const error = await queued;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ attempts: 1, mayHaveBeenProcessed: false });
    expect((error as Error).message).toBe("GET /api/queued was aborted by the caller's signal.");
    expect(local.requests).toBe(1);
    held?.end('ok');
    await first;
  });
});
