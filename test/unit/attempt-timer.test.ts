import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttemptTimer } from '../../src/core/attempt-timer.js';

// One attempt's time limit and abort switch: the limit aborts the attempt and says so; a caller's
// abort aborts it too but is not a time-out; a download re-arms the limit on every chunk.

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AttemptTimer', () => {
  it('aborts once the limit runs out, as a time-out naming the limit', async () => {
    const timer = new AttemptTimer(1_000, undefined);
    await vi.advanceTimersByTimeAsync(999);
    expect(timer.signal.aborted).toBe(false);
    expect(timer.timedOut).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(timer.signal.aborted).toBe(true);
    expect(timer.timedOut).toBe(true);
    expect((timer.signal.reason as Error).message).toBe('no complete response within 1000 ms');
  });

  it('a caller’s abort aborts the attempt with the caller’s reason, and is not a time-out', async () => {
    const caller = new AbortController();
    const timer = new AttemptTimer(1_000, caller.signal);
    caller.abort('user pressed Ctrl-C');
    expect(timer.signal.aborted).toBe(true);
    expect(timer.signal.reason).toBe('user pressed Ctrl-C');
    expect(timer.timedOut).toBe(false);
    timer.stop();
  });

  it('a caller’s signal aborted before the attempt aborts it at once', () => {
    const timer = new AttemptTimer(1_000, AbortSignal.abort('already'));
    expect(timer.signal.aborted).toBe(true);
    expect(timer.signal.reason).toBe('already');
    expect(timer.timedOut).toBe(false);
    timer.stop();
  });

  it('touch starts the limit again from now (a download that keeps receiving bytes)', async () => {
    const timer = new AttemptTimer(1_000, undefined);
    for (let i = 0; i < 5; i += 1) {
      await vi.advanceTimersByTimeAsync(800);
      timer.touch();
    }
    expect(timer.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(999);
    expect(timer.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(timer.timedOut).toBe(true);
  });

  it('stop ends the limit and lets go of the caller’s signal', async () => {
    const caller = new AbortController();
    const timer = new AttemptTimer(1_000, caller.signal);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    timer.stop();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    caller.abort();
    expect(timer.signal.aborted).toBe(false);
    expect(timer.timedOut).toBe(false);
  });
});
