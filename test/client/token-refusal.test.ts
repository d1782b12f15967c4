import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConcurAuthError,
  ConcurClient,
  ForbiddenError,
  UnauthorizedError,
  type RequestEvent,
  type RetryEvent,
  type TokenRequestContext,
} from '../../src/index.js';
import { createAuthError } from '../../src/errors/auth-error.js';
import { BASE_URL, caught, concur, recordingSleep } from '../support/helpers.js';
import { startScriptedServer } from '../support/scripted-server.js';

// When Concur refuses the access token, the client asks the token function for a fresh one and
// sends once more: once per call, only for a refused token, and counting every send.

const PATH = '/api/expense/list/v1.0/';
const XML = { 'Content-Type': 'application/xml' };
const errorBody = (message: string) => `<Error><Message>${message}</Message></Error>`;

/** A token function that hands out a new token on every call and records what it was asked. */
function endlessTokens() {
  const contexts: TokenRequestContext[] = [];
  let n = 0;
  const provider = (context: TokenRequestContext) => {
    contexts.push(context);
    n += 1;
    return `token-${n}`;
  };
  return { provider, contexts };
}

/** nock replies that record the Authorization header of each request. */
function answers(seen: Array<string | undefined>, ...replies: Array<[number, string]>): void {
  const scope = concur();
  for (const [status, body] of replies) {
    scope.get(PATH).reply(function reply() {
      seen.push(this.req.headers.authorization);
      return [status, body, XML];
    });
  }
}

describe('a refused token is replaced once per call', () => {
  it('Concur refusing every fresh token too: one refresh, two sends, then the 401', async () => {
    const { provider, contexts } = endlessTokens();
    const { sleep, delays } = recordingSleep();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, sleep });
    const seen: Array<string | undefined> = [];
    answers(seen, [401, ''], [401, ''], [401, ''], [401, '']);
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, attempts: 2 });
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(contexts.map((context) => [context.forceRefresh, context.rejectedToken])).toEqual([
      [false, undefined],
      [true, 'token-1'],
    ]);
    expect(delays).toEqual([]);
  });

  it.each([
    ['The OAuth token has expired.', true],
    ['Token revoked', true],
    ['EXPIRED', true],
    ['The partner application is not enabled for this company.', false],
    ['Forbidden', false],
  ])('a 403 saying %j: refreshed %s', async (message, refreshed) => {
    const { provider } = endlessTokens();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, retry: false });
    const seen: Array<string | undefined> = [];
    answers(seen, [403, errorBody(message)], [200, '<lists/>']);
    if (refreshed) {
      const response = await client.request({ method: 'GET', path: PATH });
      expect(response.attempts).toBe(2);
      expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
    } else {
      const error = await caught(() => client.request({ method: 'GET', path: PATH }));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error).toMatchObject({ attempts: 1 });
      expect(seen).toEqual(['Bearer token-1']);
    }
  });

  it('a 403 whose body is not Concur XML but says the token expired is a refused token too', async () => {
    const { provider } = endlessTokens();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, retry: false });
    const seen: Array<string | undefined> = [];
    answers(seen, [403, 'token expired'], [200, '<lists/>']);
    expect((await client.request({ method: 'GET', path: PATH })).attempts).toBe(2);
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it.each([
    [400, 'The report has expired.'],
    [400, 'The token has expired'],
    [404, 'The link has expired'],
    [500, 'Session revoked'],
  ])('a %i saying %j is not about the token: no refresh', async (status, message) => {
    const { provider, contexts } = endlessTokens();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, retry: false });
    const seen: Array<string | undefined> = [];
    answers(seen, [status, errorBody(message)], [200, '<lists/>']);
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toMatchObject({ status, attempts: 1 });
    if (status === 400) expect(error).toBeInstanceOf(BadRequestError);
    expect(seen).toEqual(['Bearer token-1']);
    expect(contexts).toHaveLength(1);
  });

  it('a refused refresh (the token endpoint’s own error) is thrown as it is, never refreshed again', async () => {
    const contexts: TokenRequestContext[] = [];
    const refusal = createAuthError('refresh refused', { status: 401, oauthCode: 64, oauthError: 'invalid_client', credential: 'clientSecret' });
    const provider = (context: TokenRequestContext) => {
      contexts.push(context);
      if (context.forceRefresh) throw refusal;
      return 'token-1';
    };
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, retry: false });
    const seen: Array<string | undefined> = [];
    answers(seen, [401, ''], [200, '<lists/>']);
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toBe(refusal);
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(seen).toEqual(['Bearer token-1']);
    expect(contexts.map((context) => context.forceRefresh)).toEqual([false, true]);
  });
});

