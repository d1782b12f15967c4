import type http from 'node:http';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConcurAbortError, ConcurClient, refreshTokenProvider } from '../../src/index.js';
import { bodyOf, startRawServer, type RawServer } from '../support/raw-server.js';

// Issue "Hardening", aborts and shared refreshes (7, 8) and the socket limit (14), over real
// local sockets.

const servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<RawServer> {
  const started = await startRawServer(handler);
  servers.push(started);
  return started;
}

/** A token endpoint that holds every refresh until `release()`; it counts refreshes and hang-ups. */
async function heldTokenEndpoint(): Promise<{ url: string; refreshes: () => number; hungUp: () => number; release: () => void }> {
  let refreshes = 0;
  let hungUp = 0;
  const held: Array<() => void> = [];
  const endpoint = await server((req, res) => {
    void bodyOf(req).then(() => {
      if (req.url === '/oauth2/v0/token') {
        refreshes += 1;
        res.on('close', () => {
          if (!res.writableFinished) hungUp += 1;
        });
        held.push(() => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ access_token: `access-token-${refreshes}-abcdef`, refresh_token: 'refresh-next-abcdef', expires_in: 3600 }));
        });
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<ok/>');
    });
  });
  return {
    url: endpoint.url,
    refreshes: () => refreshes,
    hungUp: () => hungUp,
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
  };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('a shared refresh belongs to no single caller', () => {
  // Regression: the first caller's abort cancelled the refresh for every caller waiting on it.
  it("the first caller's abort settles only that caller; the others get the refreshed token", async () => {
    const endpoint = await heldTokenEndpoint();
    const accessToken = refreshTokenProvider({ clientId: 'app', clientSecret: 'client-secret-123', refreshToken: 'refresh-0-abcdef', baseUrl: endpoint.url });
    const concur = new ConcurClient({ baseUrl: endpoint.url, accessToken, retry: false });
    const first = new AbortController();
    const calls = [
      concur.request({ method: 'GET', path: '/api/a', signal: first.signal }),
      concur.request({ method: 'GET', path: '/api/b' }),
      concur.request({ method: 'GET', path: '/api/c', signal: new AbortController().signal }),
    ];
    await until(() => endpoint.refreshes() === 1);
    first.abort(new Error('user pressed Ctrl-C'));
    await expect(calls[0]).rejects.toBeInstanceOf(ConcurAbortError);
    endpoint.release();
    const [b, c] = await Promise.all([calls[1], calls[2]]);
    expect([b?.status, c?.status]).toEqual([200, 200]);
    expect(endpoint.refreshes()).toBe(1);
    expect(endpoint.hungUp()).toBe(0);
  });

  it('the refresh is cancelled once no caller waits for it any more', async () => {
    const endpoint = await heldTokenEndpoint();
    const accessToken = refreshTokenProvider({ clientId: 'app', clientSecret: 'client-secret-123', refreshToken: 'refresh-0-abcdef', baseUrl: endpoint.url });
    const concur = new ConcurClient({ baseUrl: endpoint.url, accessToken, retry: false });
    const one = new AbortController();
    const two = new AbortController();
    const calls = [concur.request({ method: 'GET', path: '/api/a', signal: one.signal }), concur.request({ method: 'GET', path: '/api/b', signal: two.signal })];
    await until(() => endpoint.refreshes() === 1);
    one.abort();
    await expect(calls[0]).rejects.toBeInstanceOf(ConcurAbortError);
    expect(endpoint.hungUp()).toBe(0);
    two.abort();
    await expect(calls[1]).rejects.toBeInstanceOf(ConcurAbortError);
    await until(() => endpoint.hungUp() === 1);
  });
});

describe('an access-token function that ignores the signal', () => {
  // Regression: the call stayed pending for as long as the function did (here: forever).
  it('an abort settles the call at once with ConcurAbortError', async () => {
    const local = await server((_req, res) => res.writeHead(200).end());
    const asked: AbortSignal[] = [];
    const concur = new ConcurClient({
      baseUrl: local.url,
      accessToken: (context) => {
        if (context.signal) asked.push(context.signal);
        return new Promise<string>(() => undefined);
      },
    });
    const controller = new AbortController();
    const call = concur.request({ method: 'GET', path: '/api/x', signal: controller.signal });
    await until(() => asked.length === 1);
    controller.abort();
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: false });
    expect(local.requests).toBe(0);
  });
});

describe('the socket limit', () => {
  // nock's interceptor opens a new socket per request, bypassing the agent's pool: these tests
  // count real connections, so nock is switched off for them.
  beforeAll(() => nock.restore());
  afterAll(() => nock.activate());

  // Regression: 1,000 concurrent calls opened about 1,000 sockets.
  it.each([
    [undefined, 16],
    [4, 4],
  ])('1,000 concurrent calls with maxSockets %s open at most %i connections and all succeed', async (maxSockets, limit) => {
    let inFlight = 0;
    let maxInFlight = 0;
    const local = await server((_req, res) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setImmediate(() => {
        inFlight -= 1;
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<ok/>');
      });
    });
    const concur = new ConcurClient({ baseUrl: local.url, accessToken: 'socket-limit-token', ...(maxSockets === undefined ? {} : { maxSockets }) });
    const results = await Promise.all(Array.from({ length: 1_000 }, (_, i) => concur.request({ method: 'GET', path: `/api/item/${i}` })));
    expect(results.every((response) => response.status === 200)).toBe(true);
    expect(local.requests).toBe(1_000);
    expect(local.maxOpen).toBeLessThanOrEqual(limit);
    expect(local.connections).toBeLessThanOrEqual(limit);
    expect(maxInFlight).toBeLessThanOrEqual(limit);
  });

  it('a call waiting for a free place and aborted there was never sent', async () => {
    const held: http.ServerResponse[] = [];
    const local = await server((_req, res) => held.push(res));
    const concur = new ConcurClient({ baseUrl: local.url, accessToken: 'socket-limit-token', maxSockets: 1, retry: false });
    const busy = concur.request({ method: 'GET', path: '/api/busy' });
    await until(() => held.length === 1);
    const controller = new AbortController();
    const waiting = concur.request({ method: 'GET', path: '/api/waiting', signal: controller.signal });
    controller.abort();
    const error = await waiting.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ConcurAbortError', mayHaveBeenProcessed: false });
    held[0]?.writeHead(200).end();
    await busy;
    expect(local.requests).toBe(1);
  });
});
