import { chance, int, pick, type Rng } from './random.js';

/**
 * Seeded XML documents for the reader's differential test: Concur-shaped documents with every
 * corner we know of mixed in (prototype names, prefixes, namespace declarations, references of
 * every class, whitespace of every kind, BOMs, CRLF, lone surrogates, deep nesting around the
 * limit of 100, huge text, many siblings), then kept whole, truncated or mutated.
 */

export type DocumentKind = 'valid' | 'truncated' | 'mutated';

const LOCAL_NAMES = [
  'list-item', 'level1code', 'level2code', 'name', 'items-link', 'Batch-URL', 'Batch-Url', 'error', 'code',
  'message', 'list-item-batch-result', 'records-succeeded', 'Id', 'Message', 'Server-Time', 'Envelope', 'Body',
  'a', 'b', 'c', 'item', 'x', 'xml', 'xmlns', 'a.b', '_x', 'x-1', 'A1', 'é', '名前', 'a\u00B7b', 'ab\u0300',
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__',
  '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', '__toString', '__hasOwnProperty', '1', '0',
];
// Names fast-xml-parser's validator or parser treat in their own way.
const ODD_NAMES = ['a\u1680b', 'a\uFEFFb', 'a\u00A0b', 'a\u2028b', '1a', '-a', '.a', '#text', '@_x', 'a"b', 'a=b', 'a&b', 'a/b', 'a\uD800b', '😀', '', 'a>b'];
const PREFIXES = ['s:', 'soap:', 'SOAP-ENV:', 'i:', 'p:', ':', 'a:b:', 'xmlns:'];
const ATTRIBUTE_NAMES = [
  'xmlns', 'xmlns:i', 'xmlns:s', 'xmlns:', 'i:nil', 'i:type', 'id', 'Code', 'type', 'a', 'b', 'b:a', 'c:a', ':a',
  'a:', 'a:b:c', 'version', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'é',
  'a\u1680', 'a\uFEFF', 'a-b', 'a.b', 'x1',
];
const WORDS = ['Cost centre 12', 'R42', 'CC1000', 'true', '007', '2024-01-01', 'https://concur.example.com/api/x?y=1&amp;z=2', 'The list item already exists.'];
const REFERENCES = [
  '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x41;', '&#0;', '&#x0;', '&#1;', '&#x1F;', '&#8;', '&#9;',
  '&#10;', '&#13;', '&#31;', '&#32;', '&#x20;', '&#127;', '&#xD800;', '&#55296;', '&#xDFFF;', '&#xFFFE;',
  '&#1114111;', '&#1114112;', '&#x10FFFF;', '&#x110000;', '&#9999999;', '&#0000065;', '&#00000065;', '&#x0000041;',
  '&#X41;', '&#;', '&#x;', '&#12ab;', '&#-5;', '&#+5;', '&#x1g;', '&nbsp;', '&foo;', '&AMP;', '&', '& ', '&amp',
  '&#', '&&amp;', '&amp;lt;', '&a;', '&;', '&abcdefghijklmnopqrstuvwxyz;', '&amp;#233;', '&amp;#x1F600;', '&#233;',
  '&#xe9;', '&#xD;', '&#xd;&#xa;', '&#x1F600;', '&#128512;', '&#xD83D;&#xDE00;', '&#65abc;', '&#x41 ;', '&# 65;', '&#x-1;',
  '&#0x41;', '&copy;', '&eacute;', '&Amp;', '&ampx;', '&lt', '&#38;', '&#38;#38;', '&#60;', '&#x3C;tag&#x3E;',
];
// Code points on either side of every edge of XML 1.0's Char production, and of U+10FFFF.
const EDGES = [0, 1, 8, 9, 10, 11, 12, 13, 14, 0x1f, 0x20, 0x7f, 0x85, 0xa0, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x1f600, 0x10fffe, 0x10ffff, 0x110000, 0x7fffffff, 0xffffffff];

/**
 * A numeric character reference of every kind: decimal or hexadecimal, digits of either case,
 * code points in and out of Char (controls, surrogates, U+FFFE, past U+10FFFF), leading zeros,
 * hundreds of digits, `&#X`, the escaped form `&amp;#…;`, and near misses (no `;`, a stray
 * character before it).
 */
export function numericReference(rng: Rng): string {
  const hex = chance(rng, 0.5);
  let digits: string;
  const roll = rng();
  if (roll < 0.95) {
    const cp = roll < 0.35 ? pick(rng, EDGES) : roll < 0.6 ? int(rng, 0x20, 0xd7ff) : roll < 0.7 ? int(rng, 0, 0x1f) : roll < 0.8 ? int(rng, 0xd800, 0xdfff) : roll < 0.9 ? int(rng, 0x10000, 0x10ffff) : int(rng, 0xe000, 0xffff);
    digits = cp.toString(hex ? 16 : 10);
  } else {
    // More digits than any code point has.
    const alphabet = hex ? '0123456789abcdefABCDEF' : '0123456789';
    digits = Array.from({ length: int(rng, 8, 400) }, () => pick(rng, [...alphabet])).join('');
  }
  if (hex && chance(rng, 0.5)) digits = chance(rng, 0.5) ? digits.toUpperCase() : [...digits].map((c) => (chance(rng, 0.5) ? c.toUpperCase() : c)).join('');
  if (chance(rng, 0.2)) digits = '0'.repeat(chance(rng, 0.8) ? int(rng, 1, 8) : int(rng, 20, 2000)) + digits;
  const start = chance(rng, 0.1) ? '&amp;#' : '&#';
  const x = hex ? (chance(rng, 0.95) ? 'x' : 'X') : '';
  const end = chance(rng, 0.95) ? ';' : pick(rng, ['', ' ;', 'g;', '&#59;', ';;', '.5;', '-;']);
  return start + x + digits + end;
}

