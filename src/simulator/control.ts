import { faultFromJson } from './fault-parse.js';
import type { FaultInjector } from './faults.js';
import { SimHttpError, type Route, type SimRequest, type SimResponse } from './http-types.js';
import { applySeed, checkSeed } from './seed.js';
import type { SimulatorState } from './state/index.js';
import { jsonResponse } from './xml-responses.js';

/** Prefix of the control endpoints: no token needed, not logged, never faulted. */
export const CONTROL_PREFIX = '/_simulator';

function readJson(request: SimRequest): unknown {
  const text = request.body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SimHttpError(400, 'The body is not valid JSON.');
  }
}

/** A compact, JSON-friendly picture of the state for `GET /_simulator/state`. */
function stateSummary(state: SimulatorState, faults: FaultInjector): Record<string, unknown> {
  const { lists, attendees, users, extract, images, paymentBatches, purchaseOrders, tokens, log } = state;
  return {
    lists: lists.all().map((list) => ({ id: list.id, name: list.name, levels: list.levels, isVendor: list.isVendor, items: list.size, deletedItems: list.deletedCount })),
    attendees: { count: attendees.size, types: attendees.types().map((type) => type.type) },
    users: { count: users.size, loginIds: users.all().slice(0, 100).map((user) => user.loginId) },
    extract: extract.definitions().map((definition) => ({
      id: definition.id,
      name: definition.name,
      jobs: extract.jobs(definition.id).map((job) => ({ id: job.id, status: extract.statusOf(job), startedAt: new Date(job.startedAt).toISOString() })),
    })),
    images: images.all().map((image) => ({ id: image.id, target: image.target, ownerId: image.ownerId, contentType: image.contentType, bytes: image.bytes.length })),
    paymentBatches: paymentBatches.all().map((batch) => ({
      id: batch.id,
      batchId: batch.batchId,
      name: batch.name,
      status: paymentBatches.statusOf(batch),
      count: batch.reports.length,
      total: paymentBatches.totalOf(batch),
      currency: batch.currency,
    })),
    purchaseOrders: { count: purchaseOrders.size, poNumbers: purchaseOrders.all().slice(0, 100).map((order) => order.poNumber) },
    tokens: tokens.all().map((record) => ({ token: record.token, status: tokens.status(record.token), loginId: record.loginId ?? null })),
    requests: { total: log.total, kept: log.entries.length },
    faults: faults.list().map((fault) => fault.toJSON()),
  };
}

function addFaults(request: SimRequest, faults: FaultInjector): SimResponse {
  const body = readJson(request);
  try {
    const added = (Array.isArray(body) ? body : [body]).map((entry) => faults.add(faultFromJson(entry)));
    return jsonResponse(201, { added: added.map((fault) => fault.toJSON()) });
  } catch (error) {
    if (error instanceof TypeError) throw new SimHttpError(400, error.message);
    throw error;
  }
}

function addToken(request: SimRequest, state: SimulatorState): SimResponse {
  const body = readJson(request) as { token?: unknown; loginId?: unknown; expiresInMs?: unknown; expiresAt?: unknown };
  if (typeof body.token !== 'string' || body.token === '') throw new SimHttpError(400, 'A token needs a "token" string.');
  const record = state.tokens.add(body.token, {
    ...(typeof body.loginId === 'string' ? { loginId: body.loginId } : {}),
    ...(typeof body.expiresInMs === 'number' ? { expiresInMs: body.expiresInMs } : {}),
    ...(typeof body.expiresAt === 'string' || typeof body.expiresAt === 'number' ? { expiresAt: new Date(body.expiresAt).getTime() } : {}),
  });
  return jsonResponse(201, record);
}

function tokenAction(action: 'expire' | 'revoke', state: SimulatorState) {
  return (request: SimRequest): SimResponse => {
    const token = request.params['token'] ?? '';
    if (state.tokens.get(token) === undefined) throw new SimHttpError(404, `No token ${token}.`);
    state.tokens[action](token);
    return jsonResponse(200, { token, status: state.tokens.status(token) });
  };
}

function seed(request: SimRequest, state: SimulatorState): SimResponse {
  try {
    applySeed(state, checkSeed(readJson(request)));
  } catch (error) {
    throw new SimHttpError(400, error instanceof Error ? error.message : String(error));
  }
  return jsonResponse(200, { applied: true });
}

/**
 * The control endpoints, so another process (a CLI user, a test in another language) can script
 * faults and read the state: JSON in, JSON out.
 */
export function controlRoutes(state: SimulatorState, faults: FaultInjector): Route[] {
  const route = (method: string, path: string, handler: (request: SimRequest) => SimResponse): Route => ({ method, paths: [`${CONTROL_PREFIX}${path}`], handler, auth: false });
  return [
    route('GET', '/state', () => jsonResponse(200, stateSummary(state, faults))),
    route('GET', '/requests', (request) => {
      const limit = Number(request.query.get('limit') ?? 1000);
      return jsonResponse(200, state.requests.slice(-Math.max(0, Number.isFinite(limit) ? limit : 1000)));
    }),
    route('DELETE', '/requests', () => {
      state.log.clear();
      return jsonResponse(200, { cleared: true });
    }),
    route('GET', '/faults', () => jsonResponse(200, faults.list().map((fault) => fault.toJSON()))),
    route('POST', '/faults', (request) => addFaults(request, faults)),
    route('DELETE', '/faults', () => {
      faults.clear();
      return jsonResponse(200, { cleared: true });
    }),
    route('DELETE', '/faults/{id}', (request) => {
      if (!faults.remove(request.params['id'] ?? '')) throw new SimHttpError(404, `No fault ${request.params['id'] ?? ''} is scheduled.`);
      return jsonResponse(200, { removed: request.params['id'] });
    }),
    route('POST', '/tokens', (request) => addToken(request, state)),
    route('POST', '/tokens/{token}/expire', tokenAction('expire', state)),
    route('POST', '/tokens/{token}/revoke', tokenAction('revoke', state)),
    route('POST', '/seed', (request) => seed(request, state)),
  ];
}
