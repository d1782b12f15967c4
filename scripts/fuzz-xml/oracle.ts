/**
 * An independent reading of XML 1.0 references (§4.1 CharRef and the five predefined EntityRefs,
 * §2.2 Char), written from the grammar with regular expressions, for the fuzz and the property
 * tests to hold the SDK's decoder (src/xml/references.ts) against. Both paths of the parser call
 * that one decoder, so comparing the paths alone could not catch a wrong reading.
 */

const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;

/** The code point `digits` name, or undefined past U+10FFFF. */
function codePoint(digits: string, radix: 10 | 16): number | undefined {
  const value = BigInt(radix === 16 ? `0x${digits}` : digits);
  return value > 0x10ffffn ? undefined : Number(value);
}

/** `text` with every reference XML 1.0 defines replaced; references to non-characters and everything else kept. */
export function oracleDecode(text: string): string {
  return text.replace(REFERENCE, (whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name] as string;
    const cp = hex !== undefined ? codePoint(hex, 16) : codePoint(decimal as string, 10);
    if (cp === undefined) return whole;
    const character = String.fromCodePoint(cp);
    return CHAR.test(character) ? character : whole;
  });
}
