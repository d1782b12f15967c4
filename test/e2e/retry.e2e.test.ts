import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BadRequestError,
  CONCUR_SUPPORT_EMAIL,
  ConcurAbortError,
  ConcurApiError,
  ConcurClient,
  ConcurNetworkError,
  ConcurResponseError,
  ConcurTimeoutError,
  ForbiddenError,
  InternalServerError,
  refreshTokenProvider,
  ServiceUnavailableError,
  TooManyRequestsError,
  type ClientOptions,
  type RefreshedTokens,
  type RetryEvent,
} from '../../src/index.js';
import { SIMULATOR_OAUTH, SIMULATOR_TOKEN, startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

// End-to-end: Concur's retry policy against faults the simulator injects on a real local socket.
// Every wait goes through an injected sleep that records it and resolves at once, so the waits
// asserted below are the ones the client chose, not time that passed.

const CITIES_ID = 'gWqCities$pZmcowMR01';
const LISTS_PATH = '/api/expense/list/v1.0/';
const BATCH_PATH = '/api/expense/list/v1.0/gWqCities%24pZmcowMR01/batch';
/** Distinct values, so a recorded wait shows which rule chose it. */
const DELAY_MS = 4_000;
const DEADLOCK_DELAY_MS = 250;

const running: Simulator[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}

interface Connected {
  concur: ConcurClient;
  /** Every wait the client asked its sleep for, in order. */
  waits: number[];
  /** Every onRetry event, reduced to what the policy decided. */
  retries: Array<Pick<RetryEvent, 'attempt' | 'delayMs' | 'reason' | 'method' | 'path'> & { error: string }>;
}

/** A client for the simulator with a recording sleep that resolves at once. */
function connect(sim: Simulator, options: Partial<ClientOptions> = {}): Connected {
  const waits: number[] = [];
  const retries: Connected['retries'] = [];
  const concur = new ConcurClient({
    baseUrl: sim.url,
    accessToken: SIMULATOR_TOKEN,
    retry: { delayMs: DELAY_MS, deadlockDelayMs: DEADLOCK_DELAY_MS },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    onRetry: ({ attempt, delayMs, reason, method, path, error }) => {
      retries.push({ attempt, delayMs, reason, method, path, error: error.name });
    },
    ...options,
  });
  return { concur, waits, retries };
}

/** What a promise rejected with, failing the test when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to reject');
}

/** How each logged request ended: its status, or the outcome when no status was sent. */
function outcomes(sim: Simulator): Array<number | string> {
  return sim.state.requests.map((entry) => entry.status ?? entry.outcome);
}

describe('maintenance (503)', () => {
  it('without Retry-After: waits delayMs between attempts and succeeds', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ count: 2 });
    const { concur, waits, retries } = connect(sim);
    const lists = await concur.listItems.getLists();
    expect(lists.map((list) => list.id)).toEqual([CITIES_ID]);
    expect(waits).toEqual([DELAY_MS, DELAY_MS]);
    expect(retries).toEqual([
      { attempt: 1, delayMs: DELAY_MS, reason: 'service-unavailable', method: 'GET', path: LISTS_PATH, error: 'ServiceUnavailableError' },
      { attempt: 2, delayMs: DELAY_MS, reason: 'service-unavailable', method: 'GET', path: LISTS_PATH, error: 'ServiceUnavailableError' },
    ]);
    expect(outcomes(sim)).toEqual([503, 503, 200]);
  });

  it('with Retry-After: the recorded wait is the Retry-After, not delayMs', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ count: 2, retryAfterSeconds: 7 });
    const { concur, waits } = connect(sim);
    const response = await concur.request({ method: 'GET', path: LISTS_PATH });
    expect(response.attempts).toBe(3);
    expect(waits).toEqual([7_000, 7_000]);
    expect(outcomes(sim)).toEqual([503, 503, 200]);
  });

  it('a Retry-After longer than maxRetryAfterMs is cut to it', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ retryAfterSeconds: 7_200 });
    const { concur, waits } = connect(sim, { retry: { delayMs: DELAY_MS, maxRetryAfterMs: 60_000 } });
    expect((await concur.request({ method: 'GET', path: LISTS_PATH })).attempts).toBe(2);
    expect(waits).toEqual([60_000]);
  });

  it('retries exhausted: ServiceUnavailableError with the attempts, the support address and the last correlation id', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ probability: 1 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const last = sim.state.requests.at(-1);
    expect(error).toMatchObject({
      status: 503,
      attempts: 4,
      retryable: true,
      method: 'GET',
      path: LISTS_PATH,
      serverMessage: 'The service is unavailable: it is down for maintenance. Try again in a few minutes.',
      correlationId: last?.correlationId,
    });
    expect(error.message).toContain('Gave up after 4 attempts');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(error.message).toContain(`quote correlation id ${last?.correlationId ?? '?'}`);
    expect(waits).toEqual([DELAY_MS, DELAY_MS, DELAY_MS]);
    expect(outcomes(sim)).toEqual([503, 503, 503, 503]);
  });

  it('retries: 1 gives up after 2 attempts; retry: false sends once', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ probability: 1 });
    const once = connect(sim, { retry: { retries: 1, delayMs: DELAY_MS } });
    await expect(once.concur.request({ method: 'GET', path: LISTS_PATH })).rejects.toMatchObject({ name: 'ServiceUnavailableError', attempts: 2 });
    expect(once.waits).toEqual([DELAY_MS]);
    const never = connect(sim, { retry: false });
    const error = await rejection(never.concur.request({ method: 'GET', path: LISTS_PATH }));
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', attempts: 1 });
    expect(error.message).toContain('Gave up after 1 attempt;');
    expect(never.waits).toEqual([]);
    expect(sim.state.requests).toHaveLength(3);
  });

  it('a maintenance window on a batch: the chunk is resent and every item succeeds once', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ method: 'POST', count: 2, retryAfterSeconds: 2 });
    const { concur, waits } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [
      { name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' },
      { name: 'Boston', level1Code: 'US', level2Code: 'BOS' },
    ]);
    expect(result.items.map((item) => [item.status, item.attempts])).toEqual([
      ['succeeded', 3],
      ['succeeded', 3],
    ]);
    expect(result.chunks[0]).toMatchObject({ attempts: 3, status: 'answered' });
    expect(waits).toEqual([2_000, 2_000]);
    expect(sim.state.requests.map((entry) => [entry.status, entry.processed])).toEqual([
      [503, false],
      [503, false],
      [200, true],
    ]);
    expect(sim.state.lists.get(CITIES_ID)?.size).toBe(7);
  });
});

