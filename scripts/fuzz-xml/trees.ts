import { chance, int, pick, type Rng } from './random.js';

/**
 * Seeded request trees for the writer's differential test: List Item, SOAP and OTA shapes, with
 * values to escape or refuse, absent members, numbers of every kind, attribute and `#text` keys in
 * odd places, prototype names, processing-instruction keys, nesting around the builder's limit of
 * 100, and values no typed caller passes (functions, dates, class instances, null prototypes).
 */

export interface GeneratedTree {
  /** `buildXml(root, content, { namespace })` when set, else `buildXmlDocument(tree)`. */
  root?: string;
  namespace?: string;
  tree: Record<string, unknown>;
}

const KEYS = [
  'list-item', 'name', 'level1code', 'level2code', 'start-date', 'end-date', 'Id', 'Message', 'soap:Body',
  'OTA_HotelResNotifRQ', 'a', 'b', 'c', 'item', '@_xmlns', '@_xmlns:i', '@_i:nil', '@_Code', '@_id', '#text',
];
const ODD_KEYS = [
  '@_', '?xml', '?pi', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '0', '1', '10',
  'a b', 'a<b', '@_a b', '@_"', '#text2', '@@_x', ':@', '-1', '1.5', '\u00e9',
];
const STRINGS = [
  'Paris', 'R42', 'Cost centre 12', '', ' ', '  padded  ', 'a & b', '<tag>', 'a</name><x>', ']]>', '"quoted"', "it's",
  '&amp;', '&#65;', 'tab\there', 'line\nbreak', 'cr\rlf\r\n', '😀', 'é', '中文', '\u00A0', '\uFEFF', '\u2028',
];
const BAD_STRINGS = ['\u0000', 'a\u0001b', '\u0008', '\u000B', '\u000C', '\u001F', '\uFFFE', '\uFFFF', '\uD800', 'x\uDC00', '\uDBFF\uDBFF'];
const NUMBERS = [0, -0, 1, 42, -7, 1.5, 0.1, 1e21, -1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER];

/** One generated tree. */
export function generateTree(rng: Rng): GeneratedTree {
  const quirks = rng() * 0.1;
  const roll = rng();
  if (roll < 0.3) return listItemBatch(rng, quirks);
  const deep = chance(rng, 0.02);
  const content = deep ? deepChain(rng, int(rng, 95, 105)) : object(rng, quirks, 1);
  if (roll < 0.65) {
    const generated: GeneratedTree = { root: chance(rng, 0.9) ? pick(rng, KEYS.slice(0, 12)) : pick(rng, ODD_KEYS), tree: content };
    if (chance(rng, 0.5)) generated.namespace = chance(rng, 0.9) ? 'urn:x' : pick(rng, STRINGS);
    return generated;
  }
  const tree: Record<string, unknown> = {};
  for (let n = chance(rng, 0.9) ? 1 : int(rng, 0, 3); n > 0; n -= 1) tree[key(rng, quirks)] = chance(rng, 0.8) ? content : value(rng, quirks, 1);
  return { tree };
}

function listItemBatch(rng: Rng, quirks: number): GeneratedTree {
  const items = Array.from({ length: int(rng, 0, 30) }, () => {
    const item: Record<string, unknown> = { name: string(rng, quirks), level1code: `R${int(rng, 0, 96)}` };
    if (chance(rng, 0.5)) item['level2code'] = chance(rng, 0.2) ? undefined : `CC${int(rng, 0, 999)}`;
    if (chance(rng, 0.25)) Object.assign(item, { 'start-date': '2024-01-01', 'end-date': null });
    return item;
  });
  return { root: 'list-item-batch', namespace: 'http://www.concursolutions.com/api/expense/list/2010/02', tree: { 'list-item': items } };
}

function key(rng: Rng, quirks: number): string {
  return chance(rng, quirks) ? pick(rng, ODD_KEYS) : pick(rng, KEYS);
}

function string(rng: Rng, quirks: number): string {
  if (chance(rng, quirks / 2)) return pick(rng, STRINGS) + pick(rng, BAD_STRINGS);
  let out = '';
  for (let n = int(rng, 1, 3); n > 0; n -= 1) out += chance(rng, 0.95) ? pick(rng, STRINGS) : String.fromCharCode(int(rng, 0, 0xffff));
  return out;
}

function value(rng: Rng, quirks: number, depth: number): unknown {
  const roll = rng();
  if (roll < 0.45) return string(rng, quirks);
  if (roll < 0.53) return pick(rng, NUMBERS);
  if (roll < 0.56) return chance(rng, 0.5);
  if (roll < 0.62) return chance(rng, 0.5) ? undefined : null;
  if (roll < 0.62 + quirks) return oddValue(rng);
  if (depth > 5) return string(rng, quirks);
  if (roll < 0.8) return object(rng, quirks, depth + 1);
  const list: unknown[] = [];
  for (let n = int(rng, 0, 4); n > 0; n -= 1) list.push(chance(rng, 0.1) ? undefined : value(rng, quirks, depth + 1));
  if (chance(rng, quirks)) list.length += 2; // holes
  return list;
}

function object(rng: Rng, quirks: number, depth: number): Record<string, unknown> {
  const node: Record<string, unknown> = chance(rng, quirks / 4) ? (Object.create(null) as Record<string, unknown>) : {};
  for (let n = int(rng, 0, 5); n > 0; n -= 1) {
    const name = key(rng, quirks);
    const child = name.startsWith('@_') || name === '#text' ? (chance(rng, 0.9) ? pick(rng, [string(rng, quirks), pick(rng, NUMBERS)]) : value(rng, quirks, depth)) : value(rng, quirks, depth);
    // An own `__proto__` key, as JSON.parse or a computed key makes one.
    Object.defineProperty(node, name, { value: child, enumerable: true, writable: true, configurable: true });
  }
  return node;
}

/** Values a typed caller never passes; the SDK must still behave exactly as before. */
function oddValue(rng: Rng): unknown {
  switch (int(rng, 0, 7)) {
    case 0:
      return new Date(0);
    case 1:
      return () => 'source';
    case 2:
      return 10n;
    case 3:
      return new (class Item {
        name = 'x';
      })();
    case 4:
      return Object.create({ inherited: 'y' }, { own: { value: 'z', enumerable: true } }) as unknown;
    case 5:
      return [['nested'], 'flat'];
    case 6:
      return new String('boxed');
    default:
      return Symbol('s');
  }
}

function deepChain(rng: Rng, depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = chance(rng, 0.5) ? {} : { leaf: 'x' };
  for (let n = 0; n < depth; n += 1) node = { a: node };
  return node;
}