const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\r', '\n  ', '\u00A0', '\u2028', '\uFEFF', '\u3000', '\u1680', '\u000B', '\u000C'];
const ODD_TEXT = ['<', '>', ']]>', '"', "'", '=', '/', ';', '#', '?', 'é', '中文', '😀', '\uD83D', '\uDE00', '\u0000', '\u0001', '\u001F', '\uFFFE', '\uFFFF', '\u0085'];
// Outside the reader's subset, so it must hand these to fast-xml-parser.
const MARKUP = ['<!-- note -->', '<!---->', '<![CDATA[ a < b ]]>', '<![CDATA[]]>', '<?pi data?>', '<?xml version="1.0"?>', '<!-- a -- b -->'];
const DECLARATIONS = [
  '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0'?>", '<?xml version="1.0"?>',
  '<?xml?>', '<?xml ?>', '<?xml version="1.1"?>', '<?xml version="1.10"?>', '<?xml version="1.0" standalone="yes"?>',
  '<?xml encoding="utf-8" version="1.0"?>', '<?xml version="1.0" encoding="utf-8" ?>', '<?xml\tversion="1.0"?>',
  '<?xml version = "1.0"?>', '<?xml-stylesheet href="a"?>', '<?xml version="1.0"',
];
const EPILOGUES = ['\n', ' \r\n', '\t', 'junk', '<b/>', '<b></b>', '<!-- x -->', '<?pi?>', '&amp;', '</x>', '\u00A0', '\uFEFF', '<'];
const MUTATIONS = ['<', '>', '/', '"', "'", '=', '&', ';', ' ', '\n', '\r', '!', '?', ':', '#', 'x', 'a', '\uFEFF', '\u1680', '-', '[', ']', '</', '/>', '<a>', '</a>', '&amp;', '<!--', '\u0000', '\uD800'];

/** One generated document. */
export function generateDocument(rng: Rng): { kind: DocumentKind; text: string } {
  const text = wholeDocument(rng);
  const roll = rng();
  if (roll < 0.5) return { kind: 'valid', text };
  if (roll < 0.75) return { kind: 'truncated', text: text.slice(0, int(rng, 0, Math.max(0, text.length - 1))) };
  return { kind: 'mutated', text: mutate(rng, text) };
}

function wholeDocument(rng: Rng): string {
  let prolog = '';
  if (chance(rng, 0.1)) prolog += '\uFEFF';
  if (chance(rng, 0.1)) prolog += pick(rng, SPACES);
  if (chance(rng, 0.6)) prolog += chance(rng, 0.7) ? DECLARATIONS[0] : pick(rng, DECLARATIONS);
  if (chance(rng, 0.5)) prolog += pick(rng, ['\n', '\r\n', ' ', '\n\n', '\t']);
  if (chance(rng, 0.03)) prolog += pick(rng, MARKUP);
  if (chance(rng, 0.02)) prolog += pick(rng, ['x', '&amp;', '\u00A0']);
  const style: Style = { pretty: chance(rng, 0.3), newline: pick(rng, ['\n', '\r\n', '\r']), quirks: rng() * 0.08 };
  const special = rng();
  let body: string;
  if (special < 0.01) body = chain(rng, style, int(rng, 80, 110));
  else if (special < 0.0105) body = element(rng, style, 1, { siblings: int(rng, 500, 2000) });
  else if (special < 0.0107) body = `<r>${pick(rng, WORDS).repeat(int(rng, 2_000, 8_000))}${pick(rng, ['', '&amp;', ' '])}</r>`;
  else body = element(rng, style, 1, {});
  const epilogue = chance(rng, 0.2) ? (chance(rng, 0.7) ? pick(rng, ['\n', '\r\n', ' \n']) : pick(rng, EPILOGUES)) : '';
  return prolog + body + epilogue;
}

interface Style {
  pretty: boolean;
  newline: string;
  /** How often to use a rarely seen form. */
  quirks: number;
}

function tagName(rng: Rng, style: Style): string {
  if (chance(rng, style.quirks / 2)) return pick(rng, ODD_NAMES);
  const local = chance(rng, 0.85) ? pick(rng, LOCAL_NAMES.slice(0, 20)) : pick(rng, LOCAL_NAMES);
  if (chance(rng, 0.15)) return pick(rng, PREFIXES) + local;
  if (chance(rng, style.quirks / 4)) return `${local}:`;
  return local;
}

