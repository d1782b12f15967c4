import type { AccessTokenProvider, TokenRequestContext } from '../core/options.js';
import { checkBaseUrl, resolveClientOptions } from '../core/resolve-options.js';
import { Transport } from '../core/transport.js';
import { responseError } from '../errors/factory.js';
import { scrubError } from '../errors/redact.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { typeOfValue } from '../internal/describe.js';
import { toAuthError } from './oauth-errors.js';
import { SharedRefresh } from './shared-refresh.js';
import { memoryTokenStore, type TokenStore } from './token-store.js';
import { StoredTokenSource, type Exchanged } from './token-store-refresh.js';

/** The tokens a refresh produced; persist `refreshToken`, the previous one no longer works. */
export interface RefreshedTokens {
  /** The new access token (valid about an hour). */
  accessToken: string;
  /** The new refresh token: it replaces the one used. */
  refreshToken: string;
  /** When the access token expires. */
  expiresAt: Date;
  /** The data center host for this user or company, when Concur sent one. */
  geolocation?: string;
  /** Granted scopes, when Concur sent them. */
  scope?: string;
}

/**
 * Options of {@link refreshTokenProvider}.
 *
 * @example
 * ```ts
 * const accessToken = refreshTokenProvider({
 *   clientId, clientSecret, refreshToken: await store.read(),
 *   baseUrl: ConcurRegions.US2,
 *   onRefresh: (tokens) => store.write(tokens.refreshToken),
 * });
 * ```
 */
export interface RefreshTokenProviderOptions {
  /** The app's client id. */
  clientId: string;
  /** The app's client secret. */
  clientSecret: string;
  /** The current refresh token. */
  refreshToken: string;
  /** Host of the token endpoint (`/oauth2/v0/token`): the user's geolocation, e.g. `ConcurRegions.US2`. */
  baseUrl: string;
  /**
   * Called after every refresh with the new tokens. Each refresh returns a new refresh token and
   * the old one stops working, so store it here. A rejection fails the request that asked.
   * @default undefined
   */
  onRefresh?: (tokens: RefreshedTokens) => void | Promise<void>;
  /**
   * Refresh this long before the access token expires. Keep it well under the tokens' lifetime
   * (Concur's last an hour): a margin longer than the lifetime makes every request refresh.
   * @default 300_000
   */
  refreshMarginMs?: number;
  /**
   * Where the access token, its expiry and the current refresh token live, with the lock that
   * lets one refresh run at a time among every provider sharing the store. `redisTokenStore` from
   * `concur-sdk/redis` shares them across processes: one refresh per token for all of them, and a
   * rotated refresh token reaches every process. The store's refresh token wins over the
   * `refreshToken` option, which seeds an empty store and is tried when the stored one is refused.
   * @default memoryTokenStore(): this provider alone
   * @example
   * ```ts
   * import { redisTokenStore } from 'concur-sdk/redis';
   * const accessToken = refreshTokenProvider({ ...credentials, baseUrl, store: redisTokenStore({ redis, key: 'concur:tokens:acme' }) });
   * ```
   */
  store?: TokenStore;
  /**
   * Time limit of the token request, in milliseconds.
   * @default 60_000
   */
  timeoutMs?: number;
  /**
   * The proxy for the token request, as the client's `proxy` option: a URL, `'env'` or `false`.
   * Behind a mandatory proxy, give both the client and the provider the same value.
   * @default false
   */
  proxy?: string | false;
}

const TOKEN_PATH = '/oauth2/v0/token';
/** Concur's OAuth2 access tokens live one hour (reference §1.3). */
const DEFAULT_LIFETIME_S = 3600;

function requireText(options: RefreshTokenProviderOptions, key: 'clientId' | 'clientSecret' | 'refreshToken'): string {
  const value: unknown = options[key];
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'an empty string' : typeOfValue(value);
    throw new ConcurValidationError(`refreshTokenProvider needs ${key}: a non-empty string (got ${got}).`, { field: key });
  }
  return value;
}

/**
 * Builds an `accessToken` function for the OAuth2 refresh grant (reference §1.3). It refreshes
 * before the one-hour expiry, runs one refresh at a time however many requests wait, rotates the
 * refresh token and reports it through `onRefresh`. When Concur refuses a token, the client asks
 * for a fresh one and retries the request once.
 *
 * @example
 * ```ts
 * const concur = new ConcurClient({
 *   baseUrl: ConcurRegions.US2,
 *   accessToken: refreshTokenProvider({ clientId, clientSecret, refreshToken, baseUrl: ConcurRegions.US2 }),
 * });
 * ```
 */
