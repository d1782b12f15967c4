import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { abortError, apiErrorFromResponse, networkError, proxyError, responseError, timeoutError, type FailureContext } from '../../src/errors/factory.js';
import { ConcurAbortError, ConcurClient, ConcurResponseError, type ConcurError } from '../../src/index.js';
import { startRawServer, type RawServer } from '../support/raw-server.js';

// `mayHaveBeenProcessed` is what a caller checks before sending again a request that must not run
// twice, and what a batch's `unknown` items rest on. The rule: true once any attempt may have
// reached Concur and been acted on (a time-out or a reset after sending, a 502 or 504, a response
// that broke off or could not be read, an abort while the request was out); false when every
// attempt was refused outright (a 4xx, a 500, a 503) or never left (refused connection, DNS).
// transient.test.ts pins the rule for single network codes and statuses; this file pins how it
// carries over between attempts and what an abort says.

const CONTEXT: FailureContext = { method: 'POST', path: '/api/x', attempts: 2, exhausted: true, secrets: [] };
const EARLIER = { ...CONTEXT, processedBefore: true };

describe('an earlier attempt that may have been processed', () => {
  it.each([400, 401, 403, 404, 409, 429, 500, 503])('makes a later refusal with HTTP %i say "may have been processed" too', (status) => {
    expect(apiErrorFromResponse({ status, headers: {}, bodyText: undefined }, CONTEXT).mayHaveBeenProcessed).toBe(false);
    expect(apiErrorFromResponse({ status, headers: {}, bodyText: undefined }, EARLIER).mayHaveBeenProcessed).toBe(true);
  });

  it('carries over to a proxy that then refused the tunnel, and to an abort', () => {
    expect(proxyError(502, 'Bad Gateway', CONTEXT).mayHaveBeenProcessed).toBe(false);
    expect(proxyError(502, 'Bad Gateway', EARLIER).mayHaveBeenProcessed).toBe(true);
    expect(abortError(CONTEXT).mayHaveBeenProcessed).toBe(false);
    expect(abortError(EARLIER).mayHaveBeenProcessed).toBe(true);
  });

  it('is not needed for a time-out or an unusable answer, which may have been processed by themselves', () => {
    expect(timeoutError(1000, CONTEXT).mayHaveBeenProcessed).toBe(true);
    expect(timeoutError(1000, CONTEXT, true).mayHaveBeenProcessed).toBe(true);
    expect(responseError('not XML', { status: 200, bodyText: 'x' }, CONTEXT).mayHaveBeenProcessed).toBe(true);
    expect(new ConcurResponseError('unreadable').mayHaveBeenProcessed).toBe(true);
  });
});

describe('a status HTTP does not define', () => {
  // Not a refusal Concur wrote (HTTP/1.1 000 from a broken proxy): it says nothing either way.
  it.each([0, 99, 600, 999, 200.5])('HTTP %s may have been processed', (status) => {
    expect(apiErrorFromResponse({ status, headers: {}, bodyText: undefined }, CONTEXT).mayHaveBeenProcessed).toBe(true);
  });

  it.each([100, 418, 599])('HTTP %i, a status HTTP defines, is a refusal', (status) => {
    expect(apiErrorFromResponse({ status, headers: {}, bodyText: undefined }, CONTEXT).mayHaveBeenProcessed).toBe(false);
  });
});

describe('network failures never sent', () => {
  it.each(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND'])('%s after an attempt that may have been processed keeps the earlier doubt', (code) => {
    expect(networkError(code, 'failed', EARLIER).mayHaveBeenProcessed).toBe(true);
  });
});

describe('an abort, through the client', () => {
  const servers: RawServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function client(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, options: { retries: number; sleep?: (ms: number) => Promise<void> }) {
    const server = await startRawServer(handler);
    servers.push(server);
    const { retries, sleep = () => Promise.resolve() } = options;
    return { server, concur: new ConcurClient({ baseUrl: server.url, accessToken: 'processed-flag-token', retry: { retries }, sleep }) };
  }

  const until = async (condition: () => boolean): Promise<void> => {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  };

  it('before anything was sent: not processed', async () => {
    const { server, concur } = await client((_req, res) => res.writeHead(200).end(), { retries: 0 });
    const error = (await concur.request({ method: 'POST', path: '/api/x', signal: AbortSignal.abort() }).catch((caught: unknown) => caught)) as ConcurError;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: false, retryable: false, attempts: 0 });
    expect(error.message).toBe("POST /api/x was aborted by the caller's signal.");
    expect(server.requests).toBe(0);
  });

  it('while the request was out and unanswered: may have been processed', async () => {
    const held: http.ServerResponse[] = [];
    const { concur } = await client((_req, res) => held.push(res), { retries: 0 });
    const controller = new AbortController();
    const call = concur.request({ method: 'POST', path: '/api/x', body: '<x/>', signal: controller.signal });
    await until(() => held.length === 1);
    controller.abort();
    const error = (await call.catch((caught: unknown) => caught)) as ConcurError;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true, retryable: false, attempts: 1 });
  });

  it.each([
    [503, false],
    [502, true],
    [504, true],
  ])('during the wait after a %i: what that answer said', async (status, processed) => {
    const controller = new AbortController();
    const { server, concur } = await client((_req, res) => res.writeHead(status).end(), {
      retries: 2,
      sleep: () => {
        controller.abort();
        return new Promise(() => undefined);
      },
    });
    const error = (await concur.request({ method: 'POST', path: '/api/x', body: '<x/>', signal: controller.signal }).catch((caught: unknown) => caught)) as ConcurError;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error.mayHaveBeenProcessed).toBe(processed);
    expect(server.requests).toBe(1);
  });
});
