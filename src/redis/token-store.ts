import type { Redis } from 'ioredis';
import { Mutex } from 'redis-semaphore';
import { memoryTokenStore, type StoredTokens, type TokenStore, type TokenStoreLock } from '../auth/token-store.js';
import { RedisLink } from './link.js';
import { checkKey, checkRedis, checkWholeMs } from './check.js';

/**
 * Options of {@link redisTokenStore}.
 *
 * @example
 * ```ts
 * const store = redisTokenStore({ redis: new Redis(process.env.REDIS_URL!), key: 'concur:tokens:acme-prod' });
 * ```
 */
export interface RedisTokenStoreOptions {
  /** The app's ioredis client. The store never closes it. */
  redis: Redis;
  /**
   * The Redis key of the tokens: one key per refresh token chain (per OAuth app and company or
   * user). The refresh lock lives at `mutex:<key>:lock`.
   */
  key: string;
  /**
   * How long the refresh lock lasts if its holder stops renewing it (a crashed process): another
   * process refreshes after that. A living holder renews it every third of this time until its
   * refresh ends, so a slow token request never loses it.
   * @default 10_000
   */
  lockExpiryMs?: number;
  /**
   * Time limit of one Redis operation; past it, that operation falls back to this process's state.
   * @default 1_000
   */
  operationTimeoutMs?: number;
}

/**
 * A redis-semaphore mutex whose renewal survives an unreachable Redis: the library renews from a
 * timer, and a rejected renewal there would be an unhandled rejection. If Redis stays away the
 * lock expires by itself, as for a crashed holder.
 */
class RefreshMutex extends Mutex {
  protected override async _refresh(): Promise<boolean> {
    try {
      return await super._refresh();
    } catch {
      return true;
    }
  }
}

/**
 * Keeps `refreshTokenProvider`'s tokens in Redis, shared by every process that uses the same key:
 * one refresh at a time across all of them (a lock with an expiry, released only by its holder),
 * and a rotated refresh token written before the lock is released. When Redis is unreachable the
 * store works from this process's copy and reports the outage once (`process.emitWarning`); a
 * refresh made meanwhile is written back when Redis answers again, if it is newer than Redis's.
 *
 * The tokens are stored in clear: protect the Redis instance (ACLs, TLS, no public port).
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { refreshTokenProvider } from 'concur-sdk';
 * import { redisTokenStore } from 'concur-sdk/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const accessToken = refreshTokenProvider({
 *   clientId, clientSecret, refreshToken: process.env.CONCUR_REFRESH_TOKEN!, baseUrl: ConcurRegions.US2,
 *   store: redisTokenStore({ redis, key: 'concur:tokens:acme-prod' }),
 * });
 * ```
 */
export function redisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  const redis = checkRedis(options, 'redisTokenStore');
  const key = checkKey(options, 'redisTokenStore');
  const lockExpiryMs = checkWholeMs('redisTokenStore', 'lockExpiryMs', options.lockExpiryMs, 10_000, 100);
  const link = new RedisLink(redis, checkWholeMs('redisTokenStore', 'operationTimeoutMs', options.operationTimeoutMs, 1_000, 1));
  const local = memoryTokenStore({ lockExpiryMs });
  // Tokens refreshed while Redis was away: written back once it answers, unless it has newer ones.
  let unsynced: StoredTokens | undefined;

  /** Redis's tokens (`ok: false` when unreachable), after writing back newer ones refreshed while it was away. */
  async function readShared(): Promise<{ ok: boolean; tokens?: StoredTokens | undefined }> {
    const result = await link.run(async (client) => client.get(key));
    if (!result.ok) return { ok: false };
    let tokens = parseTokens(result.value);
    const pending = unsynced;
    if (pending !== undefined && (tokens === undefined || pending.refreshedAt > tokens.refreshedAt)) {
      const written = await link.run(async (client) => client.set(key, JSON.stringify(pending)));
      if (!written.ok) return { ok: false };
      tokens = pending;
    }
    if (unsynced === pending) unsynced = undefined;
    if (tokens !== undefined) await local.write(tokens);
    return { ok: true, tokens };
  }

  // Written back as soon as the connection is ready again, not at the next refresh: until then the
  // other processes would read a refresh token this process has already used.
  redis.on('ready', () => {
    if (unsynced !== undefined) void readShared();
  });

  return {
    async read(): Promise<StoredTokens | undefined> {
      const shared = await readShared();
      return shared.ok ? shared.tokens : local.read();
    },

    async write(tokens: StoredTokens): Promise<void> {
      await local.write(tokens);
      const result = await link.run(async (client) => client.set(key, JSON.stringify(tokens)));
      unsynced = result.ok ? undefined : tokens;
    },

    async tryLock(): Promise<TokenStoreLock | undefined> {
      const mutex = new RefreshMutex(redis, `${key}:lock`, {
        lockTimeout: lockExpiryMs,
        // Renewed every third of its expiry: a holder stalled for a moment (a GC pause, a busy
        // machine) keeps it; one that died loses it after at most `lockExpiryMs`.
        refreshInterval: Math.max(1, Math.round(lockExpiryMs / 3)),
        acquireAttemptsLimit: 1,
        retryInterval: 1,
        // A lost lock needs no action: the holder's refresh ends on its own time limit.
        onLockLost: () => undefined,
      });
      let attempt: Promise<boolean> | undefined;
      const result = await link.run(async () => (attempt = mutex.tryAcquire()));
      if (!result.ok) {
        // Taken after the time limit: give it back, or it would be renewed for as long as we live.
        attempt?.then(async (taken) => (taken ? mutex.release() : undefined)).catch(() => undefined);
        return local.tryLock();
      }
      if (!result.value) return undefined;
      return {
        async release(): Promise<void> {
          await link.run(async () => mutex.release());
          mutex.stopRefresh();
        },
      };
    },
  };
}

/** The stored JSON, or undefined when absent or not tokens (then the provider refreshes). */
function parseTokens(text: string | null): StoredTokens | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Record<keyof StoredTokens, unknown>>;
    const { accessToken, refreshToken, expiresAt, refreshedAt } = value;
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string' || typeof expiresAt !== 'number' || typeof refreshedAt !== 'number') return undefined;
    return { accessToken, refreshToken, expiresAt, refreshedAt };
  } catch {
    return undefined;
  }
}