describe('faults inside the long-running helpers', () => {
  it('a batch chunk refused with a 500 fails as a whole; the chunks around it go on', async () => {
    const sim = await simulator();
    sim.faults.serverError({ method: 'POST', skip: 1 });
    const { concur, waits } = connect(sim);
    const items = Array.from({ length: 6 }, (_, index) => ({ name: `Town ${index}`, level1Code: 'FR', level2Code: `T${index}` }));
    const result = await concur.listItems.create(CITIES_ID, items, { chunkSize: 2 });
    expect([result.succeeded, result.failed, result.unknown]).toEqual([4, 2, 0]);
    expect(result.items.map((item) => [item.status, item.code, item.attempts])).toEqual([
      ['succeeded', undefined, 1],
      ['succeeded', undefined, 1],
      ['failed', '500', 1],
      ['failed', '500', 1],
      ['succeeded', undefined, 1],
      ['succeeded', undefined, 1],
    ]);
    expect(result.chunks.map((chunk) => chunk.status)).toEqual(['answered', 'failed', 'answered']);
    expect(result.chunks[1]?.error).toBeInstanceOf(InternalServerError);
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([200, 500, 200]);
    const cities = sim.state.lists.get(CITIES_ID);
    expect(['T0', 'T1', 'T2', 'T3', 'T4', 'T5'].map((code) => cities?.item(['FR', code]) !== undefined)).toEqual([true, true, false, false, true, true]);
  });

  it('waitForJob rides out a maintenance window longer than the client retries of one poll', async () => {
    let time = Date.UTC(2026, 10, 25, 10, 0, 0);
    const sim = await simulator({ now: () => time, jobDurationMs: 4_000 });
    const { concur, waits } = connect(sim, {
      sleep: (ms) => {
        waits.push(ms);
        time += ms;
        return Promise.resolve();
      },
    });
    const job = await concur.extract.startJob('nYoPK$Expense$Extract01');
    sim.faults.maintenance({ method: 'GET', path: '/api/expense/extract/v1.0/*/job/*', skip: 1, count: 4 });
    const seen: string[] = [];
    const done = await concur.extract.waitForJob('nYoPK$Expense$Extract01', job.id, { intervalMs: 1_000, onPoll: (current) => void seen.push(current.status) });
    expect(done.state).toBe('completed');
    expect(seen).toEqual(['Queued', 'Completed']);
    // A poll interval, the client's three retry waits inside the failed poll, then another interval.
    expect(waits).toEqual([1_000, DELAY_MS, DELAY_MS, DELAY_MS, 1_000]);
    expect(outcomes(sim)).toEqual([201, 200, 503, 503, 503, 503, 200]);
  });
});

