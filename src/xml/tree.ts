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
