import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.js';
import { abortError } from '../../src/errors/factory.js';
import { ConcurAbortError, ConcurNetworkError, ConcurValidationError, partialResultOf } from '../../src/index.js';
import { caught } from '../support/helpers.js';
import { streamOf, thingSpec, things, type Thing } from '../support/batch-double.js';

// What a batch call does when sending a chunk throws something other than a Concur answer, and
// how the rejection carries `partialResult` whatever was thrown.

const IN_FLIGHT = "The run stopped while this item's chunk was in flight, so Concur may have processed it or not; check it in Concur before sending it again.";

/** A double whose second request throws `thrown`. */
const throwsOnSecond = (thrown: unknown) =>
  thingSpec((_chunk, call) => {
    if (call === 2) throw thrown;
    return undefined;
  });

describe('sending a chunk throws', () => {
  it('a TypeError (a bug, not a Concur answer): the call rejects with it; that chunk is unknown, nothing after it is sent', async () => {
    const bug = new TypeError('Cannot read properties of undefined');
    const double = throwsOnSecond(bug);
    const error = await caught(() => runBatch(things(30), double, { chunkSize: 10 }));
    expect(error).toBe(bug);
    expect(double.sent).toHaveLength(2);
    const partial = partialResultOf<Thing>(error)!;
    expect(partial).toMatchObject({ succeeded: 10, unknown: 10, notSent: 0, stopped: { reason: 'failed', error: bug, nextIndex: 20 } });
    expect(partial.items[10]).toStrictEqual({ index: 10, input: { id: 'item-10' }, status: 'unknown', chunk: 1, code: 'TypeError', message: IN_FLIGHT, attempts: 1 });
    // No Concur error to attach: the summary says the chunk failed and leaves `error` out.
    expect(partial.chunks[1]).toStrictEqual({ index: 1, offset: 10, size: 10, attempts: 1, status: 'failed' });
  });

  it('null: the call rejects with an Error naming the sender, whose cause is null; the items are unknown with code Error', async () => {
    const error = await caught(() => runBatch(things(20), throwsOnSecond(null), { chunkSize: 10 }));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Sending a chunk threw null, which cannot carry partialResult, so the batch call rejects with this Error instead; the value thrown is its cause.');
    expect((error as Error).cause).toBeNull();
    const partial = partialResultOf<Thing>(error)!;
    expect(partial.items[15]).toMatchObject({ status: 'unknown', code: 'Error', message: IN_FLIGHT, attempts: 1 });
    expect(partial.stopped).toMatchObject({ reason: 'failed', error, nextIndex: 20 });
  });

  it('an abort in flight after 3 attempts: the items are unknown, sent 3 times, and the chunk keeps the abort error', async () => {
    const aborted = abortError({ method: 'POST', path: '/api/x/batch', attempts: 3 });
    const error = await caught(() => runBatch(things(20), throwsOnSecond(aborted), { chunkSize: 10 }));
    expect(error).toBe(aborted);
    const partial = partialResultOf<Thing>(error)!;
    expect(partial.items[10]).toMatchObject({ status: 'unknown', code: 'ConcurAbortError', attempts: 3 });
    expect(partial.chunks[1]).toMatchObject({ status: 'failed', attempts: 3, error: aborted });
    expect(partial.stopped).toMatchObject({ reason: 'aborted', nextIndex: 20 });
  });

  it('an abort before the request went out (attempts 0): the chunk was not sent, its items are notSent', async () => {
    const aborted = abortError({ method: 'POST', path: '/api/x/batch', attempts: 0 });
    const error = await caught(() => runBatch(things(20), throwsOnSecond(aborted), { chunkSize: 10 }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(partialResultOf(error)).toMatchObject({
      succeeded: 10,
      notSent: 10,
      unknown: 0,
      chunks: [{ status: 'answered' }, { index: 1, offset: 10, size: 0, notSent: 10, attempts: 0, status: 'not-sent' }],
      stopped: { reason: 'aborted', nextIndex: 10 },
    });
  });

  it('a ConcurValidationError (a per-call setting refused before sending): the items are notSent and the reason is invalid', async () => {
    const refused = new ConcurValidationError('timeoutMs must be a whole number of milliseconds (got -1).', { field: 'timeoutMs' });
    const error = await caught(() => runBatch(things(20), throwsOnSecond(refused), { chunkSize: 10 }));
    expect(error).toBe(refused);
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10, notSent: 10, stopped: { reason: 'invalid', error: refused, nextIndex: 10 } });
  });

  it('a network failure that says nothing of attempts counts as sent once, and stops the run as an outage', async () => {
    const reset = new ConcurNetworkError('socket hang up', { code: 'ECONNRESET' });
    const result = await runBatch(things(30), throwsOnSecond(reset), { chunkSize: 10 });
    expect(result).toMatchObject({ succeeded: 10, unknown: 10, stopped: { reason: 'outage', error: reset, nextIndex: 20 } });
    expect(result.items[10]).toMatchObject({ status: 'unknown', code: 'ConcurNetworkError', message: 'socket hang up', attempts: 1 });
    expect(result.chunks[1]).toMatchObject({ status: 'failed', attempts: 1, error: reset });
  });
});

