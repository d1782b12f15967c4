import { describe, expect, it } from 'vitest';
import { reconcile, type ChunkReport } from '../../src/batch/reconcile.js';

const chunk = (keys: string[], offset = 0) => ({ index: 0, offset, items: keys.map((key) => ({ key })), indexes: keys.map((_, i) => offset + i), invalid: [] });
const keyOf = (item: { key: string }) => item.key;
const statuses = (keys: string[], report: ChunkReport, offset = 0) =>
  reconcile(chunk(keys, offset), keyOf, report, 1).items.map((item) => [item.index, item.status, item.code ?? null]);

describe('reconcile', () => {
  it('maps listed errors back by key and counts the rest as succeeded when the counts agree', () => {
    expect(statuses(['a', 'b', 'c', 'd'], { recordsSucceeded: 2, recordsFailed: 2, errors: [{ key: 'd', code: '2004' }, { key: 'b', code: '2007' }] }, 100)).toEqual([
      [100, 'succeeded', null],
      [101, 'failed', '2007'],
      [102, 'succeeded', null],
      [103, 'failed', '2004'],
    ]);
  });

  it('gives unknown, never succeeded, when more items failed than were listed', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const errors = keys.slice(0, 10).map((key) => ({ key, code: '2004' }));
    const result = reconcile(chunk(keys), keyOf, { recordsSucceeded: 5, recordsFailed: 15, errors }, 1);
    expect(result.items.filter((item) => item.status === 'failed')).toHaveLength(10);
    expect(result.items.filter((item) => item.status === 'unknown')).toHaveLength(10);
    expect(result.items.some((item) => item.status === 'succeeded')).toBe(false);
    expect(result.items[15]?.message).toMatch(/only the first 10/);
  });

  it('fails the unlisted items when none succeeded', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const errors = keys.slice(0, 10).map((key) => ({ key, code: '1004' }));
    const result = reconcile(chunk(keys), keyOf, { recordsSucceeded: 0, recordsFailed: 12, errors }, 1);
    expect(result.items.map((item) => item.status)).toEqual(new Array(12).fill('failed'));
    expect(result.items[11]?.message).toMatch(/did not list its error/);
  });

  it('derives a missing failure count from the success count, never successes from the failure count', () => {
    expect(statuses(['a', 'b'], { recordsSucceeded: 1, errors: [{ key: 'a', code: '1' }] })).toEqual([
      [0, 'failed', '1'],
      [1, 'succeeded', null],
    ]);
    // Regression: records-failed 0 without records-succeeded marked every item succeeded.
    expect(statuses(['a', 'b'], { recordsFailed: 0, errors: [] })).toEqual([
      [0, 'unknown', null],
      [1, 'unknown', null],
    ]);
    expect(statuses(['a', 'b'], { recordsFailed: 1, errors: [{ key: 'a', code: '1' }] })).toEqual([
      [0, 'failed', '1'],
      [1, 'unknown', null],
    ]);
    // Every item counted failed: failed, whether or not a success count came.
    expect(statuses(['a', 'b'], { recordsFailed: 2, errors: [] }).map(([, status]) => status)).toEqual(['failed', 'failed']);
    expect(statuses(['a', 'b'], { errors: [] })).toEqual([
      [0, 'unknown', null],
      [1, 'unknown', null],
    ]);
  });

  it('does not pin an error on one of several items sharing its key, but settles the others by the counts', () => {
    const result = reconcile(chunk(['dup', 'dup', 'x']), keyOf, { recordsSucceeded: 2, recordsFailed: 1, errors: [{ key: 'dup', code: '2004' }] }, 1);
    expect(result.items.map((item) => item.status)).toEqual(['unknown', 'unknown', 'succeeded']);
    expect(result.items[0]?.message).toMatch(/shares with another item/);
    expect(result.unmatched).toEqual([{ key: 'dup', code: '2004' }]);
  });

  it('fails every item sharing a key when Concur lists as many errors for it', () => {
    const result = reconcile(
      chunk(['dup', 'x', 'dup']),
      keyOf,
      { recordsSucceeded: 1, recordsFailed: 2, errors: [{ key: 'dup', code: '2004' }, { key: 'dup', code: '2004' }] },
      1,
    );
    expect(result.items.map((item) => [item.status, item.code ?? null])).toEqual([
      ['failed', '2004'],
      ['succeeded', null],
      ['failed', '2004'],
    ]);
    expect(result.unmatched).toEqual([]);
  });

  it('keeps an error whose key matches no item', () => {
    const result = reconcile(chunk(['a']), keyOf, { recordsSucceeded: 0, recordsFailed: 1, errors: [{ key: 'zzz', code: '9', message: 'odd' }] }, 1);
    expect(result.unmatched).toEqual([{ key: 'zzz', code: '9', message: 'odd' }]);
    expect(result.items[0]?.status).toBe('failed');
  });

  it('uses listed successes and treats counts that do not add up as unknown', () => {
    expect(statuses(['a', 'b', 'c'], { recordsSucceeded: 1, recordsFailed: 1, errors: [{ key: 'a' }], successes: ['b'] })).toEqual([
      [0, 'failed', null],
      [1, 'succeeded', null],
      [2, 'unknown', null],
    ]);
  });

  it('after an earlier attempt that may have gone through, an unlisted failure is unknown, not failed', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const errors = keys.slice(0, 10).map((key) => ({ key, code: '2004', message: 'already exists' }));
    const result = reconcile(chunk(keys), keyOf, { recordsSucceeded: 0, recordsFailed: 12, errors }, 2, true);
    expect(result.items.slice(0, 10).every((item) => item.status === 'failed' && item.code === '2004')).toBe(true);
    expect(result.items.slice(10).map((item) => item.status)).toEqual(['unknown', 'unknown']);
    expect(result.items[11]?.message).toMatch(/may exist/);
  });

  it('records the chunk attempts on every item', () => {
    const result = reconcile(chunk(['a', 'b']), keyOf, { recordsSucceeded: 1, recordsFailed: 1, errors: [{ key: 'a', code: '2004' }] }, 2);
    expect(result.items.map((item) => item.attempts)).toEqual([2, 2]);
  });
});

