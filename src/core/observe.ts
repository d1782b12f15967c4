import { randomUUID } from 'node:crypto';
import { debuglog } from 'node:util';
import type { Span } from '@opentelemetry/api';
import { ConcurApiError } from '../errors/api-error.js';
import type { ConcurError } from '../errors/concur-error.js';
import type { RequestEvent, ResponseEvent } from './options.js';
import { loadTracing, tracingNow, type OtelApi } from './tracing.js';

/**
 * Everything the client tells the outside about its attempts: the `onRequest` / `onResponse`
 * hooks, `NODE_DEBUG=concur-sdk` lines, and OpenTelemetry spans (one per call, one per attempt,
 * retry waits as events). None of it carries a header, a body or a token. With no hook, no debug
 * and no tracer, a call pays for one boolean check.
 */

const debug = debuglog('concur-sdk');

/** What an attempt's answer was, as the transport read it. */
export interface AnswerInfo {
  status: number;
  bytes: number;
  correlationId: string | undefined;
}

/** The hooks a client was given. */
export interface Hooks {
  onRequest?: ((event: RequestEvent) => void | Promise<void>) | undefined;
  onResponse?: ((event: ResponseEvent) => void | Promise<void>) | undefined;
}

export class Observer {
  readonly #hooks: Hooks;
  readonly #host: { address: string; port: number };
  #warned = false;

  constructor(hooks: Hooks, baseUrl: URL) {
    this.#hooks = hooks;
    this.#host = { address: baseUrl.hostname, port: Number(baseUrl.port || (baseUrl.protocol === 'https:' ? 443 : 80)) };
    void loadTracing();
  }

  /** True once it is known whether OpenTelemetry is installed; until then, await {@link Observer.ready}. */
  get settled(): boolean {
    return tracingNow().settled;
  }

  /** Resolves once it is known whether OpenTelemetry is installed. */
  async ready(): Promise<void> {
    await loadTracing();
  }

  /** Starts watching one call, or returns undefined when nobody is listening (after {@link Observer.ready}). */
  call(method: string, path: string, template: string | undefined): CallTrace | undefined {
    const listening = this.#hooks.onRequest !== undefined || this.#hooks.onResponse !== undefined || debug.enabled;
    const api = tracingNow().api;
    // Installed but with no tracer provider registered, the API hands out non-recording spans:
    // then the call is not traced at all.
    const span = api?.startRoot(template === undefined ? `concur ${method}` : `concur ${method} ${template}`, 'internal');
    const otel = span?.isRecording() === true ? api : undefined;
    if (otel === undefined && !listening) return undefined;
    return new CallTrace(this, { method, path, template, requestId: randomUUID(), otel, host: this.#host }, otel === undefined ? undefined : span);
  }

  /** Runs a hook; a throw or rejection is reported once per client and never breaks the call. */
  emit<E>(name: keyof Hooks, event: E): void {
    const hook = this.#hooks[name] as ((event: E) => void | Promise<void>) | undefined;
    if (hook === undefined) return;
    try {
      const result = hook(event);
      if (result instanceof Promise) result.catch((error: unknown) => this.#report(name, error));
    } catch (error) {
      this.#report(name, error);
    }
  }

  #report(name: string, error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.emitWarning(`concur-sdk: the ${name} hook threw (${detail.slice(0, 300)}); the call went on. Further hook errors of this client are not reported.`, {
      code: 'CONCUR_SDK_HOOK_ERROR',
    });
  }
}

interface CallFacts {
  method: string;
  path: string;
  template: string | undefined;
  requestId: string;
  otel: OtelApi | undefined;
  host: { address: string; port: number };
}

/** One logical call: its id, its span, and its attempts. */
export class CallTrace {
  readonly #observer: Observer;
  readonly #facts: CallFacts;
  readonly #span: Span | undefined;

