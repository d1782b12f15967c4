import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_TOKEN } from '../../src/simulator/index.js';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { call, manualClock, root, simulator, text } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;
const LISTS = '/api/expense/list/v1.0/';

/** A POST sent with Transfer-Encoding: chunked, which fetch cannot be made to do for a string. */
function postChunked(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/api/expense/list/v1.0/x/batch?type=create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/xml', 'Transfer-Encoding': 'chunked' },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.write('<list-item-batch>');
    request.end('</list-item-batch>');
  });
}

describe('simulator server: authorization', () => {
  it('answers 401 without an Authorization header, in Concur error format', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', LISTS, { token: null });
    expect(response.status).toBe(401);
    const body = parseErrorBody(response.text);
    expect(body.message).toMatch(/Authorization header is missing/);
    expect(body.serverTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(body.id).toMatch(GUID);
  });

  it('accepts both the Bearer and the OAuth scheme', async () => {
    const sim = await simulator();
    expect((await call(sim, 'GET', LISTS, { scheme: 'Bearer' })).status).toBe(200);
    expect((await call(sim, 'GET', LISTS, { scheme: 'OAuth' })).status).toBe(200);
    expect((await call(sim, 'GET', LISTS, { scheme: 'oauth' })).status).toBe(200);
  });

  it('answers 403 for an unknown token or an unusable header', async () => {
    const sim = await simulator();
    const unknown = await call(sim, 'GET', LISTS, { token: 'nobody-knows-me' });
    expect(unknown.status).toBe(403);
    expect(parseErrorBody(unknown.text).message).toMatch(/not valid/);
    const basic = await call(sim, 'GET', LISTS, { scheme: 'Basic' });
    expect(basic.status).toBe(403);
    expect(parseErrorBody(basic.text).message).toMatch(/failed validation/);
  });

  it('signals expiry with a 403 whose message says the token expired, by the clock', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now });
    sim.state.tokens.add('short-lived', { expiresInMs: 60_000 });
    expect((await call(sim, 'GET', LISTS, { token: 'short-lived' })).status).toBe(200);
    clock.advance(60_000);
    const expired = await call(sim, 'GET', LISTS, { token: 'short-lived' });
    expect(expired.status).toBe(403);
    expect(parseErrorBody(expired.text).message).toMatch(/expired/);
    sim.state.tokens.expire(SIMULATOR_TOKEN);
    expect((await call(sim, 'GET', LISTS)).status).toBe(403);
  });

  it('refuses a revoked token with a 403 that says so', async () => {
    const sim = await simulator();
    sim.state.tokens.add('to-revoke');
    sim.state.tokens.revoke('to-revoke');
    const response = await call(sim, 'GET', LISTS, { token: 'to-revoke' });
    expect(response.status).toBe(403);
    expect(parseErrorBody(response.text).message).toMatch(/revoked/);
    expect(sim.state.tokens.status('to-revoke')).toBe('revoked');
  });

  it('honours tokens and expiries from the seed', async () => {
    const sim = await simulator({ seed: { tokens: [{ token: 'old', expiresAt: '2020-01-01T00:00:00Z' }, { token: 'fresh' }] } });
    expect((await call(sim, 'GET', LISTS, { token: 'old' })).status).toBe(403);
    expect((await call(sim, 'GET', LISTS, { token: 'fresh' })).status).toBe(200);
  });
});

describe('simulator server: protocol rules', () => {
  it('refuses chunked Transfer-Encoding with a 400, as Concur does', async () => {
    const sim = await simulator();
    const response = await postChunked(sim.url, SIMULATOR_TOKEN);
    expect(response.status).toBe(400);
    expect(parseErrorBody(response.body).message).toMatch(/Chunked Transfer-Encoding is not supported/);
    expect(sim.state.requests[0]?.headers['transfer-encoding']).toBe('chunked');
  });

  it('puts a UUID concur-correlationid on every response, errors and control endpoints included', async () => {
    const sim = await simulator();
    const responses = [
      await call(sim, 'GET', LISTS),
      await call(sim, 'GET', LISTS, { token: null }),
      await call(sim, 'GET', '/no/such/path'),
      await call(sim, 'GET', '/_simulator/state'),
    ];
    const ids = responses.map((response) => response.headers.get('concur-correlationid') ?? '');
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(4);
  });

  it('answers 404 for an unknown path and 405 for a wrong method, with Concur error bodies', async () => {
    const sim = await simulator();
    const missing = await call(sim, 'GET', '/api/expense/nothing/v1.0/');
    expect(missing.status).toBe(404);
    expect(parseErrorBody(missing.text).message).toMatch(/URI is invalid/);
    const wrong = await call(sim, 'DELETE', LISTS);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('matches literal path segments in any case and with or without a trailing slash', async () => {
    const sim = await simulator();
    for (const path of ['/api/user/v1.0/User/', '/api/user/v1.0/user', '/API/USER/V1.0/USER']) {
      const response = await call(sim, 'GET', path);
      expect(response.status, path).toBe(200);
      expect(text(root(response.text, 'UserProfile'), 'LoginId')).toBe('admin@example.com');
    }
    expect((await call(sim, 'GET', '/api/expense/list/v1.0')).status).toBe(200);
  });

  it('always sends Content-Length, never a chunked response', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', LISTS);
    expect(Number(response.headers.get('content-length'))).toBe(response.bytes.length);
    expect(response.headers.get('transfer-encoding')).toBeNull();
  });
});

describe('simulator server: request log', () => {
  it('records method, path, query, status and headers without the token or the body', async () => {
    const sim = await simulator();
    await call(sim, 'GET', `${LISTS}?probe=1`, { headers: { 'X-Test': 'yes' } });
    await call(sim, 'POST', '/api/expense/list/v1.0/nope/batch?type=create', { body: '<secret-body>payload</secret-body>' });
    const [first, second] = sim.state.requests;
    expect(first).toMatchObject({ sequence: 1, method: 'GET', path: LISTS, query: { probe: '1' }, status: 200, outcome: 'responded', processed: true });
    expect(first?.headers['x-test']).toBe('yes');
    expect(first?.headers['authorization']).toBe('Bearer [redacted]');
    expect(second).toMatchObject({ method: 'POST', status: 404, fault: undefined });
    expect(JSON.stringify(sim.state.requests)).not.toContain(SIMULATOR_TOKEN);
    expect(JSON.stringify(sim.state.requests)).not.toContain('payload');
  });

  it('keeps only the last requestLogLimit entries but counts them all', async () => {
    const sim = await simulator({ requestLogLimit: 3 });
    for (let index = 0; index < 5; index += 1) await call(sim, 'GET', `${LISTS}?n=${index}`);
    expect(sim.state.requests.map((entry) => entry.query['n'])).toEqual(['2', '3', '4']);
    expect(sim.state.log.total).toBe(5);
  });

  it('resolves waitForRequests once that many requests were handled', async () => {
    const sim = await simulator();
    const waiting = sim.waitForRequests(2);
    let done = false;
    void waiting.then(() => {
      done = true;
    });
    await call(sim, 'GET', LISTS);
    await Promise.resolve();
    expect(done).toBe(false);
    await call(sim, 'GET', LISTS);
    await waiting;
    expect(sim.state.log.total).toBe(2);
  });

  it('leaves the control endpoints out of the log', async () => {
    const sim = await simulator();
    await call(sim, 'GET', '/_simulator/state', { token: null });
    expect(sim.state.requests).toHaveLength(0);
  });
});
