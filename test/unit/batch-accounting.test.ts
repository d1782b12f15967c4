import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.js';
import { apiErrorFromResponse, timeoutError } from '../../src/errors/factory.js';
import { partialResultOf, type BatchProgress } from '../../src/index.js';
import { caught } from '../support/helpers.js';
import { gate, thingSpec, things, type Thing } from '../support/batch-double.js';

// How a batch run accounts for its items: input order whatever order chunks finish in, counts
// that add up, what each onProgress call carries, and what every request is sent with.

const context = { method: 'POST', path: '/api/x/batch', attempts: 4, exhausted: true, secrets: [] };
const outage = () => apiErrorFromResponse({ status: 503, headers: {}, bodyText: '' }, context);

describe('input order under concurrency', () => {
  it('a later chunk answered first: items and chunks still come back in input order, progress in the order chunks settled', async () => {
    const first = gate();
    const double = thingSpec(async (_chunk, call) => {
      if (call === 1) await first.wait;
      if (call === 2) first.open();
      return undefined;
    });
    const progress: Array<[number, number[], number]> = [];
    const result = await runBatch(things(6), double, {
      chunkSize: 2,
      concurrency: 2,
      onProgress: ({ chunk, items, completed }) => void progress.push([chunk.index, items.map((item) => item.index), completed]),
    });
    expect(progress).toEqual([
      [1, [2, 3], 2],
      [0, [0, 1], 4],
      [2, [4, 5], 6],
    ]);
    expect(result.items.map((item) => [item.index, item.input.id, item.chunk])).toEqual([
      [0, 'item-0', 0],
      [1, 'item-1', 0],
      [2, 'item-2', 1],
      [3, 'item-3', 1],
      [4, 'item-4', 2],
      [5, 'item-5', 2],
    ]);
    expect(result.chunks.map((chunk) => [chunk.index, chunk.offset])).toEqual([
      [0, 0],
      [1, 2],
      [2, 4],
    ]);
  });

  it('an outage on an earlier chunk that settles last: nextIndex is past the later chunk already sent, and the order holds', async () => {
    const first = gate();
    const double = thingSpec(async (_chunk, call) => {
      if (call === 2) first.open();
      if (call !== 1) return undefined;
      await first.wait;
      throw outage();
    });
    const result = await runBatch(things(4), double, { chunkSize: 2, concurrency: 2 });
    expect(result.stopped).toMatchObject({ reason: 'outage', nextIndex: 4 });
    expect(result.items.map((item) => [item.index, item.status])).toEqual([
      [0, 'failed'],
      [1, 'failed'],
      [2, 'succeeded'],
      [3, 'succeeded'],
    ]);
    expect(result.chunks.map((chunk) => [chunk.index, chunk.status])).toEqual([
      [0, 'failed'],
      [1, 'answered'],
    ]);
  });
});

