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