export function refreshTokenProvider(options: RefreshTokenProviderOptions): AccessTokenProvider {
  if (typeof options !== 'object' || options === null) {
    throw new ConcurValidationError(`refreshTokenProvider needs an options object (got ${typeOfValue(options)}).`, { field: 'options' });
  }
  const clientId = requireText(options, 'clientId');
  const clientSecret = requireText(options, 'clientSecret');
  const baseUrl = checkBaseUrl(options.baseUrl);
  const marginMs = options.refreshMarginMs ?? 300_000;
  // The same checks and defaults as a client's (timeoutMs range, proxy, User-Agent).
  const checked = resolveClientOptions({
    baseUrl: baseUrl.origin,
    // Stryker disable next-line ArrowFunction,StringLiteral: never called; it only lets the client's option checks run (the token request sends no Authorization)
    accessToken: () => '',
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
  });
  const { timeoutMs, proxy, userAgent, secrets: proxyCredentials } = checked;
  const transport = new Transport({ baseUrl, timeoutMs, proxy, userAgent, secrets: proxyCredentials, maxResponseBytes: 1024 * 1024, maxSockets: 2 });
  const configuredRefreshToken = requireText(options, 'refreshToken');
  const store = checkStore(options.store);
  const shared = new SharedRefresh<{ accessToken: string }>();
  const source = new StoredTokenSource({
    store,
    marginMs,
    configuredRefreshToken,
    exchange: async (refreshToken, signal) => {
      const secrets = [clientSecret, refreshToken];
      try {
        return await exchange(refreshToken, signal, secrets);
      } catch (error) {
        // A refusal names the credential to check (ConcurAuthError); redaction runs last, as before.
        throw scrubError(toAuthError(error), secrets);
      }
    },
    refreshed: async ({ tokens, geolocation, scope }) => {
      const secrets = [clientSecret, tokens.accessToken, tokens.refreshToken];
      const refreshed: RefreshedTokens = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt) };
      if (geolocation !== undefined) refreshed.geolocation = geolocation;
      if (scope !== undefined) refreshed.scope = scope;
      try {
        await options.onRefresh?.(refreshed);
      } catch (error) {
        throw scrubError(toAuthError(error), secrets);
      }
    },
  });

  async function exchange(used: string, signal: AbortSignal, secrets: string[]): Promise<Exchanged> {
    const form = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, grant_type: 'refresh_token', refresh_token: used });
    const raw = await transport.send(
      {
        method: 'POST',
        path: TOKEN_PATH,
        query: '',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        // Stryker disable next-line StringLiteral: the form is percent-encoded ASCII, and an empty encoding name means utf8 to Buffer.from anyway
        body: Buffer.from(form.toString(), 'utf8'),
        signal,
      },
      // Sent once. A transient failure here fails the client's attempt that asked for the token,
      // and that attempt is retried under the client's policy.
      { attempt: 1, last: false, authorization: undefined, secrets },
    );
    const context = { method: 'POST', path: TOKEN_PATH, attempts: 1, secrets };
    let body: { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown; geolocation?: unknown; scope?: unknown };
    try {
      body = JSON.parse(raw.body.toString('utf8')) as typeof body;
    } catch (cause) {
      throw responseError('its body is not JSON', { status: raw.status }, context, cause);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw responseError('it holds no access_token', { status: raw.status }, context);
    }
    secrets.push(body.access_token);
    const lifetimeS = Number(body.expires_in);
    const now = Date.now();
    const result: Exchanged = {
      tokens: {
        accessToken: body.access_token,
        refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : used,
        expiresAt: now + (Number.isFinite(lifetimeS) && lifetimeS > 0 ? lifetimeS : DEFAULT_LIFETIME_S) * 1000,
        refreshedAt: now,
      },
    };
    if (typeof body.geolocation === 'string') result.geolocation = body.geolocation;
    if (typeof body.scope === 'string') result.scope = body.scope;
    return result;
  }

  return async (context: TokenRequestContext): Promise<string> => {
    const current = source.cached;
    // Under concurrency several requests report the same refused token; only the first refreshes.
    const refused = context.forceRefresh && (context.rejectedToken === undefined || context.rejectedToken === current?.accessToken);
    if (!shared.running && current !== undefined && !source.stale(current) && !refused) return current.accessToken;
    const rejected = refused ? (context.rejectedToken ?? current?.accessToken) : undefined;
    return (await shared.join(async (signal) => source.obtain(rejected, signal), context.signal)).accessToken;
  };
}

/** Checks the `store` option: undefined (a store of this provider's own), or a {@link TokenStore}. */
function checkStore(value: unknown): TokenStore {
  if (value === undefined) return memoryTokenStore();
  const candidate = value as Partial<Record<keyof TokenStore, unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || ['read', 'write', 'tryLock'].some((name) => typeof candidate[name as keyof TokenStore] !== 'function')) {
    throw new ConcurValidationError(
      `refreshTokenProvider's store must be what redisTokenStore() or memoryTokenStore() returns: an object with read, write and tryLock functions (got ${typeOfValue(value)}).`,
      { field: 'store' },
    );
  }
  return value as TokenStore;
}
