import type { AddressInfo } from 'node:net';
import { controlRoutes } from './control.js';
import { DEFAULT_SEED, SIMULATOR_TOKEN } from './default-seed.js';
import type { SimulatorSleep } from './delivery.js';
import type { FaultSpec } from './fault-types.js';
import { FaultInjector } from './faults.js';
import type { SimContext } from './http-types.js';
import { deriveRandom } from './random.js';
import { Router } from './router.js';
import { applySeed, checkSeed, type SimulatorSeed } from './seed.js';
import { createServer } from './server.js';
import { ROUTES } from './services/index.js';
import { SimulatorState } from './state/index.js';

/**
 * Options of {@link startSimulator}.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ randomSeed: 42, jobDurationMs: 0, now: () => clock });
 * ```
 */
export interface SimulatorOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to listen on. Keep it on loopback: the simulator has no real security.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Initial data. Given, it replaces the default seed entirely; `{}` starts empty (apart from
   * {@link SIMULATOR_TOKEN}, which is always accepted).
   * @default DEFAULT_SEED: a user, a two-level 'Cities' list, an extract definition, an OPEN batch
   * with reports and an empty one, attendee types, a PO policy and vendor
   */
  seed?: SimulatorSeed;
  /**
   * Seed of the random generator behind generated ids, correlation ids and random faults: the
   * same seed and the same requests give the same results.
   * @default the seed's `randomSeed`, else 1
   */
  randomSeed?: number;
  /**
   * The clock, in ms since the epoch: job progress, token expiry, image URL lifetime, fault
   * windows, `Server-Time` and the request log all read it. Inject one to move time in tests.
   * @default Date.now
   */
  now?: () => number;
  /**
   * How `latency` faults wait. Inject one that resolves at once to test delays without waiting.
   * @default a real timer
   */
  sleep?: SimulatorSleep;
  /**
   * Time an extract job takes from `Queued` (first half) through `Running` to `Completed`.
   * @default 3_000
   */
  jobDurationMs?: number;
  /**
   * Time an asynchronous (v1.2) payment batch close takes.
   * @default 3_000
   */
  batchCloseDurationMs?: number;
  /**
   * Lifetime of the image URLs the Image API returns.
   * @default 900_000 (15 minutes)
   */
  imageUrlTtlMs?: number;
  /**
   * Lifetime of access tokens issued by `POST /oauth2/v0/token`.
   * @default 3_600_000
   */
  accessTokenLifetimeMs?: number;
  /**
   * How many request log entries are kept.
   * @default 10_000
   */
  requestLogLimit?: number;
  /**
   * Faults to schedule at start (the CLI's `--fault`).
   * @default []
   */
  faults?: FaultSpec[];
  /**
   * The origin the API links in responses are written on: list `id` and `*-link`, extract
   * definition and job `id`, `job-link`, `status-link`, `file-link` and `Location`, payment batch
   * `Batch-URL` and `File-Url`. Concur's published examples all write `https://www.concursolutions.com`
   * whatever host was called; give that here to check that a client follows such links on its own
   * host. Requests still go to {@link Simulator.url}. Image URLs (fetched without the token, served by
   * the simulator) and the OAuth2 `geolocation` stay on the simulator's own URL.
   * @default the simulator's own URL ({@link Simulator.url})
   */
  linkOrigin?: string;
  /**
   * Writes `File-Url` with a space after the scheme, as Concur's published "Close a Payment Batch"
   * example does: `http:// www.concursolutions.com/api/expense/paymentbatch/v1.1/batch/…/file`.
   * @default false
   */
  spaceInFileUrl?: boolean;
}

/**
 * A running simulator.
 *
 * @example
 * ```ts
 * const sim = await startSimulator();
 * try {
 *   const concur = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN });
 *   // ...
 * } finally {
 *   await sim.close();
 * }
 * ```
 */
