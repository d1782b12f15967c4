import { buildXml, type XmlBuildValue } from '../xml/builder.js';
import type { SimContext, SimResponse } from './http-types.js';

/** The namespaces of the legacy services' documents (reference §1.5). */
export const NAMESPACES = {
  attendee: 'http://www.concursolutions.com/api/expense/attendee/2010/05',
  attendeeV2: 'http://www.concursolutions.com/api/expense/expensereport/2012/07',
  list: 'http://www.concursolutions.com/api/expense/list/2010/02',
  user: 'http://www.concursolutions.com/api/user/2011/02',
  extract: 'http://www.concursolutions.com/api/expense/extract/2010/02',
  image: 'http://www.concursolutions.com/api/image/2011/02',
  paymentBatch: 'http://www.concursolutions.com/api/expense/paymentbatch/2011/11',
  purchaseOrder: 'http://www.concursolutions.com/api/invoice/purchaseorder/2011/03',
} as const;

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_TYPE = 'application/xml; charset=utf-8';

/** Concur's `Server-Time`: the server's local time without a zone, e.g. `2026-11-25T10:00:00`. */
export function serverTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A response with a body of any type. */
export function rawResponse(status: number, body: Buffer | string, contentType: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}

/** Concur's error document: a bare `Error` root with `Message`, `Server-Time` and a GUID `Id`. */
export function errorXml(message: string, context: Pick<SimContext, 'now' | 'random'>): string {
  return buildXml('Error', { Message: message, 'Server-Time': serverTime(context.now()), Id: context.random.guid() });
}

/** An error response in Concur's format. */
export function errorResponse(status: number, message: string, context: Pick<SimContext, 'now' | 'random'>, headers: Record<string, string> = {}): SimResponse {
  return rawResponse(status, errorXml(message, context), XML_TYPE, headers);
}

/**
 * An XML document in a service's namespace, with the `xmlns:i` declaration Concur's responses
 * carry (reference §1.5).
 */
export function xmlResponse(
  root: string,
  content: { [name: string]: XmlBuildValue },
  namespace: string | undefined,
  status = 200,
  headers: Record<string, string> = {},
): SimResponse {
  const body = buildXml(root, { '@_xmlns:i': XSI, ...content }, namespace === undefined ? {} : { namespace });
  return rawResponse(status, body, XML_TYPE, headers);
}

/** A JSON response (control endpoints and the OAuth2 token endpoint). */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return rawResponse(status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}
