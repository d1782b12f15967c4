import { childOf, isElement, textOf, type XmlElement } from '../xml/nodes.js';
import { parseXml, XmlParseFailure, type XmlNode } from '../xml/parser.js';
import { SimHttpError, type SimRequest } from './http-types.js';

/** How strictly a request document's namespace is checked. */
export interface NamespaceRule {
  /** The namespace the service documents. */
  namespace?: string;
  /** Refuse a document without it (User v1: users hit errors until it was documented). */
  required?: boolean;
}

/**
 * The namespace of the document's root element. The SDK's parser drops namespace declarations
 * with the prefixes, so it is read from the root's start tag: the default `xmlns`, or the
 * `xmlns:p` of the root's own prefix `p`.
 */
function rootNamespace(text: string, root: string): string | undefined {
  const escaped = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = new RegExp(`<(?:([A-Za-z_][\\w.-]*):)?${escaped}(?=[\\s/>])([^>]*)>`).exec(text);
  if (start === null) return undefined;
  const attribute = start[1] === undefined ? 'xmlns' : `xmlns:${start[1]}`;
  const declared = new RegExp(`\\s${attribute.replace(/\./g, '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(start[2] ?? '');
  return declared === null ? undefined : (declared[1] ?? declared[2]);
}

/** The largest batch the legacy services take (HTTP codes page). */
const MAX_BATCH_ITEMS = 1000;

/**
 * Parses a request's XML body and returns its root element (element names are case-sensitive,
 * as the attendee page says). Malformed XML, a missing root and a wrong namespace answer 400.
 */
export function readXmlBody(request: SimRequest, root: string, rule: NamespaceRule = {}, missingRootMessage?: string): XmlElement {
  const text = request.body.toString('utf8');
  if (text.trim() === '') throw new SimHttpError(400, `The request body is empty; a <${root}> document is required.`);
  let document: Record<string, XmlNode>;
  try {
    document = parseXml(text, { strict: true });
  } catch (error) {
    const detail = error instanceof XmlParseFailure ? error.message : 'malformed XML';
    throw new SimHttpError(400, `The request is not formatted correctly: ${detail}`);
  }
  const node = childOf(document, root, true);
  if (node === undefined) throw new SimHttpError(400, missingRootMessage ?? `The request has no <${root}> element.`);
  const element: XmlElement = isElement(node) ? node : {};
  const namespace = rootNamespace(text, root);
  if (rule.namespace !== undefined) {
    if (namespace === undefined && rule.required === true) {
      throw new SimHttpError(400, `The <${root}> element must be in the namespace ${rule.namespace}.`);
    }
    if (namespace !== undefined && namespace !== rule.namespace) {
      throw new SimHttpError(400, `The namespace ${namespace} is not valid here; use ${rule.namespace}.`);
    }
  }
  return element;
}

/** The repeated children called `name`; an empty one (`<item/>`) counts as an item with no fields. */
export function itemsOf(root: XmlElement, name: string): XmlElement[] {
  const node = childOf(root, name, true);
  if (node === undefined) return [];
  const list = Array.isArray(node) ? node : [node];
  return list.map((item) => (isElement(item) ? item : {}));
}

/**
 * Text of the first of `names` present on the item (exact names, so both documented spellings
 * can be accepted, e.g. `LoginId` and `LoginID`). `''` for an empty element, undefined if absent.
 */
export function field(item: XmlNode, ...names: string[]): string | undefined {
  for (const name of names) {
    const node = childOf(item, name, true);
    if (node === undefined) continue;
    const first = Array.isArray(node) ? node[0] : node;
    return textOf(first) ?? '';
  }
  return undefined;
}

/**
 * Concur's batch size rule: 0 items or more than 1000 is a 400 with the HTTP codes page's wording,
 * e.g. "The request contains over 1000 list items."
 */
export function checkBatchSize(count: number, noun: string): void {
  if (count === 0) throw new SimHttpError(400, `The request contains 0 ${noun}.`);
  if (count > MAX_BATCH_ITEMS) throw new SimHttpError(400, `The request contains over ${MAX_BATCH_ITEMS} ${noun}.`);
}

/** Only the first 10 item errors are listed in a batch result (reference §12). */
export const MAX_LISTED_ERRORS = 10;