describe('400s Concur says to resend, 429, and final statuses', () => {
  it('a database deadlock (400) is retried after deadlockDelayMs', async () => {
    const sim = await simulator();
    sim.faults.deadlock({ method: 'POST' });
    const { concur, waits, retries } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' }]);
    expect(result.items[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(waits).toEqual([DEADLOCK_DELAY_MS]);
    expect(retries).toEqual([{ attempt: 1, delayMs: DEADLOCK_DELAY_MS, reason: 'deadlock', method: 'POST', path: BATCH_PATH, error: 'BadRequestError' }]);
    expect(outcomes(sim)).toEqual([400, 200]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
  });

  it('a deadlock with Retry-After waits the Retry-After; exhausted, it is a retryable BadRequestError', async () => {
    const sim = await simulator();
    sim.faults.deadlock({ count: 1, retryAfterSeconds: 3 });
    sim.faults.deadlock({ count: 3 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.request({ method: 'GET', path: LISTS_PATH }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, attempts: 4, retryable: true });
    expect(error.message).toContain('database deadlock');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([3_000, DEADLOCK_DELAY_MS, DEADLOCK_DELAY_MS]);
  });

  it('the request-limit 400 is retried after delayMs', async () => {
    const sim = await simulator();
    sim.faults.requestLimit({ count: 2 });
    const { concur, waits, retries } = connect(sim);
    expect((await concur.users.get()).loginId).toBe('admin@example.com');
    expect(waits).toEqual([DELAY_MS, DELAY_MS]);
    expect(retries.map((event) => [event.reason, event.error])).toEqual([
      ['request-limit', 'BadRequestError'],
      ['request-limit', 'BadRequestError'],
    ]);
    expect(outcomes(sim)).toEqual([400, 400, 200]);
  });

  it('429 is retried: after Retry-After when given, else delayMs; exhausted, TooManyRequestsError', async () => {
    const sim = await simulator();
    sim.faults.tooManyRequests({ retryAfterSeconds: 3 });
    sim.faults.tooManyRequests();
    const { concur, waits, retries } = connect(sim);
    expect(await concur.attendees.listTypes()).toHaveLength(4);
    expect(waits).toEqual([3_000, DELAY_MS]);
    expect(retries.map((event) => event.reason)).toEqual(['too-many-requests', 'too-many-requests']);
    expect(outcomes(sim)).toEqual([429, 429, 200]);

    sim.faults.tooManyRequests({ count: 4 });
    const error = await rejection(concur.attendees.listTypes());
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({ status: 429, attempts: 4, retryable: true });
  });

  it('500 is final: one attempt, no wait', async () => {
    const sim = await simulator();
    sim.faults.serverError({ count: 2 });
    const { concur, waits, retries } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 500,
      attempts: 1,
      retryable: false,
      serverMessage: 'An unexpected error occurred while processing the request.',
      correlationId: sim.state.requests[0]?.correlationId,
    });
    expect(error.message).not.toContain('Gave up');
    expect(waits).toEqual([]);
    expect(retries).toEqual([]);
    expect(outcomes(sim)).toEqual([500]);
  });

  it('a plain 400 is final too', async () => {
    const sim = await simulator();
    sim.faults.status(400, { message: 'The request is not formatted correctly.' });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.attendees.listTypes());
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ attempts: 1, retryable: false, serverMessage: 'The request is not formatted correctly.' });
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([400]);
  });

  it('502 and 504 from the gateways are retried', async () => {
    const sim = await simulator();
    sim.faults.status(502);
    sim.faults.status(504);
    const { concur, retries } = connect(sim);
    expect((await concur.request({ method: 'GET', path: LISTS_PATH })).attempts).toBe(3);
    expect(retries.map((event) => [event.reason, event.error, event.delayMs])).toEqual([
      ['bad-gateway', 'ConcurApiError', DELAY_MS],
      ['gateway-timeout', 'ConcurApiError', DELAY_MS],
    ]);
    expect(outcomes(sim)).toEqual([502, 504, 200]);
  });
});

