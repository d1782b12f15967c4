import { afterEach, describe, expect, it } from 'vitest';
import { ConcurAbortError, ConcurClient, ForbiddenError, refreshTokenProvider, type RefreshedTokens } from '../../src/index.js';
import { SIMULATOR_OAUTH, SIMULATOR_TOKEN } from '../../src/simulator/index.js';
import { DEADLOCK_DELAY_MS, LISTS_PATH, connect, outcomes } from './retry-support.js';
import { CITIES_ID, closeSimulators, rejection, simulator } from './support.js';

// End-to-end: Concur's retry policy against faults the simulator injects on a real local socket.
// Every wait goes through an injected sleep that records it and resolves at once, so the waits
// asserted below are the ones the client chose, not time that passed. Shared setup: ./support.ts
// and ./retry-support.ts.

afterEach(closeSimulators);

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
