import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Observer } from '../../src/core/observe.js';
import type { RequestEvent, ResponseEvent } from '../../src/core/options.js';
import { ConcurNetworkError, ServiceUnavailableError } from '../../src/index.js';

// The client's observer (src/core/observe.ts) on its own, with the real OpenTelemetry SDK and its
// in-memory exporter: the attributes and status of each span, the events the hooks receive, and
// how a failing hook is reported. tracing.e2e.test.ts and hooks.e2e.test.ts run the same code
// through whole calls against the simulator.

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
});

afterEach(() => {
  exporter.reset();
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
});

const byName = (name: string): ReadableSpan => {
  const span = exporter.getFinishedSpans().find((finished) => finished.name === name);
  if (span === undefined) throw new Error(`no span named ${name}: ${exporter.getFinishedSpans().map((finished) => finished.name).join(', ')}`);
  return span;
};

async function observer(baseUrl: string, hooks: ConstructorParameters<typeof Observer>[0] = {}): Promise<Observer> {
  const built = new Observer(hooks, new URL(baseUrl));
  await built.ready();
  return built;
}

describe('spans', () => {
  it.each([
    ['https://www.concursolutions.com', 'www.concursolutions.com', 443],
    ['http://concur.internal', 'concur.internal', 80],
    ['https://us2.api.concursolutions.com:8443', 'us2.api.concursolutions.com', 8443],
  ])('an attempt against %s names server %s, port %i', async (baseUrl, address, port) => {
    const call = (await observer(baseUrl)).call('GET', '/api/v3.0/expense/reports', undefined);
    call?.attempt(1).end();
    call?.end(1);
    expect(byName('GET').attributes).toMatchObject({ 'server.address': address, 'server.port': port });
    expect(byName('concur GET').attributes).toMatchObject({ 'server.address': address, 'url.path': '/api/v3.0/expense/reports' });
  });

  it('a call span is internal, its attempt spans are clients named by method and path template', async () => {
    const call = (await observer('https://www.concursolutions.com')).call('PUT', '/api/user/v1.0/User/u%40x', '/api/user/v1.0/User/{id}');
    call?.attempt(1).end();
    call?.end(1);
    expect(exporter.getFinishedSpans().map((span) => [span.name, span.kind])).toEqual([
      ['PUT /api/user/v1.0/User/{id}', SpanKind.CLIENT],
      ['concur PUT /api/user/v1.0/User/{id}', SpanKind.INTERNAL],
    ]);
    expect(byName('PUT /api/user/v1.0/User/{id}').parentSpanContext?.spanId).toBe(byName('concur PUT /api/user/v1.0/User/{id}').spanContext().spanId);
  });

  it('a 2xx attempt has its status and correlation id and no error; one without a correlation id has no such attribute', async () => {
    const call = (await observer('https://www.concursolutions.com')).call('GET', '/a', undefined);
    const first = call?.attempt(1);
    first?.answered({ status: 200, bytes: 12, correlationId: 'cid-1' });
    first?.end();
    const second = call?.attempt(2);
    second?.answered({ status: 204, bytes: 0, correlationId: undefined });
    second?.end();
    call?.end(2);
    const [one, two] = exporter.getFinishedSpans().filter((span) => span.name === 'GET');
    expect(one?.attributes).toMatchObject({ 'http.response.status_code': 200, 'concur.correlation_id': 'cid-1' });
    expect(one?.status.code).toBe(SpanStatusCode.UNSET);
    expect(one?.attributes).not.toHaveProperty('http.request.resend_count');
    expect(Object.keys(two?.attributes ?? {})).not.toContain('concur.correlation_id');
    expect(two?.attributes).toMatchObject({ 'http.response.status_code': 204, 'http.request.resend_count': 1 });
  });

  it.each([
    [503, '503'],
    [300, '300'],
    [199, '199'],
    [200, 'ConcurResponseError'],
    [299, 'ConcurResponseError'],
  ])('an attempt answered %i that failed has error.type %j and an error status', async (status, type) => {
    const call = (await observer('https://www.concursolutions.com')).call('GET', '/a', undefined);
    const attempt = call?.attempt(1);
    attempt?.answered({ status, bytes: 3, correlationId: undefined });
    const failure = Object.assign(new Error('the body does not parse'), { name: 'ConcurResponseError' });
    attempt?.end(failure);
    call?.end(1, failure);
    expect(byName('GET').attributes['error.type']).toBe(type);
    expect(byName('GET').status).toEqual({ code: SpanStatusCode.ERROR, message: type });
    expect(byName('concur GET').status).toEqual({ code: SpanStatusCode.ERROR, message: 'ConcurResponseError' });
    expect(byName('concur GET').attributes).toMatchObject({ 'concur.attempts': 1, 'error.type': 'ConcurResponseError' });
  });

  it('an attempt with no answer is typed by its error’s class; a thrown non-error is an Error', async () => {
    const call = (await observer('https://www.concursolutions.com')).call('GET', '/a', undefined);
    call?.attempt(1).end(new ConcurNetworkError('socket hang up', { code: 'ECONNRESET' }));
    call?.end(1, 'a string thrown by an application hook');
    expect(byName('GET').attributes).toMatchObject({ 'error.type': 'ConcurNetworkError' });
    expect(byName('GET').attributes).not.toHaveProperty('http.response.status_code');
    expect(byName('concur GET').attributes['error.type']).toBe('Error');
    expect(byName('concur GET').status).toEqual({ code: SpanStatusCode.ERROR, message: 'Error' });
  });
});

