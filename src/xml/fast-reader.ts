import { ASCII_NAME, attributeKey, isWideName, tagKey } from './reader-rules.js';
import { decodeReferences } from './references.js';
import type { XmlNode } from './tree.js';

/**
 * The SDK's own XML reader: one pass, for the plain subset Concur sends (an XML declaration,
 * elements, attributes, text, the five predefined entities and numeric references, read as in
 * references.ts). It gives
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

// Only version 1.0 (or none), which is what Concur sends; references are read by XML 1.0's rules
// whatever the version (references.ts), and other versions are left to fast-xml-parser.
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
  } finally /* Stryker disable next-line BlockStatement: only lets the document be collected; every call sets src before reading it */ {
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
  // No root (past the end the code is NaN), or text before it: the validator refuses both.
  if (src.charCodeAt(i) !== 60) throw BROKEN;
  // `<!`, `<?` and `</` start no name, so readElement declines them as outside the subset.
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
  if (wide && !isWideName(src.slice(start, i))) throw OUTSIDE;
  return i;
}

function decode(value: string): string {
  const decoded = decodeReferences(value);
  if (decoded === undefined) throw OUTSIDE;
  return decoded;
}

/** Reads the element whose `<` is at `pos`; leaves `pos` after it and its key in `lastKey`. */
function readElement(depth: number): XmlNode {
  const nameEnd = scanName(pos + 1);
  const raw = src.slice(pos + 1, nameEnd);
  const key = tagKey(raw);
  if (key === undefined) throw OUTSIDE;
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
    if (attributeName !== '') {
      // Trimmed first, then decoded (`&#32;x&#32;` keeps both spaces); a later `p:x` overwrites `x`.
      const trimmed = text.trim();
      // A fast path: a value without '&' has nothing to decode.
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
      // Each run of text between tags is trimmed, then decoded (a fast path skips a run without
      // '&', which has nothing to decode); the runs are joined.
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
      throw closingMismatch(i);
    }
    // A comment, CDATA or a processing instruction (`<!`, `<?`) starts no name: readElement declines it.
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

/** A closing tag at `i` that does not close the open element: malformed when it is plainly another name. */
function closingMismatch(i: number): Decline {
  if (src.indexOf('>', i) === -1) return BROKEN; // nothing can close the element any more
  let end: number;
  try {
    end = scanName(i);
  } catch {
    return OUTSIDE;
  }
  // A name followed by `>` is another name: had it been the open element's, the caller would have closed it.
  return src.charCodeAt(skipSpace(end)) === 62 ? BROKEN : OUTSIDE;
}
