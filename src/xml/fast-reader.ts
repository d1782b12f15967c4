import type { XmlNode } from './tree.js';

/**
 * The SDK's own XML reader: one pass, for the plain subset Concur sends (an XML declaration,
 * elements, attributes, text, the five predefined entities and numeric references). It gives
 * exactly the tree fast-xml-parser gives with the options in fxp-parser.ts, and declines
 * everything else, so parser.ts hands that to fast-xml-parser: comments, CDATA, processing
 * instructions, DOCTYPE, other entities, odd names or prefixes, nesting near the limit, anything
 * after the root, and anything malformed. `npm run fuzz:xml` checks both claims on generated
 * documents: a tree equal to fast-xml-parser's, and "malformed" only where its validator refuses.
 */

/** Declined: outside the subset; fast-xml-parser decides. */
export const OUTSIDE_SUBSET = 0;
/** Declined: malformed (truncated, unclosed, mismatched); fast-xml-parser's validator refuses it. */
export const MALFORMED = 1;
export type Declined = typeof OUTSIDE_SUBSET | typeof MALFORMED;

// Thrown to unwind; preallocated and not Errors, so declining costs no stack trace.
class Decline {
  constructor(readonly verdict: Declined) {}
}
const OUTSIDE = new Decline(OUTSIDE_SUBSET);
const BROKEN = new Decline(MALFORMED);

// fast-xml-parser refuses deeper nesting than 100 open elements; stay well below that and leave
// documents near the limit to it.
const MAX_DEPTH = 90;

// Names as fast-xml-parser's validator accepts them (its util.js `isName`). ASCII names are
// checked by table; others by this expression.
const NAME_START = ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
// eslint-disable-next-line no-misleading-character-class -- U+0300-U+036F stand alone in the class, as in isName
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
// U+1680 and U+FEFF are name characters there, but the parser splits tags at any `\s`:
// `<a\uFEFFb>` validates as one name and parses as `a`. Such names are left to it.
const JS_SPACE = /\s/;
const ASCII_NAME = new Uint8Array(128); // 1: may start a name, 2: may continue one
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:') ASCII_NAME[c.charCodeAt(0)] = 3;
for (const c of '0123456789-.') ASCII_NAME[c.charCodeAt(0)] = 2;

// Only version 1.0 (or none): fast-xml-parser reads the version and removes fewer numeric
// references under 1.1.
const S = '[ \\t\\n]';
const DECLARATION = new RegExp(
  `<\\?xml(?:${S}+version${S}*=${S}*(?:"1\\.0"|'1\\.0'))?(?:${S}+encoding${S}*=${S}*(?:"[A-Za-z][\\w.-]*"|'[A-Za-z][\\w.-]*'))?` +
    `(?:${S}+standalone${S}*=${S}*(?:"(?:yes|no)"|'(?:yes|no)'))?${S}*\\?>`,
  'y',
);

let src = '';
let pos = 0;
let lastKey = '';

/**
 * Reads `text` when it lies in the subset, else says why not.
 *
 * @returns the tree fast-xml-parser would give, or a {@link Declined} verdict.
 */
export function readXmlSubset(text: string): Record<string, XmlNode> | Declined {
  // As fast-xml-parser does before parsing (XML 1.0 §2.11 line ends).
  src = text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  try {
    return readDocument();
  } catch (error) {
    if (error instanceof Decline) return error.verdict;
    throw error;
  } finally {
    src = '';
  }
}

function readDocument(): Record<string, XmlNode> {
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (src.startsWith('<?', i)) {
    DECLARATION.lastIndex = i;
    if (!DECLARATION.test(src)) throw OUTSIDE;
    i = DECLARATION.lastIndex;
  }
  i = skipSpace(i);
  // No root, or text before it: the validator refuses both.
  if (i >= src.length || src.charCodeAt(i) !== 60) throw BROKEN;
  const next = src.charCodeAt(i + 1);
  if (next === 33 || next === 63 || next === 47) throw OUTSIDE; // `<!`, `<?`, `</`
  pos = i;
  const value = readElement(1);
  // The validator lets some things follow a root (a second self-closed root, text after one);
  // fast-xml-parser decides those.
  if (skipSpace(pos) !== src.length) throw OUTSIDE;
  const tree: Record<string, XmlNode> = {};
  tree[lastKey] = value;
  return tree;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9;
}

