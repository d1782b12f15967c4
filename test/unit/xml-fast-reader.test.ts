import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MALFORMED, OUTSIDE_SUBSET, readXmlSubset } from '../../src/xml/fast-reader.js';
import { parseWithFxp } from '../../src/xml/fxp-parser.js';
import { parseXml, XmlParseFailure } from '../../src/xml/parser.js';

/** What parseXml (or the fast-xml-parser path alone) gives, as a value or as the failure's message. */
function result(text: string, strict: boolean, reference = false): unknown {
  try {
    return reference ? parseWithFxp(text, strict) : parseXml(text, { strict });
  } catch (error) {
    return error instanceof XmlParseFailure ? `XmlParseFailure: ${error.message}` : error;
  }
}

/** The reader's tree, checked against fast-xml-parser's own, key order included. */
function read(text: string): unknown {
  const tree = readXmlSubset(text);
  expect(typeof tree, `the reader declined ${JSON.stringify(text)}`).toBe('object');
  const reference = parseWithFxp(text, true);
  expect(JSON.stringify(tree)).toBe(JSON.stringify(reference));
  expect(tree).toStrictEqual(reference);
  return tree;
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return xmlFiles(path);
    return name.endsWith('.xml') ? [path] : [];
  });
}

describe('the XML reader: what it reads', () => {
  it("reads the Concur response fixtures itself, giving fast-xml-parser's tree", () => {
    const fixtures = ['list-items/items.xml', 'list-items/batch-result.xml', 'users/batch-result.xml', 'users/profile.xml', 'ota/search-success.xml', 'extract/jobs.xml'];
    for (const name of fixtures) read(readFileSync(join('test/fixtures', name), 'utf8'));
  });

  it("gives fast-xml-parser's result for every fixture, read or handed over", () => {
    for (const path of xmlFiles('test/fixtures')) {
      const text = readFileSync(path, 'utf8');
      for (const strict of [true, false]) expect(result(text, strict), path).toStrictEqual(result(text, strict, true));
    }
  });

  it('decodes the references XML 1.0 defines, and leaves the rest to fast-xml-parser', () => {
    // The reading of every kind of reference is in xml-references.test.ts; here, that the reader
    // applies it to text and attribute values itself, with fast-xml-parser's tree.
    expect(read('<a b="Jos&#233;">&#65;&#x41;&#0;&#xD800;&#1114112;&#0000065;&#x1F600;</a>')).toEqual({
      a: { '#text': 'AA&#0;&#xD800;&#1114112;A😀', '@_b': 'José' },
    });
    expect(read('<a>&amp;lt; &amp;#233; &quot;&apos;&gt;</a>')).toEqual({ a: `&lt; &#233; "'>` });
    expect(readXmlSubset('<a>&nbsp;</a>')).toBe(OUTSIDE_SUBSET);
  });

  it('trims a value before decoding it, and joins the trimmed runs of mixed content', () => {
    expect(read('<a b=" &#32;x&#32; "> &#xD;y&#9; </a>')).toEqual({ a: { '#text': '\ry\t', '@_b': ' x ' } });
    expect(read('<a k="v"> x <c/>\n y&amp; <c>1</c> </a>')).toEqual({ a: { c: ['', '1'], '#text': 'xy&', '@_k': 'v' } });
    expect(Object.keys(read('<a k="v">t<c/></a>') as object)).toEqual(['a']);
    expect(Object.keys((read('<a k="v">t<c/></a>') as { a: object }).a)).toEqual(['c', '#text', '@_k']);
  });

  it('drops namespace declarations and prefixes as fast-xml-parser does', () => {
    expect(read('<s:Env xmlns="u" xmlns:i="v" xmlns:s="w" i:nil="true"><s:Body>x</s:Body></s:Env>')).toEqual({ Env: { Body: 'x', '@_nil': 'true' } });
    // `b:c` and `d:c` both become `@_c`: the last wins, in the first one's place.
    expect(read('<a b="1" b:c="2" d:c="3" x:y:z="4" :q="5"/>')).toEqual({ a: { '@_b': '1', '@_c': '3', '@_x:y:z': '4', '@_q': '5' } });
    expect(read('<r><a:1>x</a:1><b>y</b></r>')).toEqual({ r: { 1: 'x', b: 'y' } });
  });

  it('renames the names fast-xml-parser renames, and keeps the others', () => {
    expect(read('<r><hasOwnProperty/><toString>1</toString><__toString>2</__toString><isPrototypeOf/><valueOf a="1"/></r>')).toEqual({
      r: { __hasOwnProperty: '', __toString: ['1', '2'], isPrototypeOf: '', __valueOf: { '@_a': '1' } },
    });
    expect(read('<r __proto__="1" constructor="2"/>')).toEqual({ r: { '@___proto__': '1', '@_constructor': '2' } });
  });

  it('reads CRLF and CR as LF, and a byte order mark before the declaration', () => {
    expect(read('\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<r a="x\r\ny\rz">1\r\n2</r>\r\n')).toEqual({ r: { '#text': '1\n2', '@_a': 'x\ny\nz' } });
    expect(read('<r> \u00A0\uFEFF\u2028 </r>')).toEqual({ r: '' });
    expect(read('<r>\uD800 é 😀 \u0000</r>')).toEqual({ r: '\uD800 é 😀 \u0000' });
  });
});

