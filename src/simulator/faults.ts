import { FAULT_KINDS, type ErrorFaultOptions, type FaultOptions, type FaultSpec, type HtmlFaultOptions, type TruncatedFaultOptions } from './fault-types.js';
import type { Random } from './random.js';

/** A glob (`*` within a segment, `**` across) as an anchored RegExp. */
function globToRegExp(glob: string): RegExp {
  const pattern = trimSlash(glob)
    .split('**')
    .map((part) => part.split('*').map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${pattern}$`);
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function checkSpec(spec: FaultSpec): void {
  if (typeof spec !== 'object' || spec === null || !FAULT_KINDS.includes(spec.kind)) {
    throw new TypeError(`A fault needs a kind, one of ${FAULT_KINDS.join(', ')}.`);
  }
  const whole = (name: keyof FaultSpec, value: number | undefined, min: number): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new TypeError(`Fault ${name} must be a whole number of at least ${min}; got ${String(value)}.`);
  };
  whole('count', spec.count, 1);
  whole('skip', spec.skip, 0);
  whole('status', spec.status, 100);
  if (spec.status !== undefined && spec.status > 599) throw new TypeError(`Fault status must be 100 to 599; got ${spec.status}.`);
  for (const name of ['durationMs', 'delayMs', 'retryAfterSeconds'] as const) {
    const value = spec[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) throw new TypeError(`Fault ${name} must be a number of 0 or more.`);
  }
  if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) throw new TypeError('Fault probability must be between 0 and 1.');
  if (spec.kind === 'status' && spec.status === undefined) throw new TypeError('A status fault needs a status.');
  if (spec.kind === 'latency' && spec.delayMs === undefined) throw new TypeError('A latency fault needs delayMs.');
}

/**
 * A fault that was added: what it does, to which requests, and how often it has applied so far.
 * Obtained from {@link FaultInjector} methods.
 */
export class ScheduledFault {
  /** `fault-1`, `fault-2`, … in the order faults were added. */
  readonly id: string;
  /** The fault as given. */
  readonly spec: Readonly<FaultSpec>;
  readonly #path: RegExp | undefined;
  readonly #until: number | undefined;
  readonly #limit: number;
  #seen = 0;
  #hits = 0;
  #removed = false;

  /** @internal */
  constructor(id: string, spec: FaultSpec, addedAt: number) {
    checkSpec(spec);
    this.id = id;
    this.spec = Object.freeze({ ...spec });
    this.#path = spec.path === undefined ? undefined : spec.path instanceof RegExp ? spec.path : globToRegExp(spec.path);
    this.#until = spec.durationMs === undefined ? undefined : addedAt + spec.durationMs;
    this.#limit = spec.count ?? (spec.probability === undefined && spec.durationMs === undefined ? 1 : Number.POSITIVE_INFINITY);
  }

  /** How many requests it has applied to. */
  get hits(): number {
    return this.#hits;
  }

  /** How many more requests it will apply to (`Infinity` when only time or chance limit it). */
  get remaining(): number {
    return this.#removed ? 0 : this.#limit - this.#hits;
  }

  /** Whether the request was carried out before the fault changed its response. */
  get processed(): boolean {
    const { kind } = this.spec;
    return kind === 'truncated' || kind === 'malformed' || kind === 'latency' || this.spec.processed === true;
  }

  /** False once used up, expired or removed. */
  isActive(now: number): boolean {
    return !this.#removed && this.#hits < this.#limit && (this.#until === undefined || now < this.#until);
  }

  /** A plain description, for the control endpoint and logs. */
  toJSON(): Record<string, unknown> {
    const { path, ...rest } = this.spec;
    return { id: this.id, ...rest, ...(path === undefined ? {} : { path: String(path) }), hits: this.#hits, remaining: this.remaining };
  }

  /** Decides whether the fault applies to this request, counting it if so. @internal */
  take(method: string, path: string, now: number, random: Random): boolean {
    if (!this.isActive(now)) return false;
    if (this.spec.method !== undefined && this.spec.method !== '*' && this.spec.method.toUpperCase() !== method.toUpperCase()) return false;
    if (this.#path !== undefined && !this.#path.test(trimSlash(path))) return false;
    this.#seen += 1;
    if (this.#seen <= (this.spec.skip ?? 0)) return false;
    if (this.spec.probability !== undefined && random.next() >= this.spec.probability) return false;
    this.#hits += 1;
    return true;
  }

  /** @internal */
  markRemoved(): void {
    this.#removed = true;
  }
}

/**
 * Schedules faults: `sim.faults.maintenance({ count: 3 })` makes the next three requests answer
 * 503. Faults apply in the order they were added; the first that applies to a request wins.
 * Random faults draw from the simulator's seeded generator, so a seed repeats the same pattern.
 *
 * @example
 * ```ts
 * sim.faults.noResponse({ method: 'POST', path: '/api/expense/list/v1.0/*', processed: true });
 * sim.faults.tooManyRequests({ probability: 0.1, retryAfterSeconds: 1 });
 * ```
 */
export class FaultInjector {
  readonly #now: () => number;
  readonly #random: Random;
  #faults: ScheduledFault[] = [];
  #added = 0;

  /** @internal */
  constructor(now: () => number, random: Random) {
    this.#now = now;
    this.#random = random;
  }

  /** Adds a fault described as data. @throws TypeError when the description is invalid. */
  add(spec: FaultSpec): ScheduledFault {
    const fault = new ScheduledFault(`fault-${this.#added + 1}`, spec, this.#now());
    this.#added += 1;
    this.#faults.push(fault);
    return fault;
  }

  /** 503 Service Unavailable with Concur's error body, optionally with `Retry-After`. */
  maintenance(options: ErrorFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'maintenance' });
  }

  /** 400 whose message reports a database deadlock. */
  deadlock(options: ErrorFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'deadlock' });
  }

  /** 400 saying the number of requests exceeds the request limit. */
  requestLimit(options: ErrorFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'requestLimit' });
  }

  /** 429 Too Many Requests, optionally with `Retry-After`. */
  tooManyRequests(options: ErrorFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'tooManyRequests' });
  }

  /** 500 Internal Server Error. */
  serverError(options: ErrorFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'serverError' });
  }

  /** Any status with Concur's error body, e.g. `status(502)`. */
  status(status: number, options: ErrorFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'status', status });
  }

  /** An HTML error page instead of XML. */
  html(options: HtmlFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'html' });
  }

  /** No response at all; with `processed: true` the request is carried out first. */
  noResponse(options: FaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'noResponse' });
  }

  /** The connection is destroyed; with `processed: true` the request is carried out first. */
  reset(options: FaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'reset' });
  }

  /** The real response with its body cut in half. */
  truncated(options: TruncatedFaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'truncated' });
  }

  /** The real response with its XML broken. */
  malformed(options: FaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'malformed' });
  }

  /** The real response, `delayMs` late. */
  latency(delayMs: number, options: FaultOptions = {}): ScheduledFault {
    return this.add({ ...options, kind: 'latency', delayMs });
  }

  /** The faults that can still apply. */
  list(): ScheduledFault[] {
    const now = this.#now();
    this.#faults = this.#faults.filter((fault) => fault.isActive(now));
    return [...this.#faults];
  }

  /** Removes a fault by id or handle; true when it was scheduled. */
  remove(fault: string | ScheduledFault): boolean {
    const id = typeof fault === 'string' ? fault : fault.id;
    const found = this.#faults.find((candidate) => candidate.id === id);
    found?.markRemoved();
    this.#faults = this.#faults.filter((candidate) => candidate.id !== id);
    return found !== undefined;
  }

  /** Removes every fault. */
  clear(): void {
    for (const fault of this.#faults) fault.markRemoved();
    this.#faults = [];
  }

  /** The fault that applies to this request, if any (and counts it). @internal */
  take(method: string, path: string): ScheduledFault | undefined {
    if (this.#faults.length === 0) return undefined;
    const now = this.#now();
    return this.#faults.find((fault) => fault.take(method, path, now, this.#random));
  }
}
