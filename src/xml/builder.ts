import { XMLBuilder } from 'fast-xml-parser';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { writeXmlTree } from './fast-writer.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY } from './tree.js';
import { escapeValue, NOT_XML_CHARACTER, SPECIAL } from './xml-chars.js';

export { hasNonXmlCharacter } from './xml-chars.js';

/** A value the builder can write: text, numbers and booleans as text, nested elements, lists. */
export type XmlBuildValue = string | number | boolean | undefined | null | XmlBuildValue[] | { [name: string]: XmlBuildValue };

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

// The reference serialiser: fast-xml-parser's builder. Values are escaped in `prune` instead of
// by the builder's own entity pass (`processEntities`), which cost half of the build time: the
// same five characters, escaped the same way, in the one walk that already checks every value.
// So `a</name><x>` or `]]>` in a value stays text. The SDK's own writer (fast-writer.ts) gives
// the same string for plain trees and leaves everything else to this path; `npm run fuzz:xml`
// compares the two.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT_KEY,
  format: false,
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
  processEntities: false,
});

/**
 * Drops `undefined` and `null` members so optional fields are simply absent from the document,
 * escapes text, and refuses text XML cannot carry.
 */
function prune(value: XmlBuildValue, path = ''): XmlBuildValue {
  if (typeof value === 'string') {
    // Most values hold none of these; only those that do pay for the full checks.
    if (!SPECIAL.test(value)) return value;
    if (NOT_XML_CHARACTER.test(value)) {
      throw new ConcurValidationError(`The value of ${path || 'an element'} contains a control character that XML cannot carry.`, { field: path });
    }
    return escapeValue(value);
  }
  if (Array.isArray(value)) {
    const out: XmlBuildValue[] = [];
    for (const item of value) if (item !== undefined && item !== null) out.push(prune(item, path));
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: { [name: string]: XmlBuildValue } = {};
    for (const key in value) {
      const child = value[key];
      if (child !== undefined && child !== null) out[key] = prune(child, key);
    }
    return out;
  }
  return value;
}

/**
 * The document body as fast-xml-parser's builder writes it: the reference for the SDK's own
 * writer, and the path for trees that writer leaves alone. @internal
 */
export function buildWithFxp(tree: { [root: string]: XmlBuildValue }): string {
  return builder.build(prune(tree)) as string;
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
  return XML_DECLARATION + (writeXmlTree(tree) ?? buildWithFxp(tree));
}
