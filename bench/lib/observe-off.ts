import type { CallTrace, Hooks, Observer as RealObserver } from '../../src/core/observe.js';

/**
 * Stand-in for src/core/observe.ts in the `sdk-no-obs` bundle (bench/run.mjs swaps it in): an
 * observer that never observes, so that bundle is the request path as it would be without
 * hooks, debug lines and tracing, everything else unchanged. The real module is not loaded in
 * that bundle, nor is `@opentelemetry/api`. Its members are the ones src/core/request.ts uses.
 */

export type { AnswerInfo, CallTrace } from '../../src/core/observe.js';

export class Observer implements Pick<RealObserver, 'settled' | 'ready' | 'call' | 'emit'> {
  constructor(_hooks: Hooks, _baseUrl: URL) {}

  get settled(): boolean {
    return true;
  }

  async ready(): Promise<void> {}

  call(): CallTrace | undefined {
    return undefined;
  }

  emit(): void {}
}