function textPiece(rng: Rng, style: Style, quote?: string): string {
  const roll = rng();
  let piece: string;
  if (roll < 0.55) piece = pick(rng, WORDS);
  else if (roll < 0.64) piece = pick(rng, REFERENCES.slice(0, 7));
  else if (roll < 0.7) piece = numericReference(rng);
  else if (roll < 0.7 + style.quirks) piece = pick(rng, REFERENCES);
  else if (roll < 0.85) piece = pick(rng, SPACES);
  else if (roll < 0.95) piece = pick(rng, ODD_TEXT);
  else piece = String.fromCharCode(int(rng, 0, 0xffff));
  if (quote !== undefined) return piece.split(quote).join(quote === '"' ? "'" : '"').replace(/</g, chance(rng, 0.9) ? '&lt;' : '<');
  return piece.replace(/</g, '&lt;');
}

function text(rng: Rng, style: Style, quote?: string): string {
  let out = '';
  for (let n = int(rng, 1, 4); n > 0; n -= 1) out += textPiece(rng, style, quote);
  return out;
}

function attributes(rng: Rng, style: Style): string {
  let out = '';
  const count = chance(rng, 0.6) ? 0 : int(rng, 1, chance(rng, 0.1) ? 6 : 3);
  const used: string[] = [];
  for (let n = 0; n < count; n += 1) {
    let name = pick(rng, ATTRIBUTE_NAMES);
    if (used.includes(name) && !chance(rng, style.quirks)) continue;
    used.push(name);
    if (chance(rng, style.quirks / 4)) name = pick(rng, ODD_NAMES);
    const quote = chance(rng, 0.85) ? '"' : "'";
    const space = chance(rng, 0.9) ? ' ' : pick(rng, ['\n', '\t', '  ', '\r\n', ' \n ']);
    const equals = chance(rng, 0.95) ? '=' : pick(rng, [' = ', '=\n', ' =']);
    const value = chance(rng, 0.3) ? '' : text(rng, style, quote);
    out += chance(rng, style.quirks / 4) ? `${name}${equals}${quote}${value}${quote}` : `${space}${name}${equals}${quote}${value}${quote}`;
  }
  if (chance(rng, 0.05)) out += pick(rng, [' ', '\n', '\t']);
  return out;
}

function element(rng: Rng, style: Style, depth: number, options: { siblings?: number }): string {
  const name = tagName(rng, style);
  const open = `<${name}${attributes(rng, style)}`;
  if (options.siblings === undefined && chance(rng, depth === 1 ? 0.03 : 0.2)) return `${open}${chance(rng, 0.9) ? '/>' : ' />'}`;
  const indent = style.pretty ? style.newline + '  '.repeat(depth) : '';
  let inner = '';
  const childCount = options.siblings ?? (depth > 6 || chance(rng, 0.4) ? 0 : int(rng, 1, chance(rng, 0.1) ? 12 : 4));
  if (childCount === 0) inner = chance(rng, 0.15) ? '' : text(rng, style);
  const repeated = tagName(rng, style);
  for (let n = 0; n < childCount; n += 1) {
    if (chance(rng, 0.1)) inner += text(rng, style);
    if (chance(rng, style.quirks / 2)) inner += pick(rng, MARKUP);
    inner += indent + (options.siblings !== undefined || chance(rng, 0.4) ? `<${repeated}>${text(rng, style)}</${repeated}>` : element(rng, style, depth + 1, {}));
  }
  if (childCount > 0 && style.pretty) inner += style.newline + '  '.repeat(depth - 1);
  const close = chance(rng, 0.05) ? pick(rng, [' ', '\n', '\t ']) : '';
  return `${open}>${inner}</${name}${close}>`;
}

/** Nested elements `depth` deep, around fast-xml-parser's limit of 100. */
function chain(rng: Rng, style: Style, depth: number): string {
  const names = Array.from({ length: depth }, () => (chance(rng, 0.8) ? 'a' : tagName(rng, style)));
  const middle = chance(rng, 0.5) ? text(rng, style) : '<leaf/>';
  return names.map((name) => `<${name}>`).join('') + middle + names.reverse().map((name) => `</${name}>`).join('');
}

function mutate(rng: Rng, text: string): string {
  let out = text;
  for (let n = int(rng, 1, 3); n > 0; n -= 1) {
    const at = int(rng, 0, out.length);
    const roll = rng();
    if (roll < 0.35) out = out.slice(0, at) + pick(rng, MUTATIONS) + out.slice(at);
    else if (roll < 0.6) out = out.slice(0, at) + out.slice(at + int(rng, 1, 4));
    else if (roll < 0.85) out = out.slice(0, at) + pick(rng, MUTATIONS) + out.slice(at + 1);
    else {
      const from = int(rng, 0, out.length);
      out = out.slice(0, at) + out.slice(from, from + int(rng, 1, 20)) + out.slice(at);
    }
  }
  return out;
}
