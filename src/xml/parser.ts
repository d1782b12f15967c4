import { readXmlSubset } from './fast-reader.js';
import { parseWithFxp } from './fxp-parser.js';
import { DEFAULT_MAX_XML_CHARS, XmlParseFailure, type XmlNode } from './tree.js';

export { ATTRIBUTE_PREFIX, DEFAULT_MAX_XML_CHARS, TEXT_KEY, XmlParseFailure, type XmlNode } from './tree.js';

const DOCTYPE = /<!DOCTYPE\s*(\S*)/i;

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** Refuse documents longer than this many characters. */
  maxChars?: number;
  /** Check well-formedness first; malformed or truncated input then fails instead of parsing partially. */
  strict?: boolean;
}

/**
 * Parses XML text with the SDK's safe parser settings.
 *
 * Documents in the plain subset Concur sends (elements, attributes, text, the predefined and
 * numeric references, an XML declaration) are read by the SDK's own one-pass reader; anything
 * else, and anything malformed, goes to fast-xml-parser with the same settings, so the result and
 * every error message are fast-xml-parser's either way (proved by `npm run fuzz:xml`).
 *
 * @throws XmlParseFailure when the text is too long, holds a DOCTYPE, is malformed (in strict
 * mode) or hostile.
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): Record<string, XmlNode> {
  const maxChars = options.maxChars ?? DEFAULT_MAX_XML_CHARS;
  if (text.length > maxChars) {
    throw new XmlParseFailure(`XML document of ${text.length} characters exceeds the limit of ${maxChars}`);
  }
  // A DOCTYPE can declare entities that the parser would leave unexpanded in values (`&e;`) or
  // expand within its limits; no Concur response or supplier message carries one.
  const doctype = DOCTYPE.exec(text);
  if (doctype !== null) {
    // Stryker disable next-line StringLiteral: default for a regex group that always matches
    const name = doctype[1] ?? '';
    throw new XmlParseFailure(/^html\b/i.test(name) ? 'the response is an HTML page (<!DOCTYPE html>), not XML' : 'the document has a DOCTYPE declaration, which is refused');
  }
  const tree = readXmlSubset(text);
  return typeof tree === 'object' ? tree : parseWithFxp(text, options.strict === true);
}
