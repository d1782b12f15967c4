import { afterEach, describe, expect, it } from 'vitest';
import { ConcurAbortError, type RetryEvent } from '../../src/index.js';
import { caught, concur, errorXml, testClient, TOKEN, XML } from '../support/helpers.js';
import { rawServerPool, type RawServer } from '../support/raw-server.js';

// What the client tells the transport about each attempt, seen in the errors it builds: whether
// the attempt is the last one the policy allows (only the final error says "Gave up"), whether
// the request may run twice (a request that does not say is idempotent), and that the caller's
// own abort reason comes back as it was given, never rewritten by redaction.

const PATH = '/api/expense/list/v1.0/';

const servers = rawServerPool();
afterEach(async () => {
  await servers.closeAll();
});

/** A server that drops the connection of its first request once it has read it, then answers 200. */
async function resetOnce(): Promise<RawServer> {
  return servers.start((req, res, n) => {
    req.resume();
    req.on('end', () => {
      if (n === 1) req.socket.destroy();
      else res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<lists/>');
    });
  });
}

describe('the last attempt', () => {
  it('only the error of the final attempt says the client gave up; the ones retried do not', async () => {
    const events: RetryEvent[] = [];
    const { client } = testClient({ retry: { retries: 2 }, onRetry: (event) => void events.push(event) });
    concur().get(PATH).times(3).reply(503, errorXml('Service is in maintenance'), XML);
    const error = (await caught(async () => client.request({ method: 'GET', path: PATH }))) as Error;
    expect(events.map((event) => [event.attempt, /Gave up/.test(event.error.message)])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(error.message).toContain('Gave up after 3 attempts');
  });
});

describe('a request that does not say whether it may run twice', () => {
  it('is idempotent: a reset after sending is retried, and its error says nothing of "must not run twice"', async () => {
    const events: RetryEvent[] = [];
    const server = await resetOnce();
    const { client } = testClient({ baseUrl: server.url, retry: { retries: 1 }, onRetry: (event) => void events.push(event) });
    const response = await client.request({ method: 'GET', path: PATH });
    expect(response.status).toBe(200);
    expect(server.requests).toBe(2);
    expect(events).toHaveLength(1);
    expect(events[0]?.error.mayHaveBeenProcessed).toBe(true);
    expect(events[0]?.error.message).not.toContain('must not run twice');
  });

  it('unlike one that says it must not: the same reset is final, and its error says why', async () => {
    const server = await resetOnce();
    const { client } = testClient({ baseUrl: server.url, retry: { retries: 1 } });
    const error = (await caught(async () => client.request({ method: 'POST', path: PATH, body: '<a/>', idempotent: false }))) as Error;
    expect(error.message).toContain('must not run twice');
    expect(server.requests).toBe(1);
  });
});

describe("the caller's abort reason", () => {
  it('comes back as the very object given, even when it quotes the token', async () => {
    const controller = new AbortController();
    const reason = new Error(`job stopped while holding ${TOKEN}`);
    const { client } = testClient({
      retry: { retries: 1 },
      onRetry: () => controller.abort(reason),
    });
    concur().get(PATH).reply(503, errorXml('Service is in maintenance'), XML);
    const error = await caught(async () => client.request({ method: 'GET', path: PATH, signal: controller.signal }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect((error as ConcurAbortError).cause).toBe(reason);
    expect(reason.message).toBe(`job stopped while holding ${TOKEN}`);
    expect((error as Error).message).not.toContain(TOKEN);
  });
});
