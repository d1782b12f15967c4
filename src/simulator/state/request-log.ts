/** How a logged request ended. */
export type RequestOutcome = 'responded' | 'no-response' | 'reset';

/** One request that reached the simulator (control endpoints are not logged). */
export interface RequestLogEntry {
  /** 1 for the first request the simulator received, counting every request ever logged. */
  readonly sequence: number;
  /** When the request arrived, in ms since the epoch (from the simulator's clock). */
  readonly receivedAt: number;
  /** HTTP method. */
  readonly method: string;
  /** Path without the query string, as sent. */
  readonly path: string;
  /** Query parameters (the last value of a repeated one). */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, lower-case names; the Authorization value is reduced to its scheme. */
  readonly headers: Readonly<Record<string, string>>;
  /** Status sent, or undefined when no status was sent (no response, reset). */
  readonly status: number | undefined;
  /** Whether a response was sent, never sent, or the connection was reset. */
  readonly outcome: RequestOutcome;
  /**
   * Whether the simulator handled the request as Concur would (checks, then state changes if it
   * was valid), whatever the client saw; false only when a fault answered in its place.
   */
  readonly processed: boolean;
  /** The kind of the fault applied, if one was. */
  readonly fault: string | undefined;
  /** The id of the fault applied, if one was. */
  readonly faultId: string | undefined;
  /** The `concur-correlationid` of the response (also set when none was sent). */
  readonly correlationId: string;
}

/** The request log, capped to its last entries; bodies are never kept. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #total = 0;
  #waiters: Array<{ count: number; resolve: () => void }> = [];
  /**
   * How many entries are kept; older ones are dropped.
   * @default 10_000
   */
  limit: number;

  /** @internal */
  constructor(limit: number) {
    this.limit = limit;
  }

  /** The kept entries, oldest first. */
  get entries(): readonly RequestLogEntry[] {
    return this.#entries.length > this.limit ? this.#entries.slice(-this.limit) : this.#entries;
  }

  /** Requests logged since start (or the last clear), including the dropped ones. */
  get total(): number {
    return this.#total;
  }

  /** Adds an entry and wakes whoever waits for this many requests. @internal */
  add(entry: Omit<RequestLogEntry, 'sequence'>): RequestLogEntry {
    this.#total += 1;
    const full: RequestLogEntry = { sequence: this.#total, ...entry };
    this.#entries.push(full);
    // Trimming in bulk keeps adding O(1) on average.
    if (this.#entries.length > Math.max(this.limit * 2, 100)) {
      this.#entries = this.#entries.slice(-this.limit);
    }
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.#total < waiter.count) return true;
      waiter.resolve();
      return false;
    });
    return full;
  }

  /** Empties the log and restarts the count. */
  clear(): void {
    this.#entries = [];
    this.#total = 0;
  }

  /** Resolves once `count` requests have been logged in total. */
  async waitFor(count: number): Promise<void> {
    if (this.#total >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }
}