export interface Simulator {
  /** The base URL to give the client, e.g. `http://127.0.0.1:53124`. */
  readonly url: string;
  /** The origin of the API links it writes: {@link SimulatorOptions.linkOrigin}, else {@link Simulator.url}. */
  readonly linkOrigin: string;
  /** The port it listens on. */
  readonly port: number;
  /** The token it accepts ({@link SIMULATOR_TOKEN}). */
  readonly token: string;
  /** The in-memory company: seed it, and assert on it. */
  readonly state: SimulatorState;
  /** Schedules failures. */
  readonly faults: FaultInjector;
  /**
   * Resolves once this many requests (since start, or since the log was cleared) have been handled as far as they
   * will be: answered, reset, or left without an answer. Use it before aborting a request that
   * a `noResponse` fault holds.
   */
  waitForRequests(count: number): Promise<void>;
  /** Stops the server, dropping open connections (also those a `noResponse` fault holds). */
  close(): Promise<void>;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a number of 0 or more; got ${String(value)}.`);
  return value;
}

/** A bare `http:` or `https:` origin, e.g. `https://www.concursolutions.com`. @throws TypeError otherwise. @internal */
export function originOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  const bare = url !== undefined && url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
  if (!bare || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`linkOrigin must be a bare http: or https: origin such as https://www.concursolutions.com; got ${JSON.stringify(value)}.`);
  }
  return url.origin;
}

const realSleep: SimulatorSleep = async (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a local Concur simulator: a real HTTP server on 127.0.0.1 serving the legacy endpoints
 * the SDK wraps from in-memory state, with Concur's formats, status codes and error bodies, and
 * injectable faults (maintenance 503s, time-outs, resets, deadlocks, 429s, broken bodies, latency).
 *
 * @throws TypeError when an option or the seed is invalid.
 * @example
 * ```ts
 * import { startSimulator, SIMULATOR_TOKEN } from 'concur-sdk/simulator';
 *
 * const sim = await startSimulator();
 * sim.faults.maintenance({ count: 2, retryAfterSeconds: 1 });
 * const concur = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, retry: { delayMs: 10 } });
 * const lists = await concur.listItems.getLists();
 * console.log(lists[0]?.name, sim.state.requests.length); // 'Cities', 3
 * await sim.close();
 * ```
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = checkSeed(options.seed ?? DEFAULT_SEED);
  const randomSeed = options.randomSeed ?? seed.randomSeed ?? 1;
  if (typeof randomSeed !== 'number' || !Number.isFinite(randomSeed)) throw new TypeError(`randomSeed must be a number; got ${String(randomSeed)}.`);
  const now = options.now ?? Date.now;
  const ids = deriveRandom(randomSeed, 0);
  const state = new SimulatorState({
    now,
    random: ids,
    jobDurationMs: nonNegative('jobDurationMs', options.jobDurationMs, 3_000),
    batchCloseDurationMs: nonNegative('batchCloseDurationMs', options.batchCloseDurationMs, 3_000),
    imageUrlTtlMs: nonNegative('imageUrlTtlMs', options.imageUrlTtlMs, 900_000),
    accessTokenLifetimeMs: nonNegative('accessTokenLifetimeMs', options.accessTokenLifetimeMs, 3_600_000),
    requestLogLimit: nonNegative('requestLogLimit', options.requestLogLimit, 10_000),
  });
  applySeed(state, seed);
  if (state.tokens.get(SIMULATOR_TOKEN) === undefined) state.tokens.add(SIMULATOR_TOKEN);
  const faults = new FaultInjector(now, deriveRandom(randomSeed, 1));
  for (const spec of options.faults ?? []) faults.add(spec);
  const linkOrigin = originOf(options.linkOrigin);
  const context: SimContext = { state, baseUrl: '', linkOrigin: '', spaceInFileUrl: options.spaceInFileUrl === true, now, random: ids };
  const server = createServer({
    context,
    router: new Router(ROUTES),
    control: new Router(controlRoutes(state, faults)),
    faults,
    sleep: options.sleep ?? realSleep,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(nonNegative('port', options.port, 0), host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  context.baseUrl = url;
  context.linkOrigin = linkOrigin ?? url;
  let closing: Promise<void> | undefined;
  return {
    url,
    linkOrigin: context.linkOrigin,
    port,
    token: SIMULATOR_TOKEN,
    state,
    faults,
    waitForRequests: async (count) => state.log.waitFor(count),
    close: async () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
