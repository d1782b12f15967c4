import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericReference } from '../../scripts/fuzz-xml/documents.js';
import { oracleDecode } from '../../scripts/fuzz-xml/oracle.js';
import { mulberry32 } from '../../scripts/fuzz-xml/random.js';
import { decodeReferences, decodeXmlReferences } from '../../src/xml/references.js';

// Both parsing paths share one decoder, so the differential test cannot judge how it reads a
// reference; this holds it against a regex reading of XML 1.0's grammar (`npm run fuzz:xml` does
// the same on every generated document).

const codePoints = fc.oneof(
  fc.constantFrom(0, 0x9, 0xa, 0xd, 0x1f, 0x20, 0xd7ff, 0xd800, 0xdfff, 0xe000, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x10ffff, 0x110000),
  fc.integer({ min: 0, max: 0x10ffff }),
  fc.integer({ min: 0, max: 0xffffffff }),
);
const numeric = fc
  .record({ cp: codePoints, hex: fc.boolean(), upper: fc.boolean(), zeros: fc.nat(40), x: fc.constantFrom('x', 'x', 'x', 'X'), amp: fc.constantFrom('&', '&', '&', '&amp;'), end: fc.constantFrom(';', ';', ';', '', 'a;') })
  .map(({ cp, hex, upper, zeros, x, amp, end }) => {
    const digits = cp.toString(hex ? 16 : 10);
    return `${amp}#${hex ? x : ''}${'0'.repeat(zeros)}${upper ? digits.toUpperCase() : digits}${end}`;
  });
const pieces = fc.oneof(
  numeric,
  fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&nbsp;', '&AMP;', '&amp', '&', '&#', '&#;', '&#x;', '#', ';', 'x', 'a', ' ', 'é', '😀', '\uD800'),
  fc.string({ maxLength: 3 }),
);
const texts = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));

function check(text: string): void {
  const expected = oracleDecode(text);
  expect(decodeXmlReferences(text)).toBe(expected);
  const reader = decodeReferences(text);
  if (reader !== undefined) expect(reader).toBe(expected);
  // The reader declines exactly when an `&` starts no reference XML defines.
  expect(reader === undefined).toBe(/&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/.test(text));
}

describe('the reference decoder against a reading of XML 1.0', () => {
  it('agrees on generated text (fast-check)', () => {
    fc.assert(fc.property(texts, check), { numRuns: 3000 });
  });

  it("agrees on the fuzz script's numeric references (random seeds)", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = mulberry32(seed);
        check(Array.from({ length: 6 }, () => numericReference(rng)).join(' '));
      }),
      { numRuns: 1000 },
    );
  });
});
