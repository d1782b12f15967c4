import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { CONTROL_PREFIX } from './control.js';
import { deliverWithFault, write, type SimulatorSleep } from './delivery.js';
import type { FaultInjector } from './faults.js';
import { SimHttpError, type SimContext, type SimRequest, type SimResponse } from './http-types.js';
import type { Router } from './router.js';
import { errorResponse, jsonResponse } from './xml-responses.js';

/** The largest request body read: a 10 MB image with room to spare. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const AUTHORIZATION = /^(Bearer|OAuth)\s+(\S+)\s*$/i;

/** What the server needs; `context.baseUrl` is filled in once it listens. @internal */
export interface ServerSettings {
  context: SimContext;
  router: Router;
  control: Router;
  faults: FaultInjector;
  sleep: SimulatorSleep;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Headers for the log: lower-case names, the Authorization value reduced to its scheme. */
function loggedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const authorization = out['authorization'];
  if (authorization !== undefined) out['authorization'] = `${authorization.trim().split(/\s+/)[0] ?? ''} [redacted]`;
  return out;
}

/**
 * The legacy services' token rules (HTTP codes page): no header is 401; a header that fails
 * validation, or an unknown, expired or revoked token, is 403. Expiry says "expired" so that
 * clients know to refresh.
 */
function authenticate(request: SimRequest, context: SimContext): SimResponse | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') return errorResponse(401, 'The Authorization header is missing.', context);
  const token = AUTHORIZATION.exec(header)?.[2];
  if (token === undefined) return errorResponse(403, "The Authorization header failed validation: send 'Bearer <token>' or 'OAuth <token>'.", context);
  const status = context.state.tokens.status(token);
  if (status === 'unknown') return errorResponse(403, 'The OAuth token is not valid.', context);
  if (status === 'expired') return errorResponse(403, 'The OAuth token has expired.', context);
  if (status === 'revoked') return errorResponse(403, 'The OAuth token has been revoked.', context);
  const record = context.state.tokens.get(token);
  if (record !== undefined) request.token = record;
  return undefined;
}

function isChunked(headers: IncomingHttpHeaders): boolean {
  return /chunked/i.test(headers['transfer-encoding'] ?? '');
}

/** Handles a request the way Concur would: chunked check, routing, token, handler. */
function handle(request: SimRequest, settings: ServerSettings): SimResponse {
  const { context } = settings;
  // Concur does not support chunked Transfer-Encoding and answers 400 (HTTP codes page).
  if (isChunked(request.headers)) {
    return errorResponse(400, 'Chunked Transfer-Encoding is not supported; send the body with a Content-Length header.', context);
  }
  const match = settings.router.match(request.method, request.path);
  if (match.kind === 'not-found') return errorResponse(404, `The specified URI is invalid: nothing is served at ${request.path}.`, context);
  if (match.kind === 'wrong-method') {
    return errorResponse(405, `${request.method} is not allowed on ${request.path}.`, context, { Allow: match.allowed.join(', ') });
  }
  if (match.route.auth !== false) {
    const refusal = authenticate(request, context);
    if (refusal !== undefined) return refusal;
  }
  try {
    return match.route.handler({ ...request, params: match.params }, context);
  } catch (error) {
    if (error instanceof SimHttpError) return errorResponse(error.status, error.message, context, error.headers);
    const detail = error instanceof Error ? error.message : String(error);
    return errorResponse(500, `An unexpected error occurred: ${detail}`, context);
  }
}

function handleControl(request: SimRequest, settings: ServerSettings): SimResponse {
  const match = settings.control.match(request.method, request.path);
  if (match.kind !== 'found') return jsonResponse(match.kind === 'not-found' ? 404 : 405, { error: `No control endpoint ${request.method} ${request.path}.` });
  try {
    return match.route.handler({ ...request, params: match.params }, settings.context);
  } catch (error) {
    if (error instanceof SimHttpError) return jsonResponse(error.status, { error: error.message });
    return jsonResponse(500, { error: error instanceof Error ? error.message : String(error) });
  }
}

async function onRequest(req: IncomingMessage, res: ServerResponse, settings: ServerSettings): Promise<void> {
  const { context, faults } = settings;
  const receivedAt = context.now();
  const correlationId = context.random.uuid();
  const raw = req.url ?? '/';
  const mark = raw.indexOf('?');
  const path = mark === -1 ? raw : raw.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
  const method = (req.method ?? 'GET').toUpperCase();
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    // Too large: answer and let Node close the connection after the response; otherwise the
    // client's stream failed and there is nobody to answer.
    if (error instanceof BodyTooLarge) write(res, errorResponse(413, `The request body exceeds ${MAX_BODY_BYTES} bytes.`, context, { Connection: 'close' }), correlationId);
    else req.socket.destroy();
    return;
  }
  const request: SimRequest = { method, path, params: {}, query, headers: req.headers, body };
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
    write(res, handleControl(request, settings), correlationId);
    return;
  }
  const fault = faults.take(method, path);
  const processed = fault === undefined || fault.processed;
  const delivery =
    fault === undefined
      ? write(res, handle(request, settings), correlationId)
      : await deliverWithFault(fault, req, res, processed ? handle(request, settings) : undefined, correlationId, context, settings.sleep);
  context.state.log.add({
    receivedAt,
    method,
    path,
    query: Object.fromEntries(query),
    headers: loggedHeaders(req.headers),
    status: delivery.status,
    outcome: delivery.outcome,
    processed,
    fault: fault?.spec.kind,
    faultId: fault?.id,
    correlationId,
  });
}

/** The simulator's HTTP server (node's `http` module, nothing else). @internal */
export function createServer(settings: ServerSettings): http.Server {
  const server = http.createServer((req, res) => {
    onRequest(req, res, settings).catch(() => {
      // The state is in memory and every handler error already became a 500; only a write to a
      // connection the client dropped can land here, and there is nobody left to answer.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500);
        res.end();
      }
    });
  });
  // A "no response" fault keeps its socket open indefinitely: no server-side time-out cuts it.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  return server;
}
