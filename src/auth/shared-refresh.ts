import { raceAbort } from '../core/sleep.js';

interface Run<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
}

/**
 * One refresh at a time, shared by every caller that needs it, and owned by none of them. Each
 * caller's signal settles only that caller; the refresh itself is cancelled only when no caller
 * still waits for it (a caller without a signal always waits).
 */
export class SharedRefresh<T> {
  #run: Run<T> | undefined;

  /** True while a refresh runs. */
  get running(): boolean {
    return this.#run !== undefined;
  }

  /** Waits for the running refresh, or starts one with `start`; rejects early if `signal` aborts. */
  async join(start: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) throw signal.reason;
    const run = this.#run ?? this.#begin(start);
    run.waiting += 1;
    try {
      return await raceAbort(run.promise, signal);
    } catch (error) {
      if (signal?.aborted && error === signal.reason) {
        run.waiting -= 1;
        if (run.waiting === 0) run.controller.abort(signal.reason);
      }
      throw error;
    }
  }

  #begin(start: (signal: AbortSignal) => Promise<T>): Run<T> {
    const controller = new AbortController();
    const run: Run<T> = { controller, waiting: 0, promise: Promise.resolve().then(async () => start(controller.signal)) };
    this.#run = run;
    // A run begins only when none is set, so the run that settles is always the one set.
    const clear = (): void => {
      this.#run = undefined;
    };
    run.promise.then(clear, clear);
    return run;
  }
}
