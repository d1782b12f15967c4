/**
 * The failures the simulator can inject:
 *
 * - `maintenance`: 503 with Concur's error body (optionally `Retry-After`), as during maintenance.
 * - `deadlock`: 400 whose message reports a database deadlock (Concur: resend a bit later).
 * - `requestLimit`: 400 saying the number of requests exceeds the request limit.
 * - `tooManyRequests`: 429 (optionally `Retry-After`).
 * - `serverError`: 500.
 * - `status`: any status with Concur's error body (`status` is required).
 * - `html`: an HTML error page instead of XML (503 unless `status` says otherwise).
 * - `noResponse`: the connection stays open and nothing is ever sent, to trip a client's time-out.
 * - `reset`: the connection is destroyed without a response.
 * - `truncated`: the real response, cut in half (`abort: true` declares the full length and drops the
 *   connection half-way instead).
 * - `malformed`: the real response with its XML broken.
 * - `latency`: the real response, `delayMs` late.
 */
export type FaultKind =
  | 'maintenance'
  | 'deadlock'
  | 'requestLimit'
  | 'tooManyRequests'
  | 'serverError'
  | 'status'
  | 'html'
  | 'noResponse'
  | 'reset'
  | 'truncated'
  | 'malformed'
  | 'latency';

/** Every fault kind, in the order of {@link FaultKind}. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'maintenance',
  'deadlock',
  'requestLimit',
  'tooManyRequests',
  'serverError',
  'status',
  'html',
  'noResponse',
  'reset',
  'truncated',
  'malformed',
  'latency',
];

/**
 * Which requests a fault applies to, and when. Without `count`, `probability` and `durationMs`, a
 * fault applies to the next matching request only.
 */
export interface FaultOptions {
  /**
   * Only requests with this method (any case).
   * @default any method
   */
  method?: string;
  /**
   * Only requests whose path (no query string, trailing `/` ignored) matches: a RegExp, or a glob
   * where `*` matches within one segment and `**` across segments, e.g. `/api/user/v1.0/*` or
   * `/api/expense/extract/**`.
   * @default any path
   */
  path?: string | RegExp;
  /**
   * Apply to this many matching requests, then stop.
   * @default 1, or unlimited when `probability` or `durationMs` is given
   */
  count?: number;
  /**
   * Apply to this share (0 to 1) of the matching requests, drawn from the seeded generator.
   * @default 1
   */
  probability?: number;
  /**
   * Apply only within this many milliseconds from when the fault was added (simulator clock).
   * @default no time limit
   */
  durationMs?: number;
  /**
   * Let this many matching requests through before the fault starts.
   * @default 0
   */
  skip?: number;
  /**
   * Carry the request out before failing it, so state changes although the client sees a
   * failure: the nasty real case of a time-out or reset after Concur did the work. Always true for
   * `truncated`, `malformed` and `latency`, which change the real response.
   * @default false
   */
  processed?: boolean;
}

/** Options of the faults that answer with Concur's error body. */
export interface ErrorFaultOptions extends FaultOptions {
  /**
   * The `Message` of the error body.
   * @default a message in Concur's manner for the fault kind
   */
  message?: string;
  /**
   * Send `Retry-After` with this many seconds.
   * @default no Retry-After header
   */
  retryAfterSeconds?: number;
}

/** Options of the `html` fault. */
export interface HtmlFaultOptions extends FaultOptions {
  /**
   * The HTTP status of the HTML page.
   * @default 503
   */
  status?: number;
  /**
   * Send `Retry-After` with this many seconds.
   * @default no Retry-After header
   */
  retryAfterSeconds?: number;
}

/** Options of the `truncated` fault. */
export interface TruncatedFaultOptions extends FaultOptions {
  /**
   * Declare the full Content-Length, send half the body and destroy the connection, instead of
   * sending a complete message whose body is cut.
   * @default false
   */
  abort?: boolean;
}

/**
 * A fault to add, as data: what {@link FaultInjector.add} takes, what `POST /_simulator/faults`
 * accepts as JSON, and what `--fault` describes on the command line.
 *
 * @example
 * ```ts
 * sim.faults.add({ kind: 'maintenance', count: 3, retryAfterSeconds: 5, path: '/api/expense/**' });
 * ```
 */
export interface FaultSpec extends ErrorFaultOptions {
  /** What goes wrong. */
  kind: FaultKind;
  /**
   * HTTP status: required for `status`; for `html`, the page's status; ignored otherwise.
   * @default the kind's status
   */
  status?: number;
  /**
   * How late the response is, for `latency` (required there).
   * @default undefined
   */
  delayMs?: number;
  /**
   * For `truncated`: drop the connection half-way through the declared body.
   * @default false
   */
  abort?: boolean;
}
