import { describe, expect, it } from 'vitest';
import { MALFORMED, OUTSIDE_SUBSET, readXmlSubset } from '../../src/xml/fast-reader.js';
import { parseWithFxp } from '../../src/xml/fxp-parser.js';
import { parseXml } from '../../src/xml/parser.js';

// Which documents the SDK's reader reads itself, and which it leaves to fast-xml-parser, at the
// edges of each rule; a read tree must be fast-xml-parser's, a "malformed" one refused by it.

/** The reader's tree, which must equal fast-xml-parser's. */
function read(text: string): unknown {
  const tree = readXmlSubset(text);
  expect(typeof tree, `the reader declined ${JSON.stringify(text)}`).toBe('object');
  expect(JSON.stringify(tree)).toBe(JSON.stringify(parseWithFxp(text, true)));
  return tree;
}

function malformed(text: string): void {
  expect(readXmlSubset(text)).toBe(MALFORMED);
  expect(() => parseXml(text, { strict: true })).toThrow(/^Malformed XML at line \d+: /);
}

describe('the XML declaration', () => {
  it.each([
    '<?xml?>',
    '<?xml version="1.0"?>',
    "<?xml version='1.0'?>",
    '<?xml version = "1.0" encoding = "UTF-8" standalone = "yes" ?>',
    "<?xml version='1.0' encoding='ISO-8859-1' standalone='no'?>",
    '<?xml\tversion="1.0"\nencoding="utf-8"?>',
    '<?xml encoding="windows-1252"?>',
    '<?xml standalone="yes"?>',
  ])('reads a document after %s', (declaration) => {
    expect(read(`${declaration}\n<r>1</r>`)).toEqual({ r: '1' });
    expect(read(`\uFEFF${declaration}<r>1</r>`)).toEqual({ r: '1' });
  });

  it.each([
    '<?xml version="1.1"?>',
    '<?xml version="1.0\'?>',
    '<?xml version="1.0"encoding="utf-8"?>',
    '<?xml encoding="8bit"?>',
    '<?xml encoding=""?>',
    '<?xml standalone="maybe"?>',
    '<?xml encoding="utf-8" version="1.0"?>',
    '<?xml-stylesheet href="a.xsl"?>',
    '<?pi?>',
  ])('leaves a document after %s to fast-xml-parser', (prolog) => {
    expect(readXmlSubset(`${prolog}<r>1</r>`)).toBe(OUTSIDE_SUBSET);
  });

  it('leaves a processing instruction after the declaration, or a comment before the root, to fast-xml-parser', () => {
    expect(readXmlSubset('<?xml version="1.0"?><?pi?><r/>')).toBe(OUTSIDE_SUBSET);
    expect(readXmlSubset('<!-- c --><r/>')).toBe(OUTSIDE_SUBSET);
    expect(readXmlSubset('</r>')).toBe(OUTSIDE_SUBSET);
  });
});

describe('elements, text and whitespace', () => {
  it('reads leading and trailing whitespace around the root, and a byte order mark before it', () => {
    expect(read(' \t\n<r/>\n\t ')).toEqual({ r: '' });
    expect(read('\uFEFF<r>x</r>')).toEqual({ r: 'x' });
  });

  it('drops whitespace between elements, trims text, and gives an empty element as ""', () => {
    expect(read('<r>\n  <a>  1  </a>\n  <b></b>\n  <c/>\n</r>')).toEqual({ r: { a: '1', b: '', c: '' } });
  });

  it('gathers a repeated element into a list, in document order, however often it repeats', () => {
    expect(read('<r><a>1</a><b/><a>2</a><a>3</a></r>')).toEqual({ r: { a: ['1', '2', '3'], b: '' } });
  });

  it('places children, then text, then attributes, as fast-xml-parser does', () => {
    expect(read('<a x="1"></a>')).toEqual({ a: { '@_x': '1' } });
    expect(read('<a x="1"/>')).toEqual({ a: { '@_x': '1' } });
    expect(read('<a x="1">t</a>')).toEqual({ a: { '#text': 't', '@_x': '1' } });
    expect(read('<a x="1"><b/></a>')).toEqual({ a: { b: '', '@_x': '1' } });
    expect(read('<a><b/>t</a>')).toEqual({ a: { b: '', '#text': 't' } });
  });

  it('accepts a space before the end of a closing tag, and names of letters, digits, dots, dashes and underscores', () => {
    expect(read('<r></r \n>')).toEqual({ r: '' });
    expect(read('<_a.b-c1><D9/></_a.b-c1>')).toEqual({ '_a.b-c1': { D9: '' } });
    expect(read('<Übersicht><naïve·x/></Übersicht>')).toEqual({ Übersicht: { 'naïve·x': '' } });
  });

  it.each([
    ['a name starting with a digit', '<1a/>'],
    ['a name starting with a dash', '<-a/>'],
    ['a name starting with a character no name may start with', '<\u00D7/>'],
    ['a name holding U+1680, where fast-xml-parser splits tags', '<a\u1680b/>'],
    ['a name ending in a colon', '<a:>1</a:>'],
    ['the reserved name prototype', '<r><prototype/></r>'],
    ['a slash not closing the tag', '<r/ >'],
    ['a closing tag with a space before its name', '<r></ r>'],
    ['a closing tag with a slash', '<r></r/>'],
    ['a comment inside the root', '<r><!--c--></r>'],
    ['a processing instruction inside the root', '<r><?pi?></r>'],
    ['a comment after the root', '<r/><!--c-->'],
  ])('leaves %s to fast-xml-parser', (_, text) => {
    expect(readXmlSubset(text)).toBe(OUTSIDE_SUBSET);
  });

  it.each([
    ['an empty document', ''],
    ['a lone <', '<'],
    ['a document cut inside a start tag', '<r'],
    ['a document cut after a child is opened', '<r><'],
    ['text with no closing tag', '<r>text'],
    ['a closing tag that never ends', '<r></r'],
    ['a closing tag of another name', '<r></rr>'],
    ['a closing tag of another name after a child', '<r><a>1</a></b>'],
  ])('calls %s malformed', (_, text) => {
    malformed(text);
  });

  it('reads nesting of 89 elements itself and leaves 90 to fast-xml-parser; a self-closed 90th still reads', () => {
    const nest = (open: number, inner: string): string => `${'<a>'.repeat(open)}${inner}${'</a>'.repeat(open)}`;
    expect(typeof readXmlSubset(nest(89, 'x'))).toBe('object');
    expect(readXmlSubset(nest(90, 'x'))).toBe(OUTSIDE_SUBSET);
    expect(parseXml(nest(90, 'x'))).toEqual(parseWithFxp(nest(90, 'x'), true));
    expect(typeof readXmlSubset(nest(89, '<a/>'))).toBe('object');
  });
});

