import { describe, expect, it } from 'vitest';
import { runBatch, type BatchSpec } from '../../src/batch/run.js';
import type { ChunkReport } from '../../src/batch/reconcile.js';
import { apiErrorFromResponse, timeoutError } from '../../src/errors/factory.js';
import { BatchSizeError, ConcurAbortError, ConcurValidationError } from '../../src/index.js';
import { caught } from '../support/helpers.js';

interface Item {
  id: string;
}

const items = (count: number): Item[] => Array.from({ length: count }, (_, i) => ({ id: `item-${i}` }));
const context = { method: 'POST', path: '/api/x/batch', attempts: 1, exhausted: false, secrets: [] };

/** A service double: answers every chunk with all items succeeded unless `answer` says otherwise. */
function spec(answer?: (chunk: Item[], call: number) => Promise<ChunkReport> | ChunkReport): BatchSpec<Item> & { sent: Item[][]; inFlightMax: number } {
  let inFlight = 0;
  const double = {
    label: 'things',
    noun: 'Thing',
    max: 1000,
    sent: [] as Item[][],
    inFlightMax: 0,
    keyOf: (item: Item) => item.id,
    problemsOf: (item: Item) => (item.id === '' ? [{ field: 'id', message: 'id must not be empty' }] : []),
    send: async (chunk: Item[]) => {
      double.sent.push(chunk);
      inFlight += 1;
      double.inFlightMax = Math.max(double.inFlightMax, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      const report = answer ? await answer(chunk, double.sent.length) : { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] };
      return { report, attempts: 1 };
    },
  };
  return double;
}

async function* stream(count: number, pulled: { count: number }): AsyncGenerator<Item> {
  for (let i = 0; i < count; i += 1) {
    pulled.count += 1;
    yield { id: `item-${i}` };
  }
}