function skipSpace(i: number): number {
  while (isSpace(src.charCodeAt(i))) i += 1;
  return i;
}

/** End of the name starting at `start`; declines a name fast-xml-parser would treat otherwise. */
function scanName(start: number): number {
  let c = src.charCodeAt(start);
  if (Number.isNaN(c)) throw BROKEN;
  let wide = c >= 128;
  if (!wide && (ASCII_NAME[c]! & 1) === 0) throw OUTSIDE;
  let i = start + 1;
  for (;;) {
    c = src.charCodeAt(i);
    if (c < 128) {
      if ((ASCII_NAME[c]! & 2) === 0) break;
    } else if (c >= 128) wide = true;
    else break; // end of text
    i += 1;
  }
  if (wide) {
    const name = src.slice(start, i);
    if (!XML_NAME.test(name) || JS_SPACE.test(name)) throw OUTSIDE;
  }
  return i;
}

/** The key fast-xml-parser gives an element (removeNSPrefix, then its reserved-name rules). */
function tagKey(raw: string): string {
  let local = raw;
  const colon = raw.indexOf(':');
  if (colon !== -1) {
    // It keeps what follows the first colon; `a:b:c` and `a:` are left to it.
    if (colon === raw.length - 1 || raw.indexOf(':', colon + 1) !== -1) throw OUTSIDE;
    local = raw.slice(colon + 1);
  }
  switch (local) {
    case '__proto__':
    case 'constructor':
    case 'prototype':
      throw OUTSIDE; // it refuses these (strictReservedNames); let it say so
    case 'hasOwnProperty':
    case 'toString':
    case 'valueOf':
    case '__defineGetter__':
    case '__defineSetter__':
    case '__lookupGetter__':
    case '__lookupSetter__':
      return `__${local}`; // its onDangerousProperty default
    default:
      return local;
  }
}

/** The key of an attribute, or undefined for one fast-xml-parser drops (namespace declarations). */
function attributeKey(raw: string): string | undefined {
  if (raw.indexOf(':') === -1) return raw === 'xmlns' ? undefined : `@_${raw}`;
  // Its resolveNameSpace: split on every colon; `xmlns:*` dropped, `p:x` read `x`, `a:b:c` kept.
  const parts = raw.split(':');
  if (parts[0] === 'xmlns') return undefined;
  if (parts.length !== 2) return `@_${raw}`;
  return parts[1] === '' ? undefined : `@_${parts[1]}`;
}

/**
 * Replaces references as fast-xml-parser's entity decoder does with `htmlEntities: false`: the
 * five predefined entities become characters; numeric references are NOT decoded, they stay as
 * written, except those naming a code point XML 1.0 forbids (NUL, surrogates, C0 controls other
 * than tab, LF, CR), which are removed. Any other `&` is left to fast-xml-parser.
 */
function decode(value: string): string {
  let amp = value.indexOf('&');
  let out = '';
  let last = 0;
  while (amp !== -1) {
    out += value.slice(last, amp);
    let end = value.indexOf(';', amp);
    const length = end - amp;
    if (end === -1 || length < 3 || length > 9) throw OUTSIDE;
    if (value.charCodeAt(amp + 1) === 35) {
      const hex = value.charCodeAt(amp + 2) === 120; // only `&#x`: the validator refuses `&#X` in text
      let cp = 0;
      for (let i = amp + (hex ? 3 : 2); i < end; i += 1) {
        const digit = digitOf(value.charCodeAt(i), hex);
        if (digit < 0) throw OUTSIDE;
        cp = cp * (hex ? 16 : 10) + digit;
      }
      if (end === amp + (hex ? 3 : 2)) throw OUTSIDE; // `&#;` and `&#x;`
      if (!(cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || (cp < 0x20 && cp !== 9 && cp !== 10 && cp !== 13))) {
        out += value.slice(amp, end + 1);
      }
    } else {
      const replacement = PREDEFINED[value.slice(amp + 1, end)];
      if (replacement === undefined) throw OUTSIDE;
      out += replacement;
    }
    last = ++end;
    amp = value.indexOf('&', last);
  }
  return last === 0 ? value : out + value.slice(last);
}

const PREDEFINED: Readonly<Record<string, string | undefined>> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
});

