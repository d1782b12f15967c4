import { describe, expect, it } from 'vitest';
import { ConcurValidationError } from '../../src/index.js';
import { buildXml, buildXmlDocument, hasNonXmlCharacter, type XmlBuildValue } from '../../src/xml/builder.js';

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** What a user gets from buildXml: the document, or the refusal's class, field and message. */
function build(content: Record<string, XmlBuildValue>): string | { refused: string; field: string | undefined } {
  try {
    return buildXml('r', content).slice(DECLARATION.length);
  } catch (error) {
    if (!(error instanceof ConcurValidationError)) throw error;
    return { refused: error.message, field: error.field };
  }
}

describe('the characters XML 1.0 can carry (its Char production)', () => {
  it.each([
    ['U+0000', '\u0000'],
    ['U+0008, the last control before TAB', '\u0008'],
    ['U+000B, vertical tab', '\u000B'],
    ['U+000C, form feed', '\u000C'],
    ['U+000E, the first control after CR', '\u000E'],
    ['U+001F, the last C0 control', '\u001F'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['a lone high surrogate (first)', '\uD800'],
    ['a lone high surrogate (last)', '\uDBFF'],
    ['a lone low surrogate (first)', '\uDC00'],
    ['a lone low surrogate (last)', '\uDFFF'],
    ['a high surrogate at the end of the text', 'ok\uD83D'],
    ['a low surrogate at the start of the text', '\uDE00ok'],
    ['the two halves of a pair in the wrong order', '\uDE00\uD83D'],
    ['a lone high surrogate before a pair', '\uD83D\uD83D\uDE00'],
    ['a lone high surrogate before the highest high half of a pair', '\uD800\uDBFF\uDC00'],
    ['a lone low surrogate after the lowest low half of a pair', '\uD800\uDC00\uDC00'],
    ['a lone low surrogate after a pair', '\uD83D\uDE00\uDE00'],
    ['a high surrogate before U+E000', '\uDBFF\uE000'],
    ['a low surrogate after U+D7FF', '\uD7FF\uDC00'],
  ])('refuses %s, naming the field', (_, value) => {
    expect(hasNonXmlCharacter(value)).toBe(true);
    expect(build({ name: value })).toEqual({ refused: 'The value of name contains a control character that XML cannot carry.', field: 'name' });
  });

  it.each([
    ['TAB', '\t', '\t'],
    ['LF', '\n', '\n'],
    ['CR', '\r', '\r'],
    ['space', ' ', ' '],
    ['U+D7FF, the last before the surrogates', '\uD7FF', '\uD7FF'],
    ['U+E000, the first after them', '\uE000', '\uE000'],
    ['U+FFFD', '\uFFFD', '\uFFFD'],
    ['U+10000, the first surrogate pair', '\u{10000}', '\u{10000}'],
    ['U+10FFFF, the last code point', '\u{10FFFF}', '\u{10FFFF}'],
    ['an emoji among escaped text', '😀 & 😀', '😀 &amp; 😀'],
  ])('writes %s as it is', (_, value, written) => {
    expect(hasNonXmlCharacter(value)).toBe(false);
    expect(build({ name: value })).toBe(`<r><name>${written}</name></r>`);
  });

  it('names the list a refused item sits in, and the attribute a refused value sits in', () => {
    expect(build({ names: ['ok', 'a\u0001b'] })).toEqual({ refused: 'The value of names contains a control character that XML cannot carry.', field: 'names' });
    expect(build({ item: { '@_code': '\u0002' } })).toEqual({ refused: 'The value of @_code contains a control character that XML cannot carry.', field: '@_code' });
    expect(build({ '': '\u0003' })).toEqual({ refused: 'The value of an element contains a control character that XML cannot carry.', field: '' });
  });
});

describe('escaping in written XML', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
    [`<>&"'`, '&lt;&gt;&amp;&quot;&apos;'],
    ['a]]>b', 'a]]&gt;b'],
    ['&amp;', '&amp;amp;'],
  ])('writes %j as %j in text and in attributes of either quote', (value, escaped) => {
    expect(build({ name: value })).toBe(`<r><name>${escaped}</name></r>`);
    expect(build({ item: { '@_code': value, '#text': value } })).toBe(`<r><item code="${escaped}">${escaped}</item></r>`);
  });

  it('writes numbers and booleans as text and drops absent members, without a namespace unless given one', () => {
    expect(build({ n: 12.5, t: true, f: false, gone: undefined, nothing: null, list: [null, 'a', undefined] })).toBe(
      '<r><n>12.5</n><t>true</t><f>false</f><list>a</list></r>',
    );
    expect(buildXml('r', { a: '1' }, { namespace: 'urn:n' })).toBe(`${DECLARATION}<r xmlns="urn:n"><a>1</a></r>`);
  });

  it('escapes, refuses and drops the same way, and writes empty elements and true attributes in full, on the path the SDK writer leaves to fast-xml-parser', () => {
    // A `?xml` key is a processing instruction to fast-xml-parser's builder, so the SDK's writer
    // declines the tree; the values are still escaped, checked and pruned.
    const tree = (name: XmlBuildValue): Record<string, XmlBuildValue> => ({ '?pi': { '@_v': '1' }, r: { '@_flag': true, name, list: ['x', null, undefined, 2], empty: '', gone: undefined, none: null } });
    expect(buildXmlDocument(tree(`<a & "b">`))).toBe(`${DECLARATION}<?pi v="1"?><r flag="true"><name>&lt;a &amp; &quot;b&quot;&gt;</name><list>x</list><list>2</list><empty></empty></r>`);
    expect(buildXmlDocument(tree('plain'))).toBe(`${DECLARATION}<?pi v="1"?><r flag="true"><name>plain</name><list>x</list><list>2</list><empty></empty></r>`);
    expect(() => buildXmlDocument(tree('\u0007'))).toThrow(ConcurValidationError);
    expect(() => buildXmlDocument(tree('\u0007'))).toThrow('The value of name contains a control character that XML cannot carry.');
  });
});
