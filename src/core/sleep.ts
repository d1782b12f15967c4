/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * await abortableSleep(1_000, AbortSignal.timeout(500)); // rejects after 500 ms
 * ```
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A function that waits; every retry wait of the client goes through one. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Runs a caller-supplied `sleep`, but settles the moment `signal` aborts even if that `sleep`
 * ignores the signal, so an abort never waits out a 5-minute delay.
 */
export function sleepUntilAborted(sleep: SleepFunction, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return sleep(ms);
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([sleep(ms, signal), aborted]).finally(() => {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  });
}