describe('an HTML maintenance page instead of Concur XML', () => {
  it('is still a 503: retried, then a ServiceUnavailableError with no Concur fields', async () => {
    const sim = await simulator();
    sim.faults.html({ count: 4, retryAfterSeconds: 1 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, attempts: 4, retryable: true, serverMessage: undefined, serverTime: undefined, errorId: undefined });
    const apiError = error as ServiceUnavailableError;
    expect(apiError.body).toContain('<h1>Service Unavailable</h1>');
    expect(apiError.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(apiError.correlationId).toBe(sim.state.requests.at(-1)?.correlationId);
    expect(error.message).toContain('Gave up after 4 attempts');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([1_000, 1_000, 1_000]);
  });

  it('once, then the real answer', async () => {
    const sim = await simulator();
    sim.faults.html();
    const { concur, waits } = connect(sim);
    expect(await concur.users.getFormFields()).toHaveLength(8);
    expect(waits).toEqual([DELAY_MS]);
    expect(outcomes(sim)).toEqual([503, 200]);
  });
});

describe('connection resets', () => {
  it('a reset before any answer is retried after delayMs', async () => {
    const sim = await simulator();
    sim.faults.reset();
    const { concur, waits, retries } = connect(sim);
    const response = await concur.request({ method: 'GET', path: LISTS_PATH });
    expect(response.attempts).toBe(2);
    expect(waits).toEqual([DELAY_MS]);
    expect(retries).toEqual([{ attempt: 1, delayMs: DELAY_MS, reason: 'network', method: 'GET', path: LISTS_PATH, error: 'ConcurNetworkError' }]);
    expect(outcomes(sim)).toEqual(['reset', 200]);
  });

  it('resets on every attempt: ConcurNetworkError ECONNRESET after the retries', async () => {
    const sim = await simulator();
    sim.faults.reset({ count: 4 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', attempts: 4, retryable: true });
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([DELAY_MS, DELAY_MS, DELAY_MS]);
    expect(outcomes(sim)).toEqual(['reset', 'reset', 'reset', 'reset']);
  });

  it('a create Concur processed before the reset: the item exists and the resent chunk reports 2004 with attempts 2', async () => {
    const sim = await simulator();
    sim.faults.reset({ method: 'POST', processed: true });
    const { concur, waits } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }]);
    expect(result.items).toEqual([
      { index: 0, input: { name: 'Oslo', level1Code: 'OSL' }, status: 'failed', code: '2004', message: 'The item already exists.', attempts: 2 },
    ]);
    expect(result.chunks[0]).toMatchObject({ attempts: 2, status: 'answered', recordsFailed: 1 });
    expect(waits).toEqual([DELAY_MS]);
    expect(sim.state.requests.map((entry) => [entry.outcome, entry.processed])).toEqual([
      ['reset', true],
      ['responded', true],
    ]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['OSL'])).toMatchObject({ name: 'Oslo', deleted: false });
  });

  it('an image upload (not idempotent) reset after Concur stored it is not sent again', async () => {
    const sim = await simulator();
    sim.faults.reset({ method: 'POST', processed: true });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.imaging.attachToReport('REPORT-1', Buffer.from('%PDF-1.4 page\n'), 'pdf'));
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', attempts: 1 });
    expect(error.message).toContain('It was not retried');
    expect(waits).toEqual([]);
    expect(sim.state.images.get('report', 'REPORT-1')?.bytes.toString('latin1')).toBe('%PDF-1.4 page\n');
  });

  const page = Buffer.from('%PDF-1.4 page\n');

  /**
   * Runs `fn` with nock's interception of Node's http module switched off (test/setup.ts turns it
   * on for every test file). Through nock's ClientRequest a request never reports
   * `reusedSocket`, which hides the keep-alive path of the transport that the next two tests
   * need: without nock, as in production, the second request below rides the first one's socket.
   * (test/client/request.test.ts does the same for the GET case.)
   */
  async function withoutNock<T>(fn: () => Promise<T>): Promise<T> {
    const active = nock.isActive();
    if (active) nock.restore();
    try {
      return await fn();
    } finally {
      if (active) nock.activate();
    }
  }

  // Regression: the transport resends only reads after a stale keep-alive reset, never a request
  // marked `idempotent: false` (an upload appended twice could not be undone).
  it('on a reused keep-alive connection, a reset after Concur stored an upload does not resend it', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    await withoutNock(async () => {
      await concur.listItems.getLists(); // leaves a keep-alive socket in the pool, reused below
      sim.faults.reset({ method: 'POST', processed: true });
      await concur.imaging.attachToReport('REPORT-1', page, 'pdf').catch(() => undefined);
    });
    expect(sim.state.requests.filter((entry) => entry.method === 'POST')).toHaveLength(1);
    expect(sim.state.images.get('report', 'REPORT-1')?.bytes.equals(page)).toBe(true);
  });

  // Regression: a POST reset on a reused socket goes to the retry policy, so its second send is
  // counted and the 2004 can be judged by `attempts`.
  it('on a reused keep-alive connection, a create resent after a processed reset reports attempts 2', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const result = await withoutNock(async () => {
      await concur.listItems.getLists();
      sim.faults.reset({ method: 'POST', processed: true });
      return concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }]);
    });
    expect(sim.state.requests.filter((entry) => entry.method === 'POST')).toHaveLength(2);
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '2004', attempts: 2 });
  });
});

