import { ATTRIBUTE_PREFIX, TEXT_KEY, type XmlNode } from './parser.js';

/** An element with children or attributes (not a bare text value, not a list). */
export type XmlElement = { [name: string]: XmlNode };

/**
 * True for an element object (children or attributes), false for text and lists. A Buffer (the
 * body of a 2xx answered as bytes) is not one: reading it as an element would list every byte
 * as a key, which costs seconds and hundreds of MB for a body of a few MB.
 */
export function isElement(node: XmlNode | undefined): node is XmlElement {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !ArrayBuffer.isView(node);
}

/** A repeated element is an array, a single one is not: always get an array. */
export function asArray(node: XmlNode | undefined): XmlNode[] {
  if (node === undefined || node === '') return [];
  return Array.isArray(node) ? node : [node];
}

/** The text of an element (its own text, not its children's), or undefined when it has none. */
export function textOf(node: XmlNode | undefined): string | undefined {
  if (typeof node === 'string') return node;
  if (isElement(node)) {
    const text = node[TEXT_KEY];
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

/**
 * All text inside an element and its descendants, joined with spaces. Walked with a stack rather
 * than by recursion, so a body nested a million levels deep (JSON has no nesting limit) cannot
 * overflow the call stack; values that are not text (JSON numbers, `null`) are skipped.
 */
export function deepText(node: XmlNode | undefined): string {
  const parts: string[] = [];
  const pending: unknown[] = [node];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (current !== '') parts.push(current);
      continue;
    }
    if (typeof current !== 'object' || current === null || ArrayBuffer.isView(current)) continue;
    const children = Array.isArray(current)
      ? current
      : Object.entries(current)
          .filter(([key]) => !key.startsWith(ATTRIBUTE_PREFIX))
          .map(([, child]) => child as unknown);
    // Pushed last child first, so the text comes out in document order.
    for (let i = children.length - 1; i >= 0; i -= 1) pending.push(children[i]);
  }
  return parts.join(' ');
}

/**
 * Child of `element` called `name`; unless `exact`, a child whose name differs only in case also
 * matches (Concur varies `Batch-URL` / `Batch-Url`).
 */
export function childOf(element: XmlNode | undefined, name: string, exact = false): XmlNode | undefined {
  if (!isElement(element)) return undefined;
  if (Object.hasOwn(element, name)) return element[name];
  if (exact) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(element)) {
    // Comparing lengths first keeps a miss on an absent optional child cheap.
    if (key.length === wanted.length && key.toLowerCase() === wanted) return element[key];
  }
  return undefined;
}

/** Text of the child `name` (case-insensitive), or undefined when absent or empty. */
export function childText(element: XmlNode | undefined, name: string): string | undefined {
  const text = textOf(childOf(element, name));
  return text === '' ? undefined : text;
}

/** An attribute value by its XML name (prefix removed), or undefined. */
export function attributeOf(element: XmlNode | undefined, name: string): string | undefined {
  if (!isElement(element)) return undefined;
  const value = element[ATTRIBUTE_PREFIX + name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Breadth-first search for the first element called `name` (case-insensitive unless `exact`), no
 * deeper than `maxDepth` levels, so hostile nesting cannot make it slow.
 */
export function findElement(root: XmlNode | undefined, name: string, maxDepth = 6, exact = false): XmlNode | undefined {
  let level: XmlNode[] = root === undefined ? [] : [root];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth += 1) {
    const next: XmlNode[] = [];
    for (const node of level) {
      if (Array.isArray(node)) {
        next.push(...node);
        continue;
      }
      const found = childOf(node, name, exact);
      if (found !== undefined) return found;
      if (isElement(node)) next.push(...Object.values(node));
    }
    level = next;
  }
  return undefined;
}

/**
 * The elements at the end of a path of child names, as an array whatever their number:
 * `elements(root, 'errors', 'error')`. Text-only matches are skipped.
 */
export function elements(node: XmlNode | undefined, ...names: string[]): XmlElement[] {
  let level: XmlNode[] = node === undefined ? [] : [node];
  for (const name of names) level = level.flatMap((parent) => asArray(childOf(parent, name)));
  return level.filter(isElement);
}
