import type { Random } from '../random.js';
import { AttendeeStore } from './attendees.js';
import { ExtractStore } from './extract.js';
import { ImageStore } from './images.js';
import { ListStore } from './lists.js';
import { PaymentBatchStore } from './payment-batches.js';
import { PurchaseOrderStore } from './purchase-orders.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import { TokenStore } from './tokens.js';
import { UserStore } from './users.js';

/** What the stores need to be built. @internal */
export interface StateSettings {
  now: () => number;
  random: Random;
  jobDurationMs: number;
  batchCloseDurationMs: number;
  imageUrlTtlMs: number;
  accessTokenLifetimeMs: number;
  requestLogLimit: number;
}

/**
 * The simulator's in-memory Concur company: one store per service, the tokens, and the request
 * log. Tests seed it before calling and read it afterwards.
 *
 * @example
 * ```ts
 * const cities = sim.state.lists.byName('Cities')!;
 * await client.listItems.create(cities.id, [{ name: 'Paris', level1Code: 'PAR' }]);
 * expect(cities.item(['PAR'])?.name).toBe('Paris');
 * expect(sim.state.requests.filter((entry) => entry.method === 'POST')).toHaveLength(1);
 * ```
 */
export class SimulatorState {
  /** List Item v1.0: lists and their items. */
  readonly lists: ListStore;
  /** Attendee v1.0: shared attendees and attendee types. */
  readonly attendees: AttendeeStore;
  /** User v1.0: users, passwords and the Employee form. */
  readonly users: UserStore;
  /** Extract v1.0: definitions and jobs. */
  readonly extract: ExtractStore;
  /** Image v1.0: uploaded images and their short-lived URLs. */
  readonly images: ImageStore;
  /** Payment Batch v1.1 / v1.2: batches and files. */
  readonly paymentBatches: PaymentBatchStore;
  /** Purchase Order v1.0: orders, vendors and policies. */
  readonly purchaseOrders: PurchaseOrderStore;
  /** Access tokens, OAuth2 clients and refresh tokens. */
  readonly tokens: TokenStore;
  /** The request log behind {@link SimulatorState.requests}. */
  readonly log: RequestLog;

  /** @internal */
  constructor(settings: StateSettings) {
    this.lists = new ListStore(settings.random);
    this.attendees = new AttendeeStore();
    this.users = new UserStore();
    this.extract = new ExtractStore(settings.now, settings.random, settings.jobDurationMs);
    this.images = new ImageStore(settings.now, settings.random, settings.imageUrlTtlMs);
    this.paymentBatches = new PaymentBatchStore(settings.now, settings.random, settings.batchCloseDurationMs);
    this.purchaseOrders = new PurchaseOrderStore();
    this.tokens = new TokenStore(settings.now, settings.random, settings.accessTokenLifetimeMs);
    this.log = new RequestLog(settings.requestLogLimit);
  }

  /**
   * The requests that reached the simulator, oldest first (the last `requestLogLimit` of them),
   * without bodies and without Authorization values. Control endpoints are not logged.
   */
  get requests(): readonly RequestLogEntry[] {
    return this.log.entries;
  }
}
