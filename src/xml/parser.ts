import { XMLParser, XMLValidator, type ProcessEntitiesOptions } from 'fast-xml-parser';

/** Parsed XML: elements become objects, repeated elements arrays, text stays text. */
export type XmlNode = string | XmlNode[] | { [name: string]: XmlNode };

/** Prefix fast-xml-parser gives attribute keys, e.g. `@_Code`. */
export const ATTRIBUTE_PREFIX = '@_';
/** Key of an element's text when the element also has attributes or children. */
export const TEXT_KEY = '#text';

/** Largest document the SDK parses, in characters, unless told otherwise. */
export const DEFAULT_MAX_XML_CHARS = 32 * 1024 * 1024;

/** The parser failed; callers wrap this into their own error type. */
export class XmlParseFailure extends Error {
  override readonly name = 'XmlParseFailure';
}

// Safe options, chosen once (reference: resilient-sdk-anchors §4c, TOOLCHAIN "fast-xml-parser 5"):
// - no value coercion, so `<Id>00123</Id>` stays "00123"; numbers are converted per field;
// - namespace prefixes removed, so `soap:Body` and `SOAP-ENV:Body` both read as `Body`;
// - any DOCTYPE refused before parsing (Concur sends none), so a document cannot declare entities;
//   entity processing stays on for the predefined and numeric references, within explicit limits;
// - `__proto__` / `constructor` tags refused, nesting capped.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT_KEY,
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: {
    enabled: true,
    maxEntitySize: 10_000,
    maxExpansionDepth: 10,
    maxTotalExpansions: 1_000,
    maxExpandedLength: 100_000,
    maxEntityCount: 100,
    // The limits are for entities a document declares (DOCTYPE). Applied to the built-in ones
    // too, a 1000-item batch whose names hold "&" would exceed the count and fail to parse.
    // fast-xml-parser 5.12 reads this option but does not declare it in its types.
    appliesTo: 'external',
  } as ProcessEntitiesOptions,
  htmlEntities: false,
  maxNestedTags: 100,
  strictReservedNames: true,
  // No callback reads tag paths, so the parser need not build them (about 15% of parse time).
  jPath: false,
});

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
    throw new XmlParseFailure(
      /^html\b/i.test(doctype[1] ?? '') ? 'the response is an HTML page (<!DOCTYPE html>), not XML' : 'the document has a DOCTYPE declaration, which is refused',
    );
  }
  if (options.strict === true) {
    const verdict = XMLValidator.validate(text);
    if (verdict !== true) {
      throw new XmlParseFailure(`Malformed XML at line ${verdict.err.line}: ${verdict.err.msg}`);
    }
  }
  try {
    return parser.parse(text) as Record<string, XmlNode>;
  } catch (error) {
    throw new XmlParseFailure(`XML could not be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
