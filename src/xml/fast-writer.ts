import { escapeValue, NOT_XML_CHARACTER, SPECIAL } from './xml-chars.js';

/**
 * The SDK's own serialiser for request bodies: one walk that drops absent members, escapes and
 * checks each value (as builder.ts `prune` does) and writes the string fast-xml-parser's builder
 * writes with the options in builder.ts. It covers plain trees: plain objects, arrays of text or
 * objects, strings, finite or not numbers, booleans. It declines (returns undefined) whatever
 * fast-xml-parser's builder treats in its own way, and every case where the reference path
 * throws, so that path runs and throws its own error:
 * - a value XML cannot carry (prune's ConcurValidationError);
 * - nesting of 100 elements or more (the builder's "Maximum nested tags exceeded");
 * - keys starting with `?` (processing instructions), the bare key `@_`, an attribute or `#text`
 *   key holding an object or a list (the builder writes those as elements), lists inside lists;
 * - an own `__proto__` key, inherited enumerable members, class instances, functions, symbols,
 *   bigints (prune and the builder disagree on those, or the builder writes source text).
 * `npm run fuzz:xml` compares this writer with the reference on generated trees.
 */

const MAX_DEPTH = 100;

// Preallocated and not an Error: declining costs no stack trace.
const DECLINE = { declined: true } as const;

const OBJECT_PROTOTYPE = Object.prototype;
const TEXT_KEY_NAME = '#text';
const ARRAY_PROTOTYPE = Array.prototype;

// The attributes of the element being written, handed from `content` to its caller.
let attributeText = '';

/**
 * The document body for `tree` (the part after the XML declaration), or undefined when the tree
 * is outside what this writer covers.
 */
export function writeXmlTree(tree: object): string | undefined {
  try {
    // A `#text` on Object.prototype (pollution) would change what the builder writes.
    if (!isPlainObject(tree) || TEXT_KEY_NAME in OBJECT_PROTOTYPE) return undefined;
    // Attributes of the top level have no element to go on; the builder drops them.
    return content(tree as Record<string, unknown>, 0);
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  } finally /* Stryker disable next-line BlockStatement: only drops a stale value; every element's attributes are set by content before they are read */ {
    attributeText = '';
  }
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === OBJECT_PROTOTYPE || prototype === null;
}

/** A text, number or boolean as the builder writes it, or DECLINE for anything else. */
function textOf(value: unknown): string {
  if (typeof value === 'string') {
    if (!SPECIAL.test(value)) return value;
    if (NOT_XML_CHARACTER.test(value)) throw DECLINE;
    return escapeValue(value);
  }
  // The builder keeps the sign of -0 (fast-xml-builder's valToStr).
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw DECLINE;
}

/** The child elements and text of `node`; its attributes are left in `attributeText`. */
function content(node: Record<string, unknown>, depth: number): string {
  if (depth >= MAX_DEPTH) throw DECLINE;
  let attributes = '';
  let body = '';
  for (const key in node) {
    if (!Object.hasOwn(node, key) || key === '__proto__') throw DECLINE;
    const value = node[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object') {
      const text = textOf(value);
      if (key.startsWith('@_')) {
        if (key.length === 2) throw DECLINE;
        // Escaped text holds no quote, so the builder's attribute escaping changes nothing.
        attributes += ` ${key.slice(2)}="${text}"`;
      } else if (key === '#text') body += text;
      else body += element(key, text);
      continue;
    }
    if (key.startsWith('@_') || key === '#text') throw DECLINE;
    if (!Array.isArray(value)) {
      body += objectElement(key, value, depth);
      continue;
    }
    if (Object.getPrototypeOf(value) !== ARRAY_PROTOTYPE) throw DECLINE;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === undefined || item === null) continue;
      // A list inside a list is no plain object: objectElement declines it.
      if (typeof item !== 'object') body += element(key, textOf(item));
      else body += objectElement(key, item, depth);
    }
  }
  attributeText = attributes;
  return body;
}

function element(key: string, text: string): string {
  if (key.charCodeAt(0) === 63) throw DECLINE; // `?name`: a processing instruction to the builder
  return `<${key}>${text}</${key}>`;
}

function objectElement(key: string, value: object, depth: number): string {
  if (key.charCodeAt(0) === 63 || !isPlainObject(value)) throw DECLINE;
  const body = content(value as Record<string, unknown>, depth + 1);
  return `<${key}${attributeText}>${body}</${key}>`;
}
