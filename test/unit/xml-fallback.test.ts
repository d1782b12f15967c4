import { describe, expect, it } from 'vitest';
import { OUTSIDE_SUBSET, readXmlSubset } from '../../src/xml/fast-reader.js';
import { parseWithFxp } from '../../src/xml/fxp-parser.js';
import { DEFAULT_MAX_XML_CHARS, parseXml, XmlParseFailure } from '../../src/xml/parser.js';

/** parseXml's tree, or the failure's message as a user reads it. */
function parsed(text: string, options: { strict?: boolean; maxChars?: number } = {}): unknown {
  try {
    return parseXml(text, options);
  } catch (error) {
    if (!(error instanceof XmlParseFailure)) throw error;
    return `XmlParseFailure: ${error.message}`;
  }
}

describe('parseXml: size limit and DOCTYPE refusal', () => {
  it('reads a document of exactly maxChars characters, and refuses one more with the sizes in the message', () => {
    expect(parsed('<r/>', { maxChars: 4 })).toEqual({ r: '' });
    expect(parsed('<r/>', { maxChars: 3 })).toBe('XmlParseFailure: XML document of 4 characters exceeds the limit of 3');
    expect(() => parseXml('<r/>', { maxChars: 3 })).toThrow(expect.objectContaining({ name: 'XmlParseFailure' }));
  });

  it('applies the 32 MiB default limit', () => {
    const padded = (length: number): string => `<r/>${' '.repeat(length - 4)}`;
    expect(DEFAULT_MAX_XML_CHARS).toBe(33_554_432);
    expect(parsed(padded(DEFAULT_MAX_XML_CHARS))).toEqual({ r: '' });
    expect(parsed(padded(DEFAULT_MAX_XML_CHARS + 1))).toBe('XmlParseFailure: XML document of 33554433 characters exceeds the limit of 33554432');
  });

  it.each([
    ['<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', 'the document has a DOCTYPE declaration, which is refused'],
    ['<!DOCTYPE>', 'the document has a DOCTYPE declaration, which is refused'],
    ['<r/><!doctype x>', 'the document has a DOCTYPE declaration, which is refused'],
    ['<!DOCTYPE htmlx><r/>', 'the document has a DOCTYPE declaration, which is refused'],
    ['<!DOCTYPE xhtml><r/>', 'the document has a DOCTYPE declaration, which is refused'],
    ['<!DOCTYPE html><html/>', 'the response is an HTML page (<!DOCTYPE html>), not XML'],
    ['<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><html/>', 'the response is an HTML page (<!DOCTYPE html>), not XML'],
    ['<!doctype\nhtml><html/>', 'the response is an HTML page (<!DOCTYPE html>), not XML'],
  ])('refuses %j in both modes: %s', (text, message) => {
    expect(parsed(text, { strict: true })).toBe(`XmlParseFailure: ${message}`);
    expect(parsed(text)).toBe(`XmlParseFailure: ${message}`);
  });
});

describe('parseXml: what fast-xml-parser reads when the SDK reader declines', () => {
  const mixed = '<r><!--c--> 007 <s:a x="007" p:y=" 1 ">  v  </s:a><?pi x?>&amp;&#65;&#0;</r>';

  it('keeps values as text, trims them, drops prefixes, comments and processing instructions, and decodes references', () => {
    expect(readXmlSubset(mixed)).toBe(OUTSIDE_SUBSET);
    for (const strict of [true, false]) {
      expect(parsed(mixed, { strict })).toStrictEqual({ r: { a: { '#text': 'v', '@_x': '007', '@_y': '1' }, '#text': '007&A&#0;' } });
    }
  });

  it('drops the XML declaration, and keeps CDATA as text', () => {
    expect(parsed('<?xml version="1.1"?><r><![CDATA[ a < b ]]></r>', { strict: true })).toStrictEqual({ r: ' a < b ' });
  });

  it('refuses malformed documents in strict mode with the line, and reads what it can otherwise', () => {
    expect(parsed('<r><a>1</a>', { strict: true })).toBe("XmlParseFailure: Malformed XML at line 1: Unclosed tag 'r'.");
    expect(parsed('<r><a>1</a>')).toStrictEqual({ r: { a: '1' } });
    expect(parsed('<r>\n<a>\n</b></r>', { strict: true })).toBe(
      "XmlParseFailure: Malformed XML at line 3: Expected closing tag 'a' (opened in line 2, col 1) instead of closing tag 'b'.",
    );
    expect(parsed('<r>\n<a>\n</b></r>', { strict: false })).toStrictEqual({ r: { a: '' } });
  });

  it('refuses a __proto__ tag in both modes, saying why', () => {
    const message = 'XmlParseFailure: XML could not be parsed: [SECURITY] Invalid name: "__proto__" is a reserved JavaScript keyword that could cause prototype pollution';
    expect(parsed('<r><__proto__/></r>', { strict: true })).toBe(message);
    expect(parsed('<r><__proto__/></r>')).toBe(message);
  });

  it('refuses a tag named like the key that holds text, rather than mixing it into the text', () => {
    expect(readXmlSubset('<r>a<#text>b</#text></r>')).toBe(OUTSIDE_SUBSET);
    expect(parsed('<r>a<#text>b</#text></r>')).toBe('XmlParseFailure: XML could not be parsed: Invalid tag name: #text');
  });

  it('refuses a declared entity even when called directly, and reads a DOCTYPE that declares none', () => {
    expect(() => parseWithFxp('<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', false)).toThrow(
      new XmlParseFailure('XML could not be parsed: the document declares entities (DOCTYPE), which are refused'),
    );
    expect(parseWithFxp('<!DOCTYPE r []><r>1</r>', false)).toStrictEqual({ r: '1' });
  });
});