describe('the XML reader: what it leaves to fast-xml-parser', () => {
  it.each([
    ['a comment', '<r><!-- c --><a>1</a></r>'],
    ['CDATA', '<r><![CDATA[ a < b ]]></r>'],
    ['a processing instruction', '<r><?pi x?></r>'],
    ['XML 1.1', '<?xml version="1.1"?><r>&#1;</r>'],
    ['an entity it does not know', '<r>&nbsp;</r>'],
    ['an uppercase hexadecimal reference', '<r a="&#X41;"/>'],
    ['a name fast-xml-parser splits at U+FEFF', '<a\uFEFFb>1</a\uFEFFb>'],
    ['a name with two colons', '<a:b:c>1</a:b:c>'],
    ['a second root after a self-closed one', '<a/><b/>'],
    ['text after the root', '<a/>junk'],
    ['a repeated attribute', '<a b="1" b="2"/>'],
    ['a nesting of 95', `${'<a>'.repeat(95)}x${'</a>'.repeat(95)}`],
    ['a nesting of 150', `${'<a>'.repeat(150)}x${'</a>'.repeat(150)}`],
    ['a __proto__ tag', '<r><__proto__>1</__proto__></r>'],
    ['a constructor tag', '<r><x:constructor/></r>'],
  ])('%s', (_, text) => {
    expect(readXmlSubset(text)).toBe(OUTSIDE_SUBSET);
    for (const strict of [true, false]) expect(result(text, strict)).toStrictEqual(result(text, strict, true));
  });

  it('shows where fast-xml-parser itself looks wrong, and keeps its answers', () => {
    expect(parseXml('<a/><b/>', { strict: true })).toEqual({ a: '', b: '' }); // two roots pass its validator
    expect(parseXml('<a\uFEFFb>1</a\uFEFFb>', { strict: true })).toEqual({ a: '1' }); // the name is cut
    expect(() => parseXml(`${'<a>'.repeat(150)}${'</a>'.repeat(150)}`)).toThrow(XmlParseFailure);
  });

  it.each([
    ['a truncated document', '<r><a>1</a><b>2'],
    ['a truncated tag', '<r><a b="1'],
    ['a mismatched closing tag', '<r><a>1</b></r>'],
    ['no root', '<?xml version="1.0"?>\n'],
    ['text before the root', 'x<r/>'],
  ])("calls %s malformed, and the error is fast-xml-parser's", (_, text) => {
    expect(readXmlSubset(text)).toBe(MALFORMED);
    expect(result(text, true)).toMatch(/^XmlParseFailure: Malformed XML at line 1/);
    for (const strict of [true, false]) expect(result(text, strict)).toStrictEqual(result(text, strict, true));
  });
});