describe('attempts are counted across a refresh', () => {
  it('a 401, a fresh token, a 503 and a policy wait, then success: three sends, the wait after the second', async () => {
    const { provider } = endlessTokens();
    const { sleep, delays } = recordingSleep();
    const retries: RetryEvent[] = [];
    const requests: RequestEvent[] = [];
    const client = new ConcurClient({
      baseUrl: BASE_URL,
      accessToken: provider,
      sleep,
      onRetry: (event) => void retries.push(event),
      onRequest: (event) => void requests.push(event),
    });
    const seen: Array<string | undefined> = [];
    answers(seen, [401, ''], [503, ''], [200, '<lists/>']);
    const response = await client.request({ method: 'GET', path: PATH });
    expect(response.attempts).toBe(3);
    expect(response.mayHaveBeenProcessedBefore).toBe(false);
    // The token function is asked before every send: the attempt after the wait gets its own.
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-3']);
    expect(delays).toEqual([300_000]);
    expect(retries.map((event) => [event.attempt, event.reason])).toEqual([[2, 'service-unavailable']]);
    expect(requests.map((event) => event.attempt)).toEqual([1, 2, 3]);
  });

  it('the policy’s retries still run out after a refresh: 401, then 503s until `retries` is spent', async () => {
    const { provider } = endlessTokens();
    const { sleep, delays } = recordingSleep();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: provider, sleep, retry: { retries: 2, delayMs: 1_000 } });
    const seen: Array<string | undefined> = [];
    answers(seen, [401, ''], [503, ''], [503, ''], [503, ''], [503, '']);
    const error = await caught(() => client.request({ method: 'GET', path: PATH }));
    expect(error).toMatchObject({ status: 503 });
    expect(delays).toEqual([1_000, 1_000]);
    expect(seen).toHaveLength(4);
    expect((error as UnauthorizedError).attempts).toBe(4);
  });

  it('a read resent at once after a stale keep-alive reset, then a refused token: the refresh is the third send', async () => {
    // nock's interception hides `reusedSocket`; this needs Node's own http client.
    nock.restore();
    const server = await startScriptedServer([
      { status: 200, body: '<a/>' },
      (_request, response) => {
        response.socket?.destroy();
      },
      { status: 401, body: '' },
      { status: 200, body: '<b/>' },
    ]);
    try {
      const { provider, contexts } = endlessTokens();
      const { sleep, delays } = recordingSleep();
      const requests: RequestEvent[] = [];
      const client = new ConcurClient({ baseUrl: server.url, accessToken: provider, sleep, onRequest: (event) => void requests.push(event) });
      await client.request({ method: 'GET', path: '/first' });
      requests.length = 0;
      const response = await client.request({ method: 'GET', path: '/second' });
      expect(response.data).toEqual({ b: '' });
      expect(response.attempts).toBe(3);
      expect(delays).toEqual([]);
      expect(server.received.map((request) => [request.url, request.headers.authorization])).toEqual([
        ['/first', 'Bearer token-1'],
        ['/second', 'Bearer token-2'],
        ['/second', 'Bearer token-2'],
        ['/second', 'Bearer token-3'],
      ]);
      expect(contexts.map((context) => [context.forceRefresh, context.rejectedToken])).toEqual([
        [false, undefined],
        [false, undefined],
        [true, 'token-2'],
      ]);
      expect(requests.map((event) => event.attempt)).toEqual([1, 2, 3]);
    } finally {
      await server.close();
      nock.activate();
    }
  });

  it('a stale keep-alive reset of a POST is not resent at once: it goes to the policy, with its wait', async () => {
    nock.restore();
    const server = await startScriptedServer([
      { status: 200, body: '<a/>' },
      (_request, response) => {
        response.socket?.destroy();
      },
      { status: 200, body: '<b/>' },
    ]);
    try {
      const { sleep, delays } = recordingSleep();
      const client = new ConcurClient({ baseUrl: server.url, accessToken: 'token-1234', sleep });
      await client.request({ method: 'GET', path: '/first' });
      const response = await client.request({ method: 'POST', path: '/second', body: '<b/>' });
      expect(response.attempts).toBe(2);
      expect(response.mayHaveBeenProcessedBefore).toBe(true);
      expect(delays).toEqual([300_000]);
    } finally {
      await server.close();
      nock.activate();
    }
  });

  it('a 503 on a kept-alive socket is not resent at once: only a reset is', async () => {
    nock.restore();
    const server = await startScriptedServer([{ status: 200, body: '<a/>' }, { status: 503 }, { status: 200, body: '<b/>' }]);
    try {
      const { sleep, delays } = recordingSleep();
      const client = new ConcurClient({ baseUrl: server.url, accessToken: 'token-1234', sleep });
      await client.request({ method: 'GET', path: '/first' });
      const response = await client.request({ method: 'GET', path: '/second' });
      expect(response.attempts).toBe(2);
      expect(delays).toEqual([300_000]);
    } finally {
      await server.close();
      nock.activate();
    }
  });
});
