import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { ConcurClient, ConcurError, ConcurTimeoutError, ConcurValidationError, type RetryEvent } from '../../src/index.js';
import { BASE_URL, caught, concur, recordingSleep, TOKEN } from '../support/helpers.js';
import { startScriptedServer } from '../support/scripted-server.js';

const PATH = '/api/user/v1.0/User/';

/** Every way an error can be rendered, logged or walked. */
function renderings(error: unknown): string[] {
  const seen = new Set<unknown>();
  const out: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    out.push(String(current));
    if (current instanceof Error) out.push(current.message, current.stack ?? '');
    out.push(JSON.stringify(current) ?? '');
    out.push(inspect(current, { depth: Infinity, showHidden: true, getters: true }));
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

/** Walks every property (own, non-enumerable, symbols) looking for an AxiosError or a request. */
function reachableObjects(root: unknown, limit = 2000): unknown[] {
  const seen = new Set<unknown>();
  const queue: unknown[] = [root];
  while (queue.length > 0 && seen.size < limit) {
    const value = queue.shift();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) queue.push(descriptor.value);
    }
  }
  return [...seen];
}

function expectNoSecret(error: unknown, secrets: string[] = [TOKEN]): void {
  for (const text of renderings(error)) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
  for (const value of reachableObjects(error)) {
    expect((value as { isAxiosError?: unknown }).isAxiosError).toBeUndefined();
    expect(value?.constructor?.name).not.toMatch(/^(AxiosError|ClientRequest|IncomingMessage|Socket|TLSSocket|AxiosHeaders)$/);
  }
}

function client(options: Partial<ConstructorParameters<typeof ConcurClient>[0]> = {}) {
  return new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, retry: false, ...options });
}

describe('no token in any error', () => {
  const echoing = `<Error><Message>Token ${TOKEN} is invalid; header was Bearer ${TOKEN}</Message><Id>${TOKEN}</Id></Error>`;

  it.each([400, 401, 403, 404, 409, 429, 500, 502, 503, 504])('HTTP %i whose body and headers echo the token', async (status) => {
    concur().get(PATH).reply(status, echoing, { 'Content-Type': 'application/xml', 'Retry-After': TOKEN, 'Concur-Correlationid': 'c1' });
    const error = await caught(() => client().request({ method: 'GET', path: PATH }));
    expect(error).toBeInstanceOf(ConcurError);
    expectNoSecret(error);
    expect((error as { serverMessage?: string }).serverMessage).toContain('[REDACTED]');
  });

  it('after retries, in the final error and in every onRetry event', async () => {
    const events: RetryEvent[] = [];
    const { sleep } = recordingSleep();
    concur().get(PATH).times(3).reply(503, echoing, { 'Content-Type': 'application/xml' });
    const error = await caught(() =>
      client({ retry: { retries: 2 }, sleep, onRetry: (event) => void events.push(event) }).request({ method: 'GET', path: PATH }),
    );
    expectNoSecret(error);
    expect(events).toHaveLength(2);
    for (const event of events) expectNoSecret(event.error);
  });

  it('in a network failure, an abort and an unusable response', async () => {
    const server = await startScriptedServer(['reset', { status: 200, body: `<broken>${TOKEN}`, headers: { 'Content-Type': 'application/xml' } }]);
    try {
      const local = client({ baseUrl: server.url });
      const network = await caught(() => local.request({ method: 'GET', path: PATH }));
      const unusable = await caught(() => local.request({ method: 'GET', path: PATH }));
      const aborted = await caught(() => local.request({ method: 'GET', path: PATH, signal: AbortSignal.abort(new Error('stop')) }));
      for (const error of [network, unusable, aborted]) expectNoSecret(error);
      expect((unusable as { body?: string }).body).toContain('[REDACTED]');
    } finally {
      await server.close();
    }
  });

  it('in a time-out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      concur().get(PATH).delayConnection(61_000).reply(200, '');
      const result = caught(() => client().request({ method: 'GET', path: PATH }));
      for (let round = 0; round < 200 && vi.getTimerCount() === 0; round += 1) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(60_000);
      const error = await result;
      expect(error).toBeInstanceOf(ConcurTimeoutError);
      expectNoSecret(error);
    } finally {
      vi.useRealTimers();
    }
  });

  it('from a token function whose token Concur refuses', async () => {
    concur().get(PATH).times(2).reply(401, '');
    const error = await caught(() => client({ accessToken: () => TOKEN }).request({ method: 'GET', path: PATH }));
    expectNoSecret(error);
  });

  it('in validation errors built from hostile input', async () => {
    const errors = await Promise.all([
      caught(() => client().request({ method: 'GET', path: `https://evil.example.com/${TOKEN}` })),
      caught(() => client().request({ method: 'GET', path: PATH, headers: { Authorization: `Bearer ${TOKEN}` } })),
      caught(() => client({ accessToken: () => `${TOKEN}\r\nX-Injected: 1` }).request({ method: 'GET', path: PATH })),
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(ConcurValidationError);
    expectNoSecret(errors[1]);
    expectNoSecret(errors[2]);
  });
});

describe('requests never leave the configured host', () => {
  it.each([
    'https://evil.example.com/api/x',
    '//evil.example.com/api/x',
    '/api/../../evil',
    '/api/%2e%2e/%2e%2e/evil',
    '/api/x\\..\\..\\evil',
    'evil.example.com/api',
  ])('refuses path %j before sending', async (path) => {
    const evil = nock('https://evil.example.com').get(/.*/).reply(200, 'stolen');
    const base = concur().get(/.*/).reply(200, '');
    const error = await caught(() => client().request({ method: 'GET', path }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(evil.isDone()).toBe(false);
    expect(base.isDone()).toBe(false);
  });

  it('does not follow a redirect, so the token is not sent to its target', async () => {
    const evil = nock('https://evil.example.com').get(/.*/).reply(200, 'stolen');
    concur().get(PATH).reply(302, '', { Location: 'https://evil.example.com/steal' });
    const error = await caught(() => client().request({ method: 'GET', path: PATH }));
    expect(error).toMatchObject({ status: 302 });
    expect(evil.isDone()).toBe(false);
  });

  it('ignores proxy settings from the environment', async () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://proxy.example.com:3128';
    try {
      const proxy = nock('http://proxy.example.com:3128').get(/.*/).reply(200, 'proxied');
      concur().get(PATH).reply(200, '<UserProfile/>', { 'Content-Type': 'application/xml' });
      const response = await client().request({ method: 'GET', path: PATH });
      expect(response.data).toEqual({ UserProfile: '' });
      expect(proxy.isDone()).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });

  it.each([
    ['http://us2.api.concursolutions.com', /https/],
    ['ftp://127.0.0.1', /https/],
    ['https://us2.api.concursolutions.com/api', /bare origin/],
    ['https://user:pw@us2.api.concursolutions.com', /bare origin/],
    ['https://us2.api.concursolutions.com?x=1', /bare origin/],
    ['not a url', /not a valid URL/],
    ['', /required/],
  ])('refuses baseUrl %j', (baseUrl, message) => {
    expect(() => new ConcurClient({ baseUrl, accessToken: TOKEN })).toThrow(message);
  });

  it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'https://us2.api.concursolutions.com/'])('accepts baseUrl %j', (baseUrl) => {
    expect(new ConcurClient({ baseUrl, accessToken: TOKEN }).baseUrl).toBe(new URL(baseUrl).origin);
  });
});
