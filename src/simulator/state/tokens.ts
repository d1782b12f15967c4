import type { Random } from '../random.js';

/** An access token the simulator knows. */
export interface TokenRecord {
  /** The token value, as sent after `Bearer ` or `OAuth `. */
  readonly token: string;
  /** Login of the token's owner: `GET /api/user/v1.0/User/` without `loginID` returns this user. */
  loginId: string | undefined;
  /** When the token stops working (ms since the epoch), or undefined for never. */
  expiresAt: number | undefined;
  /** A revoked token is refused with 403 like an expired one. */
  revoked: boolean;
}

/** What the simulator thinks of a token. */
export type TokenStatus = 'valid' | 'unknown' | 'expired' | 'revoked';

/** Options of {@link TokenStore.add}. */
export interface AddTokenOptions {
  /**
   * Login of the token's owner.
   * @default the first seeded user, if any
   */
  loginId?: string;
  /**
   * When the token expires, as a Date or ms since the epoch.
   * @default never
   */
  expiresAt?: Date | number;
  /**
   * Lifetime from now, in milliseconds (ignored when `expiresAt` is given).
   * @default never
   */
  expiresInMs?: number;
}

/** A refresh token for the OAuth2 token endpoint. */
export interface RefreshTokenRecord {
  /** The refresh token value. */
  readonly token: string;
  /** Owner of the access tokens it produces. */
  loginId: string | undefined;
}

/** Options of {@link TokenStore.addClient}. */
export interface AddClientOptions {
  /**
   * The grants the app may use. A token request for another grant is refused with Concur's code
   * 60 (`invalid_grant`).
   * @default ['refresh_token']
   */
  grants?: readonly string[];
  /**
   * False when the company has not enabled (connected) the app: a refresh is refused with Concur's
   * code 53 (`invalid_client`, "company is not enabled for this client").
   * @default true
   */
  companyEnabled?: boolean;
}

/** An OAuth2 client (app) the token endpoint knows; change its fields to change its answers. */
export interface OAuthClientRecord {
  /** The app's client id. */
  readonly clientId: string;
  /** The app's client secret: another secret is refused with code 64. */
  clientSecret: string;
  /** The grants the app may use: another grant is refused with code 60. */
  grants: string[];
  /** False: a refresh is refused with code 53. */
  companyEnabled: boolean;
}

/** The tokens a refresh issued. */
export interface IssuedTokens {
  /** The new access token. */
  accessToken: string;
  /** The new refresh token; the one used stops working. */
  refreshToken: string;
  /** Lifetime of the access token in seconds. */
  expiresInSeconds: number;
}

/**
 * Access tokens, OAuth2 clients and refresh tokens. Concur's legacy services answer 401 without an
 * Authorization header and 403 for a token that is unknown, expired or revoked (HTTP codes page).
 */
export class TokenStore {
  readonly #now: () => number;
  readonly #random: Random;
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #clients = new Map<string, OAuthClientRecord>();
  readonly #refreshTokens = new Map<string, RefreshTokenRecord>();
  /** Owner given to tokens added without one. @internal */
  defaultLoginId: string | undefined;
  /**
   * Lifetime of the access tokens the OAuth2 endpoint issues, in milliseconds.
   * @default 3_600_000 (Concur's one hour)
   */
  accessTokenLifetimeMs: number;

  /** @internal */
  constructor(now: () => number, random: Random, accessTokenLifetimeMs: number) {
    this.#now = now;
    this.#random = random;
    this.accessTokenLifetimeMs = accessTokenLifetimeMs;
  }

  /**
   * Registers an access token (replacing one with the same value).
   *
   * @example
   * ```ts
   * sim.state.tokens.add('short-lived', { expiresInMs: 60_000 });
   * ```
   */
  add(token: string, options: AddTokenOptions = {}): TokenRecord {
    if (typeof token !== 'string' || token.trim() === '') throw new TypeError('A token must be a non-empty string.');
    const expiresAt =
      options.expiresAt !== undefined
        ? Number(options.expiresAt instanceof Date ? options.expiresAt.getTime() : options.expiresAt)
        : options.expiresInMs !== undefined
          ? this.#now() + options.expiresInMs
          : undefined;
    const record: TokenRecord = { token, loginId: options.loginId ?? this.defaultLoginId, expiresAt, revoked: false };
    this.#tokens.set(token, record);
    return record;
  }

