import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Tracing from '../../src/core/tracing.js';
import { SDK_VERSION } from '../../src/version.js';

// How the client finds OpenTelemetry (src/core/tracing.ts): loaded once, in the background, and
// what it then builds spans with. The module keeps what it loaded for the life of the process, so
// each test imports a fresh copy of it (vi.resetModules) and watches the load from the start. The
// real OpenTelemetry SDK and its in-memory exporter record the spans.

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
});

async function freshTracing(): Promise<typeof Tracing> {
  vi.resetModules();
  return import('../../src/core/tracing.js');
}

describe('loadTracing', () => {
  it('is unsettled until the API has loaded, then settled with it; loading twice loads once', async () => {
    const tracing = await freshTracing();
    expect(tracing.tracingNow()).toEqual({ settled: false, api: undefined });
    const loading = tracing.loadTracing();
    expect(tracing.tracingNow().settled).toBe(false);
    const api = await loading;
    expect(api).toBeDefined();
    expect(tracing.tracingNow()).toEqual({ settled: true, api });
    expect(await tracing.loadTracing()).toBe(api);
  });

  it('builds spans under the concur-sdk tracer, of the kind asked for, children under their parent, failures marked with their message', async () => {
    exporter.reset();
    const api = await (await freshTracing()).loadTracing();
    if (api === undefined) throw new Error('@opentelemetry/api is a dev dependency and must load here');
    const root = api.startRoot('concur GET', 'internal');
    const client = api.startRoot('GET raw', 'client');
    const child = api.startChild(root, 'GET', 'client');
    api.fail(child, '503');
    for (const span of [child, client, root]) span.end();
    const spans = new Map<string, ReadableSpan>(exporter.getFinishedSpans().map((span) => [span.name, span]));
    expect([...spans.values()].map((span) => span.instrumentationScope)).toEqual(Array(3).fill({ name: 'concur-sdk', version: SDK_VERSION, schemaUrl: undefined }));
    expect([spans.get('concur GET')?.kind, spans.get('GET raw')?.kind, spans.get('GET')?.kind]).toEqual([SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.CLIENT]);
    expect(spans.get('GET')?.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(spans.get('GET raw')?.parentSpanContext).toBeUndefined();
    expect(spans.get('GET')?.status).toEqual({ code: SpanStatusCode.ERROR, message: '503' });
    expect(spans.get('concur GET')?.status).toEqual({ code: SpanStatusCode.UNSET });
  });
});
