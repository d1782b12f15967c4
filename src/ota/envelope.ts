import { boundedText } from '../errors/redact.js';
import { childOf, isElement, type XmlElement } from '../xml/nodes.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY, XmlParseFailure, parseXml, type XmlNode } from '../xml/parser.js';

/**
 * Largest supplier response `parseOtaResponse` reads, in characters, unless told otherwise.
 * A hotel search answer with many properties stays well below it.
 */
export const DEFAULT_MAX_OTA_CHARS = 5 * 1024 * 1024;

/**
 * Where the OTA message sat: in `soap:Body` (seed 002), directly in the Envelope without a Body
 * (seed 001's example), or as the document's root with no envelope.
 *
 * @internal
 */
export type OtaDocumentShape = 'soap' | 'soap-without-body' | 'bare';

/** The OTA message element found in a document. @internal */
export interface LocatedMessage {
  /** Local name, e.g. `OTA_HotelSearchRS`. */
  name: string;
  /** The element; an empty string for `<OTA_X/>`. */
  element: XmlNode;
  shape: OtaDocumentShape;
}

/** @internal */
export type ReadResult = { ok: true; message: LocatedMessage } | { ok: false; problem: string };

/** Names of an element's child elements, in document order (attributes and text left out). */
export function elementNames(node: XmlNode | undefined): string[] {
  if (!isElement(node)) return [];
  return Object.keys(node).filter((key) => key !== TEXT_KEY && !key.startsWith(ATTRIBUTE_PREFIX));
}

/** The first of a repeated element, or the element itself. */
export function firstOf(node: XmlNode | undefined): XmlNode | undefined {
  return Array.isArray(node) ? node[0] : node;
}

/** An element's attributes without the parser's prefix, as a plain object safe for any name. */
export function attributesOf(node: XmlNode | undefined): Record<string, string> {
  if (!isElement(node)) return {};
  // Object.fromEntries defines own properties, so an attribute called `__proto__` stays data.
  return Object.fromEntries(
    Object.entries(node)
      .filter((pair): pair is [string, string] => pair[0].startsWith(ATTRIBUTE_PREFIX) && typeof pair[1] === 'string')
      .map(([key, value]) => [key.slice(ATTRIBUTE_PREFIX.length), value]),
  );
}

/** An element's child elements without attributes or text. */
export function childElementsOf(node: XmlNode | undefined): XmlElement {
  if (!isElement(node)) return {};
  return Object.fromEntries(elementNames(node).map((name) => [name, node[name] as XmlNode]));
}

function locate(tree: Record<string, XmlNode>): ReadResult {
  const roots = elementNames(tree);
  const rootName = roots[0];
  if (rootName === undefined) return { ok: false, problem: 'the document has no root element' };
  if (roots.length > 1) return { ok: false, problem: `the document has ${roots.length} root elements` };
  const root = tree[rootName] as XmlNode;
  // An HTML page (a proxy's error or login page) parses as XML often enough to need its own answer.
  if (rootName.toLowerCase() === 'html') return { ok: false, problem: 'the response is an HTML page, not an OTA message' };
  if (rootName !== 'Envelope') return { ok: true, message: { name: rootName, element: root, shape: 'bare' } };

  const body = firstOf(childOf(root, 'Body'));
  if (body !== undefined) {
    const name = elementNames(body)[0];
    if (name === undefined || !isElement(body)) return { ok: false, problem: 'the SOAP Body is empty' };
    return { ok: true, message: { name, element: firstOf(body[name]) ?? '', shape: 'soap' } };
  }
  // Seed 001's example has the OTA message directly inside the Envelope, after the Header, with no
  // Body. Read tolerantly: the first child that is not the Header is the message.
  const name = elementNames(root).find((child) => child.toLowerCase() !== 'header');
  if (name === undefined || !isElement(root)) return { ok: false, problem: 'the SOAP Envelope holds no Body and no OTA message' };
  return { ok: true, message: { name, element: firstOf(root[name]) ?? '', shape: 'soap-without-body' } };
}

/**
 * Parses a supplier's document with the SDK's safe XML settings and finds its OTA message. Never
 * throws: every failure, including a parser crash on hostile input, becomes a `problem`.
 *
 * @internal
 */
export function readOtaDocument(xml: unknown, maxChars: number): ReadResult {
  if (typeof xml !== 'string') return { ok: false, problem: `the response body is ${xml === undefined ? 'missing' : 'not text'}` };
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, problem: 'the response body is empty' };
  let tree: Record<string, XmlNode>;
  try {
    tree = parseXml(text, { strict: true, maxChars });
  } catch (error) {
    const reason = error instanceof XmlParseFailure ? error.message : `the XML parser failed (${error instanceof Error ? error.name : 'unknown error'})`;
    return { ok: false, problem: boundedText(reason, [], 300) };
  }
  return locate(tree);
}
