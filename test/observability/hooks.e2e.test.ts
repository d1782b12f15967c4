import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurClient, ConcurTimeoutError, ServiceUnavailableError, type RequestEvent, type ResponseEvent } from '../../src/index.js';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { leakedSecrets } from '../support/reachable-strings.js';

// Issue "Observability": onRequest / onResponse over real sockets against the simulator, and the
// per-call timeoutMs / retry / signal settings.

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator();
  sims.push(sim);
  return sim;
}

function watched(sim: Simulator, options: Partial<ConstructorParameters<typeof ConcurClient>[0]> = {}) {
  const requests: RequestEvent[] = [];
  const responses: ResponseEvent[] = [];
  const waits: number[] = [];
  const concur = new ConcurClient({
    baseUrl: sim.url,
    accessToken: SIMULATOR_TOKEN,
    retry: { delayMs: 5 },
    sleep: async (ms) => void waits.push(ms),
    onRequest: (event) => void requests.push(event),
    onResponse: (event) => void responses.push(event),
    ...options,
  });
  return { concur, requests, responses, waits };
}

const LISTS = '/api/expense/list/v1.0/';

describe('onRequest and onResponse', () => {
  it('a call that retries twice: three attempts, one requestId, each answered with its status and correlation id', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ count: 2 });
    const { concur, requests, responses, waits } = watched(sim);
    const result = await concur.listItems.getLists();
    expect(result.length).toBeGreaterThan(0);
    expect(waits).toEqual([5, 5]);
    expect(requests.map((event) => [event.method, event.path, event.attempt])).toEqual([
      ['GET', LISTS, 1],
      ['GET', LISTS, 2],
      ['GET', LISTS, 3],
    ]);
    const ids = new Set([...requests, ...responses].map((event) => event.requestId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(responses.map((event) => [event.attempt, event.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    for (const event of responses) {
      expect(event.correlationId).toMatch(/\S/);
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(event.bytes).toBeGreaterThan(0);
      expect(event.error).toBeUndefined();
    }
    // The simulator logged the same correlation ids it answered with.
    expect(responses.map((event) => event.correlationId)).toEqual(sim.state.requests.map((entry) => entry.correlationId));
  });

  it('each call has its own requestId', async () => {
    const sim = await simulator();
    const { concur, requests } = watched(sim);
    await concur.listItems.getLists();
    await concur.listItems.getLists();
    expect(new Set(requests.map((event) => event.requestId)).size).toBe(2);
  });

  it('an attempt without an answer reports its error instead of a status; events carry no header, body or token', async () => {
    const sim = await simulator();
    sim.faults.reset({ count: 1 });
    const { concur, responses } = watched(sim);
    await concur.users.get();
    expect(responses[0]).toMatchObject({ attempt: 1, error: { name: 'ConcurNetworkError' } });
    expect(responses[0]).not.toHaveProperty('status');
    expect(responses[1]).toMatchObject({ attempt: 2, status: 200 });
    for (const event of responses) {
      expect(Object.keys(event).sort()).toEqual(
        event.error === undefined
          ? ['attempt', 'bytes', 'correlationId', 'durationMs', 'method', 'path', 'requestId', 'status']
          : ['attempt', 'durationMs', 'error', 'method', 'path', 'requestId'],
      );
    }
    expect(leakedSecrets(responses, [SIMULATOR_TOKEN])).toEqual([]);
  });

  it('a hook that throws does not break the call, and is reported once through process.emitWarning', async () => {
    const sim = await simulator();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const concur = new ConcurClient({
      baseUrl: sim.url,
      accessToken: SIMULATOR_TOKEN,
      onRequest: () => {
        throw new Error('logger down');
      },
      onResponse: async () => Promise.reject(new Error('sink closed')),
    });
    await concur.listItems.getLists();
    await concur.listItems.getLists();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('onRequest hook threw (Error: logger down)');
  });
});

describe('per-call settings win over the client for that call only', () => {
  it('timeoutMs: a call with a short limit times out while the client keeps its own', async () => {
    const sim = await simulator();
    sim.faults.noResponse({ count: 1 });
    const { concur, responses } = watched(sim, { timeoutMs: 60_000, retry: false });
    const error = await concur.users.get(undefined, { timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, attempts: 1 });
    expect(responses[0]?.error?.name).toBe('ConcurTimeoutError');
    // The next call runs under the client's 60 s (the simulator answers it at once).
    await expect(concur.users.get()).resolves.toMatchObject({ loginId: expect.any(String) });
  });

  it('retry: false sends once; a retry override replaces only the fields it names', async () => {
    const sim = await simulator();
    const { concur, requests, waits } = watched(sim, { retry: { retries: 3, delayMs: 7 } });
    sim.faults.maintenance({ count: 1 });
    const once = await concur.listItems.getLists({ retry: false }).catch((caught: unknown) => caught);
    expect(once).toBeInstanceOf(ServiceUnavailableError);
    expect(once).toMatchObject({ attempts: 1 });
    sim.faults.maintenance({ count: 2 });
    await concur.request({ method: 'GET', path: LISTS, retry: { delayMs: 11 } });
    expect(waits).toEqual([11, 11]);
    sim.faults.maintenance({ count: 1 });
    await concur.listItems.getLists();
    expect(waits).toEqual([11, 11, 7]);
    expect(requests.filter((event) => event.attempt === 1)).toHaveLength(3);
  });

  it('refuses bad per-call values with a ConcurValidationError before sending', async () => {
    const sim = await simulator();
    const { concur } = watched(sim);
    await expect(concur.request({ method: 'GET', path: LISTS, timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be a whole number from 1/);
    await expect(concur.request({ method: 'GET', path: LISTS, retry: { retries: -1 } })).rejects.toThrow(/retry.retries must be a whole number of 0 or more/);
    expect(sim.state.requests).toHaveLength(0);
  });
});
