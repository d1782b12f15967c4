import { XMLParser, XMLValidator, type ProcessEntitiesOptions } from 'fast-xml-parser';
import { ATTRIBUTE_PREFIX, TEXT_KEY, XmlParseFailure, type XmlNode } from './tree.js';

// Safe options, chosen once (reference: resilient-sdk-anchors §4c, TOOLCHAIN "fast-xml-parser 5"):
// - no value coercion, so `<Id>00123</Id>` stays "00123"; numbers are converted per field;
// - namespace prefixes removed, so `soap:Body` and `SOAP-ENV:Body` both read as `Body`;
// - any DOCTYPE refused before parsing (in parser.ts; Concur sends none), so a document cannot
//   declare entities; entity processing stays on for the predefined and numeric references,
//   within explicit limits;
// - `__proto__` / `constructor` tags refused, nesting capped.
// The fast reader (fast-reader.ts) must give exactly what this parser gives; `npm run fuzz:xml`
// compares the two.
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

/**
 * Parses with fast-xml-parser (after its validator when `strict`): the SDK's reference parser,
 * used for every document the fast reader leaves to it. The caller has already applied the size
 * limit and refused any DOCTYPE.
 *
 * @throws XmlParseFailure when the document is malformed (in strict mode) or hostile.
 */
export function parseWithFxp(text: string, strict: boolean): Record<string, XmlNode> {
  if (strict) {
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
