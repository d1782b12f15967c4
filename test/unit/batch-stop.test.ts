import { describe, expect, it } from 'vitest';
import { runBatch, type BatchAnswer, type BatchSpec } from '../../src/batch/run.js';
import { abortError, apiErrorFromResponse, timeoutError } from '../../src/errors/factory.js';
import type { CallSettings } from '../../src/internal/arguments.js';
import type { ServiceUnavailableError} from '../../src/index.js';
import { ConcurAbortError, ConcurValidationError, partialResultOf, type BatchResult } from '../../src/index.js';
import { caught } from '../support/helpers.js';

// How a batch run stops: a rejection (abort, a throwing onProgress or input, 'reject') keeps what
// was done in `partialResult`; an outage stops the run with `stopped.nextIndex` to resume from.

interface Item {
  id: string;
}

const context = { method: 'POST', path: '/api/x/batch', attempts: 4, exhausted: true, secrets: [] };
const outage = (): ServiceUnavailableError =>
  apiErrorFromResponse({ status: 503, headers: { 'concur-correlationid': 'cid-503' }, bodyText: '<Error><Message>Down for maintenance</Message></Error>' }, context) as ServiceUnavailableError;

type Answer = (chunk: Item[], call: number, settings: CallSettings) => Promise<Partial<BatchAnswer> | undefined> | Partial<BatchAnswer> | undefined;

/** A service double that records what it received; `answer` may throw, or return part of the answer. */
function spec(answer?: Answer): BatchSpec<Item> & { sent: Item[][] } {
  const double = {
    label: 'things',
    noun: 'Thing',
    max: 1000,
    sent: [] as Item[][],
    keyOf: (item: Item) => item.id,
    problemsOf: (item: Item) => (item.id.startsWith('bad') ? [{ field: 'id', message: 'id must not start with "bad"' }] : []),
    send: async (chunk: Item[], settings: CallSettings): Promise<BatchAnswer> => {
      double.sent.push(chunk);
      const call = double.sent.length;
      await new Promise((resolve) => setImmediate(resolve));
      const given = answer ? await answer(chunk, call, settings) : undefined;
      return { report: { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] }, attempts: 1, ...given };
    },
  };
  return double;
}

const items = (count: number, bad: number[] = []): Item[] => Array.from({ length: count }, (_, i) => ({ id: bad.includes(i) ? `bad-${i}` : `item-${i}` }));

async function* stream(list: Item[], pulled: { count: number; closed?: boolean }, stallAt?: { index: number; until: Promise<void> }): AsyncGenerator<Item> {
  try {
    for (const [index, item] of list.entries()) {
      if (stallAt?.index === index) await stallAt.until;
      pulled.count += 1;
      yield item;
    }
  } finally {
    pulled.closed = true;
  }
}

/** The four statuses add up to the items read, each read item is in the result once, and every sent item is settled. */
function expectAccountedFor(partial: BatchResult<Item>, read: number, sent: Item[][]): void {
  expect(partial.succeeded + partial.failed + partial.unknown + partial.notSent).toBe(read);
  expect(partial.items.map((item) => item.index)).toEqual(Array.from({ length: read }, (_, i) => i));
  const sentIds = new Set(sent.flat().map((item) => item.id));
  const nextIndex = partial.stopped?.nextIndex ?? read;
  for (const item of partial.items) {
    const wasSent = sentIds.has(item.input.id);
    expect(item.status === 'notSent' || item.code === 'INVALID_INPUT').toBe(!wasSent);
    // Everything sent comes before nextIndex; nothing from nextIndex on was sent.
    if (wasSent) expect(item.index).toBeLessThan(nextIndex);
    if (item.status === 'notSent') expect(item.index).toBeGreaterThanOrEqual(nextIndex);
  }
}

