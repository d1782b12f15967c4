import { abortableSleep } from '../core/sleep.js';
import { ConcurAuthError } from '../errors/auth-error.js';
import type { StoredTokens, TokenStore } from './token-store.js';

/** How often a provider waiting for another holder's refresh looks at the store again. */
const LOCK_POLL_MS = 50;

/** A refresh's result: the tokens to store, and what else Concur said (for `onRefresh`). */
export interface Exchanged {
  tokens: StoredTokens;
  geolocation?: string;
  scope?: string;
}

/** What {@link StoredTokenSource} needs from its provider. */
export interface StoredTokenSourceOptions {
  store: TokenStore;
  marginMs: number;
  /** The provider's `refreshToken` option: used when the store is empty, and tried when the stored one is refused. */
  configuredRefreshToken: string;
  /** The token request: a refresh token in, new tokens out (errors already redacted). */
  exchange: (refreshToken: string, signal: AbortSignal) => Promise<Exchanged>;
  /** Called once per refresh, in the process that refreshed, after the tokens were stored. */
  refreshed: (result: Exchanged) => Promise<void>;
}

/**
 * Tokens kept in a {@link TokenStore}: read from it when the cached ones run out, refreshed under
 * the store's lock by one provider at a time. The others go on with their token while it is still
 * valid; once it is not, they look at the store every 50 ms until the holder has written the new
 * tokens or its lock has expired (then one of them refreshes). The rotated refresh token is
 * written before the lock is released.
 */
export class StoredTokenSource {
  readonly #options: StoredTokenSourceOptions;
  #cached: StoredTokens | undefined;

  constructor(options: StoredTokenSourceOptions) {
    this.#options = options;
  }

  /** The tokens this process last used, if any. */
  get cached(): StoredTokens | undefined {
    return this.#cached;
  }

  /** True when `tokens` should be refreshed before use (expiry within the margin). */
  stale(tokens: StoredTokens): boolean {
    return Date.now() >= tokens.expiresAt - this.#options.marginMs;
  }

  /**
   * Usable tokens other than `rejected`: the store's when another provider refreshed since this
   * one last looked, else a refresh of its own under the store's lock.
   */
  async obtain(rejected: string | undefined, signal: AbortSignal): Promise<StoredTokens> {
    const { store } = this.#options;
    const seen = this.#cached;
    for (;;) {
      const stored = await store.read();
      if (this.#usable(stored, seen, rejected)) return this.#adopt(stored);
      const lock = await store.tryLock();
      if (lock !== undefined) {
        let result: Exchanged;
        try {
          const current = await store.read();
          if (this.#usable(current, seen, rejected)) return this.#adopt(current);
          result = await this.#refresh(current, signal);
          await store.write(result.tokens);
        } finally {
          await lock.release();
        }
        this.#cached = result.tokens;
        await this.#options.refreshed(result);
        return result.tokens;
      }
      // Another holder is refreshing: the token in hand serves until it actually expires.
      if (seen !== undefined && seen.accessToken !== rejected && Date.now() < seen.expiresAt) return seen;
      await abortableSleep(LOCK_POLL_MS, signal);
    }
  }

  /** Fresh tokens, or tokens another provider refreshed since `seen`, still valid; never `rejected`. */
  #usable(tokens: StoredTokens | undefined, seen: StoredTokens | undefined, rejected: string | undefined): tokens is StoredTokens {
    if (tokens === undefined || tokens.accessToken === rejected || Date.now() >= tokens.expiresAt) return false;
    if (!this.stale(tokens)) return true;
    return seen === undefined || (tokens.refreshedAt > seen.refreshedAt && tokens.accessToken !== seen.accessToken);
  }

  #adopt(tokens: StoredTokens): StoredTokens {
    this.#cached = tokens;
    return tokens;
  }

  /**
   * Refreshes with the stored refresh token; when Concur refuses it, with the configured one if
   * it differs (the app may have been authorized again and given a new one).
   */
  async #refresh(current: StoredTokens | undefined, signal: AbortSignal): Promise<Exchanged> {
    const { configuredRefreshToken, exchange } = this.#options;
    const first = current?.refreshToken ?? configuredRefreshToken;
    try {
      return await exchange(first, signal);
    } catch (error) {
      const refusedToken = error instanceof ConcurAuthError && error.credential === 'refreshToken';
      if (!refusedToken || first === configuredRefreshToken || signal.aborted) throw error;
      return exchange(configuredRefreshToken, signal);
    }
  }
}
