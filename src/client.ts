import type { ClientOptions } from './core/options.js';
import { resolveClientOptions } from './core/resolve-options.js';
import type { ConcurResponse } from './core/decode.js';
import type { ConcurRequest } from './core/prepare.js';
import { Requester } from './core/request.js';
import { AttendeesService } from './services/attendees.js';
import { ExtractService } from './services/extract.js';
import { ImagingService } from './services/imaging.js';
import { ListItemsService } from './services/list-items.js';
import { PaymentBatchesService } from './services/payment-batches.js';
import { PurchaseOrdersService } from './services/purchase-orders.js';
import { UsersService } from './services/users.js';

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
  /** Attendee v1.0: batch create / update (inactivation included) of shared attendees; attendee types. */
  readonly attendees: AttendeesService;
  /** Extract v1.0: definitions, jobs, waiting for a job, downloading its file. */
  readonly extract: ExtractService;
  /** Imaging v1.0: receipt, entry, report and invoice images. */
  readonly imaging: ImagingService;
  /** List Item v1.0: lists, their items, and batch create / update / delete. */
  readonly listItems: ListItemsService;
  /** Payment Batch v1.1 / v1.2: list batches, close them, download their files. */
  readonly paymentBatches: PaymentBatchesService;
  /** Purchase Order v1.0: batch submit. */
  readonly purchaseOrders: PurchaseOrdersService;
  /** User v1.0: profiles, form fields, batch upsert, passwords (decommissioned in US and EMEA). */
  readonly users: UsersService;

  /**
   * @throws ConcurValidationError when an option is missing or invalid (e.g. an `http:` base URL
   * that is not a loopback host).
   */
  constructor(options: ClientOptions) {
    this.#requester = new Requester(resolveClientOptions(options));
    this.attendees = new AttendeesService(this.#requester);
    this.extract = new ExtractService(this.#requester);
    this.imaging = new ImagingService(this.#requester);
    this.listItems = new ListItemsService(this.#requester);
    this.paymentBatches = new PaymentBatchesService(this.#requester);
    this.purchaseOrders = new PurchaseOrdersService(this.#requester);
    this.users = new UsersService(this.#requester);
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
  async request<T = unknown>(request: ConcurRequest): Promise<ConcurResponse<T>> {
    return this.#requester.request<T>(request);
  }
}