describe('a rejection keeps what was done (partialResult)', () => {
  it('an abort while the third chunk is in flight: 20 succeeded, 10 unknown, and nothing else read', async () => {
    const controller = new AbortController();
    const double = spec((_chunk, call, settings) => {
      if (call !== 3) return undefined;
      controller.abort();
      expect(settings.signal?.aborted).toBe(true);
      throw abortError({ method: 'POST', path: '/api/x/batch', attempts: 1 }, settings.signal?.reason);
    });
    const error = await caught(() => runBatch(items(50), double, { chunkSize: 10, signal: controller.signal }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    const partial = partialResultOf<Item>(error);
    expect(partial).toMatchObject({ succeeded: 20, failed: 0, unknown: 10, notSent: 0, invalid: 0 });
    expect(partial?.stopped).toEqual({ reason: 'aborted', error, nextIndex: 30 });
    expect(partial?.items[25]).toMatchObject({ status: 'unknown', chunk: 2, code: 'ConcurAbortError', attempts: 1 });
    expect(partial?.chunks.map((chunk) => chunk.status)).toEqual(['answered', 'answered', 'failed']);
    expectAccountedFor(partial!, 30, double.sent);
  });

  it('an abort while a stream stalls mid-chunk: the items read into that chunk are notSent, and the call does not wait for the input', async () => {
    const controller = new AbortController();
    const pulled = { count: 0 };
    const never = new Promise<void>(() => undefined);
    const double = spec((_chunk, call) => {
      if (call === 1) setTimeout(() => controller.abort(), 5);
      return undefined;
    });
    const error = await caught(() => runBatch(stream(items(40), pulled, { index: 15, until: never }), double, { chunkSize: 10, signal: controller.signal }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    const partial = partialResultOf<Item>(error)!;
    expect(pulled.count).toBe(15);
    expect(partial).toMatchObject({ succeeded: 10, notSent: 5, stopped: { reason: 'aborted', nextIndex: 10 } });
    expect(partial.items[12]).toMatchObject({ status: 'notSent', chunk: 1, attempts: 0 });
    expect(partial.chunks[1]).toEqual({ index: 1, offset: 10, size: 0, notSent: 5, attempts: 0, status: 'not-sent' });
    expectAccountedFor(partial, 15, double.sent);
  });

  it('an abort that lands just as the input completes a chunk: that chunk is not lost, it is notSent', async () => {
    const controller = new AbortController();
    let position = 0;
    const input: AsyncIterable<Item> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          position += 1;
          // The 10th item completes the first chunk; the abort comes before the run sees that chunk.
          if (position === 10) queueMicrotask(() => controller.abort());
          return { value: { id: `item-${position - 1}` }, done: false };
        },
      }),
    };
    const double = spec();
    const error = await caught(() => runBatch(input, double, { chunkSize: 10, signal: controller.signal }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(double.sent).toEqual([]);
    const partial = partialResultOf<Item>(error)!;
    expect(partial).toMatchObject({ notSent: 10, stopped: { reason: 'aborted', nextIndex: 0 } });
    expectAccountedFor(partial, position, double.sent);
  });

  it('a throwing onProgress with 3 chunks in flight: the error is the caller’s own, and the chunks in flight settle into partialResult', async () => {
    const pulled: { count: number; closed?: boolean } = { count: 0 };
    const disk = new Error('disk full');
    const reported: number[] = [];
    const double = spec();
    const error = await caught(() =>
      runBatch(stream(items(100), pulled), double, {
        chunkSize: 10,
        concurrency: 3,
        onProgress: ({ chunk }) => {
          reported.push(chunk.index);
          if (chunk.index === 2) throw disk;
        },
      }),
    );
    expect(error).toBe(disk);
    const partial = partialResultOf<Item>(error)!;
    expect(reported).toEqual([0, 1, 2]);
    // Never called again once it threw; every item read is accounted for, none lost.
    expect(partial.stopped).toMatchObject({ reason: 'onProgress', error: disk });
    expect(partial.succeeded).toBe(double.sent.flat().length);
    expectAccountedFor(partial, pulled.count, double.sent);
    expect(pulled.closed).toBe(true);
    // Kept out of logs: it holds the caller's items.
    expect(Object.keys(error as object)).not.toContain('partialResult');
  });

  it('with keepItems: false, partialResult.items holds exactly the outcomes onProgress never received', async () => {
    const delivered = new Set<number>();
    const double = spec();
    const error = await caught(() =>
      runBatch(items(100), double, {
        chunkSize: 10,
        concurrency: 2,
        keepItems: false,
        onProgress: ({ chunk, items: outcomes }) => {
          if (chunk.index === 3) throw new Error('sink closed');
          for (const item of outcomes) delivered.add(item.index);
        },
      }),
    );
    const partial = partialResultOf<Item>(error)!;
    const kept = partial.items.map((item) => item.index);
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.some((index) => delivered.has(index))).toBe(false);
    expect(delivered.size + kept.length).toBe(partial.succeeded + partial.notSent);
  });

  it.each([
    ['a string', 'disk full', 'onProgress threw a string'],
    ['a frozen Error', Object.freeze(new Error('frozen')), 'onProgress threw an object'],
  ])('onProgress throwing %s: the call rejects with an Error whose cause is the value thrown', async (_name, thrown, start) => {
    const error = await caught(() =>
      runBatch(items(20), spec(), {
        chunkSize: 10,
        onProgress: () => {
          throw thrown;
        },
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).cause).toBe(thrown);
    expect((error as Error).message.startsWith(start)).toBe(true);
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10, notSent: 0, stopped: { reason: 'onProgress', error, nextIndex: 10 } });
  });

  it('an input that throws mid-chunk: the items read into that chunk are notSent (an invalid one failed), the error is the input’s', async () => {
    const broken = new Error('ERP cursor lost');
    async function* rows(): AsyncGenerator<Item> {
      yield* items(23, [21]);
      throw broken;
    }
    const double = spec();
    const error = await caught(() => runBatch(rows(), double, { chunkSize: 10 }));
    expect(error).toBe(broken);
    const partial = partialResultOf<Item>(error)!;
    expect(partial).toMatchObject({ succeeded: 20, failed: 1, invalid: 1, notSent: 2, stopped: { reason: 'input', nextIndex: 20 } });
    expect(partial.items.slice(20).map((item) => [item.index, item.status, item.code])).toEqual([
      [20, 'notSent', undefined],
      [21, 'failed', 'INVALID_INPUT'],
      [22, 'notSent', undefined],
    ]);
    expectAccountedFor(partial, 23, double.sent);
  });

  it("invalidItems: 'reject' on a stream: the chunks before the bad one were sent; the bad chunk is in partialResult, not sent", async () => {
    const pulled = { count: 0 };
    const double = spec();
    const error = await caught(() => runBatch(stream(items(60, [25]), pulled), double, { chunkSize: 10, invalidItems: 'reject' }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    const partial = partialResultOf<Item>(error)!;
    expect(pulled.count).toBe(31);
    expect(partial).toMatchObject({ succeeded: 20, failed: 1, invalid: 1, notSent: 10, stopped: { reason: 'invalid', nextIndex: 20 } });
    expectAccountedFor(partial, 31, double.sent);
  });

  it("invalidItems: 'reject' on an array: nothing sent, every item in partialResult, nextIndex 0", async () => {
    const double = spec();
    const error = await caught(() => runBatch(items(30, [3, 17]), double, { chunkSize: 10, invalidItems: 'reject' }));
    expect(double.sent).toEqual([]);
    expect(partialResultOf(error)).toMatchObject({ failed: 2, invalid: 2, notSent: 28, stopped: { reason: 'invalid', error, nextIndex: 0 } });
  });

  it('invalid options reject with an empty partialResult', async () => {
    const error = await caught(() => runBatch(items(3), spec(), { chunkSize: 0 }));
    expect(partialResultOf(error)).toEqual({ succeeded: 0, failed: 0, unknown: 0, notSent: 0, invalid: 0, items: [], chunks: [], stopped: { reason: 'invalid', error, nextIndex: 0 } });
    expect(partialResultOf(new Error('elsewhere'))).toBeUndefined();
  });
});

describe('an outage stops the run (onOutage)', () => {
  it('the first chunk that exhausts the retries on a 503 stops the run; the rest of the stream is not read', async () => {
    const pulled = { count: 0 };
    const error = outage();
    const double = spec((_chunk, call) => {
      if (call === 3) throw error;
      return { correlationId: `cid-${call}`, attempts: 2 };
    });
    const result = await runBatch(stream(items(100), pulled), double, { chunkSize: 10 });
    expect(result.stopped).toEqual({ reason: 'outage', error, nextIndex: 30 });
    expect(result).toMatchObject({ succeeded: 20, failed: 10, unknown: 0, notSent: 0 });
    expect(pulled).toEqual({ count: 30, closed: true });
    expect(result.items[20]).toMatchObject({ status: 'failed', code: '503', chunk: 2, attempts: 4 });
    // Each chunk names the answer that settled it: the batch result, or the final error response.
    expect(result.chunks.map((chunk) => [chunk.status, chunk.attempts, chunk.correlationId])).toEqual([
      ['answered', 2, 'cid-1'],
      ['answered', 2, 'cid-2'],
      ['failed', 4, 'cid-503'],
    ]);
  });

  it('a time-out that outlasts the retries stops it too, leaving that chunk unknown', async () => {
    const silent = timeoutError(60_000, context);
    const result = await runBatch(items(50), spec((_chunk, call) => {
      if (call === 2) throw silent;
      return undefined;
    }), { chunkSize: 10 });
    expect(result).toMatchObject({ succeeded: 10, unknown: 10, stopped: { reason: 'outage', error: silent, nextIndex: 20 } });
    expect(result.chunks[1]?.correlationId).toBeUndefined();
  });

  it('a final error that is not transient (400) does not stop the run', async () => {
    const refused = apiErrorFromResponse({ status: 400, headers: {}, bodyText: '<Error><Message>bad batch</Message></Error>' }, { ...context, attempts: 1 });
    const result = await runBatch(items(30), spec((_chunk, call) => {
      if (call === 1) throw refused;
      return undefined;
    }), { chunkSize: 10 });
    expect(result).toMatchObject({ succeeded: 20, failed: 10 });
    expect(result.stopped).toBeUndefined();
  });

  it('with concurrency 3: the chunks in flight settle, a chunk read while they did is notSent (and reported), and a resume sends every item exactly once', async () => {
    const pulled = { count: 0 };
    let release: () => void = () => undefined;
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    const double = spec((chunk) => {
      if (chunk[0]?.id === 'item-10') throw outage();
      return undefined;
    });
    const progress: Array<[number, string, number]> = [];
    const input = items(100);
    const result = await runBatch(stream(input, pulled, { index: 25, until }), double, {
      chunkSize: 10,
      concurrency: 3,
      onProgress: ({ chunk, notSent }) => {
        progress.push([chunk.index, chunk.status, notSent]);
        // Chunk 1 failed while the third read was waiting on the input: let that read finish.
        if (chunk.index === 1) release();
      },
    });
    expect(result).toMatchObject({ succeeded: 10, failed: 10, notSent: 10, stopped: { reason: 'outage', nextIndex: 20 } });
    expect(pulled.count).toBe(30);
    expect(progress).toEqual([
      [0, 'answered', 0],
      [1, 'failed', 0],
      [2, 'not-sent', 10],
    ]);
    expectAccountedFor(result, 30, double.sent);

    // The resume: the items Concur refused as a whole, then the input from nextIndex on.
    const nextIndex = result.stopped?.nextIndex ?? 0;
    const refused = result.items.filter((item) => item.status === 'failed' && result.chunks[item.chunk]?.status === 'failed').map((item) => item.input);
    const resumed = spec();
    const second = await runBatch([...refused, ...input.slice(nextIndex)], resumed, { chunkSize: 10, concurrency: 3 });
    expect(second).toMatchObject({ succeeded: 90, failed: 0, unknown: 0, notSent: 0 });
    expect(second.stopped).toBeUndefined();
    const everySent = [...double.sent.flat(), ...resumed.sent.flat()].map((item) => item.id);
    const delivered = [...result.items.filter((item) => item.status === 'succeeded').map((item) => item.input.id), ...resumed.sent.flat().map((item) => item.id)];
    expect(delivered.sort()).toEqual(input.map((item) => item.id).sort());
    expect(everySent.length - delivered.length).toBe(10); // only the refused chunk went out twice
  });

  it("onOutage: 'continue' keeps sending after an exhausted chunk", async () => {
    const result = await runBatch(items(50), spec((_chunk, call) => {
      if (call === 2) throw outage();
      return undefined;
    }), { chunkSize: 10, onOutage: 'continue' });
    expect(result).toMatchObject({ succeeded: 40, failed: 10, notSent: 0 });
    expect(result.stopped).toBeUndefined();
  });
});
