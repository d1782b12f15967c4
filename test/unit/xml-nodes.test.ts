import { describe, expect, it } from 'vitest';
import { asArray, attributeOf, childOf, childText, deepText, elements, findElement, isElement, textOf } from '../../src/xml/nodes.js';
import { parseXml, type XmlNode } from '../../src/xml/parser.js';

const doc = parseXml(
  '<batch code="B1" count="2"><Batch-Url>https://x/1</Batch-Url><item id="1"><name>Paris</name></item><item id="2"><name>Lyon</name><note/></item><status>done</status><title lang="en">Hi</title></batch>',
).batch as XmlNode;

describe('reading parsed XML', () => {
  it('tells elements from text, lists, null and bytes', () => {
    expect([isElement({}), isElement({ a: '1' }), isElement('text'), isElement(['a']), isElement(undefined)]).toEqual([true, true, false, false, false]);
    expect(isElement(null as unknown as XmlNode)).toBe(false);
    expect(isElement(Buffer.from('<a/>') as unknown as XmlNode)).toBe(false);
  });

  it('gives a list whatever the number of elements, and none for an absent or empty one', () => {
    expect(asArray(childOf(doc, 'item'))).toHaveLength(2);
    expect(asArray(childOf(doc, 'status'))).toEqual(['done']);
    expect(asArray(childOf(doc, 'title'))).toEqual([{ '#text': 'Hi', '@_lang': 'en' }]);
    expect(asArray(undefined)).toEqual([]);
    expect(asArray('')).toEqual([]);
  });

  it("reads an element's own text, not its children's", () => {
    expect(textOf(childOf(doc, 'status'))).toBe('done');
    expect(textOf(childOf(doc, 'title'))).toBe('Hi');
    expect(textOf(doc)).toBeUndefined();
    expect(textOf({ '#text': ['a'] })).toBeUndefined();
    expect(textOf(['a'])).toBeUndefined();
    expect(textOf(undefined)).toBeUndefined();
    expect(childText(doc, 'STATUS')).toBe('done');
    expect(childText(childOf(doc, 'item'), 'name')).toBeUndefined();
    expect(childText({ empty: '' }, 'empty')).toBeUndefined();
    expect(childText('text', 'empty')).toBeUndefined();
  });

  it('joins all text inside an element in document order, without attributes, empty elements or non-text values', () => {
    expect(deepText(doc)).toBe('https://x/1 Paris Lyon done Hi');
    expect(deepText({ a: ['x', '', 'y'], '@_b': 'attr', c: 3 as unknown as XmlNode, d: null as unknown as XmlNode, e: Buffer.from('z') as unknown as XmlNode })).toBe('x y');
    expect(deepText('plain')).toBe('plain');
    expect(deepText(undefined)).toBe('');
  });

  it('walks a body nested far deeper than the call stack allows', () => {
    let deep: XmlNode = 'bottom';
    for (let i = 0; i < 200_000; i += 1) deep = { n: deep };
    expect(deepText(deep)).toBe('bottom');
  });

  it('finds a child by its exact name, else by a name differing only in case, unless told to be exact', () => {
    expect(childOf(doc, 'Batch-Url')).toBe('https://x/1');
    expect(childOf(doc, 'Batch-URL')).toBe('https://x/1');
    expect(childOf(doc, 'Batch-URL', true)).toBeUndefined();
    expect(childOf({ abcd: '1', Name: '2' }, 'name')).toBe('2');
    expect(childOf({ abcd: '1' }, 'name')).toBeUndefined();
    expect(childOf({ name: 'lower', Name: 'upper' }, 'Name')).toBe('upper');
    expect(childOf('text', 'name')).toBeUndefined();
  });

  it('reads attributes by their XML name', () => {
    expect(attributeOf(doc, 'code')).toBe('B1');
    expect(attributeOf(doc, 'missing')).toBeUndefined();
    expect(attributeOf({ '@_x': { y: '1' } }, 'x')).toBeUndefined();
    expect(attributeOf('text', 'code')).toBeUndefined();
    expect(elements(doc, 'item').map((item) => attributeOf(item, 'id'))).toEqual(['1', '2']);
  });

  it('lists the elements at the end of a path, skipping text-only matches', () => {
    expect(elements({ batch: doc }, 'batch', 'item')).toHaveLength(2);
    expect(elements(doc, 'item', 'name')).toEqual([]);
    expect(elements(doc, 'title')).toEqual([{ '#text': 'Hi', '@_lang': 'en' }]);
    expect(elements(doc, 'status')).toEqual([]);
    expect(elements(doc, 'missing', 'item')).toEqual([]);
    expect(elements(undefined, 'item')).toEqual([]);
  });
});

describe('findElement', () => {
  const nest = (levels: number, inner: XmlNode): XmlNode => (levels === 0 ? inner : { w: nest(levels - 1, inner) });

  it('finds the shallowest match first, breadth-first', () => {
    const tree = { a: { b: { Target: 'deep' } }, c: { Target: 'shallow' } };
    expect(findElement(tree, 'Target')).toBe('shallow');
  });

  it('searches no deeper than maxDepth levels (6 unless told)', () => {
    expect(findElement(nest(6, { Target: 'x' }), 'Target')).toBe('x');
    expect(findElement(nest(7, { Target: 'x' }), 'Target')).toBeUndefined();
    expect(findElement(nest(2, { Target: 'x' }), 'Target', 2)).toBe('x');
    expect(findElement(nest(3, { Target: 'x' }), 'Target', 2)).toBeUndefined();
  });

  it('looks inside lists, matches the case only when exact, and finds nothing in nothing', () => {
    expect(findElement({ list: [{ a: '1' }, { Target: 'in list' }] }, 'Target')).toBe('in list');
    expect(findElement({ target: 'lower' }, 'Target')).toBe('lower');
    expect(findElement({ target: 'lower' }, 'Target', 6, true)).toBeUndefined();
    expect(findElement(undefined, 'Target')).toBeUndefined();
    expect(findElement('text', 'Target')).toBeUndefined();
  });
});
