import type { AccessTokenProvider, TokenRequestContext } from '../core/options.js';
import { ConcurValidationError } from '../errors/validation-errors.js';

/** Wraps the `accessToken` option: a fixed string, or a function asked before every attempt. */
export class TokenSource {
  readonly #token: string | AccessTokenProvider;

  constructor(token: string | AccessTokenProvider) {
    this.#token = token;
  }

  /** True when asking again can give a different token (the option is a function). */
  get refreshable(): boolean {
    return typeof this.#token === 'function';
  }

  /** The token for the next attempt. */
  async get(context: TokenRequestContext): Promise<string> {
    const token = typeof this.#token === 'function' ? await this.#token(context) : this.#token;
    if (typeof token !== 'string' || token.trim() === '') {
      throw new ConcurValidationError('The accessToken function returned no token; it must resolve to a non-empty string.', {
        field: 'accessToken',
      });
    }
    // A line break would let the value smuggle extra headers into the request.
    if (/[\r\n]/.test(token)) {
      throw new ConcurValidationError('The access token contains a line break; check how it is read.', { field: 'accessToken' });
    }
    return token;
  }
}
