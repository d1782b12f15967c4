import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.js';
import { apiErrorFromResponse } from '../../src/errors/factory.js';
import { BatchSizeError, ConcurAbortError, partialResultOf } from '../../src/index.js';
import { caught } from '../support/helpers.js';
import { streamOf, thingSpec, things, type Thing } from '../support/batch-double.js';

// What a batch run does with its input: iterables of every kind, inputs that throw, are closed,
// or misbehave, and `chunk: false`, which reads the whole input first.

const outage = () => apiErrorFromResponse({ status: 503, headers: {}, bodyText: '' }, { method: 'POST', path: '/api/x/batch', attempts: 4, exhausted: true, secrets: [] });

/** An iterator over `list` that records the calls to its `return()`; `after` runs once the list is read. */
function recorded(list: Thing[], after: () => IteratorResult<Thing> = () => ({ value: undefined, done: true })) {
  const calls = { returned: 0 };
  let position = 0;
  const iterable: Iterable<Thing> = {
    [Symbol.iterator]: () => ({
      next: () => (position < list.length ? { value: list[position++] as Thing, done: false } : after()),
      return: () => {
        calls.returned += 1;
        return { value: undefined, done: true };
      },
    }),
  };
  return { iterable, calls };
}

describe('iterables of every kind', () => {
  it('reads a Set and a generator like an array', async () => {
    const fromSet = await runBatch(new Set(things(3)), thingSpec(), { chunkSize: 2 });
    expect(fromSet).toMatchObject({ succeeded: 3, chunks: [{ size: 2 }, { size: 1 }] });
    function* rows(): Generator<Thing> {
      yield* things(3, [1]);
    }
    const double = thingSpec();
    const fromGenerator = await runBatch(rows(), double);
    expect(double.sent).toEqual([[{ id: 'item-0' }, { id: 'item-2' }]]);
    expect(fromGenerator).toMatchObject({ succeeded: 2, failed: 1, invalid: 1 });
    expect(fromGenerator.items[1]).toMatchObject({ status: 'failed', code: 'INVALID_INPUT', problems: [{ field: 'id', message: 'id must not start with "bad"' }], attempts: 0 });
  });

  it('checks each item exactly once, from an array or a stream', async () => {
    for (const input of [things(5, [2]), streamOf(things(5, [2]))]) {
      const checked: number[] = [];
      const base = thingSpec();
      const double = thingSpec(undefined, { problemsOf: (item, index) => (checked.push(index), base.problemsOf(item, index)) });
      expect(await runBatch(input, double, { chunkSize: 2 })).toMatchObject({ succeeded: 4, invalid: 1 });
      expect(checked).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('stops reading at the first `done`, even from an iterator that would go on', async () => {
    let ends = 0;
    // Done once, then more items: a careless iterator.
    const { iterable, calls } = recorded(things(3), () => (ends++ === 0 ? { value: undefined, done: true } : { value: { id: 'after-the-end' }, done: false }));
    const double = thingSpec();
    const result = await runBatch(iterable, double, { chunkSize: 2 });
    expect(ends).toBe(1);
    expect(double.sent.flat().map((item) => item.id)).toEqual(['item-0', 'item-1', 'item-2']);
    expect(result.succeeded).toBe(3);
    expect(calls.returned).toBe(0);
  });

  it("does not close an input that ended or threw, and closes one the run stopped reading", async () => {
    const ended = recorded(things(2));
    await runBatch(ended.iterable, thingSpec());
    expect(ended.calls.returned).toBe(0);

    const broken = recorded(things(2), () => {
      throw new Error('cursor lost');
    });
    expect((await caught(() => runBatch(broken.iterable, thingSpec()))) as Error).toMatchObject({ message: 'cursor lost' });
    expect(broken.calls.returned).toBe(0);

    const stopped = recorded(things(30));
    const result = await runBatch(stopped.iterable, thingSpec(() => { throw outage(); }), { chunkSize: 10 });
    expect(result.stopped).toMatchObject({ reason: 'outage', nextIndex: 10 });
    expect(stopped.calls.returned).toBe(1);
  });

  it('an input whose return() rejects when the run stops reading it: the call rejects with that error, what was done in partialResult', async () => {
    const refusal = new Error('cannot release the cursor');
    const input: AsyncIterable<Thing> = {
      [Symbol.asyncIterator]: () => {
        let position = 0;
        return {
          next: async () => ({ value: { id: `item-${position++}` }, done: false }),
          return: async () => {
            throw refusal;
          },
        };
      },
    };
    const error = await caught(() => runBatch(input, thingSpec(() => { throw outage(); }), { chunkSize: 10 }));
    expect(error).toBe(refusal);
    expect(partialResultOf(error)).toMatchObject({ failed: 10, stopped: { reason: 'input', error: refusal, nextIndex: 10 } });
  });
  it('an item an input hands over as it is closed (after an abort) is dropped, not counted', async () => {
    const controller = new AbortController();
    let handOver: (step: IteratorResult<Thing>) => void = () => undefined;
    let position = 0;
    const input: AsyncIterable<Thing> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          if (position < 12) return Promise.resolve({ value: { id: `item-${position++}` }, done: false });
          // The 13th read waits; the abort comes while it does.
          queueMicrotask(() => controller.abort());
          return new Promise((resolve) => {
            handOver = resolve;
          });
        },
        return: () => {
          handOver({ value: { id: 'late' }, done: false });
          return Promise.resolve({ value: undefined, done: true });
        },
      }),
    };
    const error = await caught(() => runBatch(input, thingSpec(), { chunkSize: 10, signal: controller.signal }));
    const partial = partialResultOf<Thing>(error)!;
    expect(partial).toMatchObject({ succeeded: 10, notSent: 2, stopped: { reason: 'aborted', nextIndex: 10 } });
    expect(partial.items.map((item) => item.input.id)).not.toContain('late');
  });
});