  constructor(observer: Observer, facts: CallFacts, span: Span | undefined) {
    this.#observer = observer;
    this.#facts = facts;
    this.#span = span;
    this.#span?.setAttributes({ 'http.request.method': facts.method, 'server.address': facts.host.address, 'url.path': facts.path, 'concur.request_id': facts.requestId });
  }

  /** Marks the start of an attempt (1 for the first send). */
  attempt(attempt: number): AttemptTrace {
    const { method, path, requestId, otel, template, host } = this.#facts;
    this.#observer.emit('onRequest', { method, path, attempt, requestId } satisfies RequestEvent);
    const span = this.#span === undefined || otel === undefined ? undefined : otel.startChild(this.#span, template === undefined ? method : `${method} ${template}`, 'client');
    span?.setAttributes({
      'http.request.method': method,
      'server.address': host.address,
      'server.port': host.port,
      'url.path': path,
      ...(attempt > 1 ? { 'http.request.resend_count': attempt - 1 } : {}),
    });
    return new AttemptTrace(this.#observer, this.#facts, attempt, span);
  }

  /** A retry wait begins. */
  retry(attempt: number, delayMs: number, reason: string): void {
    this.#span?.addEvent('concur.retry', { 'concur.attempt': attempt, 'concur.retry.delay_ms': delayMs, 'concur.retry.reason': reason });
  }

  /** The call settled. */
  end(attempts: number, error?: unknown): void {
    if (this.#span === undefined) return;
    this.#span.setAttribute('concur.attempts', attempts);
    if (error !== undefined) {
      const name = error instanceof Error ? error.name : 'Error';
      this.#span.setAttribute('error.type', name);
      this.#facts.otel?.fail(this.#span, name);
    }
    this.#span.end();
  }
}

/** One attempt: when it started, and how it ended. */
export class AttemptTrace {
  readonly #started = performance.now();
  #answer: AnswerInfo | undefined;

  constructor(
    private readonly observer: Observer,
    private readonly facts: CallFacts,
    private readonly attempt: number,
    private readonly span: Span | undefined,
  ) {}

  /** The transport read an answer (any status). */
  answered(answer: AnswerInfo): void {
    this.#answer = answer;
  }

  /** The attempt settled: with a 2xx, or with the error it ended in. */
  end(error?: ConcurError | unknown): void {
    const durationMs = Math.round((performance.now() - this.#started) * 1000) / 1000;
    const { method, path, requestId, otel } = this.facts;
    const base = { method, path, attempt: this.attempt, requestId, durationMs };
    const answer = this.#answer ?? (error instanceof ConcurApiError ? { status: error.status, bytes: 0, correlationId: error.correlationId } : undefined);
    const failure = error === undefined ? undefined : error instanceof Error ? error : new Error(String(error));
    const event: ResponseEvent =
      answer === undefined
        ? { ...base, error: failure as ConcurError }
        : { ...base, status: answer.status, correlationId: answer.correlationId, bytes: answer.bytes };
    this.observer.emit('onResponse', event);
    if (debug.enabled) {
      const outcome = answer === undefined ? (failure?.name ?? 'Error') : `HTTP ${answer.status}`;
      const correlation = answer?.correlationId === undefined ? '' : ` correlation-id ${answer.correlationId}`;
      debug('%s %s attempt %d: %s in %d ms%s (request %s)', method, path, this.attempt, outcome, Math.round(durationMs), correlation, requestId);
    }
    if (this.span === undefined) return;
    if (answer !== undefined) {
      this.span.setAttribute('http.response.status_code', answer.status);
      if (answer.correlationId !== undefined) this.span.setAttribute('concur.correlation_id', answer.correlationId);
    }
    if (failure !== undefined) {
      const type = answer !== undefined && (answer.status < 200 || answer.status > 299) ? String(answer.status) : failure.name;
      this.span.setAttribute('error.type', type);
      otel?.fail(this.span, type);
    }
    this.span.end();
  }
}
