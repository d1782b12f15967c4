import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ListItemsService } from '../../src/services/list-items.js';
import { readXmlSubset } from '../../src/xml/fast-reader.js';
import { parseWithFxp } from '../../src/xml/fxp-parser.js';
import { parseXml, XmlParseFailure } from '../../src/xml/parser.js';
import { decodeReferences, decodeXmlReferences } from '../../src/xml/references.js';
import { concur, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';
import { real } from '../services/real-support.js';

/**
 * What a document reads as through each path: the SDK's reader (undefined when it declines),
 * fast-xml-parser alone, and parseXml, in strict and loose mode; a failure as its message.
 */
function paths(text: string): { reader: unknown; fallback: unknown; strict: unknown; loose: unknown } {
  const attempt = (run: () => unknown): unknown => {
    try {
      return run();
    } catch (error) {
      return error instanceof XmlParseFailure ? `XmlParseFailure: ${error.message}` : error;
    }
  };
  const reader = readXmlSubset(text);
  return {
    reader: typeof reader === 'object' ? reader : undefined,
    fallback: attempt(() => parseWithFxp(text, true)),
    strict: attempt(() => parseXml(text, { strict: true })),
    loose: attempt(() => parseXml(text, { strict: false })),
  };
}

/** `<r a="value">value</r>` reads, on every path and in both modes, as `expected` in text and attribute. */
function expectEverywhere(value: string, expected: string, options: { readerReads: boolean }): void {
  const tree = { r: { '#text': expected, '@_a': expected } };
  const result = paths(`<r a="${value}">${value}</r>`);
  expect(result).toEqual({ reader: options.readerReads ? tree : undefined, fallback: tree, strict: tree, loose: tree });
}

describe('numeric character references (XML 1.0 §4.1)', () => {
  it.each([
    ['Jos&#233;', 'José'],
    ['Jos&#xE9;', 'José'],
    ['Jos&#xe9;', 'José'],
    ['&#x1F600; &#128512;', '😀 😀'],
    ['line 1&#xD;&#xA;line 2', 'line 1\r\nline 2'],
    ['&#0000065;&#x000000041;', 'AA'],
    [`&#${'0'.repeat(1000)}65;&#x${'0'.repeat(1000)}41;`, 'AA'],
    ['&#60;b&#62; &#38;amp; &#x26;#233;', '<b> &amp; &#233;'],
    ['&#x9;&#xA0;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;', '\t\u00A0\uD7FF\uE000\uFFFD\u{10000}\u{10FFFF}'],
  ])('%s reads as the character, in text and attributes, on both paths', (value, expected) => {
    expectEverywhere(value, expected, { readerReads: true });
  });

  it('decodes after trimming, so a referenced space, tab or CR at either end stays', () => {
    expectEverywhere('&#32;x&#9;&#xD;', ' x\t\r', { readerReads: true });
    // A literal CR is a line end (XML 1.0 §2.11) and a referenced one is data: .NET writes `&#xD;`
    // for a CR it must keep.
    expect(parseXml('<r>a\r\nb&#xD;\nc</r>')).toEqual({ r: 'a\nb\r\nc' });
  });

  it.each([
    ['NUL', '&#0;'],
    ['a C0 control', '&#x1;'],
    ['a vertical tab', '&#11;'],
    ['U+001F', '&#x1F;'],
    ['a high surrogate', '&#xD800;'],
    ['a low surrogate', '&#57343;'],
    ['the two halves of a pair', '&#xD83D;&#xDE00;'],
    ['U+FFFE', '&#xFFFE;'],
    ['U+FFFF', '&#65535;'],
    ['U+110000', '&#x110000;'],
    ['a number past any code point', '&#99999999999999999999999999;'],
    ['hundreds of hexadecimal digits', `&#x${'F'.repeat(300)};`],
  ])('a reference to %s, which XML 1.0 does not allow, stays as written and the document still reads', (_, value) => {
    // Tolerant on purpose (references.ts): one bad character must not make a whole response
    // unreadable. fast-xml-parser used to delete NUL, surrogates and C0 controls.
    expectEverywhere(value, value, { readerReads: true });
    expectEverywhere(`x${value}y`, `x${value}y`, { readerReads: true });
  });

  it('reads `&amp;#233;` as the text `&#233;`, once: the `&` it gives is not read again', () => {
    expectEverywhere('&amp;#233; &amp;#x1F600; &amp;amp; &amp;lt;', '&#233; &#x1F600; &amp; &lt;', { readerReads: true });
  });

  it("does not read `&#X41;` (upper-case X is not in XML's grammar): refused in text by the validator, kept in attributes", () => {
    const result = paths('<r a="&#X41;">&#X41;</r>');
    expect(result.reader).toBeUndefined();
    expect(result.strict).toMatch(/^XmlParseFailure: Malformed XML at line 1: char '&' is not expected/);
    expect(result.fallback).toBe(result.strict);
    expect(result.loose).toEqual({ r: { '#text': '&#X41;', '@_a': '&#X41;' } });
    expect(parseXml('<r a="&#X41;"/>', { strict: true })).toEqual({ r: { '@_a': '&#X41;' } });
  });

  it('keeps near misses as written, where the validator lets them through', () => {
    expectEverywhere('&#; &#x;', '&#; &#x;', { readerReads: false });
    expect(parseXml('<r a="&#65abc; &#x41 ; &# 65; &#0x41;"/>', { strict: true })).toEqual({ r: { '@_a': '&#65abc; &#x41 ; &# 65; &#0x41;' } });
    expect(paths('<r>&#65abc;</r>').strict).toMatch(/^XmlParseFailure: Malformed XML/);
  });
});

describe('named references', () => {
  it('reads the five XML defines', () => {
    expectEverywhere('&amp;&lt;&gt;&quot;&apos;', `&<>"'`, { readerReads: true });
  });

  it('leaves HTML entities (not defined in XML) as written, as before, and the document still reads', () => {
    expectEverywhere('&nbsp;&copy;&eacute;&hellip;', '&nbsp;&copy;&eacute;&hellip;', { readerReads: false });
    expectEverywhere('&AMP;&ampx;', '&AMP;&ampx;', { readerReads: false });
  });

  it('refuses a name the validator refuses in text, as before', () => {
    expect(paths('<r>&a-b;</r>').strict).toMatch(/^XmlParseFailure: Malformed XML at line 1: char '&' is not expected/);
  });

  it('refuses declared entities even without parser.ts, which refuses every DOCTYPE first', () => {
    expect(() => parseWithFxp('<!DOCTYPE r [<!ENTITY e "injected">]><r>&e;</r>', false)).toThrow(/declares entities \(DOCTYPE\), which are refused/);
    expect(() => parseXml('<!DOCTYPE r [<!ENTITY e "injected">]><r>&e;</r>')).toThrow(/DOCTYPE declaration, which is refused/);
  });
});

describe('the decoder', () => {
  it('reads left to right in one pass, whatever surrounds a reference', () => {
    expect(decodeXmlReferences('&&amp;&#65;&')).toBe('&&A&');
    expect(decodeXmlReferences('&amp&#65;;')).toBe('&ampA;');
    expect(decodeXmlReferences('a&#x41;&#X41;&#66;b')).toBe('aA&#X41;Bb');
    expect(decodeXmlReferences('no reference')).toBe('no reference');
  });

  it("gives the reader the same text, or nothing where it must leave the document to fast-xml-parser's validator", () => {
    expect(decodeReferences('&lt;&#233;&#0;')).toBe('<é&#0;');
    for (const value of ['&nbsp;', '&', 'a & b', '&#;', '&#x;', '&#X41;', '&#65abc;', '&amp', '&#65']) expect(decodeReferences(value)).toBeUndefined();
  });

  it('stays linear on hostile input (a quadratic scan would run into the test time-out)', () => {
    const many = '&'.repeat(200_000) + '&#'.repeat(100_000) + `&#${'9'.repeat(200_000)}` + '&a'.repeat(100_000) + ';';
    expect(decodeXmlReferences(many)).toBe(many);
    expect(decodeReferences(many)).toBeUndefined();
  });
});

describe('Concur data with references', () => {
  it('getItems reads names a .NET service wrote with references (the published 2013 items page, names rewritten)', async () => {
    // test/fixtures/real/list-items/items-2013.xml (concur/developer.concur.com history), with
    // the names rewritten as a serialiser may write them; no published Concur sample uses
    // numeric references.
    const body = real('list-items/items-2013.xml')
      .replace('<name>United States</name>', '<name>United States&#x1;</name>')
      .replace('<name>United Kingdom</name>', '<name>United&#xD;&#xA;Kingdom</name>')
      .replace('<name>Canada</name>', '<name>Canada &#x1F341;</name>')
      .replace('<name>Mexico</name>', '<name>M&#233;xico</name>');
    concur().get('/api/expense/list/v1.0/L1/items').reply(200, body, XML);
    const items = await new ListItemsService(testRequester().requester).getItems('L1');
    expect(items.map((item) => item.name)).toEqual(['United States&#x1;', 'United\r\nKingdom', 'Canada 🍁', 'México']);
  });
});

/** Every published payload under test/fixtures/real, as text. */
const published = readdirSync('test/fixtures/real', { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.xml'))
  .sort()
  .map((name) => [name, readFileSync(join('test/fixtures/real', name), 'utf8')] as const);

// The SDK's parser before numeric references were decoded: fast-xml-parser's own decoder with
// `htmlEntities: false` and otherwise the options of src/xml/fxp-parser.ts.
const former = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
  maxNestedTags: 100,
  strictReservedNames: true,
});

function formerParse(text: string): unknown {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) return 'refused';
  return former.parse(text) as unknown;
}

