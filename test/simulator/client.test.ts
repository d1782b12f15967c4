import { describe, expect, it } from 'vitest';
import { ConcurAbortError, ConcurClient, refreshTokenProvider, ServiceUnavailableError, type ClientOptions } from '../../src/index.js';
import { SIMULATOR_OAUTH, SIMULATOR_TOKEN, type Simulator } from '../../src/simulator/index.js';
import { CITIES_ID, simulator } from './helpers.js';

// End-to-end: the SDK's own client against the simulator on a real local port.

function client(sim: Simulator, options: Partial<ClientOptions> = {}): { concur: ConcurClient; delays: number[] } {
  const delays: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    delays.push(ms);
    return Promise.resolve();
  };
  return { concur: new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, sleep, retry: { delayMs: 10 }, ...options }), delays };
}

describe('ConcurClient against the simulator', () => {
  it('reads lists and items and creates items with per-item outcomes', async () => {
    const sim = await simulator();
    const { concur } = client(sim);
    const [cities] = await concur.listItems.getLists();
    expect(cities).toMatchObject({ id: CITIES_ID, name: 'Cities', levels: 2 });
    const children = await concur.listItems.getItems(CITIES_ID, { parentCode: 'FR' });
    expect(children).toEqual([expect.objectContaining({ name: 'Paris', level1Code: 'FR', level2Code: 'PAR' })]);
    const result = await concur.listItems.create(CITIES_ID, [
      { name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' },
      { name: 'Paris again', level1Code: 'FR', level2Code: 'PAR' },
    ]);
    expect([result.succeeded, result.failed, result.unknown]).toEqual([1, 1, 0]);
    expect(result.items[1]).toMatchObject({ status: 'failed', code: '2004' });
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
  });

  it('retries through a maintenance window, honouring Retry-After, and the log shows every attempt', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ count: 2, retryAfterSeconds: 7 });
    const { concur, delays } = client(sim);
    const lists = await concur.listItems.getLists();
    expect(lists).toHaveLength(1);
    expect(delays).toEqual([7_000, 7_000]);
    expect(sim.state.requests.map((entry) => entry.status)).toEqual([503, 503, 200]);
  });

  it('gives up with ServiceUnavailableError when maintenance outlasts the retries', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ probability: 1 });
    const { concur } = client(sim, { retry: { retries: 2, delayMs: 10 } });
    await expect(concur.listItems.getLists()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(sim.state.requests).toHaveLength(3);
  });

  it('a create answered by silence after Concur processed it: aborted, yet the item exists, and a resend meets 2004', async () => {
    const sim = await simulator();
    const { concur } = client(sim);
    sim.faults.noResponse({ method: 'POST', processed: true });
    const controller = new AbortController();
    const sent = concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }], { signal: controller.signal });
    await sim.waitForRequests(1);
    controller.abort();
    await expect(sent).rejects.toBeInstanceOf(ConcurAbortError);
    expect(sim.state.lists.get(CITIES_ID)?.item(['OSL'])?.name).toBe('Oslo');
    const again = await concur.listItems.create(CITIES_ID, [{ name: 'Oslo', level1Code: 'OSL' }]);
    expect(again.items[0]).toMatchObject({ status: 'failed', code: '2004' });
  });

  it('refreshes an expired OAuth2 token through the simulated token endpoint', async () => {
    const sim = await simulator();
    const refreshed: string[] = [];
    const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url, onRefresh: (tokens) => void refreshed.push(tokens.refreshToken) });
    const { concur } = client(sim, { accessToken });
    await concur.listItems.getLists();
    const firstToken = sim.state.tokens.all().find((record) => record.token.startsWith('sim-access-'));
    if (firstToken === undefined) throw new Error('no token was issued');
    sim.state.tokens.expire(firstToken.token);
    await concur.listItems.getLists();
    expect(refreshed).toHaveLength(2);
    expect(sim.state.tokens.hasRefreshToken(SIMULATOR_OAUTH.refreshToken)).toBe(false);
    expect(sim.state.requests.map((entry) => [entry.path, entry.status])).toEqual([
      ['/oauth2/v0/token', 200],
      ['/api/expense/list/v1.0/', 200],
      ['/api/expense/list/v1.0/', 403],
      ['/oauth2/v0/token', 200],
      ['/api/expense/list/v1.0/', 200],
    ]);
  });
});
