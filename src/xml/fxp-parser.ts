import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { decodeXmlReferences } from './references.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY, XmlParseFailure, type XmlNode } from './tree.js';

// Safe options, chosen once (reference: resilient-sdk-anchors §4c, TOOLCHAIN "fast-xml-parser 5"):
// - no value coercion, so `<Id>00123</Id>` stays "00123"; numbers are converted per field;
// - namespace prefixes removed, so `soap:Body` and `SOAP-ENV:Body` both read as `Body`;
// - any DOCTYPE refused before parsing (in parser.ts; Concur sends none), so a document cannot
//   declare entities;
// - references decoded by the SDK's own decoder (below), as XML 1.0 reads them;
// - `__proto__` / `constructor` tags refused, nesting capped.
// The fast reader (fast-reader.ts) must give exactly what this parser gives; `npm run fuzz:xml`
// compares the two.

// fast-xml-parser 5.12's own decoder decodes numeric references only with `htmlEntities: true`,
// which also turns some HTML named entities (`&nbsp;`, `&copy;`) into characters, though XML
// does not define them, and reads `&#65abc;` as `A`; with `htmlEntities: false` it leaves
// `&#233;` as written (and deletes `&#0;`). So it is given the decoder both paths share
// (references.ts). That decoder never lengthens text (each reference is longer than what it
// stands for) and knows no entity a document could declare, so no expansion limit is needed;
// declared entities are refused outright, should a DOCTYPE ever get this far.
const entityDecoder: EntityDecoderOptions = {
  decode: decodeXmlReferences,
  addInputEntities(entities) {
    if (Object.keys(entities).length > 0) throw new Error('the document declares entities (DOCTYPE), which are refused');
  },
  // Nothing is kept between documents, and every one is read by XML 1.0's rules.
  reset() {},
  setExternalEntities() {},
  setXmlVersion() {},
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT_KEY,
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  // Stryker disable next-line BooleanLiteral: ignorePiTags below drops the declaration too (fast-xml-parser skips `?xml` when either is set)
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Limits on a DOCTYPE's declarations, kept in case one is ever read (parser.ts refuses them).
  // Stryker disable next-line ObjectLiteral: `{}` still enables entities; the limits bound only declared entities, which addInputEntities refuses whatever their number or size
  processEntities: { enabled: true, maxEntitySize: 10_000, maxExpansionDepth: 10, maxEntityCount: 100 },
  entityDecoder,
  maxNestedTags: 100,
  strictReservedNames: true,
  // No callback reads tag paths, so the parser need not build them (about 15% of parse time).
  // Stryker disable next-line BooleanLiteral: only callbacks see the path, as a string or a matcher, and none is set; the tree is the same
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
