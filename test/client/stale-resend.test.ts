import net from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConcurClient, ConcurNetworkError, type RequestEvent, type ResponseEvent } from '../../src/index.js';

// The one failure sent again at once, outside Concur's retry policy: a read whose kept-alive
// connection the server had just closed (a reset on a reused socket). Anything else that goes
// wrong on a reused socket is left to the policy. A raw TCP server decides, request by request on
// one connection, what goes back.

type Answer = 'ok' | 'reset' | 'garbage';

const OK = 'HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n<ok/>';
const closers: Array<() => Promise<void>> = [];

beforeAll(() => nock.restore());
afterAll(() => nock.activate());
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Answers the n-th request (over all connections) with `script[n]`, then `ok`. */
async function scripted(script: Answer[]): Promise<{ url: string; requests: () => number; connections: () => number }> {
  let requests = 0;
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (data: Buffer) => {
      pending += data.toString('latin1');
      while (pending.includes('\r\n\r\n')) {
        pending = pending.slice(pending.indexOf('\r\n\r\n') + 4);
        const answer = script[requests] ?? 'ok';
        requests += 1;
        if (answer === 'ok') socket.write(OK);
        else if (answer === 'garbage') socket.write('NOT HTTP AT ALL\r\n\r\n');
        else socket.resetAndDestroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, requests: () => requests, connections: () => connections };
}

function watched(url: string) {
  const waits: number[] = [];
  const requests: RequestEvent[] = [];
  const responses: ResponseEvent[] = [];
  const concur = new ConcurClient({
    baseUrl: url,
    accessToken: 'stale-resend-token-01',
    sleep: async (ms) => void waits.push(ms),
    onRequest: (event) => void requests.push(event),
    onResponse: (event) => void responses.push(event),
  });
  return { concur, waits, requests, responses };
}

describe('a read reset on a kept-alive connection', () => {
  it('is sent again at once, on a new connection, as attempt 2; the hooks see both attempts', async () => {
    const server = await scripted(['ok', 'reset']);
    const { concur, waits, requests, responses } = watched(server.url);
    await concur.request({ method: 'GET', path: '/warm-up' });
    requests.length = 0;
    responses.length = 0;
    const response = await concur.request({ method: 'GET', path: '/api/lists' });
    expect(response).toMatchObject({ status: 200, attempts: 2, mayHaveBeenProcessedBefore: false });
    expect(waits).toEqual([]);
    expect(server.requests()).toBe(3);
    expect(server.connections()).toBe(2);
    expect(requests.map((event) => event.attempt)).toEqual([1, 2]);
    expect(responses.map((event) => [event.attempt, event.status, event.error?.name])).toEqual([
      [1, undefined, 'ConcurNetworkError'],
      [2, 200, undefined],
    ]);
    expect(responses[0]?.error).toMatchObject({ code: 'ECONNRESET' });
  });

  it('is sent again at once on a client without hooks too', async () => {
    const server = await scripted(['ok', 'reset']);
    const concur = new ConcurClient({ baseUrl: server.url, accessToken: 'stale-resend-token-01', sleep: async () => undefined });
    await concur.request({ method: 'GET', path: '/warm-up' });
    const response = await concur.request({ method: 'GET', path: '/api/lists' });
    expect(response).toMatchObject({ status: 200, attempts: 2 });
    expect(server.requests()).toBe(3);
  });

  it('is sent again at once only once: a second reset goes to the policy, counting both sends', async () => {
    const server = await scripted(['ok', 'reset', 'reset']);
    const { concur, waits } = watched(server.url);
    await concur.request({ method: 'GET', path: '/warm-up' });
    // The resend went out on a fresh connection; its reset is the policy's.
    const response = await concur.request({ method: 'GET', path: '/api/lists' });
    expect(response.attempts).toBe(3);
    expect(waits).toEqual([300_000]);
  });
});

describe('other failures on a kept-alive connection go to the policy', () => {
  it('a reset on a fresh connection: the policy’s wait, then the retry', async () => {
    const server = await scripted(['reset']);
    const { concur, waits } = watched(server.url);
    const response = await concur.request({ method: 'GET', path: '/api/lists' });
    expect(response.attempts).toBe(2);
    expect(waits).toEqual([300_000]);
  });

  it('an answer that is not HTTP on a reused socket is not sent again at once (nor retried: it is final)', async () => {
    const server = await scripted(['ok', 'garbage']);
    const { concur, waits } = watched(server.url);
    await concur.request({ method: 'GET', path: '/warm-up' });
    const error = await concur.request({ method: 'GET', path: '/api/lists' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ attempts: 1, retryable: false });
    expect(server.requests()).toBe(2);
    expect(waits).toEqual([]);
  });
});