describe('counts and progress', () => {
  it('each onProgress call carries the chunk, its items in input order and running totals that add up to the items read', async () => {
    const silent = timeoutError(60_000, context);
    const double = thingSpec((chunk, call) => {
      if (call === 2) throw silent;
      return { report: { recordsSucceeded: chunk.length - 1, recordsFailed: 1, errors: [{ key: 'item-2', code: '2004', message: 'exists' }] }, correlationId: 'cid-1' };
    });
    const progress: Array<BatchProgress<Thing>> = [];
    const result = await runBatch(things(6, [1]), double, { chunkSize: 3, onOutage: 'continue', onProgress: (p) => void progress.push(p) });

    expect(progress).toHaveLength(2);
    const [firstCall, secondCall] = progress;
    expect(firstCall?.chunk).toStrictEqual({ index: 0, offset: 0, size: 3, invalid: 1, attempts: 1, status: 'answered', correlationId: 'cid-1', recordsSucceeded: 2, recordsFailed: 1 });
    expect(firstCall?.items.map((item) => [item.index, item.status, item.code])).toEqual([
      [0, 'succeeded', undefined],
      [1, 'failed', 'INVALID_INPUT'],
      [2, 'failed', '2004'],
      [3, 'succeeded', undefined],
    ]);
    expect(firstCall).toMatchObject({ completed: 4, succeeded: 2, failed: 2, unknown: 0, notSent: 0, invalid: 1 });
    expect(secondCall?.items.map((item) => [item.index, item.status])).toEqual([
      [4, 'unknown'],
      [5, 'unknown'],
    ]);
    expect(secondCall).toMatchObject({ completed: 6, succeeded: 2, failed: 2, unknown: 2, notSent: 0, invalid: 1 });
    expect(result).toMatchObject({ succeeded: 2, failed: 2, unknown: 2, notSent: 0, invalid: 1 });
    expect(result.succeeded + result.failed + result.unknown + result.notSent).toBe(6);
  });

  it('onProgress is called one chunk at a time, even with chunks in flight and an onProgress that takes its time', async () => {
    let running = 0;
    let most = 0;
    const reported: number[] = [];
    await runBatch(things(40), thingSpec(), {
      chunkSize: 5,
      concurrency: 4,
      onProgress: async ({ chunk }) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        reported.push(chunk.index);
        running -= 1;
      },
    });
    expect(most).toBe(1);
    expect(reported.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a last stretch of only invalid items sends nothing and leaves nextIndex past the last item sent', async () => {
    const double = thingSpec();
    let calls = 0;
    const error = await caught(() =>
      runBatch(things(12, [10, 11]), double, {
        chunkSize: 10,
        onProgress: () => {
          calls += 1;
          if (calls === 2) throw new Error('log full');
        },
      }),
    );
    expect(double.sent).toHaveLength(1);
    expect(partialResultOf(error)).toMatchObject({ succeeded: 10, failed: 2, invalid: 2, stopped: { reason: 'onProgress', nextIndex: 10 } });
  });

  it('a complete run has no `stopped` field; an answer without counts leaves them out of its chunk summary', async () => {
    const result = await runBatch(things(2), thingSpec(() => ({ report: { errors: [], successes: ['item-0', 'item-1'] } })));
    expect('stopped' in result).toBe(false);
    expect(result.chunks).toStrictEqual([{ index: 0, offset: 0, size: 2, attempts: 1, status: 'answered' }]);
    expect(result.items.map((item) => item.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('items Concur counted failed without listing them are failed, or unknown when an earlier attempt may have gone through', async () => {
    const allFailed = { report: { recordsSucceeded: 0, recordsFailed: 2, errors: [] } };
    const once = await runBatch(things(2), thingSpec(() => allFailed));
    expect(once.items.map((item) => [item.status, item.message])).toEqual([
      ['failed', 'Concur counted this item as failed but did not list its error (it lists only the first 10).'],
      ['failed', 'Concur counted this item as failed but did not list its error (it lists only the first 10).'],
    ]);
    const resent = await runBatch(things(2), thingSpec(() => ({ ...allFailed, attempts: 2, processedBefore: true })));
    expect(resent).toMatchObject({ failed: 0, unknown: 2 });
    expect(resent.items[0]).toMatchObject({ status: 'unknown', attempts: 2, message: expect.stringMatching(/so it may exist/) });
  });

  it("an 'already exists' in the answer to a resend is unknown when the service says it only means the first send worked", async () => {
    const answer = { report: { recordsSucceeded: 1, recordsFailed: 1, errors: [{ key: 'item-0', code: '2004' }] }, attempts: 2, processedBefore: true };
    const alreadyDone = (error: { code?: string | undefined }) => error.code === '2004';
    const result = await runBatch(things(2), thingSpec(() => answer, { alreadyDone }));
    expect(result.items.map((item) => [item.status, item.code])).toEqual([
      ['unknown', '2004'],
      ['succeeded', undefined],
    ]);
    expect(result.items[0]?.message).toMatch(/this very call has probably created it/);
  });
});

describe('what every request is sent with', () => {
  it("every request carries the call's signal, timeoutMs and retry, and nothing the caller left out", async () => {
    const signal = new AbortController().signal;
    const retry = { retries: 2 };
    const given = thingSpec();
    await runBatch(things(4), given, { chunkSize: 2, signal, timeoutMs: 5_000, retry });
    expect(given.settings).toHaveLength(2);
    for (const settings of given.settings) expect(settings).toStrictEqual({ signal, timeoutMs: 5_000, retry });

    const bare = thingSpec();
    await runBatch(things(1), bare, { retry: false });
    expect(bare.settings).toStrictEqual([{ retry: false }]);
    const none = thingSpec();
    await runBatch(things(1), none);
    expect(none.settings).toStrictEqual([{}]);
  });

  it("a run leaves no listener on the caller's signal, however many chunks it read", async () => {
    const controller = new AbortController();
    await runBatch(things(50), thingSpec(), { chunkSize: 5, signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
