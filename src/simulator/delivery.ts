import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ScheduledFault } from './faults.js';
import type { SimContext, SimResponse } from './http-types.js';
import type { RequestOutcome } from './state/request-log.js';
import { errorResponse, rawResponse } from './xml-responses.js';

/** What the client got. */
export interface Delivery {
  outcome: RequestOutcome;
  status: number | undefined;
}

/** Waits; injectable so tests of `latency` need no real time. */
export type SimulatorSleep = (ms: number) => Promise<void>;

// Messages in Concur's manner for the faults that answer with its error body. The deadlock text
// mentions the deadlock, which is how clients recognise this retryable 400 (HTTP codes page).
const FAULT_STATUS: Readonly<Record<string, { status: number; message: string }>> = {
  maintenance: { status: 503, message: 'The service is unavailable: it is down for maintenance. Try again in a few minutes.' },
  deadlock: { status: 400, message: 'The request encountered a database deadlock and was chosen as the deadlock victim. Resend the request a short time later.' },
  requestLimit: { status: 400, message: 'The number of requests received exceeds the request limit.' },
  tooManyRequests: { status: 429, message: 'Too many requests: the service is overloaded. Slow down.' },
  serverError: { status: 500, message: 'An unexpected error occurred while processing the request.' },
};

function retryAfter(fault: ScheduledFault): Record<string, string> {
  const seconds = fault.spec.retryAfterSeconds;
  return seconds === undefined ? {} : { 'Retry-After': String(Math.round(seconds)) };
}

function htmlPage(status: number): string {
  const title = status === 503 ? 'Service Unavailable' : `Error ${status}`;
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>The server could not handle the request. Please try again later.</p></body></html>`;
}

/** The response a status-type fault sends instead of the real one, or undefined for other kinds. */
function replacementFor(fault: ScheduledFault, context: Pick<SimContext, 'now' | 'random'>): SimResponse | undefined {
  const { kind } = fault.spec;
  if (kind === 'html') {
    const status = fault.spec.status ?? 503;
    return rawResponse(status, htmlPage(status), 'text/html; charset=utf-8', retryAfter(fault));
  }
  const preset = kind === 'status' ? { status: fault.spec.status ?? 500, message: `Simulated HTTP ${fault.spec.status ?? 500}.` } : FAULT_STATUS[kind];
  if (preset === undefined) return undefined;
  return errorResponse(preset.status, fault.spec.message ?? preset.message, context, retryAfter(fault));
}

/** The real body with its XML made invalid: the root's closing tag no longer matches. */
function corrupt(body: Buffer): Buffer {
  const text = body.toString('utf8');
  const closing = text.lastIndexOf('</');
  if (closing === -1) return Buffer.from(`${text}<unclosed>`, 'utf8');
  return Buffer.from(`${text.slice(0, closing)}</broken-${text.slice(closing + 2)}`, 'utf8');
}

function gone(res: ServerResponse): boolean {
  return res.destroyed || res.socket === null || res.socket.destroyed;
}

/** Writes a response with its correlation id and Content-Length (never chunked). */
export function write(res: ServerResponse, response: SimResponse, correlationId: string, bodyOverride?: Buffer): Delivery {
  if (gone(res)) return { outcome: 'reset', status: undefined };
  const body = bodyOverride ?? response.body;
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length), 'concur-correlationid': correlationId });
  res.end(body);
  return { outcome: 'responded', status: response.status };
}

/**
 * Sends what the fault makes of the request: a replacement response, no response, a reset, or
 * the real `response` cut, broken or late. `response` is undefined when the request was not
 * processed.
 */
export async function deliverWithFault(
  fault: ScheduledFault,
  req: IncomingMessage,
  res: ServerResponse,
  response: SimResponse | undefined,
  correlationId: string,
  context: Pick<SimContext, 'now' | 'random'>,
  sleep: SimulatorSleep,
): Promise<Delivery> {
  const replacement = replacementFor(fault, context);
  if (replacement !== undefined) return write(res, replacement, correlationId);
  const real = response ?? errorResponse(500, 'No response was produced.', context);
  switch (fault.spec.kind) {
    case 'noResponse':
      // Nothing is written; the socket stays open until the client gives up or the simulator closes.
      return { outcome: 'no-response', status: undefined };
    case 'reset':
      req.socket.destroy();
      return { outcome: 'reset', status: undefined };
    case 'malformed':
      return write(res, real, correlationId, corrupt(real.body));
    case 'latency':
      await sleep(fault.spec.delayMs ?? 0);
      return write(res, real, correlationId);
    case 'truncated': {
      const half = real.body.subarray(0, Math.floor(real.body.length / 2));
      if (fault.spec.abort !== true) return write(res, real, correlationId, half);
      if (gone(res)) return { outcome: 'reset', status: undefined };
      res.writeHead(real.status, { ...real.headers, 'Content-Length': String(real.body.length), 'concur-correlationid': correlationId });
      res.write(half, () => req.socket.destroy());
      return { outcome: 'reset', status: real.status };
    }
    default:
      return write(res, real, correlationId);
  }
}
