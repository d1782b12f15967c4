import type * as Flexible from 'rate-limiter-flexible';
import type { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { TransientReason } from '../errors/transient.js';
import type { Coordination, PauseEvent, RateLimit, RequestBudget } from './types.js';

// A remote pause read twice comes back a few milliseconds apart (its end is computed from the time
// left): a later end counts as news only past this much.
const PAUSE_NEWS_MS = 100;

/** The pause this process knows of, and who to tell when it learns of a later one. @internal */
export class PauseBoard {
  #until = 0;
  readonly #onPause: ((event: PauseEvent) => void) | undefined;

  constructor(onPause: ((event: PauseEvent) => void) | undefined) {
    this.#onPause = onPause;
  }

  /** When the known pause ends (ms since the epoch), 0 when none was ever known. */
  get until(): number {
    return this.#until;
  }

  /** Records a pause ending at `until`; tells `onPause` when it ends later than any known one. */
  learn(until: number, source: PauseEvent['source'], reason?: TransientReason): void {
    // A shared end a few milliseconds past the known one is the same pause read again.
    if (until <= this.#until + (source === 'shared' ? PAUSE_NEWS_MS : 0)) return;
    const news = until > Math.max(this.#until, Date.now()) + PAUSE_NEWS_MS;
    this.#until = until;
    if (!news || this.#onPause === undefined) return;
    try {
      this.#onPause({ until: new Date(until), source, ...(reason === undefined ? {} : { reason }) });
    } catch {
      // A listener's throw must not break the call that learned of the pause.
    }
  }
}

let flexible: Promise<typeof Flexible> | undefined;

/** rate-limiter-flexible, loaded on first use: most clients never limit their rate. @internal */
async function loadFlexible(): Promise<typeof Flexible> {
  flexible ??= import('rate-limiter-flexible');
  return flexible;
}

/**
 * A budget of `limit` kept in this process, on rate-limiter-flexible's in-memory limiter: a
 * window of `perMs` starts with the first request and lets `requests` through. @internal
 */
export function memoryBudget(limit: RateLimit): RequestBudget {
  let limiter: Promise<RateLimiterMemory> | undefined;
  return {
    async take(): Promise<number> {
      limiter ??= loadFlexible().then(({ RateLimiterMemory: Memory }) => new Memory({ points: limit.requests, duration: limit.perMs / 1000 }));
      return consumeOne(await limiter);
    },
  };
}

/** Takes one point: 0 when taken, else the milliseconds until the window ends. @internal */
export async function consumeOne(limiter: { consume(key: string, points: number): Promise<RateLimiterRes> }): Promise<number> {
  try {
    await limiter.consume('requests', 1);
    return 0;
  } catch (refusal) {
    const { RateLimiterRes: Refusal } = await loadFlexible();
    if (refusal instanceof Refusal) return Math.max(1, refusal.msBeforeNext);
    throw refusal;
  }
}

/** Options of {@link memoryCoordination}. */
export interface MemoryCoordinationOptions {
  /**
   * Told when this process learns of a pause later than any it knew.
   * @default undefined
   */
  onPause?: (event: PauseEvent) => void;
}

/**
 * Shares pauses and a request budget among the clients of one process that are given it: when
 * one client waits for a 503, 429 or time-out, the others wait too. For several processes, use
 * `redisCoordination` from `concur-sdk/redis`.
 *
 * @example
 * ```ts
 * const coordination = memoryCoordination();
 * const sync = new ConcurClient({ baseUrl, accessToken, coordination });
 * const reports = new ConcurClient({ baseUrl, accessToken, coordination });
 * ```
 */
export function memoryCoordination(options: MemoryCoordinationOptions = {}): Coordination {
  const board = new PauseBoard(options.onPause);
  const budgets = new Map<string, RequestBudget>();
  return {
    async pause(delayMs: number, reason: TransientReason): Promise<void> {
      board.learn(Date.now() + delayMs, 'this-process', reason);
    },
    async pausedUntil(): Promise<number> {
      return board.until;
    },
    budget(limit: RateLimit): RequestBudget {
      const key = `${limit.requests}/${limit.perMs}`;
      let budget = budgets.get(key);
      if (budget === undefined) {
        budget = memoryBudget(limit);
        budgets.set(key, budget);
      }
      return budget;
    },
  };
}
