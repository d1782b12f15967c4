import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConcurClient } from '../../src/index.js';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../src/simulator/index.js';

// Issue "Observability", tracing: the real OpenTelemetry SDK with its in-memory exporter (no
// mock), against the simulator on a real socket.

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
const sims: Simulator[] = [];

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
});

afterEach(async () => {
  exporter.reset();
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

async function client(timeoutMs = 60_000): Promise<{ sim: Simulator; concur: ConcurClient }> {
  const sim = await startSimulator();
  sims.push(sim);
  return { sim, concur: new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, timeoutMs, retry: { delayMs: 3 }, sleep: async () => undefined }) };
}

const LISTS = '/api/expense/list/v1.0/';

describe('OpenTelemetry spans', () => {
  it('one span per call and one child span per attempt, with the HTTP client conventions; retry waits are events', async () => {
    const { sim, concur } = await client();
    sim.faults.maintenance({ count: 2 });
    await concur.listItems.getLists();
    const spans = exporter.getFinishedSpans();
    const call = spans.find((span) => span.kind === SpanKind.INTERNAL) as ReadableSpan;
    const attempts = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(spans).toHaveLength(4);
    expect(call.name).toBe(`concur GET ${LISTS}`);
    expect(call.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.path': LISTS, 'concur.attempts': 3 });
    expect(call.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(call.events.map((event) => [event.name, event.attributes?.['concur.retry.delay_ms'], event.attributes?.['concur.retry.reason']])).toEqual([
      ['concur.retry', 3, 'service-unavailable'],
      ['concur.retry', 3, 'service-unavailable'],
    ]);
    const port = Number(new URL(sim.url).port);
    expect(attempts.map((span) => span.attributes)).toEqual([
      expect.objectContaining({ 'http.request.method': 'GET', 'server.address': '127.0.0.1', 'server.port': port, 'url.path': LISTS, 'http.response.status_code': 503, 'error.type': '503' }),
      expect.objectContaining({ 'http.request.resend_count': 1, 'http.response.status_code': 503, 'error.type': '503' }),
      expect.objectContaining({ 'http.request.resend_count': 2, 'http.response.status_code': 200 }),
    ]);
    expect(attempts[0]?.attributes).not.toHaveProperty('http.request.resend_count');
    expect(attempts[2]?.attributes).not.toHaveProperty('error.type');
    expect(attempts.map((span) => span.attributes['concur.correlation_id'])).toEqual(sim.state.requests.map((entry) => entry.correlationId));
    for (const span of attempts) {
      expect(span.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(call.spanContext().traceId);
      expect(span.name).toBe(`GET ${LISTS}`);
    }
  });

  it('a call runs inside the application span that is active, and a failed call is marked', async () => {
    const { sim, concur } = await client(100);
    sim.faults.noResponse({ count: 1 });
    const tracer = trace.getTracer('nightly-job');
    await tracer.startActiveSpan('sync-users', async (job) => {
      await concur.request({ method: 'GET', path: '/api/user/v1.0/User/', retry: false }).catch(() => undefined);
      job.end();
    });
    const spans = exporter.getFinishedSpans();
    const job = spans.find((span) => span.name === 'sync-users') as ReadableSpan;
    const calls = spans.filter((span) => span.kind === SpanKind.INTERNAL && span.name.startsWith('concur'));
    expect(calls.length).toBeGreaterThan(0);
    const last = calls.at(-1) as ReadableSpan;
    expect(last.parentSpanContext?.spanId).toBe(job.spanContext().spanId);
    expect(last.name).toBe('concur GET');
    expect(last.status.code).toBe(SpanStatusCode.ERROR);
    expect(last.attributes['error.type']).toBe('ConcurTimeoutError');
    const attempt = spans.find((span) => span.kind === SpanKind.CLIENT && span.parentSpanContext?.spanId === last.spanContext().spanId) as ReadableSpan;
    expect(attempt.attributes['error.type']).toBe('ConcurTimeoutError');
    expect(attempt.attributes).not.toHaveProperty('http.response.status_code');
  });

  it('a call that gives up after three attempts records three on its span', async () => {
    const { sim, concur } = await client();
    sim.faults.maintenance({ count: 3 });
    await concur.request({ method: 'GET', path: LISTS, retry: { retries: 2 } }).catch(() => undefined);
    const call = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.INTERNAL) as ReadableSpan;
    expect(call.attributes).toMatchObject({ 'concur.attempts': 3, 'error.type': 'ServiceUnavailableError' });
    expect(exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(3);
  });
});
