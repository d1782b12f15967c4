import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parser.js';
import { decodeReferences, decodeXmlReferences } from '../../src/xml/references.js';

// The edges of reference reading (references.ts): each digit range, each code point limit, each
// near miss of a predefined name. xml-references.test.ts has the rules themselves.

describe('numeric references at their limits', () => {
  it.each([
    ['&#x10FFFF;', '\u{10FFFF}'],
    ['&#1114111;', '\u{10FFFF}'],
    ['&#x10000;', '\u{10000}'],
    ['&#xFFFD;', '\uFFFD'],
    ['&#xE000;', '\uE000'],
    ['&#xD7FF;', '\uD7FF'],
    ['&#x20;', ' '],
    ['&#9;&#10;&#13;', '\t\n\r'],
    ['&#xa;&#xA;&#xd;&#xD;', '\n\n\r\r'],
    ['&#xff;&#xFF;&#xaf;&#xAF;&#xfa;&#xFA;', 'ÿÿ¯¯úú'],
    ['&#0000000009;&#x0000000009;', '\t\t'],
    ['&#90;&#x5A;&#x7a;', 'ZZz'],
  ])('reads %s as its character', (reference, character) => {
    expect(decodeXmlReferences(reference)).toBe(character);
    expect(decodeReferences(reference)).toBe(character);
    expect(parseXml(`<r a="${reference}">${reference}</r>`)).toEqual({ r: { '#text': character, '@_a': character } });
  });

  it.each([
    ['&#x110000;'],
    ['&#1114112;'],
    ['&#x10FFFF0;'],
    ['&#11141110;'],
    ['&#x10FFFF0000;'],
    ['&#xD800;'],
    ['&#xDFFF;'],
    ['&#xFFFE;'],
    ['&#xFFFF;'],
    ['&#0;'],
    ['&#x0;'],
    ['&#8;'],
    ['&#x1f;'],
    ['&#xB;&#xC;'],
  ])('keeps %s as written, since XML 1.0 has no such character', (reference) => {
    expect(decodeXmlReferences(`x${reference}y`)).toBe(`x${reference}y`);
    expect(decodeReferences(`x${reference}y`)).toBe(`x${reference}y`);
    expect(parseXml(`<r>x${reference}y</r>`, { strict: true })).toEqual({ r: `x${reference}y` });
  });

  it.each([['&#xG;'], ['&#xg;'], ['&#x`;'], ['&#x@;'], ['&#x/;'], ['&#x:;'], ['&#/;'], ['&#:;'], ['&#a;'], ['&#1a;'], ['&#A;'], ['&#1F;'], ['&#xx41;'], ['&#;'], ['&#x;']])(
    'does not read %s, whose digits are not of its base',
    (text) => {
      expect(decodeXmlReferences(text)).toBe(text);
      expect(decodeReferences(text)).toBeUndefined();
    },
  );
});

describe('the predefined entities and their near misses', () => {
  it('reads each of the five followed by more text', () => {
    expect(decodeXmlReferences('a&amp;b&apos;c&lt;d&gt;e&quot;f')).toBe(`a&b'c<d>e"f`);
    expect(decodeReferences('&amp;&apos;&lt;&gt;&quot;!')).toBe(`&'<>"!`);
  });

  it.each([['&am;'], ['&ampx;'], ['&apo;'], ['&a;'], ['&l;'], ['&lte;'], ['&lt'], ['&g;'], ['&gtx;'], ['&gt'], ['&q;'], ['&quo;'], ['&quot'], ['&b;'], ['&;']])(
    'keeps %s as written, and the SDK reader leaves it to fast-xml-parser',
    (text) => {
      expect(decodeXmlReferences(`x${text}y`)).toBe(`x${text}y`);
      expect(decodeReferences(`x${text}y`)).toBeUndefined();
    },
  );

  it('reads a reference after a near miss, and keeps the text between references', () => {
    expect(decodeXmlReferences('&lte;&lt;&gtx;&gt;&quo;&quot;')).toBe('&lte;<&gtx;>&quo;"');
    expect(decodeXmlReferences('1&amp;2&amp;3')).toBe('1&2&3');
  });
});