describe('partialResult, whatever was thrown', () => {
  const failing = (thrown: unknown) => () =>
    runBatch(things(20), thingSpec(), {
      chunkSize: 10,
      onProgress: () => {
        throw thrown;
      },
    });

  it('is a read-only property kept out of enumeration, on the very error thrown', async () => {
    const own = new Error('disk full');
    expect(await caught(failing(own))).toBe(own);
    expect(Object.getOwnPropertyDescriptor(own, 'partialResult')).toMatchObject({ enumerable: false, writable: false, configurable: true });
    expect(JSON.stringify(own)).toBe('{}');
  });

  it('a function thrown carries it too', async () => {
    const thrown = () => 'odd';
    expect(await caught(failing(thrown))).toBe(thrown);
    expect(partialResultOf(thrown)).toMatchObject({ succeeded: 10, stopped: { reason: 'onProgress', error: thrown } });
  });

  it.each([
    ['undefined', undefined, 'onProgress threw undefined,'],
    ['a number', 42, 'onProgress threw a number,'],
  ])('%s thrown: an Error whose cause is that value', async (_name, thrown, start) => {
    const error = (await caught(failing(thrown))) as Error;
    expect(error.message.startsWith(start)).toBe(true);
    expect(error.cause).toBe(thrown);
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10, stopped: { reason: 'onProgress', error } });
  });

  it("an error that already carries a nested call's partialResult keeps it: the call rejects with an Error whose cause it is", async () => {
    const inner = await caught(() => runBatch(things(3), thingSpec(), { chunkSize: 0 }));
    const innerPartial = partialResultOf(inner);
    const error = (await caught(failing(inner))) as Error;
    expect(error).not.toBe(inner);
    expect(error.message.startsWith('onProgress threw an object, which cannot carry partialResult')).toBe(true);
    expect(error.cause).toBe(inner);
    expect(partialResultOf(inner)).toBe(innerPartial);
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10, stopped: { reason: 'onProgress', error } });
  });

  it('an object that refuses new properties (a proxy) is wrapped the same way', async () => {
    const sealedOff = new Proxy(new Error('proxied'), {
      defineProperty: () => {
        throw new TypeError('no new properties');
      },
    });
    const error = (await caught(failing(sealedOff))) as Error;
    expect(error).not.toBe(sealedOff);
    expect(error.cause).toBe(sealedOff);
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10 });
  });

  it('options whose getter throws: the call rejects with what it threw, before reading anything (reason failed)', async () => {
    const pulled = { count: 0 };
    const options = {
      get chunkSize(): number {
        throw 'options unavailable';
      },
    };
    const error = (await caught(() => runBatch(streamOf(things(3), pulled), thingSpec(), options))) as Error;
    expect(error.message).toBe('The batch run threw a string, which cannot carry partialResult, so the batch call rejects with this Error instead; the value thrown is its cause.');
    expect(error.cause).toBe('options unavailable');
    expect(pulled.count).toBe(0);
    expect(partialResultOf(error)).toMatchObject({ items: [], stopped: { reason: 'failed', error, nextIndex: 0 } });
  });

  it('a value thrown whose attempts cannot be read (its getter throws): the call rejects with that failure, reason failed, and sends nothing more', async () => {
    const unreadable = new Error('attempts unavailable');
    const hostile = {
      get attempts(): number {
        throw unreadable;
      },
    };
    const double = throwsOnSecond(hostile);
    const error = await caught(() => runBatch(things(40), double, { chunkSize: 10 }));
    expect(error).toBe(unreadable);
    expect(double.sent).toHaveLength(2);
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10, stopped: { reason: 'failed', error: unreadable } });
  });

  it('partialResultOf finds nothing on a value that is not an error of a batch call', () => {
    for (const value of [undefined, null, 'text', 42, {}, { partialResult: null }, { partialResult: 'x' }, () => undefined]) {
      expect(partialResultOf(value)).toBeUndefined();
    }
  });
});