describe('runBatch', () => {
  it('splits 2,500 items into chunks of 1000 and maps errors of the second chunk to their input indexes', async () => {
    const double = spec((chunk, call) =>
      call === 2
        ? { recordsSucceeded: chunk.length - 2, recordsFailed: 2, errors: [{ key: 'item-1500', code: '2004', message: 'exists' }, { key: 'item-1999', code: '2007' }] }
        : { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] },
    );
    const result = await runBatch(items(2500), double);
    expect(double.sent.map((chunk) => chunk.length)).toEqual([1000, 1000, 500]);
    expect(result).toMatchObject({ succeeded: 2498, failed: 2, unknown: 0 });
    expect(result.items).toHaveLength(2500);
    expect(result.items.filter((item) => item.status === 'failed').map((item) => [item.index, item.input.id, item.code])).toEqual([
      [1500, 'item-1500', '2004'],
      [1999, 'item-1999', '2007'],
    ]);
    expect(result.items.every((item, index) => item.index === index)).toBe(true);
    expect(result.chunks.map((chunk) => [chunk.index, chunk.offset, chunk.size, chunk.status])).toEqual([
      [0, 0, 1000, 'answered'],
      [1, 1000, 1000, 'answered'],
      [2, 2000, 500, 'answered'],
    ]);
  });

  it('with chunk: false, refuses 0 and 1001 items before sending and accepts 1 and 1000', async () => {
    for (const count of [0, 1001]) {
      const double = spec();
      const error = await caught(() => runBatch(items(count), double, { chunk: false }));
      expect(error).toBeInstanceOf(BatchSizeError);
      expect(error).toMatchObject({ size: count, min: 1, max: 1000 });
      expect(double.sent).toEqual([]);
    }
    for (const count of [1, 1000]) {
      const double = spec();
      expect((await runBatch(items(count), double, { chunk: false })).succeeded).toBe(count);
      expect(double.sent.map((chunk) => chunk.length)).toEqual([count]);
    }
  });

  it('sends nothing for an empty input by default', async () => {
    const double = spec();
    expect(await runBatch([], double)).toEqual({ succeeded: 0, failed: 0, unknown: 0, notSent: 0, invalid: 0, items: [], chunks: [] });
    expect(double.sent).toEqual([]);
  });

  it("with invalidItems: 'reject', checks every item of an array before the first request", async () => {
    const input = items(2500);
    input[1500] = { id: '' };
    const double = spec();
    const error = await caught(() => runBatch(input, double, { invalidItems: 'reject' }));
    expect(error).toMatchObject({ field: 'items[1500].id', problems: [{ index: 1500, field: 'id', message: 'id must not be empty' }] });
    expect(double.sent).toEqual([]);
  });

  it('keeps at most `concurrency` chunks in flight and reads a stream lazily', async () => {
    const pulled = { count: 0 };
    const readAhead: number[] = [];
    const double = spec((chunk) => {
      readAhead.push(pulled.count);
      return { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] };
    });
    const result = await runBatch(stream(10_000, pulled), double, { chunkSize: 100, concurrency: 3, keepItems: false });
    expect(result).toMatchObject({ succeeded: 10_000, items: [] });
    expect(double.inFlightMax).toBe(3);
    // Never more than (concurrency + 1) chunks read from the source ahead of what is being sent.
    expect(Math.max(...readAhead.map((count, i) => count - i * 100))).toBeLessThanOrEqual(400);
  });

  it('reports progress after each chunk, in order with concurrency 1', async () => {
    const seen: Array<[number, number, number]> = [];
    await runBatch(items(250), spec(), { chunkSize: 100, onProgress: (p) => void seen.push([p.chunk.index, p.items.length, p.completed]) });
    expect(seen).toEqual([
      [0, 100, 100],
      [1, 100, 200],
      [2, 50, 250],
    ]);
  });

  it("marks a chunk Concur refused as failed and one without an answer as unknown, and goes on with onOutage: 'continue'", async () => {
    const refused = apiErrorFromResponse({ status: 400, headers: {}, bodyText: '<Error><Message>bad batch</Message></Error>' }, context);
    const silent = timeoutError(60_000, { ...context, attempts: 4, exhausted: true });
    const double = spec((chunk, call) => {
      if (call === 1) throw refused;
      if (call === 2) throw silent;
      return { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] };
    });
    const result = await runBatch(items(30), double, { chunkSize: 10, onOutage: 'continue' });
    expect(result).toMatchObject({ succeeded: 10, failed: 10, unknown: 10 });
    expect(result.stopped).toBeUndefined();
    expect(result.items[0]).toMatchObject({ status: 'failed', code: '400', attempts: 1 });
    expect(result.items[10]).toMatchObject({ status: 'unknown', code: 'ConcurTimeoutError', attempts: 4 });
    expect(result.chunks.map((chunk) => chunk.status)).toEqual(['failed', 'failed', 'answered']);
    expect(result.chunks[0]?.error).toBe(refused);
  });

  it('marks a chunk refused after an earlier attempt may have gone through as unknown', async () => {
    const afterTimeout = apiErrorFromResponse({ status: 503, headers: {}, bodyText: '' }, { ...context, attempts: 4, exhausted: true, processedBefore: true });
    expect(afterTimeout.mayHaveBeenProcessed).toBe(true);
    const result = await runBatch(items(3), spec(() => {
      throw afterTimeout;
    }));
    expect(result).toMatchObject({ succeeded: 0, failed: 0, unknown: 3 });
    expect(result.items[0]).toMatchObject({ status: 'unknown', code: '503', attempts: 4 });
  });

  it('stops on abort: no new chunk, and rejects with ConcurAbortError', async () => {
    const controller = new AbortController();
    const double = spec((chunk, call) => {
      if (call === 2) controller.abort();
      return { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] };
    });
    const error = await caught(() => runBatch(items(50), double, { chunkSize: 10, signal: controller.signal }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(double.sent).toHaveLength(2);
  });

  it('rejects when onProgress throws, after the chunks in flight settle', async () => {
    const double = spec();
    const error = await caught(() =>
      runBatch(items(30), double, {
        chunkSize: 10,
        onProgress: () => {
          throw new Error('disk full');
        },
      }),
    );
    expect((error as Error).message).toBe('disk full');
    expect(double.sent).toHaveLength(1);
  });

  it.each([
    [{ chunkSize: 0 }, 'chunkSize', 'chunkSize must be a whole number from 1 to 1000 (got number 0).'],
    [{ chunkSize: 1001 }, 'chunkSize', 'chunkSize must be a whole number from 1 to 1000 (got number 1001).'],
    [{ chunkSize: '500' }, 'chunkSize', 'chunkSize must be a whole number from 1 to 1000 (got string "500").'],
    [{ chunkSize: null }, 'chunkSize', 'chunkSize must be a whole number from 1 to 1000 (got null).'],
    [{ concurrency: 0 }, 'concurrency', 'concurrency must be a whole number from 1 to 64 (got number 0).'],
    [{ concurrency: 1.5 }, 'concurrency', 'concurrency must be a whole number from 1 to 64 (got number 1.5).'],
    [{ concurrency: '2' }, 'concurrency', 'concurrency must be a whole number from 1 to 64 (got string "2").'],
    [{ chunk: 'no' }, 'chunk', 'chunk must be true or false (got string "no").'],
    [{ keepItems: 0 }, 'keepItems', 'keepItems must be true or false (got number 0).'],
    [{ onProgress: 'log' }, 'onProgress', 'onProgress must be a function (got string "log").'],
    [{ invalidItems: 'skip' }, 'invalidItems', 'invalidItems must be \'report\' or \'reject\' (got string "skip").'],
    [{ onOutage: 'retry' }, 'onOutage', 'onOutage must be \'stop\' or \'continue\' (got string "retry").'],
    [{ signal: 'x' }, 'signal', 'signal must be an AbortSignal, e.g. AbortSignal.timeout(60_000) (got string).'],
    [{ signal: {} }, 'signal', 'signal must be an AbortSignal, e.g. AbortSignal.timeout(60_000) (got object).'],
  ])('refuses the option %j, saying what it got', async (options, field, message) => {
    const double = spec();
    const error = await caught(() => runBatch(items(1), double, options as never));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field, message });
    expect(double.sent).toEqual([]);
  });

  it('accepts the limits themselves: chunkSize 1 and 1000, concurrency 64, and a service default below its maximum', async () => {
    const ones = spec();
    await runBatch(items(3), ones, { chunkSize: 1, concurrency: 64 });
    expect(ones.sent.map((chunk) => chunk.length)).toEqual([1, 1, 1]);
    const whole = spec();
    await runBatch(items(1500), whole, { chunkSize: 1000 });
    expect(whole.sent.map((chunk) => chunk.length)).toEqual([1000, 500]);
    const users = { ...spec(), defaultChunkSize: 500 };
    await runBatch(items(1200), users);
    expect(users.sent.map((chunk) => chunk.length)).toEqual([500, 500, 200]);
    expect(await caught(() => runBatch(items(1), spec(), { concurrency: 65 }))).toMatchObject({ field: 'concurrency', message: 'concurrency must be a whole number from 1 to 64 (got number 65).' });
  });

  it.each([
    [null, 'options must be an object (got null).'],
    [42, 'options must be an object (got number 42).'],
    ['fast', 'options must be an object (got string "fast").'],
    [[], 'options must be an object (got array).'],
  ])('refuses options = %j', async (options, message) => {
    expect(await caught(() => runBatch(items(1), spec(), options as never))).toMatchObject({ name: 'ConcurValidationError', field: 'options', message });
  });

  it.each([
    [42, 'number 42'],
    ['abc', 'string "abc"'],
    [null, 'null'],
    [{}, 'object'],
  ])('refuses input %j that is not an array or an iterable', async (input, got) => {
    const error = await caught(() => runBatch(input as never, spec()));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: 'items', message: `Pass the things as an array or an iterable (got ${got}).` });
  });
});
