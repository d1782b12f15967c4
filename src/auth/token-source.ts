import type { AccessTokenProvider, TokenRequestContext } from '../core/options.js';
import { describeEmptyToken, stripScheme } from '../core/resolve-options.js';
import { raceAbort } from '../core/sleep.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { typeOfValue } from '../internal/describe.js';

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

  /**
   * The token for the next attempt, without a scheme the caller may have included. Rejects with
   * the signal's reason as soon as it aborts, even if the function ignores `context.signal`.
   */
  async get(context: TokenRequestContext): Promise<string> {
    const source = this.#token;
    const given = typeof source === 'function' ? await raceAbort(Promise.resolve().then(async () => source(context)), context.signal) : source;
    const token = typeof given === 'string' ? stripScheme(given) : given;
    if (typeof token !== 'string' || token === '') {
      throw new ConcurValidationError(`The accessToken function returned no token; it must resolve to a non-empty string (got ${typeof given === 'string' ? describeEmptyToken(given) : typeOfValue(given)}).`, {
        field: 'accessToken',
      });
    }
    // A line break would let the value smuggle extra headers into the request; Node refuses any
    // other control character in a header.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(token)) {
      throw new ConcurValidationError('The access token contains a line break or another control character; check how it is read.', { field: 'accessToken' });
    }
    return token;
  }
}
