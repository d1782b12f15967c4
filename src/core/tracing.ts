import type { Span, Tracer } from '@opentelemetry/api';
import { SDK_VERSION } from '../version.js';

/**
 * OpenTelemetry, when the application has `@opentelemetry/api` installed (an optional peer
 * dependency). It is loaded once, in the background, the first time a client is built; without it
 * nothing is traced and nothing else changes. The API hands out a proxy tracer, so a tracer
 * provider registered later is still used.
 */

/** The parts of `@opentelemetry/api` the SDK uses. */
export interface OtelApi {
  tracer: Tracer;
  /** Starts a span as a child of `parent`. */
  startChild(parent: Span, name: string, kind: 'client' | 'internal'): Span;
  /** Starts a span under the active context. */
  startRoot(name: string, kind: 'client' | 'internal'): Span;
  /** Marks a span failed. */
  fail(span: Span, message: string): void;
}

let loaded: OtelApi | undefined;
let settled = false;
let loading: Promise<OtelApi | undefined> | undefined;

/** Starts loading `@opentelemetry/api`; resolves with it, or undefined when it is not installed. */
export async function loadTracing(): Promise<OtelApi | undefined> {
  loading ??= import('@opentelemetry/api').then(
    (api) => {
      const tracer = api.trace.getTracer('concur-sdk', SDK_VERSION);
      const kinds = { client: api.SpanKind.CLIENT, internal: api.SpanKind.INTERNAL };
      loaded = {
        tracer,
        startChild: (parent, name, kind) => tracer.startSpan(name, { kind: kinds[kind] }, api.trace.setSpan(api.context.active(), parent)),
        startRoot: (name, kind) => tracer.startSpan(name, { kind: kinds[kind] }),
        fail: (span, message) => span.setStatus({ code: api.SpanStatusCode.ERROR, message }),
      };
      settled = true;
      return loaded;
    },
    () => {
      settled = true;
      return undefined;
    },
  );
  return loading;
}

/** Whether loading has finished (with the API, or without it), and the API if it was found. */
export function tracingNow(): { settled: boolean; api: OtelApi | undefined } {
  return { settled, api: loaded };
}