describe('unusable 200 bodies', () => {
  it('a truncated 200 is a ConcurResponseError, not retried', async () => {
    const sim = await simulator();
    sim.faults.truncated();
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect(error).toMatchObject({ status: 200, attempts: 1, retryable: false, method: 'GET', path: LISTS_PATH });
    expect((error as ConcurResponseError).body).toContain('<lists');
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([200]);
  });

  it('a malformed 200 is a ConcurResponseError, not retried', async () => {
    const sim = await simulator();
    sim.faults.malformed();
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.users.get());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect(error).toMatchObject({ status: 200, attempts: 1 });
    expect(error.message).toContain('not usable XML');
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([200]);
  });

  it('a batch whose 200 cannot be read: its items are unknown (Concur did process them), not failed', async () => {
    const sim = await simulator();
    sim.faults.malformed({ method: 'POST' });
    const { concur, waits } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' }]);
    expect([result.succeeded, result.failed, result.unknown]).toEqual([0, 0, 1]);
    expect(result.items[0]).toMatchObject({ status: 'unknown', code: 'ConcurResponseError', attempts: 1 });
    expect(result.chunks[0]?.error).toBeInstanceOf(ConcurResponseError);
    expect(waits).toEqual([]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
  });

  // Regression: a 200 cut off by a dropped connection is a broken connection (retried), not an HTTP
  // error status.
  it('a 200 whose connection drops half-way through the body is a broken connection: retried, and the resend meets 2004', async () => {
    const sim = await simulator();
    sim.faults.truncated({ method: 'POST', abort: true });
    const { concur } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' }]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
    expect(result.chunks[0]?.error).toBeUndefined();
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '2004', attempts: 2 });
  });
});