function digitOf(c: number, hex: boolean): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (!hex) return -1;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Reads the element whose `<` is at `pos`; leaves `pos` after it and its key in `lastKey`. */
function readElement(depth: number): XmlNode {
  const nameEnd = scanName(pos + 1);
  const raw = src.slice(pos + 1, nameEnd);
  const key = tagKey(raw);
  let attributes: Record<string, string> | undefined;
  let seen: string[] | undefined;
  let i = nameEnd;
  for (;;) {
    let c = src.charCodeAt(i);
    if (c === 62) break; // `>`
    if (c === 47) {
      if (src.charCodeAt(i + 1) !== 62) throw OUTSIDE;
      pos = i + 2;
      lastKey = key;
      return attributes ?? '';
    }
    if (!isSpace(c)) throw Number.isNaN(c) ? BROKEN : OUTSIDE;
    i = skipSpace(i);
    c = src.charCodeAt(i);
    if (c === 62 || c === 47) continue;
    const nameStart = i;
    i = scanName(i);
    const name = src.slice(nameStart, i);
    i = skipSpace(i);
    if (src.charCodeAt(i) !== 61) throw OUTSIDE; // `=`
    i = skipSpace(i + 1);
    const quote = src.charCodeAt(i);
    if (quote !== 34 && quote !== 39) throw Number.isNaN(quote) ? BROKEN : OUTSIDE;
    const close = src.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close === -1) throw BROKEN;
    const text = src.slice(i + 1, close);
    i = close + 1;
    // The validator refuses a repeated name; it compares names as written, before prefixes go.
    if (seen === undefined) seen = [name];
    else if (seen.includes(name)) throw OUTSIDE;
    else seen.push(name);
    const attributeName = attributeKey(name);
    if (attributeName !== undefined) {
      // Trimmed first, then decoded (so `&#32;` at an end stays); a later `p:x` overwrites `x`.
      const trimmed = text.trim();
      (attributes ??= {})[attributeName] = trimmed.indexOf('&') === -1 ? trimmed : decode(trimmed);
    }
  }
  if (depth >= MAX_DEPTH) throw OUTSIDE;
  i += 1;
  let children: Record<string, XmlNode> | undefined;
  let text: string | undefined;
  for (;;) {
    const lt = src.indexOf('<', i);
    if (lt === -1) throw BROKEN;
    if (lt > i) {
      // Each run of text between tags is trimmed, then decoded; the runs are joined.
      let run = src.slice(i, lt).trim();
      if (run !== '' && run.indexOf('&') !== -1) run = decode(run);
      if (run !== '') text = text === undefined ? run : text + run;
    }
    const next = src.charCodeAt(lt + 1);
    if (next === 47) {
      i = lt + 2;
      if (src.startsWith(raw, i)) {
        const end = skipSpace(i + raw.length);
        if (src.charCodeAt(end) === 62) {
          pos = end + 1;
          break;
        }
      }
      throw closingMismatch(i, raw);
    }
    if (next === 33 || next === 63) throw OUTSIDE; // comment, CDATA, processing instruction
    pos = lt;
    const child = readElement(depth + 1);
    const childKey = lastKey;
    if (children === undefined) children = {};
    if (Object.hasOwn(children, childKey)) {
      const previous = children[childKey]!;
      if (Array.isArray(previous)) previous.push(child);
      else children[childKey] = [previous, child];
    } else children[childKey] = child;
    i = pos;
  }
  lastKey = key;
  // As fast-xml-parser's node2json: children, then the text, then the attributes; a bare text
  // element is its text, an empty one ''.
  if (attributes === undefined) {
    if (children === undefined) return text ?? '';
    if (text !== undefined) children['#text'] = text;
    return children;
  }
  if (children === undefined && text === undefined) return attributes;
  const node = children ?? {};
  if (text !== undefined) node['#text'] = text;
  for (const name in attributes) node[name] = attributes[name]!;
  return node;
}

/** A closing tag at `i` that does not close `raw`: malformed when it is plainly another name. */
function closingMismatch(i: number, raw: string): Decline {
  if (src.indexOf('>', i) === -1) return BROKEN; // nothing can close the element any more
  let end: number;
  try {
    end = scanName(i);
  } catch {
    return OUTSIDE;
  }
  return src.charCodeAt(skipSpace(end)) === 62 && src.slice(i, end) !== raw ? BROKEN : OUTSIDE;
}
