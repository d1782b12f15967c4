import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { consumeOne, memoryBudget, PauseBoard } from '../coordination/memory.js';
import type { Coordination, PauseEvent, RateLimit, RequestBudget } from '../coordination/types.js';
import type { TransientReason } from '../errors/transient.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { typeOfValue } from '../internal/describe.js';
import { checkKey, checkRedis, checkWholeMs } from './check.js';
import { RedisLink } from './link.js';

/**
 * Options of {@link redisCoordination}.
 *
 * @example
 * ```ts
 * const coordination = redisCoordination({ redis, key: 'concur:acme-prod', onPause: (e) => log.warn(e, 'Concur paused') });
 * ```
 */
export interface RedisCoordinationOptions {
  /** The app's ioredis client. The coordination never closes it. */
  redis: Redis;
  /**
   * Prefix of the Redis keys shared by every client that coordinates: one per Concur company (or
   * per OAuth app, if Concur throttles the app). The pause lives at `<key>:pause`, the request
   * budget at `<key>:budget:requests`.
   */
  key: string;
  /**
   * Time limit of one Redis operation; past it, that operation falls back to this process's state.
   * @default 1_000
   */
  operationTimeoutMs?: number;
  /**
   * Told when this process learns of a pause later than any it knew, decided here or read from
   * Redis: a place to log "Concur paused until …".
   * @default undefined
   */
  onPause?: (event: PauseEvent) => void;
}

// Extends the pause, never shortens it. The pause is a key with a time to live: each process
// reads the time left (PTTL), so the processes' clocks need not agree.
const PAUSE_SCRIPT = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
end
return left`;

/**
 * Shares pauses and a request budget through Redis among every client, in every process, given
 * the same key. When a client decides to wait before a retry because Concur answered 503, 429,
 * the request-limit 400 or not at all, it writes the pause to Redis, and every client sharing the
 * key waits until it ends before its next send. A client's `rateLimit` is counted in Redis too
 * (rate-limiter-flexible's Redis limiter), across all of them. When Redis is unreachable, each
 * process keeps pauses and budget to itself and reports the outage once (`process.emitWarning`).
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { ConcurClient } from 'concur-sdk';
 * import { redisCoordination } from 'concur-sdk/redis';
 *
 * const concur = new ConcurClient({
 *   baseUrl: ConcurRegions.US2, accessToken,
 *   coordination: redisCoordination({ redis: new Redis(process.env.REDIS_URL!), key: 'concur:acme-prod' }),
 *   rateLimit: { requests: 50, perMs: 1_000 },
 * });
 * ```
 */
export function redisCoordination(options: RedisCoordinationOptions): Coordination {
  const redis = checkRedis(options, 'redisCoordination');
  const key = checkKey(options, 'redisCoordination');
  const link = new RedisLink(redis, checkWholeMs('redisCoordination', 'operationTimeoutMs', options.operationTimeoutMs, 1_000, 1));
  if (options.onPause !== undefined && typeof options.onPause !== 'function') {
    throw new ConcurValidationError(`redisCoordination: onPause must be a function (event) => void (got ${typeOfValue(options.onPause)}).`, { field: 'onPause' });
  }
  const board = new PauseBoard(options.onPause);
  const pauseKey = `${key}:pause`;
  const budgets = new Map<string, RequestBudget>();

  return {
    async pause(delayMs: number, reason: TransientReason): Promise<void> {
      const ms = Math.max(1, Math.ceil(delayMs));
      board.learn(Date.now() + ms, 'this-process', reason);
      await link.run(async (client) => client.eval(PAUSE_SCRIPT, 1, pauseKey, String(ms), reason));
    },

    async pausedUntil(): Promise<number> {
      const result = await link.run(async (client) => client.pttl(pauseKey));
      if (result.ok && result.value > 0) board.learn(Date.now() + result.value, 'shared');
      return board.until;
    },

    budget(limit: RateLimit): RequestBudget {
      const id = `${limit.requests}/${limit.perMs}`;
      let budget = budgets.get(id);
      if (budget === undefined) {
        budget = redisBudget(link, redis, `${key}:budget`, limit);
        budgets.set(id, budget);
      }
      return budget;
    },
  };
}

/** The budget counted in Redis; this process's own budget while Redis is unreachable. */
function redisBudget(link: RedisLink, redis: Redis, keyPrefix: string, limit: RateLimit): RequestBudget {
  const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: limit.requests, duration: limit.perMs / 1000 });
  const local = memoryBudget(limit);
  return {
    async take(): Promise<number> {
      const result = await link.run(async () => consumeOne(shared));
      return result.ok ? result.value : local.take();
    },
  };
}