describe('time-outs (noResponse), with fake timers', () => {
  /** Lets real socket I/O run while the timers stay fake. */
  async function settleIo(rounds = 20): Promise<void> {
    for (let round = 0; round < rounds; round += 1) await new Promise((resolve) => setImmediate(resolve));
  }

  it('no answer within timeoutMs: ConcurTimeoutError, retried after delayMs, then the answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse();
    const { concur, waits, retries } = connect(sim, { timeoutMs: 30_000 });
    const pending = concur.listItems.getLists();
    await sim.waitForRequests(1);
    await vi.advanceTimersByTimeAsync(30_000);
    const lists = await pending;
    expect(lists.map((list) => list.name)).toEqual(['Cities']);
    expect(waits).toEqual([DELAY_MS]);
    expect(retries).toEqual([{ attempt: 1, delayMs: DELAY_MS, reason: 'timeout', method: 'GET', path: LISTS_PATH, error: 'ConcurTimeoutError' }]);
    expect(outcomes(sim)).toEqual(['no-response', 200]);
  });

  it('every attempt silent: ConcurTimeoutError with the limit, the attempts and the support address', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse({ count: 2 });
    const { concur, waits } = connect(sim, { timeoutMs: 30_000, retry: { retries: 1, delayMs: DELAY_MS } });
    const pending = rejection(concur.request({ method: 'GET', path: LISTS_PATH }));
    await sim.waitForRequests(1);
    await vi.advanceTimersByTimeAsync(30_000);
    await sim.waitForRequests(2);
    await settleIo();
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await pending;
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 30_000, attempts: 2, retryable: true, method: 'GET', path: LISTS_PATH });
    expect(error.message).toContain('Gave up after 2 attempts');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([DELAY_MS]);
  });

  it('a create that timed out after Concur processed it is resent and meets 2004, with attempts 2 to say so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse({ method: 'POST', processed: true });
    const { concur, waits, retries } = connect(sim, { timeoutMs: 30_000 });
    const pending = concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }]);
    await sim.waitForRequests(1);
    expect(sim.state.lists.get(CITIES_ID)?.item(['OSL'])?.name).toBe('Oslo');
    await vi.advanceTimersByTimeAsync(30_000);
    const result = await pending;
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '2004', attempts: 2 });
    expect(retries.map((event) => [event.reason, event.method])).toEqual([['timeout', 'POST']]);
    expect(waits).toEqual([DELAY_MS]);
    expect(outcomes(sim)).toEqual(['no-response', 200]);
  });

  it('a silent image upload is not sent again: Concur may have stored it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sim = await simulator();
    sim.faults.noResponse({ method: 'POST', processed: true });
    const { concur, waits } = connect(sim, { timeoutMs: 30_000 });
    const pending = rejection(concur.imaging.uploadReceipt(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'png'));
    await sim.waitForRequests(1);
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await pending;
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(error.message).toContain('It was not retried');
    expect(waits).toEqual([]);
    expect(sim.state.images.size).toBe(1);
    expect(sim.state.requests).toHaveLength(1);
  });
});