  /** The record of a token, or undefined. */
  get(token: string): TokenRecord | undefined {
    return this.#tokens.get(token);
  }

  /** Every registered access token. */
  all(): TokenRecord[] {
    return [...this.#tokens.values()];
  }

  /** Makes a token expire now: the next request with it gets a 403 saying the token expired. */
  expire(token: string): void {
    this.#require(token).expiresAt = this.#now();
  }

  /** Revokes a token: the next request with it gets a 403 saying it was revoked. */
  revoke(token: string): void {
    this.#require(token).revoked = true;
  }

  /** Forgets a token: requests with it get a 403 for an unknown token. */
  remove(token: string): boolean {
    return this.#tokens.delete(token);
  }

  /** Whether a token would be accepted now, and if not, why. */
  status(token: string): TokenStatus {
    const record = this.#tokens.get(token);
    if (record === undefined) return 'unknown';
    if (record.revoked) return 'revoked';
    if (record.expiresAt !== undefined && this.#now() >= record.expiresAt) return 'expired';
    return 'valid';
  }

  /**
   * Registers an OAuth2 client for the token endpoint (replacing one with the same id).
   *
   * @example
   * ```ts
   * sim.state.tokens.addClient('app-without-refresh', 'secret', { grants: ['password'] }); // refresh: code 60
   * sim.state.tokens.client(SIMULATOR_OAUTH.clientId)!.companyEnabled = false; // refresh: code 53
   * ```
   */
  addClient(clientId: string, clientSecret: string, options: AddClientOptions = {}): OAuthClientRecord {
    const record: OAuthClientRecord = {
      clientId,
      clientSecret,
      grants: [...(options.grants ?? ['refresh_token'])],
      companyEnabled: options.companyEnabled ?? true,
    };
    this.#clients.set(clientId, record);
    return record;
  }

  /** The OAuth2 client with this id, or undefined (the token endpoint then answers code 61). */
  client(clientId: string): OAuthClientRecord | undefined {
    return this.#clients.get(clientId);
  }

  /** Registers a refresh token for the OAuth2 refresh grant. */
  addRefreshToken(refreshToken: string, loginId?: string): RefreshTokenRecord {
    const record: RefreshTokenRecord = { token: refreshToken, loginId: loginId ?? this.defaultLoginId };
    this.#refreshTokens.set(refreshToken, record);
    return record;
  }

  /** True when a refresh token is current (it has not been used or removed). */
  hasRefreshToken(refreshToken: string): boolean {
    return this.#refreshTokens.has(refreshToken);
  }

  /**
   * The refresh grant: a new access token and a new refresh token; the used refresh token stops
   * working (reference §1.3). Undefined when the refresh token is not current. @internal
   */
  refresh(refreshToken: string): IssuedTokens | undefined {
    const used = this.#refreshTokens.get(refreshToken);
    if (used === undefined) return undefined;
    this.#refreshTokens.delete(refreshToken);
    const accessToken = `sim-access-${this.#random.opaqueId(32)}`;
    const next = this.addRefreshToken(`sim-refresh-${this.#random.opaqueId(32)}`, used.loginId);
    this.add(accessToken, { expiresInMs: this.accessTokenLifetimeMs, ...(used.loginId === undefined ? {} : { loginId: used.loginId }) });
    return { accessToken, refreshToken: next.token, expiresInSeconds: Math.round(this.accessTokenLifetimeMs / 1000) };
  }

  #require(token: string): TokenRecord {
    const record = this.#tokens.get(token);
    if (record === undefined) throw new Error(`The simulator has no token "${token.slice(0, 40)}".`);
    return record;
  }
}
