import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.js';
import { partialResultOf, type ConcurValidationError, type ItemProblem } from '../../src/index.js';
import { caught } from '../support/helpers.js';
import { thingSpec, things, type Thing } from '../support/batch-double.js';

// What a caller reads about invalid items: the rejection's message and field under
// `invalidItems: 'reject'`, and each item's problems.

/** `bad` items with `count` problems each. */
const problems = (count: number) => (item: Thing): ItemProblem[] =>
  item.id.startsWith('bad') ? Array.from({ length: count }, (_, i) => ({ field: `f${i}`, message: `f${i} is wrong` })) : [];

describe("invalidItems: 'reject'", () => {
  it('one invalid item: the message says it is', async () => {
    const error = await caught(() => runBatch(things(3, [1]), thingSpec(), { invalidItems: 'reject' }));
    expect((error as Error).message.split('\n')).toEqual([
      "1 of 3 things is invalid, so nothing was sent (invalidItems: 'reject'). Fix them, or leave invalidItems out to send the valid ones and get the invalid ones back as failed.",
      'Thing at index 1: id must not start with "bad".',
    ]);
  });

  it('shows 20 problems at most, cutting an item short, then how many more', async () => {
    const bad = [0, 1, 2, 3, 4, 5, 6];
    const error = (await caught(() => runBatch(things(10, bad), thingSpec(undefined, { problemsOf: problems(3) }), { invalidItems: 'reject' }))) as ConcurValidationError;
    expect(error.problems).toHaveLength(21);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(1 + 7 + 1);
    expect(lines[6]).toBe('Thing at index 5: f0 is wrong; f1 is wrong; f2 is wrong.');
    expect(lines[7]).toBe('Thing at index 6: f0 is wrong; f1 is wrong.');
    expect(lines[8]).toBe('…and 1 more problem (every one is in error.problems).');
  });

  it('names the item as the field when the problem is the item as a whole', async () => {
    const unreadable = {
      get id(): string {
        throw new Error('revoked proxy');
      },
    };
    const error = await caught(() => runBatch([{ id: 'item-0' }, unreadable], thingSpec(), { invalidItems: 'reject' }));
    expect(error).toMatchObject({ field: 'items[1]', problems: [{ index: 1, field: 'item', message: 'item could not be read (revoked proxy)' }] });
  });

  it('sends every item of an array with no invalid one', async () => {
    const double = thingSpec();
    expect(await runBatch(things(5), double, { invalidItems: 'reject', chunkSize: 2 })).toMatchObject({ succeeded: 5, failed: 0 });
    expect(double.sent.flat()).toHaveLength(5);
  });

  it('an array of only invalid items: one not-sent chunk with no item to send', async () => {
    const error = await caught(() => runBatch(things(2, [0, 1]), thingSpec(), { invalidItems: 'reject' }));
    expect(partialResultOf(error)?.chunks).toStrictEqual([{ index: 0, offset: 0, size: 0, invalid: 2, attempts: 0, status: 'not-sent' }]);
  });
});

describe("each invalid item's problems", () => {
  it('an invalid item names the chunk it was read with, and that chunk counts it', async () => {
    const result = await runBatch(things(5, [3]), thingSpec(), { chunkSize: 2 });
    expect(result.items[3]).toMatchObject({ index: 3, status: 'failed', code: 'INVALID_INPUT', chunk: 1 });
    expect(result.chunks.map((chunk) => [chunk.index, chunk.size, chunk.invalid])).toEqual([
      [0, 2, undefined],
      [1, 2, 1],
    ]);
  });

  it("a service that names no noun calls its items 'Item'", async () => {
    const { noun: _noun, ...unnamed } = thingSpec();
    const result = await runBatch(things(2, [1]), unnamed);
    expect(result.items[1]?.message).toBe('Item at index 1: id must not start with "bad".');
  });

  it('a check that throws a non-Error value, or a very long message, is a problem of the item, cut to 200 characters', async () => {
    const throwing = (thrown: unknown) => thingSpec(undefined, {
      problemsOf: () => {
        throw thrown;
      },
    });
    const plain = await runBatch(things(1), throwing('no access'));
    expect(plain.items[0]?.problems).toEqual([{ field: 'item', message: 'item could not be read (no access)' }]);
    const long = await runBatch(things(1), throwing(new Error('x'.repeat(500))));
    expect(long.items[0]?.problems).toEqual([{ field: 'item', message: `item could not be read (${'x'.repeat(200)})` }]);
  });
});