describe('token expiry', () => {
  it('an expired OAuth2 token (403) is refreshed through the token endpoint and the request sent again', async () => {
    const sim = await simulator();
    const refreshed: RefreshedTokens[] = [];
    const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url, onRefresh: (tokens) => void refreshed.push(tokens) });
    const { concur, waits } = connect(sim, { accessToken });

    expect((await concur.listItems.getLists()).map((list) => list.id)).toEqual([CITIES_ID]);
    const issued = refreshed[0];
    if (issued === undefined) throw new Error('no token was issued');
    expect(sim.state.tokens.status(issued.accessToken)).toBe('valid');
    expect(sim.state.tokens.hasRefreshToken(SIMULATOR_OAUTH.refreshToken)).toBe(false);
    expect(sim.state.tokens.hasRefreshToken(issued.refreshToken)).toBe(true);

    sim.state.tokens.expire(issued.accessToken);
    const response = await concur.request({ method: 'GET', path: LISTS_PATH });
    expect(response.attempts).toBe(2);
    expect(refreshed).toHaveLength(2);
    const renewed = refreshed[1];
    expect(renewed?.accessToken).not.toBe(issued.accessToken);
    expect(sim.state.tokens.status(renewed?.accessToken ?? '')).toBe('valid');
    expect(sim.state.tokens.status(issued.accessToken)).toBe('expired');
    expect(sim.state.tokens.hasRefreshToken(issued.refreshToken)).toBe(false);
    expect(sim.state.requests.map((entry) => `${entry.method} ${entry.path} ${String(entry.status)}`)).toEqual([
      'POST /oauth2/v0/token 200',
      'GET /api/expense/list/v1.0/ 200',
      'GET /api/expense/list/v1.0/ 403',
      'POST /oauth2/v0/token 200',
      'GET /api/expense/list/v1.0/ 200',
    ]);
    // A refresh is not a retry wait.
    expect(waits).toEqual([]);
  });

  it('a revoked token is refreshed too, also in the middle of a batch', async () => {
    const sim = await simulator();
    const refreshed: string[] = [];
    const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url, onRefresh: (tokens) => void refreshed.push(tokens.accessToken) });
    const { concur } = connect(sim, { accessToken });
    await concur.attendees.listTypes();
    sim.state.tokens.revoke(refreshed[0] ?? '');
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' }]);
    expect(result.items[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(refreshed).toHaveLength(2);
    expect(sim.state.requests.map((entry) => entry.status)).toEqual([200, 200, 403, 200, 200]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
  });

  it('several requests refused with the same expired token share one refresh', async () => {
    const sim = await simulator();
    const refreshed: string[] = [];
    const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url, onRefresh: (tokens) => void refreshed.push(tokens.accessToken) });
    const { concur } = connect(sim, { accessToken });
    await concur.users.get();
    sim.state.tokens.expire(refreshed[0] ?? '');
    const answers = await Promise.all([concur.listItems.getLists(), concur.attendees.listTypes(), concur.users.getFormFields()]);
    expect(answers.map((answer) => answer.length)).toEqual([1, 4, 8]);
    expect(refreshed).toHaveLength(2);
    const tokenRequests = sim.state.requests.filter((entry) => entry.path === '/oauth2/v0/token');
    expect(tokenRequests.map((entry) => entry.status)).toEqual([200, 200]);
    expect(sim.state.requests.filter((entry) => entry.status === 403)).toHaveLength(3);
  });

  it('a maintenance 503 of the token endpoint fails the attempt, which the policy retries', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ path: '/oauth2/v0/token', retryAfterSeconds: 5 });
    const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url });
    const { concur, waits, retries } = connect(sim, { accessToken });
    const response = await concur.request({ method: 'GET', path: LISTS_PATH });
    expect(response.attempts).toBe(2);
    expect(waits).toEqual([5_000]);
    expect(retries.map((event) => [event.reason, event.error])).toEqual([['service-unavailable', 'ServiceUnavailableError']]);
    expect(sim.state.requests.map((entry) => `${entry.path} ${String(entry.status)}`)).toEqual(['/oauth2/v0/token 503', '/oauth2/v0/token 200', '/api/expense/list/v1.0/ 200']);
  });

  it('a fixed token that expired cannot be refreshed: ForbiddenError at once', async () => {
    const sim = await simulator();
    sim.state.tokens.expire(SIMULATOR_TOKEN);
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, attempts: 1, retryable: false, serverMessage: 'The OAuth token has expired.' });
    expect(error.message).not.toContain(SIMULATOR_TOKEN);
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([403]);
  });
});

