import { describe, expect, it } from 'vitest';
import { Gate } from '../../src/core/gate.js';

// The maxSockets gate (gate.ts): at most `limit` attempts on the wire; the others wait in order,
// and one aborted while waiting leaves the queue without taking a place.

/** Resolves after every queued promise callback has run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Gate', () => {
  it('lets `limit` attempts in at once and holds the next one until a place is given back', async () => {
    const gate = new Gate(2);
    await gate.acquire();
    await gate.acquire();
    expect(gate.active).toBe(2);
    let third = false;
    const waiting = gate.acquire().then(() => {
      third = true;
    });
    await settle();
    expect(third).toBe(false);
    gate.release();
    await waiting;
    expect(third).toBe(true);
    expect(gate.active).toBe(2);
    gate.release();
    gate.release();
    expect(gate.active).toBe(0);
  });

  it('lets the longest waiter in first', async () => {
    const gate = new Gate(1);
    await gate.acquire();
    const order: string[] = [];
    const first = gate.acquire().then(() => order.push('first'));
    const second = gate.acquire().then(() => order.push('second'));
    gate.release();
    await first;
    expect(order).toEqual(['first']);
    gate.release();
    await second;
    expect(order).toEqual(['first', 'second']);
  });

  it('refuses at once, with the reason, a signal aborted before it asks, taking no place', async () => {
    const gate = new Gate(1);
    const reason = new Error('cancelled by the caller');
    await expect(gate.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(gate.active).toBe(0);
  });

  it('an attempt aborted while it waits rejects with the reason and gives its turn to the next waiter', async () => {
    const gate = new Gate(1);
    await gate.acquire();
    const controller = new AbortController();
    const aborted = gate.acquire(controller.signal);
    const next = gate.acquire();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    gate.release();
    await next;
    expect(gate.active).toBe(1);
  });

  it('an attempt let in is not disturbed by a later abort of its signal, nor are the waiters after it', async () => {
    const gate = new Gate(1);
    await gate.acquire();
    const controller = new AbortController();
    const first = gate.acquire(controller.signal);
    gate.release();
    await first;
    let secondIn = false;
    const second = gate.acquire().then(() => {
      secondIn = true;
    });
    controller.abort();
    gate.release();
    await settle();
    expect(secondIn).toBe(true);
    await second;
    expect(gate.active).toBe(1);
  });
});
