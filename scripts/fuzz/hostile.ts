import type { Random } from './random.js';

// Hostile XML fragments: what a broken or malicious server could put in a document. Each
// function returns text to splice into (or put in front of) a valid document.

/** Names that reach JavaScript's object machinery if a reader uses them as keys unguarded. */
export const HOSTILE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'x:__proto__',
  '__proto__:x',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '#text',
  '@_id',
  'Error',
  'list',
  'list-item',
  'errors',
  'a'.repeat(300),
  '1abc',
  'a:b:c',
  'xmlns',
];

/** `<name>`, `<name/>`, `<name attr="…">text</name>` or an unclosed tag, with a hostile name. */
export function hostileElement(rng: Random): string {
  const name = rng.pick(HOSTILE_NAMES);
  return rng.choose([
    [30, () => `<${name}>${rng.pick(['x', '', 'polluted', '<a>1</a>'])}</${name}>`],
    [20, () => `<${name}/>`],
    [15, () => `<${name} ${rng.pick(HOSTILE_NAMES)}="polluted">v</${name}>`],
    [10, () => `<${name}><${rng.pick(HOSTILE_NAMES)}>deep</${rng.pick(HOSTILE_NAMES)}></${name}>`],
    [10, () => `<${name}>`],
    [10, () => `</${name}>`],
    [5, () => `<${name} xmlns:${rng.pick(['__proto__', 'constructor', 'x'])}="urn:x">y</${name}>`],
  ]);
}

/** An attribute with a hostile name, to put inside a start tag. */
export function hostileAttribute(rng: Random): string {
  return rng.choose([
    [40, () => ` ${rng.pick(['__proto__', 'constructor', 'prototype', 'toString'])}="polluted"`],
    [15, () => ` xmlns:${rng.pick(['__proto__', 'constructor', 'i'])}="urn:x"`],
    [15, () => ' xmlns=""'],
    [10, () => ' a="1" a="2"'],
    [10, () => ` ${Array.from({ length: rng.int(100, 5000) }, (_, i) => `a${i}="${i}"`).join(' ')}`],
    [10, () => ' noValue'],
  ]);
}

/** `<a><a>…</a></a>`: `depth` levels (10,000 by default), closed or left open. */
export function deepNesting(rng: Random): string {
  const depth = rng.choose([
    [50, () => 10_000],
    [25, () => rng.int(90, 200)],
    [15, () => rng.int(1000, 50_000)],
    [10, () => 200_000],
  ]);
  const name = rng.pick(['a', 'list', 'list-item', 'Error', 'x:y']);
  const closed = rng.chance(0.7);
  return `<${name}>`.repeat(depth) + 'deep' + (closed ? `</${name}>`.repeat(depth) : '');
}

/** A DOCTYPE that declares an entity bomb, and the reference that expands it. */
export function entityBomb(rng: Random, root: string): { prolog: string; reference: string } {
  const levels = rng.int(3, 10);
  const width = rng.int(2, 10);
  const entities = [`<!ENTITY lol0 "${rng.pick(['lol', 'a'.repeat(1000), '&#38;', '<x/>'])}">`];
  for (let i = 1; i <= levels; i += 1) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(width)}">`);
  return { prolog: `<!DOCTYPE ${root} [${entities.join('')}]>`, reference: `&lol${levels};` };
}

/** A DOCTYPE of another kind: external entities, parameter entities, markup in entities, HTML. */
export function doctype(rng: Random, root: string): { prolog: string; reference: string } {
  return rng.choose<{ prolog: string; reference: string }>([
    [20, () => ({ prolog: `<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`, reference: '&xxe;' })],
    [10, () => ({ prolog: `<!DOCTYPE ${root} SYSTEM "http://127.0.0.1:9/evil.dtd">`, reference: '' })],
    [10, () => ({ prolog: `<!DOCTYPE ${root} [<!ENTITY % p "<!ENTITY q 'x'>"> %p;]>`, reference: '&q;' })],
    [10, () => ({ prolog: `<!DOCTYPE ${root} [<!ENTITY e "<list><name>injected</name></list>">]>`, reference: '&e;' })],
    [10, () => ({ prolog: `<!DOCTYPE ${root} [<!ENTITY __proto__ "polluted"><!ENTITY constructor "c">]>`, reference: '&__proto__;&constructor;' })],
    [10, () => ({ prolog: `<!DOCTYPE ${root} [<!ENTITY big "${'x'.repeat(rng.int(5000, 200_000))}">]>`, reference: '&big;'.repeat(rng.int(1, 50)) })],
    [10, () => ({ prolog: '<!DOCTYPE html>', reference: '' })],
    [10, () => ({ prolog: `<!DOCTYPE ${root} [<!ENTITY a "&b;"><!ENTITY b "&a;">]>`, reference: '&a;' })],
    [5, () => ({ prolog: `<!DOCTYPE ${root} [<!ELEMENT ${root} ANY><!ATTLIST ${root} x CDATA "d">]>`, reference: '' })],
    [5, () => ({ prolog: `<!DOCTYPE ${root} [`, reference: '' })],
  ]);
}

/** A numeric or named character reference XML forbids or a reader may mishandle. */
export function characterReference(rng: Random): string {
  return rng.pick(['&#0;', '&#xD800;', '&#xDFFF;', '&#x110000;', '&#99999999999999;', '&#x;', '&#;', '&unknown;', '&lt', '&#x1F600;', '&#65;', '&amp;amp;', '&#x26;#x26;', '&nbsp;', '&#8232;', '&#xFFFE;']);
}

/** CDATA sections, including markup and a section end inside. */
export function cdata(rng: Random): string {
  return rng.pick(['<![CDATA[x]]>', '<![CDATA[<list><name>in cdata</name></list>]]>', '<![CDATA[]]]]><![CDATA[>]]>', '<![CDATA[unterminated', '<![CDATA[&amp;]]>', `<![CDATA[${'c'.repeat(100_000)}]]>`]);
}

/** Comments and processing instructions, well-formed or not. */
export function commentOrInstruction(rng: Random): string {
  return rng.pick([
    '<!-- a comment -->',
    '<!-- -- double dash -->',
    '<!-- unterminated',
    '<?pi data?>',
    '<?xml version="1.0"?>',
    '<?xml-stylesheet href="x"?>',
    '<?pi unterminated',
    `<!--${'-'.repeat(10_000)}-->`,
    '<!-->',
  ]);
}

/** Bytes that are not valid UTF-8: stray continuation bytes, overlong forms, surrogates, 0xFF. */
export function invalidUtf8(rng: Random): Buffer {
  return Buffer.from(rng.pick([[0xc3, 0x28], [0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xe2, 0x82], [0x00]]));
}