/** Each non-space character of text and attribute values (outside references) written as a numeric reference. */
function asReferences(xml: string): string {
  let n = 0;
  const encode = (value: string): string =>
    value.replace(/&[^;]*;|[^\s]/gu, (piece) => {
      if (piece.startsWith('&')) return piece;
      const cp = piece.codePointAt(0) as number;
      n += 1;
      return n % 3 === 0 ? `&#${cp};` : n % 3 === 1 ? `&#x${cp.toString(16).toUpperCase()};` : `&#x00${cp.toString(16)};`;
    });
  return xml
    .replace(/<[^<>?!][^<>]*>/g, (tag) => tag.replace(/=(\s*)"([^"]*)"/g, (_, space: string, value: string) => `=${space}"${encode(value)}"`))
    .replace(/>([^<]+)</g, (_, text: string) => `>${encode(text)}<`);
}

describe('the published Concur payloads', () => {
  it('hold no numeric references, and read exactly as before', () => {
    expect(published.length).toBeGreaterThan(30);
    for (const [name, text] of published) {
      expect(text, name).not.toMatch(/&#/);
      const now = (() => {
        try {
          return parseXml(text, { strict: true });
        } catch {
          return 'refused';
        }
      })();
      expect(now, name).toStrictEqual(formerParse(text));
    }
  });

  it('read the same with every character of their values written as a numeric reference', () => {
    let rewritten = 0;
    for (const [name, text] of published) {
      if (formerParse(text) === 'refused') continue; // the four malformed samples (fixtures README)
      const encoded = asReferences(text);
      expect(encoded, name).not.toBe(text);
      expect(parseXml(encoded, { strict: true }), name).toStrictEqual(parseXml(text, { strict: true }));
      // The SDK's reader reads them itself, as it reads the originals.
      if (typeof readXmlSubset(text) === 'object') expect(readXmlSubset(encoded), name).toStrictEqual(readXmlSubset(text));
      rewritten += 1;
    }
    expect(rewritten).toBeGreaterThan(25);
  });
});