describe('an input that throws', () => {
  it('a generator that throws after 3 items: nothing sent, those 3 notSent, reason input', async () => {
    const broken = new Error('file truncated');
    function* rows(): Generator<Thing> {
      yield* things(3);
      throw broken;
    }
    const double = thingSpec();
    const error = await caught(() => runBatch(rows(), double));
    expect(error).toBe(broken);
    expect(double.sent).toEqual([]);
    const partial = partialResultOf<Thing>(error)!;
    expect(partial).toMatchObject({ succeeded: 0, notSent: 3, stopped: { reason: 'input', error: broken, nextIndex: 0 } });
    expect(partial.items[0]).toStrictEqual({
      index: 0,
      input: { id: 'item-0' },
      status: 'notSent',
      chunk: 0,
      message: 'The run stopped before this item was sent: no request carried it, so it can be sent again safely.',
      attempts: 0,
    });
  });

  it('a stream that throws a string: the call rejects with an Error naming the input, whose cause is the string', async () => {
    async function* rows(): AsyncGenerator<Thing> {
      yield* things(12);
      throw 'socket closed';
    }
    const error = await caught(() => runBatch(rows(), thingSpec(), { chunkSize: 10 }));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('The input threw a string, which cannot carry partialResult, so the batch call rejects with this Error instead; the value thrown is its cause.');
    expect((error as Error).cause).toBe('socket closed');
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10, notSent: 2, stopped: { reason: 'input', error, nextIndex: 10 } });
  });

  it('an input whose [Symbol.iterator]() throws is an input that threw', async () => {
    const input = {
      [Symbol.iterator]: () => {
        throw 'not readable';
      },
    } as unknown as Iterable<Thing>;
    const error = await caught(() => runBatch(input, thingSpec()));
    expect((error as Error).message).toMatch(/^The input threw a string, which cannot carry partialResult/);
    expect(partialResultOf(error)).toMatchObject({ notSent: 0, items: [], stopped: { reason: 'input', nextIndex: 0 } });
  });

  it('a signal aborted before the call: nothing read or sent, and the error names the batch', async () => {
    const pulled = { count: 0 };
    const double = thingSpec();
    const error = await caught(() => runBatch(streamOf(things(5), pulled), double, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(error).toMatchObject({ message: "POST (things batch) was aborted by the caller's signal.", attempts: 0 });
    expect(pulled.count).toBe(0);
    expect(double.sent).toEqual([]);
    expect(partialResultOf(error)).toMatchObject({ items: [], stopped: { reason: 'aborted', nextIndex: 0 } });
  });

  it('an input the run never read (the signal aborted before the call) is still closed, and the call settles once it is', async () => {
    const released = { done: false };
    const input: AsyncIterable<Thing> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ value: { id: 'item-0' }, done: false }),
        return: async () => {
          // Releasing a cursor takes a turn of the event loop.
          await new Promise((resolve) => setImmediate(resolve));
          released.done = true;
          return { value: undefined, done: true };
        },
      }),
    };
    const error = await caught(() => runBatch(input, thingSpec(), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(released.done).toBe(true);
  });
});

