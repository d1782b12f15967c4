/**
 * Character and entity references in text and attribute values, read by XML 1.0 (§4.1, §2.2) and
 * nothing more. Both parsing paths call this code (the fast reader directly, fast-xml-parser
 * through its `entityDecoder` option, see fxp-parser.ts), so they cannot read a reference
 * differently.
 *
 * - `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` become `& < > " '`.
 * - `&#N;` (decimal) and `&#xH;` (hexadecimal, either case of digit) become the character they
 *   name, with any number of digits and leading zeros, when XML 1.0 allows that character (its
 *   Char production). The `x` is lower-case only, as in the production `'&#x' [0-9a-fA-F]+ ';'`:
 *   `&#X41;` is not a reference.
 * - Everything else stays as written: named entities XML does not define (HTML's `&nbsp;`, which
 *   only a DOCTYPE could declare, and every DOCTYPE is refused), a bare `&`, `&#;`, `&#X41;`.
 * - A reference to a code point outside Char (`&#0;`, `&#x1;`, `&#xD800;`, `&#xFFFE;`,
 *   `&#x110000;`) also stays as written. XML 1.0 calls it a well-formedness error, but refusing it
 *   would make a whole response unreadable (a 1,000-item list, for one name holding a control
 *   character that some .NET writers put out as `&#x1;`), and no retry would help. Kept as text,
 *   the rest of the response reads, the field shows what was sent, and the data holds no
 *   character that XML cannot carry (which the SDK's builder refuses to send).
 *
 * The text is read once, left to right: `&amp;#233;` is `&#233;` as text, never `é`.
 */

/** The replacement for the reference {@link referenceEnd} last read. */
let replacement = '';

/** True for a code point in XML 1.0's Char production. */
function isXmlChar(cp: number): boolean {
  if (cp < 0x20) return cp === 0x9 || cp === 0xa || cp === 0xd;
  return cp <= 0xd7ff || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** End (after `;`) of the numeric reference whose `&` is at `amp`, or -1 when there is none. */
function numericEnd(value: string, amp: number): number {
  const hex = value.charCodeAt(amp + 2) === 120; // `x`
  const base = hex ? 16 : 10;
  const first = amp + (hex ? 3 : 2);
  let cp = 0;
  let i = first;
  for (;; i += 1) {
    const c = value.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (hex && c >= 97 && c <= 102) digit = c - 87;
    else if (hex && c >= 65 && c <= 70) digit = c - 55;
    else break;
    // Past the last code point the value stops growing, so a thousand digits cannot overflow it.
    if (cp <= 0x10ffff) cp = cp * base + digit;
  }
  if (i === first || value.charCodeAt(i) !== 59) return -1;
  replacement = isXmlChar(cp) ? String.fromCodePoint(cp) : value.slice(amp, i + 1);
  return i + 1;
}

/** End of the reference whose `&` is at `amp` (its replacement in `replacement`), or -1. */
function referenceEnd(value: string, amp: number): number {
  const at = amp + 1;
  switch (value.charCodeAt(at)) {
    case 35: // `#`
      return numericEnd(value, amp);
    case 97: // `a`
      if (value.startsWith('amp;', at)) {
        replacement = '&';
        return amp + 5;
      }
      if (value.startsWith('apos;', at)) {
        replacement = "'";
        return amp + 6;
      }
      return -1;
    case 108: // `l`
      replacement = '<';
      return value.startsWith('lt;', at) ? amp + 4 : -1;
    case 103: // `g`
      replacement = '>';
      return value.startsWith('gt;', at) ? amp + 4 : -1;
    case 113: // `q`
      replacement = '"';
      return value.startsWith('quot;', at) ? amp + 6 : -1;
    default:
      return -1;
  }
}

function decode(value: string, tolerant: boolean): string | undefined {
  let amp = value.indexOf('&');
  // A fast path: most values hold no reference at all.
  if (amp === -1) return value;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const end = referenceEnd(value, amp);
    if (end === -1) {
      if (!tolerant) return undefined;
      amp = value.indexOf('&', amp + 1);
      continue;
    }
    out += value.slice(last, amp) + replacement;
    last = end;
    amp = value.indexOf('&', end);
  }
  return out + value.slice(last);
}

/**
 * Replaces the references in a text or attribute value; an `&` that starts none stays as written.
 * fast-xml-parser's decoder.
 */
export function decodeXmlReferences(value: string): string {
  return decode(value, true) as string;
}

/**
 * As {@link decodeXmlReferences}, for the fast reader: `undefined` when an `&` starts no
 * reference (a named entity XML does not define, `&#;`, `&#X41;`, a bare `&`), so the reader
 * leaves the document to fast-xml-parser, whose validator decides whether it is well-formed.
 */
export function decodeReferences(value: string): string | undefined {
  return decode(value, false);
}
