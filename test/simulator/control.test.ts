import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { call, simulator } from './helpers.js';

async function control(sim: Simulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sim.url}/_simulator${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

describe('control endpoints', () => {
  it('GET /_simulator/state summarises the state without a token', async () => {
    const sim = await simulator();
    const { status, json } = await control(sim, 'GET', '/state');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      lists: [{ name: 'Cities', levels: 2, items: 5, deletedItems: 0 }],
      users: { count: 1, loginIds: ['admin@example.com'] },
      extract: [{ name: 'Standard Accounting Extract', jobs: [] }],
      paymentBatches: [
        { name: 'Expense Pay batch', status: 'OPEN', count: 2, total: 199.75 },
        { name: 'Empty batch', status: 'OPEN', count: 0 },
      ],
      tokens: [{ token: 'concur-simulator-token', status: 'valid', loginId: 'admin@example.com' }],
      requests: { total: 0, kept: 0 },
    });
  });

  it('POST /_simulator/faults schedules faults from JSON (one or many, CLI spellings too)', async () => {
    const sim = await simulator();
    const added = await control(sim, 'POST', '/faults', [
      { kind: 'maintenance', count: 2, retryAfterSeconds: 5, path: '/api/expense/**' },
      { kind: 'no-response', method: 'POST', processed: 'true' },
    ]);
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ added: [{ id: 'fault-1', kind: 'maintenance', remaining: 2 }, { id: 'fault-2', kind: 'noResponse', processed: true }] });
    const response = await call(sim, 'GET', '/api/expense/list/v1.0/');
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5']);
    expect((await control(sim, 'GET', '/faults')).json).toMatchObject([{ id: 'fault-1', hits: 1, remaining: 1 }, { id: 'fault-2' }]);
    expect((await control(sim, 'DELETE', '/faults/fault-2')).status).toBe(200);
    expect((await control(sim, 'DELETE', '/faults/fault-2')).status).toBe(404);
    expect((await control(sim, 'DELETE', '/faults')).status).toBe(200);
    expect(sim.faults.list()).toHaveLength(0);
  });

  it('refuses an invalid fault with a 400 JSON error', async () => {
    const sim = await simulator();
    const unknownKind = await control(sim, 'POST', '/faults', { kind: 'meteor' });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.json).toMatchObject({ error: expect.stringContaining('Unknown fault kind') as unknown });
    expect((await control(sim, 'POST', '/faults', { kind: 'maintenance', count: 'many' })).status).toBe(400);
    expect((await control(sim, 'POST', '/faults', { kind: 'maintenance', colour: 'red' })).status).toBe(400);
  });

  it('reads and clears the request log', async () => {
    const sim = await simulator();
    await call(sim, 'GET', '/api/expense/list/v1.0/?x=1');
    await call(sim, 'GET', '/api/expense/list/v1.0/?x=2');
    const { json } = await control(sim, 'GET', '/requests?limit=1');
    expect(json).toMatchObject([{ sequence: 2, method: 'GET', query: { x: '2' }, status: 200 }]);
    await control(sim, 'DELETE', '/requests');
    expect(sim.state.requests).toHaveLength(0);
  });

  it('adds, expires and revokes tokens', async () => {
    const sim = await simulator();
    expect((await control(sim, 'POST', '/tokens', { token: 'from-outside', loginId: 'admin@example.com' })).status).toBe(201);
    expect((await call(sim, 'GET', '/api/expense/list/v1.0/', { token: 'from-outside' })).status).toBe(200);
    expect((await control(sim, 'POST', '/tokens/from-outside/expire')).json).toEqual({ token: 'from-outside', status: 'expired' });
    expect((await call(sim, 'GET', '/api/expense/list/v1.0/', { token: 'from-outside' })).status).toBe(403);
    expect((await control(sim, 'POST', '/tokens/unknown/revoke')).status).toBe(404);
  });

  it('applies seed data on top of the state', async () => {
    const sim = await simulator();
    const { status } = await control(sim, 'POST', '/seed', { lists: [{ name: 'Projects', items: [{ codes: ['P1'], name: 'Apollo' }] }] });
    expect(status).toBe(200);
    expect(sim.state.lists.byName('Projects')?.item(['P1'])?.name).toBe('Apollo');
    expect((await control(sim, 'POST', '/seed', { planets: [] })).status).toBe(400);
  });

  it('answers unknown control paths with a JSON 404', async () => {
    const sim = await simulator();
    expect(await control(sim, 'GET', '/nothing')).toEqual({ status: 404, json: { error: 'No control endpoint GET /_simulator/nothing.' } });
  });
});
