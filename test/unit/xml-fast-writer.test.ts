import { describe, expect, it } from 'vitest';
import { ConcurValidationError } from '../../src/index.js';
import { listItemToWire } from '../../src/services/list-items-codec.js';
import { buildWithFxp, buildXml, buildXmlDocument, type XmlBuildValue } from '../../src/xml/builder.js';
import { writeXmlTree } from '../../src/xml/fast-writer.js';

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** The writer's string, checked against fast-xml-parser's builder. */
function written(tree: Record<string, unknown>): string {
  const fast = writeXmlTree(tree);
  expect(fast, 'the writer declined').toBeTypeOf('string');
  expect(fast).toBe(buildWithFxp(tree as Record<string, XmlBuildValue>));
  return fast as string;
}

/** What buildXmlDocument gives (or throws), against the reference path alone. */
function publicMatchesReference(tree: Record<string, unknown>): void {
  const run = (build: () => string): unknown => {
    try {
      return build();
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : error;
    }
  };
  const reference = run(() => DECLARATION + buildWithFxp(tree as Record<string, XmlBuildValue>));
  expect(run(() => buildXmlDocument(tree as Record<string, XmlBuildValue>))).toStrictEqual(reference);
}

describe('the XML writer: what it writes', () => {
  it("writes a List Item batch as fast-xml-parser's builder does", () => {
    const items = [
      { name: 'Smith & Sons <UK>', level1Code: 'R1', level2Code: 'CC1' },
      { name: "Café 'Le Nord'", level1Code: 'R2', startDate: '2024-01-01', endDate: '2030-12-31' },
    ];
    const body = written({ 'list-item-batch': { '@_xmlns': 'urn:list', 'list-item': items.map((item) => listItemToWire(item as never)) } });
    expect(body).toContain('<name>Smith &amp; Sons &lt;UK&gt;</name>');
    expect(body).toContain('<name>Café &apos;Le Nord&apos;</name>');
  });

  it('writes attributes, text, empty elements, numbers and booleans as fast-xml-parser does', () => {
    expect(written({ r: { '@_a': 'x"y', '#text': 't', e: {}, z: '', n: -0, m: Number.NaN, b: false, list: [1, 'x', { k: 'v' }, null] } })).toBe(
      '<r a="x&quot;y">t<e></e><z></z><n>-0</n><m>NaN</m><b>false</b><list>1</list><list>x</list><list><k>v</k></list></r>',
    );
    // Top-level attributes have no element; the builder drops them, and so does the writer.
    expect(written({ '@_lost': '1', '#text': 'x', a: '1' })).toBe('x<a>1</a>');
    expect(written({ r: { '@_xmlns:soap': 'urn:s', 'soap:Body': { 'i:nil': 'true' } } })).toBe('<r xmlns:soap="urn:s"><soap:Body><i:nil>true</i:nil></soap:Body></r>');
  });

  it('writes the same nesting of 99 elements, and leaves 100 to the builder, which refuses it', () => {
    const nest = (depth: number): Record<string, unknown> => (depth === 0 ? {} : { a: nest(depth - 1) });
    written(nest(99));
    expect(writeXmlTree(nest(100))).toBeUndefined();
    expect(() => buildXmlDocument(nest(100) as Record<string, XmlBuildValue>)).toThrow('Maximum nested tags exceeded');
  });
});

describe("the XML writer: what it leaves to fast-xml-parser's builder", () => {
  const ownProto: Record<string, unknown> = JSON.parse('{"__proto__": {"#text": "x"}, "b": "y"}') as Record<string, unknown>;
  it.each<[string, Record<string, unknown>]>([
    ['a value XML cannot carry', { r: { name: 'a\u0001b' } }],
    ['a lone surrogate', { r: { name: '\uD800' } }],
    ['a processing-instruction key', { '?xml': { '@_version': '1.0' }, r: 'x' }],
    ['a processing-instruction key holding text', { r: { '?pi': 'x', a: '1' } }],
    ['a list of a subclass of Array', { r: { a: new (class Items extends Array<string> {})('x', 'y') } }],
    ['the bare attribute key', { r: { '@_': 'x' } }],
    ['an attribute holding an object', { r: { '@_a': { b: 'c' } } }],
    ['text holding a list', { r: { '#text': ['a', 'b'] } }],
    ['a list inside a list', { r: { a: [['x'], 'y'] } }],
    ['an own __proto__ key', { r: ownProto }],
    ['a date', { r: { when: new Date(0) } }],
    ['a function', { r: { f: () => 'source' } }],
    ['a class instance', { r: new (class Item { name = 'x'; })() }],
    ['inherited members', { r: Object.create({ inherited: 'y' }, { own: { value: 'z', enumerable: true } }) as Record<string, unknown> }],
  ])('%s', (_, tree) => {
    expect(writeXmlTree(tree)).toBeUndefined();
    publicMatchesReference(tree);
  });

  it('writes objects without a prototype itself, as the builder would', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: '1', '@_id': 'x' });
    expect(written({ r: bare })).toBe('<r id="x"><a>1</a></r>');
  });

  it('leaves every tree to the builder while Object.prototype carries a #text, as the builder reads it', () => {
    Object.defineProperty(Object.prototype, '#text', { value: 'polluted', configurable: true });
    try {
      expect(writeXmlTree({ r: { a: '1' } })).toBeUndefined();
      publicMatchesReference({ r: { a: '1' } });
    } finally {
      delete (Object.prototype as Record<string, unknown>)['#text'];
    }
  });

  it('still refuses control characters with the same error', () => {
    expect(() => buildXml('r', { list: [{ name: 'a\u0000b' }] })).toThrow(ConcurValidationError);
    expect(() => buildXml('r', { list: [{ name: 'a\u0000b' }] })).toThrow('The value of name contains a control character that XML cannot carry.');
  });
});
