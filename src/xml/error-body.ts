import { childOf, deepText, findElement, isElement } from './nodes.js';
import { parseXml, type XmlNode } from './parser.js';

/** Concur's error fields, as far as the body carried them. */
export interface ConcurErrorBody {
  /** `Message`: the error message. */
  message?: string;
  /** `Server-Time`: when the error was generated, in the server's time zone. */
  serverTime?: string;
  /** `Id`: the error's identifier inside Concur. */
  id?: string;
}

/** Error bodies are small; anything larger is not one of Concur's and is not parsed. */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

/** Turns parsed JSON into the same shape as parsed XML, so one search serves both. */
function jsonToNode(value: unknown): XmlNode {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(jsonToNode);
  if (typeof value === 'object') {
    const node: { [name: string]: XmlNode } = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) node[key] = jsonToNode(child);
    return node;
  }
  return String(value as string | number | boolean);
}

function parseJson(text: string): XmlNode | undefined {
  try {
    return jsonToNode(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function parseXmlBody(text: string): XmlNode | undefined {
  // An HTML page with a DOCTYPE is refused by parseXml, as every DOCTYPE is.
  if (/^<html[\s>]/i.test(text)) return undefined;
  try {
    return parseXml(text, { strict: true, maxChars: MAX_ERROR_BODY_CHARS });
  } catch {
    // Concur's HTTP codes page lists StatusCode and Content side by side; without a root element
    // that is not a well-formed document, so wrap it once and try again (reference §1.4: parse both
    // shapes, the wire form is UNCONFIRMED).
    try {
      return parseXml(`<body>${text}</body>`, { strict: true, maxChars: MAX_ERROR_BODY_CHARS + 13 });
    } catch {
      return undefined;
    }
  }
}

function fieldText(error: XmlNode, name: string): string | undefined {
  const node = childOf(error, name);
  const first = Array.isArray(node) ? node[0] : node;
  const text = deepText(first).trim();
  return text === '' ? undefined : text;
}

/**
 * Reads Concur's error fields from a response body in any of the shapes the documentation shows:
 * a bare `<Error>` (with or without declaration or namespace), the `StatusCode` / `Content` /
 * `Error` wrapper, or JSON `{"Error": {...}}`. HTML pages, empty, truncated and binary bodies
 * give an empty result.
 */
export function parseErrorBody(text: string): ConcurErrorBody {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.length > MAX_ERROR_BODY_CHARS || trimmed.includes('\u0000')) return {};
  const tree = trimmed.startsWith('{') ? parseJson(trimmed) : trimmed.startsWith('<') ? parseXmlBody(trimmed) : undefined;
  if (tree === undefined) return {};
  const found = findElement(tree, 'Error', 6, true);
  const error = Array.isArray(found) ? found[0] : found;
  if (typeof error === 'string') return error === '' ? {} : { message: error };
  // Some JSON APIs put Message at the top level, without an Error wrapper. (Both parsers give an
  // element here: a JSON body is read only when it starts with `{`.)
  const holder = isElement(error) ? error : tree;
  const body: ConcurErrorBody = {};
  const message = fieldText(holder, 'Message');
  const serverTime = fieldText(holder, 'Server-Time');
  const id = fieldText(holder, 'Id');
  // The OAuth2 token endpoint answers {code, error, error_description} instead (reference §1.3).
  const oauthMessage = fieldText(holder, 'error_description') ?? fieldText(holder, 'error');
  const oauthCode = fieldText(holder, 'code');
  if (message !== undefined) body.message = message;
  else if (oauthMessage !== undefined) body.message = oauthCode === undefined ? oauthMessage : `${oauthMessage} (code ${oauthCode})`;
  if (serverTime !== undefined) body.serverTime = serverTime;
  if (id !== undefined) body.id = id;
  return body;
}