describe('attributes', () => {
  it('reads values in either quote kind, each holding the other quote, trimmed then decoded', () => {
    expect(read(`<a b='x"y' c="x'y" d = "  v  " e="&lt;&#33;"/>`)).toEqual({ a: { '@_b': 'x"y', '@_c': "x'y", '@_d': 'v', '@_e': '<!' } });
    expect(read('<a\n\tb="1"\n/>')).toEqual({ a: { '@_b': '1' } });
    expect(read('<a b="1" >t</a >')).toEqual({ a: { '#text': 't', '@_b': '1' } });
    expect(read('<r ><a\t/></r>')).toEqual({ r: { a: '' } });
  });

  it('drops namespace declarations and empty prefixes, keeps the local name of a prefixed attribute', () => {
    expect(read('<a xmlns="u" xmlns:p="v" p:id="1" q:="2" xmlns:="3"/>')).toEqual({ a: { '@_id': '1' } });
    expect(read('<a xmlns="u"/>')).toEqual({ a: '' });
    expect(read('<a xmlns="u">t</a>')).toEqual({ a: 't' });
  });

  it('renames attributes named like Object.prototype members as fast-xml-parser does', () => {
    expect(read('<a toString="1" p:valueOf="2"/>')).toEqual({ a: { '@_toString': '1', '@_valueOf': '2' } });
  });

  it.each([
    ['a value without quotes', '<a b=1/>'],
    ['an attribute without a value', '<a b/>'],
    ['two attributes with no space between', '<a b="1"c="2"/>'],
    ['an attribute repeated', `<a b="1" b='2'/>`],
    ['an attribute repeated after others', '<a b="1" c="2" d="3" c="4"/>'],
    ['an entity XML does not define in a value', '<a b="&nbsp;"/>'],
    ['a bare & in a value', '<a b="x & y"/>'],
    ['a bare & in text', '<a>x & y</a>'],
  ])('leaves %s to fast-xml-parser', (_, text) => {
    expect(readXmlSubset(text)).toBe(OUTSIDE_SUBSET);
  });

  it.each([
    ['a document cut after =', '<a b='],
    ['a value never closed', '<a b="1/>'],
    ['a value closed by the other quote kind only', `<a b="1'/>`],
    ['a document cut after a value', '<a b="1"'],
  ])('calls %s malformed', (_, text) => {
    malformed(text);
  });
});

describe('names fast-xml-parser renames or refuses', () => {
  it.each(['__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'hasOwnProperty', 'toString', 'valueOf'])(
    'reads <%s> (with or without a prefix) under a key starting with __',
    (name) => {
      expect(read(`<r><${name}>1</${name}><p:${name}>2</p:${name}></r>`)).toEqual({ r: { [`__${name}`]: ['1', '2'] } });
    },
  );

  it.each(['__proto__', 'constructor', 'prototype'])('refuses <%s> on every path', (name) => {
    expect(readXmlSubset(`<r><${name}/></r>`)).toBe(OUTSIDE_SUBSET);
    expect(() => parseXml(`<r><${name}/></r>`)).toThrow(/^XML could not be parsed: /);
  });
});
