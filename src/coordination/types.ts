import type { TransientReason } from '../errors/transient.js';

/**
 * A cap on requests: at most `requests` sends in each window of `perMs` milliseconds. Every send
 * counts, retries included; token requests do not.
 *
 * @example
 * ```ts
 * const rateLimit: RateLimit = { requests: 50, perMs: 1_000 }; // 50 requests a second
 * ```
 */
export interface RateLimit {
  /** How many requests each window allows: a whole number from 1 to 1_000_000. */
  requests: number;
  /**
   * The window, in milliseconds: a whole number of seconds (`1_000`, `60_000`, …) up to a day,
   * because the shared budget on Redis counts in whole seconds.
   */
  perMs: number;
}

/** Told when a client learns of a pause later than any it knew: its own decision or another's. */
export interface PauseEvent {
  /** When the pause ends. */
  until: Date;
  /** `'this-process'` when a client of this process decided it, `'shared'` when it was read from the store. */
  source: 'this-process' | 'shared';
  /** Why, when this process decided it. */
  reason?: TransientReason;
}

/**
 * Takes requests from a budget.
 *
 * @example
 * ```ts
 * const waitMs = await budget.take(); // 0: go; otherwise ask again after waitMs
 * ```
 */
export interface RequestBudget {
  /**
   * Takes one request from the budget. Resolves to 0 when it was taken, else to how many
   * milliseconds to wait before asking again. Never rejects.
   */
  take(): Promise<number>;
}

/**
 * State shared by every client given the same coordination: a pause Concur asked for, and a
 * request budget. `redisCoordination` (from `concur-sdk/redis`) shares it across processes;
 * {@link memoryCoordination} among the clients of one process. Implement it yourself only to put
 * the shared state somewhere else; its methods must not reject (fall back to local state instead).
 *
 * @example
 * ```ts
 * const coordination = redisCoordination({ redis, key: 'concur:acme-prod' });
 * const concur = new ConcurClient({ baseUrl, accessToken, coordination, rateLimit: { requests: 50, perMs: 1_000 } });
 * ```
 */
export interface Coordination {
  /**
   * A client decided to wait `delayMs` before its retry because Concur answered 503, 429, the
   * request-limit 400 or not at all: every client sharing this coordination waits as long.
   */
  pause(delayMs: number, reason: TransientReason): Promise<void>;
  /** When the current pause ends, in milliseconds since the epoch; 0 or a past time when there is none. */
  pausedUntil(): Promise<number>;
  /** The budget of `limit`, shared by every client of this coordination that asks for it. */
  budget(limit: RateLimit): RequestBudget;
}
