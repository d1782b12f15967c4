import { XMLBuilder } from 'fast-xml-parser';
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

/** Drops `undefined` and `null` members so optional fields are simply absent from the document. */
function prune(value: XmlBuildValue): XmlBuildValue {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && item !== null).map(prune);
  if (typeof value === 'object' && value !== null) {
    const out: { [name: string]: XmlBuildValue } = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined && child !== null) out[key] = prune(child);
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
  return XML_DECLARATION + (builder.build({ [root]: prune(element) }) as string);
}
