import { XMLBuilder } from 'fast-xml-parser';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY } from './parser.js';

/** A value the builder can write: text, numbers and booleans as text, nested elements, lists. */
export type XmlBuildValue = string | number | boolean | undefined | null | XmlBuildValue[] | { [name: string]: XmlBuildValue };

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

// The builder escapes `<`, `>`, `&` and quotes in text and attributes, so a value such as
// `a</name><x>` or `]]>` stays text. XML is never built by string concatenation.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT_KEY,
  format: false,
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
  processEntities: true,
});

// Characters XML 1.0 cannot carry at all, even escaped; the builder would write them raw and the
// whole batch would be refused as malformed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Drops `undefined` and `null` members so optional fields are simply absent from the document,
 * and refuses text XML cannot carry.
 */
function prune(value: XmlBuildValue, path = ''): XmlBuildValue {
  if (typeof value === 'string' && NOT_XML_CHARACTER.test(value)) {
    throw new ConcurValidationError(`The value of ${path || 'an element'} contains a control character that XML cannot carry.`, { field: path });
  }
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && item !== null).map((item) => prune(item, path));
  if (typeof value === 'object' && value !== null) {
    const out: { [name: string]: XmlBuildValue } = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined && child !== null) out[key] = prune(child, key);
    }
    return out;
  }
  return value;
}

/**
 * Builds an XML document with one root element, optionally in a default namespace.
 *
 * @example
 * ```ts
 * buildXml('list-item-batch', { 'list-item': [{ name: 'Paris', level1code: 'PAR' }] }, {
 *   namespace: 'http://www.concursolutions.com/api/expense/list/2010/02',
 * });
 * ```
 */
export function buildXml(root: string, content: { [name: string]: XmlBuildValue }, options: { namespace?: string } = {}): string {
  const element: { [name: string]: XmlBuildValue } =
    options.namespace === undefined ? { ...content } : { [`${ATTRIBUTE_PREFIX}xmlns`]: options.namespace, ...content };
  return buildXmlDocument({ [root]: element });
}

/**
 * Builds an XML document from a tree whose single key is the root element; attributes are keys
 * starting with `@_` (prefixed names such as `soap:Envelope` and `@_xmlns:soap` are written as given).
 */
export function buildXmlDocument(tree: { [root: string]: XmlBuildValue }): string {
  return XML_DECLARATION + (builder.build(prune(tree)) as string);
}
