import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Registers what an application that traces would: a BasicTracerProvider whose
 * SimpleSpanProcessor hands every span to an in-memory exporter, and a context manager (without
 * one child spans find no parent): `AsyncLocalStorageContextManager`, the one
 * @opentelemetry/context-async-hooks recommends and NodeTracerProvider registers by default (its
 * `AsyncHooksContextManager` is deprecated, and slower: it tracks the destruction of every promise). The packages are imported here, when the
 * `sdk-hooks` client is built, so no other bench process loads them. Registration is global:
 * from then on every SDK client of the process traces.
 */
export async function registerTracer(): Promise<InMemorySpanExporter> {
  const [api, hooks, base] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const exporter = new base.InMemorySpanExporter();
  const provider = new base.BasicTracerProvider({ spanProcessors: [new base.SimpleSpanProcessor(exporter)] });
  api.context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  if (!api.trace.setGlobalTracerProvider(provider)) throw new Error('A tracer provider was already registered in this process');
  return exporter;
}
