import { describe, expect, it, vi } from 'vitest';
import {
  BadRequestError,
  ConcurError,
  ConcurNetworkError,
  InternalServerError,
  ServiceUnavailableError,
  type RetryEvent,
} from '../../src/index.js';
import { CONCUR_SUPPORT_EMAIL } from '../../src/index.js';
import { caught, concur, errorXml, testClient, TOKEN, XML } from '../support/helpers.js';
import { startScriptedServer } from '../support/scripted-server.js';

const PATH = '/api/expense/list/v1.0/';
const OK = '<lists></lists>';

describe('retry policy on a live request', () => {
  it('waits 5 minutes after a 503, then succeeds', async () => {
    const events: RetryEvent[] = [];
    const { client, delays } = testClient({ onRetry: (event) => void events.push(event) });
    const scope = concur().get(PATH).reply(503, errorXml('Down for maintenance'), XML).get(PATH).reply(200, OK, XML);
    const response = await client.request({ method: 'GET', path: PATH });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
    expect(delays).toEqual([300_000]);
    expect(scope.isDone()).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempt: 1, delayMs: 300_000, reason: 'service-unavailable', method: 'GET', path: PATH });
    expect(events[0]?.error).toBeInstanceOf(ServiceUnavailableError);
  });

  it('gives up after 3 retries with the attempt count and Concur support in the message', async () => {
    const { client, delays } = testClient();
    concur().get(PATH).times(4).reply(503, errorXml('Down for maintenance'), { ...XML, 'concur-correlationid': 'c-9' });
    const error = (await caught(() => client.request({ method: 'GET', path: PATH }))) as ServiceUnavailableError;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.attempts).toBe(4);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Gave up after 4 attempts');
    expect(error.message).toContain('concurconnecttech@concur.com');
    expect(error.message).toContain('c-9');
    expect(delays).toEqual([300_000, 300_000, 300_000]);
  });

  it('honours a configured number of retries and retry: false', async () => {
    const few = testClient({ retry: { retries: 1, delayMs: 1_000 } });
    concur().get(PATH).times(2).reply(503, '', XML);
    expect(await caught(() => few.client.request({ method: 'GET', path: PATH }))).toMatchObject({ attempts: 2 });
    expect(few.delays).toEqual([1_000]);

    const none = testClient({ retry: false });
    concur().get(PATH).reply(503, '', XML);
    expect(await caught(() => none.client.request({ method: 'GET', path: PATH }))).toMatchObject({ attempts: 1 });
    expect(none.delays).toEqual([]);
  });

  it('waits as long as Retry-After says, in seconds or as a date, capped at maxRetryAfterMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
    try {
      const { client, delays } = testClient({ retry: { maxRetryAfterMs: 600_000 } });
      concur()
        .get(PATH).reply(503, '', { 'Retry-After': '42' })
        .get(PATH).reply(429, '', { 'Retry-After': 'Wed, 25 Nov 2026 12:02:00 GMT' })
        .get(PATH).reply(503, '', { 'Retry-After': '7200' })
        .get(PATH).reply(200, OK, XML);
      await client.request({ method: 'GET', path: PATH });
      expect(delays).toEqual([42_000, 120_000, 600_000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resends a deadlocked request after deadlockDelayMs, but not another 400', async () => {
    const { client, delays } = testClient();
    concur()
      .post(PATH).reply(400, errorXml('Transaction was deadlocked on lock resources with another process and has been chosen as the deadlock victim.'), XML)
      .post(PATH).reply(200, OK, XML);
    await client.request({ method: 'POST', path: PATH, body: '<x/>' });
    expect(delays).toEqual([10_000]);

    concur().post(PATH).reply(400, errorXml('The request contains over 1000 list items.'), XML);
    const error = await caught(() => client.request({ method: 'POST', path: PATH, body: '<x/>' }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ attempts: 1, retryable: false });
    expect(delays).toEqual([10_000]);
  });

  it('retries the request-limit 400, 429, 502 and 504', async () => {
    const { client, delays } = testClient({ retry: { retries: 4 } });
    concur()
      .get(PATH).reply(400, errorXml('The number of requests exceeds the request limit.'), XML)
      .get(PATH).reply(429, '')
      .get(PATH).reply(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' })
      .get(PATH).reply(504, '')
      .get(PATH).reply(200, OK, XML);
    const response = await client.request({ method: 'GET', path: PATH });
    expect(response.attempts).toBe(5);
    expect(delays).toEqual([300_000, 300_000, 300_000, 300_000]);
  });

  it('does not retry a 500: Concur 500s are deterministic', async () => {
    const { client, delays } = testClient();
    concur().post('/api/expense/paymentbatch/v1.1/batch/abc/close').reply(500, errorXml('Batch could not be closed'), XML);
    const error = await caught(() => client.request({ method: 'POST', path: '/api/expense/paymentbatch/v1.1/batch/abc/close' }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ attempts: 1, retryable: false, serverMessage: 'Batch could not be closed' });
    expect(delays).toEqual([]);
  });

  it('retries a connection reset and resends the same body with Content-Length, never chunked', async () => {
    const server = await startScriptedServer(['reset', { status: 200, body: OK }]);
    try {
      const { client, delays } = testClient({ baseUrl: server.url });
      const body = '<batch><item>é</item></batch>';
      const response = await client.request({ method: 'POST', path: PATH, body });
      expect(response.attempts).toBe(2);
      expect(delays).toEqual([300_000]);
      expect(server.received.map((request) => request.body)).toEqual([body, body]);
      for (const request of server.received) {
        expect(request.headers['content-length']).toBe(String(Buffer.byteLength(body)));
        expect(request.headers['transfer-encoding']).toBeUndefined();
        expect(request.headers['content-type']).toBe('application/xml; charset=utf-8');
      }
    } finally {
      await server.close();
    }
  });

  it('says whether a failed request may have been processed', async () => {
    const server = await startScriptedServer(['reset', { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 404 }]);
    try {
      const { client } = testClient({ baseUrl: server.url });
      const afterReset = await caught(() => client.request({ method: 'POST', path: PATH, body: '<x/>' }));
      expect(afterReset).toBeInstanceOf(ServiceUnavailableError);
      expect(afterReset).toMatchObject({ attempts: 4, mayHaveBeenProcessed: true });
      const refusedTwice = await caught(() => client.request({ method: 'POST', path: PATH, body: '<x/>' }));
      expect(refusedTwice).toMatchObject({ status: 404, attempts: 3, mayHaveBeenProcessed: false });
    } finally {
      await server.close();
    }
  });

  it('gives up on a refused connection with ConcurNetworkError', async () => {
    const { ConcurClient } = await import('../../src/index.js');
    const delays: number[] = [];
    const client = new ConcurClient({
      baseUrl: 'http://127.0.0.1:9',
      accessToken: TOKEN,
      retry: { retries: 2 },
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', attempts: 3, retryable: true });
    expect((error as Error).message).toContain('Gave up after 3 attempts');
    // A refused connection to a loopback host is no matter for Concur support.
    expect((error as Error).message).toContain('127.0.0.1 is a loopback or private address');
    expect((error as Error).message).not.toContain(CONCUR_SUPPORT_EMAIL);
    expect(delays).toEqual([300_000, 300_000]);
  });

  it('asks for the token before every attempt, so a refreshed token is used', async () => {
    const tokens = ['token-1', 'token-2'];
    const seen: Array<string | undefined> = [];
    const { client } = testClient({ accessToken: () => tokens.shift() ?? 'token-x' });
    concur()
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [503, ''];
      })
      .get(PATH).reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [200, OK, XML];
      });
    await client.request({ method: 'GET', path: PATH });
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it("an application's own error from the accessToken function fails the call at once, even with a system error code", async () => {
    // Only the SDK's connection failures are read by their code: this is not one of them.
    class VaultUnavailable extends ConcurError {
      readonly code = 'ECONNRESET';
    }
    let asked = 0;
    const { client, delays } = testClient({
      accessToken: () => {
        asked += 1;
        throw new VaultUnavailable('the vault dropped the connection');
      },
    });
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toBeInstanceOf(VaultUnavailable);
    expect(asked).toBe(1);
    expect(delays).toEqual([]);
  });

  it('fails the request when onRetry rejects', async () => {
    const { client, delays } = testClient({
      onRetry: () => {
        throw new Error('stop');
      },
    });
    concur().get(PATH).reply(503, '');
    await expect(client.request({ method: 'GET', path: PATH })).rejects.toThrow('stop');
    expect(delays).toEqual([]);
  });
});
