import type { TransientReason } from '../errors/transient.js';
import { abortableSleep, sleepUntilAborted, type SleepFunction } from '../core/sleep.js';
import { memoryBudget } from './memory.js';
import type { Coordination, RateLimit, RequestBudget } from './types.js';

// The retry decisions that mean "Concur wants less traffic now": maintenance (503), throttling
// (429 and the request-limit 400) and no answer at all. A deadlock or a broken connection concerns
// one request, a 502 or 504 one path through the load balancers.
const PAUSING: ReadonlySet<TransientReason> = new Set(['service-unavailable', 'too-many-requests', 'request-limit', 'timeout']);

/** Share of a pause's remaining length over which the waiting sends resume. */
const RESUME_SPREAD = 0.1;

/**
 * A random extra wait, up to a tenth of `remainingMs`: the clients that waited for a pause do not
 * all send at its end. The client whose own retry set the pause resumes first; if Concur is still
 * down, its answer renews the pause before most of the others send, so a maintenance window
 * costs about one 503 per pause instead of one per waiting call.
 */
function resumeSpreadMs(remainingMs: number): number {
  return Math.floor(Math.random() * remainingMs * RESUME_SPREAD);
}

/** What a client paces its sends with. */
export interface PacerOptions {
  coordination: Coordination | undefined;
  rateLimit: RateLimit | undefined;
  /** The client's `sleep`: it drives the wait for a pause, like a retry wait. */
  sleep: SleepFunction;
}

/**
 * Paces one client's sends: before each send it takes a request from the rate budget and waits
 * out a pause announced by any client sharing the coordination; after a retry decision for a
 * 503, 429 or time-out it announces the pause. Without coordination and rate limit there is none.
 */
export class Pacer {
  readonly #coordination: Coordination | undefined;
  readonly #budget: RequestBudget | undefined;
  readonly #sleep: SleepFunction;

  /** A pacer, or undefined when the client neither shares state nor limits its rate. */
  static create(options: PacerOptions): Pacer | undefined {
    return options.coordination === undefined && options.rateLimit === undefined ? undefined : new Pacer(options);
  }

  private constructor({ coordination, rateLimit, sleep }: PacerOptions) {
    this.#coordination = coordination;
    this.#sleep = sleep;
    if (rateLimit !== undefined) this.#budget = coordination === undefined ? memoryBudget(rateLimit) : coordination.budget(rateLimit);
  }

  /**
   * Resolves when this send may go: a request taken from the budget, then no pause pending. The
   * pause is checked last, so nothing between the check and the send can miss a pause learned
   * meanwhile. Rejects with the signal's reason as soon as it aborts.
   */
  async beforeSend(signal: AbortSignal | undefined): Promise<void> {
    if (this.#budget !== undefined) await this.#takeBudget(this.#budget, signal);
    if (this.#coordination !== undefined) await this.#waitOutPause(this.#coordination, signal);
  }

  /** Announces the pause of a retry decision for a 503, 429, request-limit 400 or time-out. */
  async retryDecided(reason: TransientReason, delayMs: number): Promise<void> {
    if (this.#coordination === undefined || !PAUSING.has(reason) || delayMs <= 0) return;
    await this.#coordination.pause(delayMs, reason);
  }

  async #takeBudget(budget: RequestBudget, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const waitMs = await budget.take();
      if (waitMs <= 0) return;
      // A real timer, not the client's `sleep`: a `sleep` that returns at once would spin here.
      await sleepUntilAborted(abortableSleep, waitMs, signal);
    }
  }

  async #waitOutPause(coordination: Coordination, signal: AbortSignal | undefined): Promise<void> {
    // Each pause is waited once through `sleep`; only a later end makes the call wait again, so
    // an injected `sleep` that returns at once does not spin.
    let waited = 0;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const until = await coordination.pausedUntil();
      const now = Date.now();
      if (until <= now || until <= waited) return;
      await sleepUntilAborted(this.#sleep, until - now + resumeSpreadMs(until - now), signal);
      waited = until;
    }
  }
}
