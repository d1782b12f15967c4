/**
 * Caps how many attempts of one client are on the wire at once (`maxSockets`). An attempt takes a
 * place before its time limit starts and gives it back once its response is read, so a request
 * that waits here was never sent: its wait is not counted against `timeoutMs`, and an abort while
 * it waits leaves nothing at Concur.
 *
 * The agent's own `maxSockets` would queue the request inside Node instead, where the time limit
 * already runs and the SDK could not tell a queued request from one Concur may have received.
 */
export class Gate {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Attempts holding a place now. */
  get active(): number {
    return this.#active;
  }

  /** Resolves once a place is free; rejects with the signal's reason if it aborts first. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    if (this.#active < this.#limit) {
      this.#active += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.#active += 1;
        resolve();
      };
      // Still queued when it runs: grant removes this listener before it leaves the queue.
      const onAbort = (): void => {
        this.#waiting.splice(this.#waiting.indexOf(grant), 1);
        // Stryker disable next-line OptionalChaining: onAbort only runs as a listener of signal, so signal is set
        reject(signal?.reason);
      };
      this.#waiting.push(grant);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once; after it the wait is rejected and out of the queue, and the listener can do nothing more
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Gives a place back and lets the longest waiter in. */
  release(): void {
    this.#active -= 1;
    this.#waiting.shift()?.();
  }
}
