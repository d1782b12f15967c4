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
