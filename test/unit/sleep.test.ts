import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortableSleep, MAX_TIMER_MS, raceAbort, sleepUntilAborted } from '../../src/core/sleep.js';

// The waits between retries: the default sleep, a caller's sleep raced against the signal, and the
// race used for caller functions (an access-token function) that may ignore the signal. Fake time
// throughout.

afterEach(() => {
  vi.useRealTimers();
});

/** Tracks whether a promise has settled, and how. */
function watch<T>(promise: Promise<T>): { state: () => 'pending' | 'resolved' | 'rejected'; reason: () => unknown } {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let reason: unknown;
  promise.then(
    () => (state = 'resolved'),
    (error: unknown) => {
      state = 'rejected';
      reason = error;
    },
  );
  return { state: () => state, reason: () => reason };
}

describe('abortableSleep', () => {
  it('waits exactly its length', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const wait = watch(abortableSleep(1_000));
    await vi.advanceTimersByTimeAsync(999);
    expect(wait.state()).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.state()).toBe('resolved');
  });

  it('an abort during the wait rejects at once with the signal’s reason and leaves no timer behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const wait = watch(abortableSleep(300_000, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state()).toBe('rejected');
    expect(wait.reason()).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort in a later piece of a wait longer than one timer still rejects at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const controller = new AbortController();
    const wait = watch(abortableSleep(MAX_TIMER_MS + 60_000, controller.signal));
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 1);
    controller.abort('stop');
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.reason()).toBe('stop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already aborted signal rejects without starting a timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const reason = new Error('already gone');
    const wait = watch(abortableSleep(1_000, AbortSignal.abort(reason)));
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.reason()).toBe(reason);
  });

  it('a finished wait leaves no listener on the signal, so one long-lived signal can serve many waits', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const controller = new AbortController();
    for (let i = 0; i < 3; i += 1) {
      const wait = abortableSleep(5, controller.signal);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(5);
      await wait;
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an endless wait (Infinity) never ends by itself, and an abort ends it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const controller = new AbortController();
    const wait = watch(abortableSleep(Number.POSITIVE_INFINITY, controller.signal));
    await vi.advanceTimersByTimeAsync(3 * MAX_TIMER_MS);
    expect(wait.state()).toBe('pending');
    controller.abort('enough');
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.reason()).toBe('enough');
  });

  it.each([0, -5, Number.NaN])('a wait of %s ends on the next turn of the clock', async (ms) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const wait = watch(abortableSleep(ms));
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state()).toBe('resolved');
  });
});

describe('sleepUntilAborted: a caller’s sleep under the call’s signal', () => {
  it('without a signal, the caller’s sleep is asked for the wait alone', async () => {
    const sleep = vi.fn(async () => undefined);
    await sleepUntilAborted(sleep, 1_234, undefined);
    expect(sleep.mock.calls).toEqual([[1_234]]);
  });

  it('with a signal, the caller’s sleep is given it', async () => {
    const sleep = vi.fn(async () => undefined);
    const { signal } = new AbortController();
    await sleepUntilAborted(sleep, 50, signal);
    expect(sleep.mock.calls).toEqual([[50, signal]]);
  });

  it('an already aborted signal rejects with its reason, and the sleep is never called', async () => {
    const sleep = vi.fn(async () => undefined);
    const reason = new Error('cancelled');
    await expect(sleepUntilAborted(sleep, 50, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('a sleep that ignores the signal is cut short by an abort', async () => {
    const controller = new AbortController();
    const wait = watch(sleepUntilAborted(() => new Promise<void>(() => undefined), 300_000, controller.signal));
    await Promise.resolve();
    expect(wait.state()).toBe('pending');
    controller.abort('stop');
    await new Promise((resolve) => setImmediate(resolve));
    expect(wait.reason()).toBe('stop');
  });
});

describe('raceAbort', () => {
  it('settles like the work when no abort comes, and removes its listener', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve('token-1'), controller.signal)).resolves.toBe('token-1');
    await expect(raceAbort(Promise.reject(new Error('no token')), controller.signal)).rejects.toThrow('no token');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('without a signal, it is the work itself', async () => {
    await expect(raceAbort(Promise.resolve(7), undefined)).resolves.toBe(7);
  });

  it('an already aborted signal rejects with its reason, and a late failure of the work is swallowed', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      let fail: (error: Error) => void = () => undefined;
      const work = new Promise<string>((_, reject) => (fail = reject));
      await expect(raceAbort(work, AbortSignal.abort('gone'))).rejects.toBe('gone');
      fail(new Error('late'));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('an abort while the work runs rejects with the reason, and the work failing later is swallowed', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const controller = new AbortController();
      let fail: (error: Error) => void = () => undefined;
      const work = new Promise<string>((_, reject) => (fail = reject));
      const raced = raceAbort(work, controller.signal);
      controller.abort('user left');
      await expect(raced).rejects.toBe('user left');
      fail(new Error('late'));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