describe('aborting during a retry wait', () => {
  it('settles at once with ConcurAbortError, with the default 5-minute wait and the real sleep', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ probability: 1 });
    let waiting: () => void = () => undefined;
    const retryScheduled = new Promise<void>((resolve) => (waiting = resolve));
    // Default retry options and the client's own timer: an abort must cut the 300 s wait.
    const concur = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, onRetry: () => waiting() });
    const controller = new AbortController();
    const pending = rejection(concur.listItems.getLists({ signal: controller.signal }));
    await retryScheduled;
    controller.abort(new Error('shutting down'));
    const error = await pending;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ method: 'GET', path: LISTS_PATH, attempts: 1 });
    expect(error.cause).toEqual(new Error('shutting down'));
    expect(outcomes(sim)).toEqual([503]);
  });

  it('settles at once even when an injected sleep never returns; a batch stops before its next chunk', async () => {
    const sim = await simulator();
    sim.faults.deadlock({ method: 'POST', probability: 1 });
    const asked: number[] = [];
    let sleeping: () => void = () => undefined;
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const concur = new ConcurClient({
      baseUrl: sim.url,
      accessToken: SIMULATOR_TOKEN,
      retry: { deadlockDelayMs: DEADLOCK_DELAY_MS },
      sleep: (ms) => {
        asked.push(ms);
        sleeping();
        return new Promise<void>(() => undefined);
      },
    });
    const controller = new AbortController();
    const items = Array.from({ length: 3 }, (_, index) => ({ name: `Item ${index}`, level1Code: `AB${index}` }));
    const pending = rejection(concur.listItems.create(CITIES_ID, items, { chunkSize: 1, signal: controller.signal }));
    await asleep;
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(asked).toEqual([DEADLOCK_DELAY_MS]);
    expect(sim.state.requests.map((entry) => `${entry.method} ${String(entry.status)}`)).toEqual(['POST 400']);
    expect(sim.state.lists.get(CITIES_ID)?.size).toBe(5);
  });
});

describe('uploads (idempotent: false) and the failures that say Concur did nothing', () => {
  it('a 503 on an upload is retried (Concur did not process it) and the image is stored once', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ method: 'POST' });
    const { concur, waits } = connect(sim);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 8, 7]);
    const uploaded = await concur.imaging.uploadReceipt(png, 'image/png');
    expect(waits).toEqual([DELAY_MS]);
    expect(sim.state.images.all().map((image) => image.id)).toEqual([uploaded.id]);
    expect(outcomes(sim)).toEqual([503, 201]);
  });

  it('a 502 on an upload that Concur processed is not retried', async () => {
    const sim = await simulator();
    sim.faults.status(502, { method: 'POST', processed: true });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.imaging.attachToReport('REPORT-2', Buffer.from('%PDF-1.4 x\n'), 'pdf'));
    expect(error).toBeInstanceOf(ConcurApiError);
    expect(error).toMatchObject({ status: 502, attempts: 1, retryable: true });
    expect(error.message).toContain('It was not retried');
    expect(waits).toEqual([]);
    expect(sim.state.images.get('report', 'REPORT-2')?.bytes.toString('latin1')).toBe('%PDF-1.4 x\n');
  });
});
