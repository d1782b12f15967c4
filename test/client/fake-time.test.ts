import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurAbortError, ConcurClient, ConcurTimeoutError } from '../../src/index.js';
import { BASE_URL, caught, concur, errorXml, recordingSleep, TOKEN, XML } from '../support/helpers.js';

const PATH = '/api/expense/extract/v1.0/';
const OK = '<definitions></definitions>';

/** Lets real I/O (nock's replies, sockets) run while the clock stays fake. */
async function flushIo(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Resolves once the client has scheduled a retry (onRetry ran). */
function retryScheduled(): { onRetry: () => void; next: () => Promise<void> } {
  let resolve: () => void = () => undefined;
  let pending = new Promise<void>((r) => (resolve = r));
  return {
    onRetry: () => {
      resolve();
    },
    next: async () => {
      await pending;
      pending = new Promise<void>((r) => (resolve = r));
    },
  };
}

async function waitForTimers(): Promise<void> {
  for (let round = 0; round < 200 && vi.getTimerCount() === 0; round += 1) await flushIo(1);
  expect(vi.getTimerCount()).toBeGreaterThan(0);
}

describe('with fake time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends nothing during the 5-minute wait after a 503, and the retry at 5 minutes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const hook = retryScheduled();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, onRetry: hook.onRetry });
    const second = concur().get(PATH).reply(503, errorXml('Maintenance'), XML).get(PATH).reply(200, OK, XML);
    const result = client.request({ method: 'GET', path: PATH });
    await hook.next();
    await vi.advanceTimersByTimeAsync(299_999);
    await flushIo();
    expect(second.isDone()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const response = await result;
    expect(second.isDone()).toBe(true);
    expect(response.attempts).toBe(2);
  });

  it('times out after 60 s with no response, waits, retries and succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { sleep, delays } = recordingSleep();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, sleep });
    concur().get(PATH).delayConnection(61_000).reply(200, OK, XML).get(PATH).reply(200, OK, XML);
    const result = client.request({ method: 'GET', path: PATH });
    await waitForTimers();
    await vi.advanceTimersByTimeAsync(60_000);
    const response = await result;
    expect(response.attempts).toBe(2);
    expect(delays).toEqual([300_000]);
  });

  it('fails with ConcurTimeoutError when every attempt times out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { sleep, delays } = recordingSleep();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, sleep, retry: { retries: 1 } });
    concur().get(PATH).times(2).delayConnection(61_000).reply(200, OK, XML);
    const result = caught(() => client.request({ method: 'GET', path: PATH }));
    await waitForTimers();
    await vi.advanceTimersByTimeAsync(60_000);
    await flushIo();
    await waitForTimers();
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await result;
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 60_000, attempts: 2, retryable: true, method: 'GET', path: PATH });
    expect((error as Error).message).toContain('Gave up after 2 attempts');
    expect((error as Error).message).toContain('concurconnecttech@concur.com');
    expect(delays).toEqual([300_000]);
  });

  it('an abort during the 5-minute wait settles at once, without the clock moving', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const hook = retryScheduled();
    const controller = new AbortController();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, onRetry: hook.onRetry });
    const retry = concur().get(PATH).reply(503, '', XML).get(PATH).reply(200, OK, XML);
    const result = caught(() => client.request({ method: 'GET', path: PATH, signal: controller.signal }));
    await hook.next();
    const before = Date.now();
    controller.abort(new Error('shutting down'));
    const error = await result;
    expect(Date.now()).toBe(before);
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ attempts: 1, method: 'GET', path: PATH });
    expect((error as Error).cause).toEqual(new Error('shutting down'));
    expect(retry.isDone()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort settles at once even when an injected sleep ignores the signal', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const controller = new AbortController();
    let sleeping: () => void = () => undefined;
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const client = new ConcurClient({
      baseUrl: BASE_URL,
      accessToken: TOKEN,
      sleep: () => {
        sleeping();
        return new Promise<void>(() => undefined);
      },
    });
    concur().get(PATH).reply(503, '', XML);
    const result = caught(() => client.request({ method: 'GET', path: PATH, signal: controller.signal }));
    await asleep;
    controller.abort();
    expect(await result).toBeInstanceOf(ConcurAbortError);
  });

  it('an abort during the request cancels it', async () => {
    const controller = new AbortController();
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN });
    concur().get(PATH).delay(5_000).reply(200, OK, XML);
    const result = caught(() => client.request({ method: 'GET', path: PATH, signal: controller.signal }));
    await flushIo();
    controller.abort();
    const error = await result;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ retryable: false });
  });

  it('an already aborted signal sends nothing', async () => {
    const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN });
    const scope = concur().get(PATH).reply(200, OK, XML);
    const error = await caught(() => client.request({ method: 'GET', path: PATH, signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(scope.isDone()).toBe(false);
  });
});
