import { describe, expect, it } from 'vitest';
import { buildXml } from '../../src/xml/builder.js';
import { parseXml } from '../../src/xml/parser.js';
import { ConcurValidationError } from '../../src/index.js';

describe('buildXml', () => {
  it('writes the declaration, the namespace, and leaves out undefined and null members', () => {
    expect(buildXml('batch', { item: [{ a: '1', b: undefined }, { a: null, c: 2 }] }, { namespace: 'urn:x' })).toBe(
      '<?xml version="1.0" encoding="utf-8"?><batch xmlns="urn:x"><item><a>1</a></item><item><c>2</c></item></batch>',
    );
  });

  it('keeps markup in text as text', () => {
    const hostile = '</name><evil>1</evil><![CDATA[ ]]> & "\' <!-- -->';
    const xml = buildXml('r', { name: hostile });
    expect(parseXml(xml, { strict: true })).toEqual({ r: { name: hostile } });
  });

  it.each(['\u0001', 'a\u0000b', '\u001F', '\uFFFE', '\uD800'])('refuses %j, which XML cannot carry', (value) => {
    expect(() => buildXml('r', { list: [{ name: value }] })).toThrow(ConcurValidationError);
  });

  it('accepts tabs, line breaks and characters outside the BMP', () => {
    const text = 'a\tb\nc\r😀';
    expect(parseXml(buildXml('r', { t: text }), { strict: true })).toEqual({ r: { t: 'a\tb\nc\n😀' } });
  });
});

describe('shared field checks', () => {
  it('writes decimals in full and refuses what is not one', async () => {
    const { decimalText, isCalendarDate } = await import('../../src/services/fields.js');
    expect(['125', '125.50', '-3.2', '.5', '125.', '-.25', 42, 0.1].map(decimalText)).toEqual(['125', '125.50', '-3.2', '0.5', '125', '-0.25', '42', '0.1']);
    expect(['', '.', '-', '1,5', '1e3', 'abc', Number.NaN, null].map(decimalText)).toEqual(new Array(8).fill(undefined));
    expect(['2028-02-29', '2026-12-31'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2026-02-30', '2026-13-01', '2026-1-1', '01/02/2026', 20260101].map(isCalendarDate)).toEqual([false, false, false, false, false]);
  });
});
