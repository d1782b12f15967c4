/**
 * The tokens a {@link TokenStore} keeps: the current access token, when it expires, and the
 * current refresh token (each refresh replaces it, and the used one stops working).
 *
 * @example
 * ```ts
 * const tokens: StoredTokens = { accessToken, refreshToken, expiresAt: Date.now() + 3_600_000, refreshedAt: Date.now() };
 * ```
 */
export interface StoredTokens {
  /** The access token to send. */
  accessToken: string;
  /** The refresh token to use for the next refresh. */
  refreshToken: string;
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number;
  /** When the refresh that produced them ended, in milliseconds since the epoch: the newer state wins. */
  refreshedAt: number;
}

/**
 * The refresh lock, held by one refresh at a time.
 *
 * @example
 * ```ts
 * const lock = await store.tryLock();
 * if (lock) try { … } finally { await lock.release(); }
 * ```
 */
export interface TokenStoreLock {
  /** Releases the lock if this holder still holds it; never rejects. */
  release(): Promise<void>;
}

/**
 * Where `refreshTokenProvider` keeps its tokens, and the lock that lets one refresh run at a time
 * among every provider sharing the store. {@link memoryTokenStore} (the default) keeps them in
 * this process; `redisTokenStore` from `concur-sdk/redis` shares them across processes. A store
 * for another engine implements these three methods; they should not reject (fall back to local
 * state when the engine is away), since a rejection fails the call that asked for a token.
 *
 * @example
 * ```ts
 * const accessToken = refreshTokenProvider({ ...credentials, baseUrl, store: redisTokenStore({ redis, key: 'concur:tokens:acme' }) });
 * ```
 */
export interface TokenStore {
  /** The stored tokens, or undefined when none were stored yet. */
  read(): Promise<StoredTokens | undefined>;
  /** Replaces the stored tokens. */
  write(tokens: StoredTokens): Promise<void>;
  /**
   * Takes the refresh lock if no one holds it: the lock, or undefined when another holder has it.
   * The lock expires by itself if its holder dies.
   */
  tryLock(): Promise<TokenStoreLock | undefined>;
}

/** Options of {@link memoryTokenStore}. */
export interface MemoryTokenStoreOptions {
  /**
   * A lock not released after this long is free again.
   * @default 120_000
   */
  lockExpiryMs?: number;
}

/**
 * Keeps tokens in this process: the default store of `refreshTokenProvider`. Give one store to
 * several providers of one process and they share one token and one refresh at a time.
 *
 * @example
 * ```ts
 * const store = memoryTokenStore();
 * const accessToken = refreshTokenProvider({ clientId, clientSecret, refreshToken, baseUrl, store });
 * ```
 */
export function memoryTokenStore(options: MemoryTokenStoreOptions = {}): TokenStore {
  const lockExpiryMs = options.lockExpiryMs ?? 120_000;
  let tokens: StoredTokens | undefined;
  let lock: { holder: object; expiresAt: number } | undefined;
  return {
    async read(): Promise<StoredTokens | undefined> {
      return tokens === undefined ? undefined : { ...tokens };
    },
    async write(next: StoredTokens): Promise<void> {
      tokens = { ...next };
    },
    async tryLock(): Promise<TokenStoreLock | undefined> {
      if (lock !== undefined && Date.now() < lock.expiresAt) return undefined;
      const holder = {};
      lock = { holder, expiresAt: Date.now() + lockExpiryMs };
      return {
        async release(): Promise<void> {
          if (lock?.holder === holder) lock = undefined;
        },
      };
    },
  };
}
