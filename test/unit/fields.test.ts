import { describe, expect, it } from 'vitest';
import { ProblemList, textProblem } from '../../src/services/fields.js';
import { listItemProblems } from '../../src/services/list-items-codec.js';

// The problem collectors the batch services share: every rule, and the "(got …)" wording that
// says what the caller passed.

describe('textProblem', () => {
  it.each([
    [undefined, { max: 5 }, undefined],
    [undefined, { max: 5, required: true }, 'is required'],
    ['abc', { max: 5, required: true }, undefined],
    [42, { max: 5 }, 'must be a string (got number 42)'],
    [null, { max: 5 }, 'must be a string (got null)'],
    [true, { max: 5 }, 'must be a string (got boolean true)'],
    [['a'], { max: 5 }, 'must be a string (got array)'],
    [{}, { max: 5 }, 'must be a string (got object)'],
    ['', { max: 5, required: true }, 'must not be empty (got an empty string)'],
    ['   ', { max: 5, required: true }, 'must not be empty (got only spaces)'],
    ['', { max: 5 }, undefined],
    ['abcdef', { max: 5 }, 'must be at most 5 characters (got 6)'],
    ['a\u0001b', { max: 5 }, 'contains a control character that XML cannot carry (U+0001 at position 1)'],
    ['ab\uFFFE', { max: 5 }, 'contains a control character that XML cannot carry (U+FFFE at position 2)'],
    ['a\uD800b', { max: 5 }, 'contains a lone UTF-16 surrogate that XML cannot carry (U+D800 at position 1)'],
    ['ab\uDC00', { max: 5 }, 'contains a lone UTF-16 surrogate that XML cannot carry (U+DC00 at position 2)'],
    ['a\uD83D\uDE00b', { max: 5 }, undefined],
    ['tab\there\r\n', { max: 20 }, undefined],
  ])('%j with %j: %s', (value, rule, expected) => {
    expect(textProblem(value, rule)).toBe(expected);
  });

  it('names a BigInt', () => {
    expect(textProblem(10n, { max: 5 })).toBe('must be a string (got bigint 10n)');
  });

  it('never shows a secret value, only its type', () => {
    expect(textProblem(12345678, { max: 5, secret: true })).toBe('must be a string (got number)');
    expect(textProblem('hunter2-long', { max: 5, secret: true })).toBe('must be at most 5 characters (got 12)');
  });
});

describe('ProblemList', () => {
  it('collects every problem in order, prefixing nested fields', () => {
    const problems = new ProblemList();
    const fields = { code: 7, flag: 'yes', currency: 'usd', day: '2026-02-30', amount: '1,5', when: 20260101 };
    problems.text(fields, 'code', { max: 3 });
    problems.flag(fields, 'flag');
    problems.matches(fields, 'currency', /^[A-Z]{3}$/, 'three capital letters such as USD');
    problems.date(fields, 'day');
    problems.date(fields, 'when');
    problems.date(fields, 'missing', true);
    problems.decimal(fields, 'amount', '12.50');
    problems.decimal(fields, 'total', '12.50', true);
    const line = problems.at('lineItems[2]');
    line.object(null, 'shipTo');
    line.at('shipTo').text({}, 'city', { max: 10, required: true });
    expect(problems.list).toEqual([
      { field: 'code', message: 'code must be a string (got number 7)' },
      { field: 'flag', message: 'flag must be true or false (got string "yes")' },
      { field: 'currency', message: 'currency must be three capital letters such as USD (got "usd")' },
      { field: 'day', message: 'day must be a real date written YYYY-MM-DD (got "2026-02-30")' },
      { field: 'when', message: 'when must be a string (got number 20260101)' },
      { field: 'missing', message: 'missing is required' },
      { field: 'amount', message: 'amount must be a decimal number such as 12.50 (got string "1,5")' },
      { field: 'total', message: 'total is required' },
      { field: 'lineItems[2].shipTo', message: 'lineItems[2].shipTo must be an object (got null)' },
      { field: 'lineItems[2].shipTo.city', message: 'lineItems[2].shipTo.city is required' },
    ]);
  });

  it('says true only for usable values', () => {
    const problems = new ProblemList();
    expect(problems.text({ a: 'x' }, 'a', { max: 3 })).toBe(true);
    expect(problems.text({}, 'a', { max: 3 })).toBe(false);
    expect(problems.date({ d: '2028-02-29' }, 'd')).toBe(true);
    expect(problems.decimal({ n: '.5' }, 'n', '1.00')).toBe(true);
    expect(problems.matches({ c: 'EUR' }, 'c', /^[A-Z]{3}$/, 'a code')).toBe(true);
    expect(problems.object({ a: 1 }, 'o')).toEqual({ a: 1 });
    expect(problems.object([], 'o')).toBeUndefined();
    expect(problems.list).toEqual([{ field: 'o', message: 'o must be an object (got array)' }]);
  });
});

describe('listItemProblems', () => {
  it.each([
    [{ name: 'x', level1Code: 'A' }, []],
    [{ name: 'x', level1Code: 'A', level2Code: 'B', level3Code: 'C', startDate: '2026-01-01', endDate: '2026-12-31' }, []],
    [{ name: 'x', level1Code: 42 }, ['level1Code must be a string (got number 42)']],
    [{ name: 'x', level1Code: 'A-B' }, ['level1Code must be 1 to 32 characters without hyphens (got "A-B")']],
    [{ name: 'x', level1Code: ' ' }, ['level1Code must be 1 to 32 characters without hyphens (got " ")']],
    [{ name: 'x', level1Code: 'A\u0007' }, ['level1Code contains a control character that XML cannot carry (U+0007 at position 1)']],
    [{ name: 'x', level2Code: 'B' }, ['level2Code is set but level1Code is not; levels cannot be skipped', 'level1Code is required']],
    [{ name: 42, level1Code: 'A' }, ['name must be a string (got number 42)']],
    [{ level1Code: 'A' }, ['name is required']],
    [{ name: 'x', level1Code: 'A', endDate: '2026-01-01' }, ['startDate is required with endDate: give both dates or neither']],
    [{ name: 'x', level1Code: 'A', startDate: '2026-01-01', endDate: '2026-01-01' }, ['endDate must come after startDate (got 2026-01-01, startDate 2026-01-01)']],
    [
      { name: 'x', level1Code: 'A', startDate: 20260101, endDate: '2026-13-01' },
      ['startDate must be a string (got number 20260101)', 'endDate must be a real date written YYYY-MM-DD (got "2026-13-01")'],
    ],
    [42, ['item must be an object such as { level1Code, name } (got number 42)']],
  ])('%j: %j', (item, messages) => {
    expect(listItemProblems(item, true).map((problem) => problem.message)).toEqual(messages);
  });

  it('does not require the name to delete, but checks one that is given', () => {
    expect(listItemProblems({ level1Code: 'A' }, false)).toEqual([]);
    expect(listItemProblems({ level1Code: 'A', name: 7 }, false)).toEqual([{ field: 'name', message: 'name must be a string (got number 7)' }]);
  });
});
