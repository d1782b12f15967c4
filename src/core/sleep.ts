/** Longest delay one Node timer can hold; a longer one fires at once (after about 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as `signal` aborts. A wait
 * longer than one timer can hold (about 24.8 days) is made of several timers and lasts its full
 * length; `Infinity` never ends unless aborted.
 *
 * @example
 * ```ts
 * await abortableSleep(1_000, AbortSignal.timeout(500)); // rejects after 500 ms
 * ```
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const wait = (left: number): void => {
      timer = setTimeout(
        () => {
          if (left > MAX_TIMER_MS) {
            wait(left - MAX_TIMER_MS);
            return;
          }
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.min(left, MAX_TIMER_MS),
      );
    };
    // Stryker disable next-line ConditionalExpression: Node runs a timer of NaN ms after 1 ms, as it does one of 0 ms
    wait(Number.isNaN(ms) ? 0 : Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A function that waits; every retry wait of the client goes through one. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Runs a caller-supplied `sleep`, but settles the moment `signal` aborts even if that `sleep`
 * ignores the signal, so an abort never waits out a 5-minute delay.
 */
export async function sleepUntilAborted(sleep: SleepFunction, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return sleep(ms);
  if (signal.aborted) throw signal.reason;
  return raceAbort(sleep(ms, signal), signal);
}

/**
 * Settles like `work`, or rejects with the signal's reason as soon as `signal` aborts, whatever
 * `work` does: for caller-supplied functions (a sleep, an access-token function) that may ignore
 * the signal. A late rejection of `work` is then swallowed.
 */
export async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    throw signal.reason;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    work.catch(() => undefined);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