describe('chunk: false reads the whole input, then sends one batch', () => {
  it('a stream is sent as one request of its valid items, whatever chunkSize says', async () => {
    const double = thingSpec();
    const result = await runBatch(streamOf(things(30, [4])), double, { chunk: false, chunkSize: 10 });
    expect(double.sent.map((chunk) => chunk.length)).toEqual([29]);
    expect(result).toMatchObject({ succeeded: 29, failed: 1, invalid: 1 });
    const array = thingSpec();
    await runBatch(things(30), array, { chunk: false, chunkSize: 10 });
    expect(array.sent.map((chunk) => chunk.length)).toEqual([30]);
  });

  it('a stream that throws while it is read: nothing sent, every item read in partialResult', async () => {
    const broken = new Error('ERP cursor lost');
    async function* rows(): AsyncGenerator<Thing> {
      yield* things(5, [3]);
      throw broken;
    }
    const double = thingSpec();
    const error = await caught(() => runBatch(rows(), double, { chunk: false }));
    expect(error).toBe(broken);
    expect(double.sent).toEqual([]);
    expect(partialResultOf(error)).toMatchObject({ notSent: 4, failed: 1, invalid: 1, stopped: { reason: 'input', error: broken, nextIndex: 0 } });
  });

  it('an input over the limit: BatchSizeError, nothing sent, every item notSent in partialResult', async () => {
    const error = await caught(() => runBatch(things(1001), thingSpec(), { chunk: false }));
    expect(error).toBeInstanceOf(BatchSizeError);
    const partial = partialResultOf<Thing>(error)!;
    expect(partial).toMatchObject({ notSent: 1001, stopped: { reason: 'invalid', error, nextIndex: 0 } });
    expect(partial.chunks).toEqual([{ index: 0, offset: 0, size: 0, notSent: 1001, attempts: 0, status: 'not-sent' }]);
  });

  it("an input over the service's own limit: the BatchSizeError names the service's items and that limit", async () => {
    const double = thingSpec(undefined, { max: 5 });
    const error = await caught(() => runBatch(things(6), double, { chunk: false }));
    expect(error).toBeInstanceOf(BatchSizeError);
    expect(error).toMatchObject({ size: 6, min: 1, max: 5 });
    expect((error as Error).message).toMatch(/^A batch of things must hold 1 to 5 entries; this one holds 6\./);
    expect(double.sent).toEqual([]);
  });

  it('a stream that throws a string while it is read whole: the call rejects with an Error naming the input', async () => {
    async function* rows(): AsyncGenerator<Thing> {
      yield* things(2);
      throw 'socket closed';
    }
    const error = await caught(() => runBatch(rows(), thingSpec(), { chunk: false }));
    expect((error as Error).message).toBe('The input threw a string, which cannot carry partialResult, so the batch call rejects with this Error instead; the value thrown is its cause.');
    expect((error as Error).cause).toBe('socket closed');
    expect(partialResultOf(error)).toMatchObject({ notSent: 2, stopped: { reason: 'input', error, nextIndex: 0 } });
  });

  it('takes the items of an array as they are, as chunk: true does: an item with a then method is sent, not awaited', async () => {
    const odd = { id: 'item-0', then: (resolve: (value: Thing) => void) => resolve({ id: 'bad-0' }) };
    for (const chunk of [true, false]) {
      const double = thingSpec();
      const result = await runBatch<Thing>([odd], double, { chunk });
      expect(double.sent[0]?.[0]).toBe(odd);
      expect(result.items[0]).toMatchObject({ status: 'succeeded', input: odd });
    }
  });
});