describe('hook events', () => {
  it('an attempt ending in a Concur error it never read an answer for reports that error’s status and correlation id', async () => {
    const events: ResponseEvent[] = [];
    const call = (await observer('https://www.concursolutions.com', { onResponse: (event) => void events.push(event) })).call('POST', '/b', undefined);
    const error = new ServiceUnavailableError('POST /b failed with HTTP 503', { status: 503, correlationId: 'cid-503' });
    call?.attempt(1).end(error);
    expect(events).toEqual([{ method: 'POST', path: '/b', attempt: 1, requestId: expect.any(String) as string, durationMs: expect.any(Number) as number, status: 503, correlationId: 'cid-503', bytes: 0 }]);
  });

  it('durationMs is the attempt’s time in milliseconds, to the microsecond', async () => {
    const events: ResponseEvent[] = [];
    const call = (await observer('https://www.concursolutions.com', { onResponse: (event) => void events.push(event) })).call('GET', '/c', undefined);
    const now = vi.spyOn(performance, 'now').mockReturnValue(1_000);
    const attempt = call?.attempt(1);
    now.mockReturnValue(1_250.123_456);
    attempt?.answered({ status: 200, bytes: 1, correlationId: undefined });
    attempt?.end();
    expect(events[0]?.durationMs).toBe(250.123);
  });

  it('onRequest alone: the response of an attempt goes to no hook and warns about nothing', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const requests: RequestEvent[] = [];
    const call = (await observer('https://www.concursolutions.com', { onRequest: (event) => void requests.push(event) })).call('GET', '/d', undefined);
    call?.attempt(1).end();
    expect(requests).toEqual([{ method: 'GET', path: '/d', attempt: 1, requestId: expect.any(String) as string }]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a hook that rejects is reported once, with its own code and at most 300 characters of its error', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const built = await observer('https://www.concursolutions.com', { onResponse: async () => Promise.reject(new Error(`x${'y'.repeat(500)}`)) });
    for (let attempt = 1; attempt <= 2; attempt += 1) built.call('GET', '/e', undefined)?.attempt(attempt).end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, options] = warn.mock.calls[0] as [string, { code: string }];
    expect(options).toEqual({ code: 'CONCUR_SDK_HOOK_ERROR' });
    expect(message).toBe(`concur-sdk: the onResponse hook threw (Error: x${'y'.repeat(292)}); the call went on. Further hook errors of this client are not reported.`);
  });
});
