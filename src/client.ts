import { resolveClientOptions, type ClientOptions } from './core/options.js';
import type { ConcurResponse } from './core/decode.js';
import type { ConcurRequest } from './core/prepare.js';
import { Requester } from './core/request.js';
import { ListItemsService } from './services/list-items.js';

/**
 * The client for the SAP Concur web services. It checks its options once, then every call goes
 * through one request primitive with Concur's retry policy, typed errors and the token handling.
 *
 * @example
 * ```ts
 * import { ConcurClient, ConcurRegions, ServiceUnavailableError } from 'concur-sdk';
 *
 * const concur = new ConcurClient({ baseUrl: ConcurRegions.US2, accessToken: process.env.CONCUR_TOKEN! });
 * try {
 *   const { data } = await concur.request({ method: 'GET', path: '/api/expense/extract/v1.0/' });
 * } catch (error) {
 *   if (error instanceof ServiceUnavailableError) console.error(`Concur is in maintenance (${error.attempts} attempts)`);
 *   else throw error;
 * }
 * ```
 */
export class ConcurClient {
  readonly #requester: Requester;
  /** List Item v1.0: lists, their items, and batch create / update / delete. */
  readonly listItems: ListItemsService;

  /**
   * @throws ConcurValidationError when an option is missing or invalid (e.g. an `http:` base URL
   * that is not a loopback host).
   */
  constructor(options: ClientOptions) {
    this.#requester = new Requester(resolveClientOptions(options));
    this.listItems = new ListItemsService(this.#requester);
  }

  /** The configured base URL, e.g. `https://us2.api.concursolutions.com`. */
  get baseUrl(): string {
    return this.#requester.baseUrl.origin;
  }

  /**
   * Sends one request to the configured host with the token, the retry policy and typed errors.
   * The service methods are built on it; use it for endpoints the SDK does not wrap.
   *
   * @throws ConcurApiError (or a subclass) for an HTTP error status, `ConcurTimeoutError`,
   * `ConcurNetworkError`, `ConcurAbortError`, `ConcurResponseError`, `ConcurValidationError`.
   *
   * @example
   * ```ts
   * const { data } = await concur.request({
   *   method: 'GET',
   *   path: '/api/expense/list/v1.0/',
   *   signal: AbortSignal.timeout(30 * 60_000),
   * });
   * ```
   */
  request<T = unknown>(request: ConcurRequest): Promise<ConcurResponse<T>> {
    return this.#requester.request<T>(request);
  }
}
