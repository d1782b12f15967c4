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
      // Stryker disable next-line OptionalChaining: onAbort only runs as a listener of signal, so signal is set
      reject(signal?.reason);
    };
    const wait = (left: number): void => {
      timer = setTimeout(
        () => {
          // Stryker disable next-line EqualityOperator: at exactly MAX_TIMER_MS (24.8 days) the mutant adds one more timer of 0 ms, which Node runs after 1 ms: a millisecond on 24.8 days
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
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once; after it the promise is settled and the listener can do nothing more
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
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once; finally removes the listener, so once only frees it sooner
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    work.catch(() => undefined);
    // Stryker disable next-line ConditionalExpression: the promise executor sets onAbort before the race starts; the check is for the type checker
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