describe('reconcile never guesses', () => {
  const TRUNCATED =
    'Concur reported more failed items than it listed (it lists only the first 10 errors), so this item may have failed or succeeded; check it in Concur before sending it again.';
  const UNSAID = 'Concur did not say whether this item succeeded.';
  const outcome = (keys: string[], report: ChunkReport, processedBefore = false, alreadyDone?: (error: { code?: string | undefined }) => boolean) =>
    reconcile(chunk(keys), keyOf, report, processedBefore ? 2 : 1, processedBefore, alreadyDone).items.map((item) => [item.status, item.code ?? null, item.message ?? null]);

  it.each([
    ['2 succeeded and 1 failed of 2', { recordsSucceeded: 2, recordsFailed: 1, errors: [] }],
    ['1 succeeded and 2 failed of 2', { recordsSucceeded: 1, recordsFailed: 2, errors: [] }],
    ['0 succeeded and 1 failed of 2', { recordsSucceeded: 0, recordsFailed: 1, errors: [] }],
  ])('counts that do not add up (%s) leave every item unknown, to be checked in Concur', (_counts, report) => {
    expect(outcome(['a', 'b'], report)).toEqual([
      ['unknown', null, TRUNCATED],
      ['unknown', null, TRUNCATED],
    ]);
  });

  it('says why an item is unknown: no counts at all, or more failures than errors listed', () => {
    expect(outcome(['a'], { errors: [] })).toEqual([['unknown', null, UNSAID]]);
    expect(outcome(['a'], { recordsFailed: 0, errors: [] })).toEqual([['unknown', null, UNSAID]]);
    expect(outcome(['a', 'b', 'c'], { recordsFailed: 2, errors: [{ key: 'a', code: '1' }] })).toEqual([
      ['failed', '1', null],
      ['unknown', null, TRUNCATED],
      ['unknown', null, TRUNCATED],
    ]);
    expect(outcome(['a', 'b'], { recordsSucceeded: 2, recordsFailed: 1, errors: [{ key: 'a', code: '1' }] })).toEqual([
      ['failed', '1', null],
      ['unknown', null, TRUNCATED],
    ]);
  });

  it('an error under a shared key the counts cannot settle leaves those items unknown, and the rest as the counts allow', () => {
    const SHARED = 'Concur reported an error under a key this item shares with another item of the chunk, so which of them failed cannot be told.';
    expect(outcome(['dup', 'dup', 'x'], { recordsFailed: 1, errors: [{ key: 'dup', code: '2' }] })).toEqual([
      ['unknown', null, SHARED],
      ['unknown', null, SHARED],
      ['unknown', null, UNSAID],
    ]);
    // Every item counted failed: those sharing the key too.
    expect(outcome(['dup', 'dup'], { recordsSucceeded: 0, recordsFailed: 2, errors: [{ key: 'dup', code: '2' }] }).map(([status]) => status)).toEqual(['failed', 'failed']);
  });

  it('an item listed twice keeps its first error and counts as one failure', () => {
    expect(outcome(['a', 'b'], { recordsSucceeded: 1, recordsFailed: 1, errors: [{ key: 'a', code: '1', message: 'first' }, { key: 'a', code: '2', message: 'second' }] })).toEqual([
      ['failed', '1', 'first'],
      ['succeeded', null, null],
    ]);
  });

  it("an 'already exists' in the answer to a resend is unknown, counted among Concur's failures; on a first send it is failed", () => {
    const exists = (error: { code?: string | undefined }) => error.code === '2004';
    const report = { recordsSucceeded: 2, recordsFailed: 1, errors: [{ key: 'a', code: '2004' }] };
    const resent = outcome(['a', 'b', 'c'], report, true, exists);
    expect(resent[0]).toEqual(['unknown', '2004', expect.stringMatching(/^An earlier attempt of this chunk may have gone through/)]);
    expect(resent.slice(1).map(([status]) => status)).toEqual(['succeeded', 'succeeded']);
    expect(outcome(['a'], { recordsFailed: 1, errors: [{ key: 'a', code: '2004', message: 'Item already exists' }] }, true, exists)).toEqual([['unknown', '2004', 'Item already exists']]);
    expect(outcome(['a', 'b', 'c'], report, false, exists)[0]).toEqual(['failed', '2004', null]);
    // Another code in the answer to a resend is a failure as usual.
    expect(outcome(['a', 'b', 'c'], { ...report, errors: [{ key: 'a', code: '1' }] }, true, exists)[0]).toEqual(['failed', '1', null]);
  });

  it('names an item succeeded only when one item has that key and no error names it', () => {
    const result = reconcile(chunk(['a', 'dup', 'dup', 'x']), keyOf, { errors: [{ key: 'a', code: '1' }], successes: ['a', 'dup', 'x', 'elsewhere'] }, 1);
    expect(result.items.map((item) => item.status)).toEqual(['failed', 'unknown', 'unknown', 'succeeded']);
  });

  it('keeps an error without a key as unmatched; an item without a key is settled by the counts alone', () => {
    const keys = (item: { key: string }) => (item.key === '' ? undefined : item.key);
    const result = reconcile(chunk(['a', '']), keys, { recordsSucceeded: 1, recordsFailed: 1, errors: [{ code: '9' }, { key: 'a', code: '1' }] }, 1);
    expect(result.unmatched).toEqual([{ code: '9' }]);
    expect(result.items.map((item) => item.status)).toEqual(['failed', 'succeeded']);
  });

  it('an item result holds its index, input, status, chunk and attempts, and a code and message only when there is one', () => {
    const three = { index: 3, offset: 40, items: [{ key: 'a' }, { key: 'b' }], indexes: [40, 41], invalid: [] };
    const result = reconcile(three, keyOf, { recordsSucceeded: 1, recordsFailed: 1, errors: [{ key: 'b', code: '1' }] }, 2);
    expect(result.items).toStrictEqual([
      { index: 40, input: { key: 'a' }, status: 'succeeded', chunk: 3, attempts: 2 },
      { index: 41, input: { key: 'b' }, status: 'failed', chunk: 3, code: '1', attempts: 2 },
    ]);
  });
});
