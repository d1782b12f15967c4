import { responseError } from '../errors/factory.js';
import { redactSecrets, resultHeaders, scrubData } from '../errors/redact.js';
import { parseXml, XmlParseFailure } from '../xml/parser.js';
import type { ResponseType } from './prepare.js';
import type { OutgoingRequest, RawResponse } from './transport.js';

/** A successful response. */
export interface ConcurResponse<T = unknown> {
  /** HTTP status (2xx). */
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The body, read as the request's `responseType` asked. */
  data: T;
  /** The `concur-correlationid` header, when present. */
  correlationId: string | undefined;
  /** How many times the request was sent. */
  attempts: number;
  /** Body bytes received (for a download streamed to a file or stream, the bytes written there). */
  bytes: number;
  /**
   * True when an earlier attempt may have been processed by Concur (it timed out, or the
   * connection broke after sending), so this answer may describe a second run of the request:
   * "already exists" errors for items the first run created, for example.
   */
  mayHaveBeenProcessedBefore: boolean;
}

/** XML that a parser can join into text the raw body did not show whole. */
const JOINING_XML = /<!--|<!\[CDATA\[|&/;

function kindOf(raw: RawResponse, responseType: ResponseType): Exclude<ResponseType, 'auto'> {
  if (responseType !== 'auto') return responseType;
  const contentType = (raw.headers['content-type'] ?? '').toLowerCase();
  if (contentType.includes('xml')) return 'xml';
  if (contentType.includes('json')) return 'json';
  if (contentType.startsWith('text/') || raw.body.length === 0) return 'text';
  return 'binary';
}

/**
 * Reads a 2xx body as asked: XML (parsed strictly with the safe parser), JSON, text or bytes.
 * An empty XML or JSON body reads as `undefined`. Text bodies and headers are returned with
 * `secrets` redacted; headers that carry credentials (an echoed `Authorization`) are dropped.
 *
 * @throws ConcurResponseError when the body does not parse.
 */
export function decodeResponse<T>(
  raw: RawResponse,
  attempts: number,
  processedBefore: boolean,
  responseType: ResponseType,
  request: OutgoingRequest,
  secrets: readonly string[],
): ConcurResponse<T> {
  const kind = kindOf(raw, responseType);
  const context = { method: request.method, path: request.path, attempts, secrets };
  let data: unknown = raw.body;
  if (kind !== 'binary') {
    // Redacted before parsing, so nothing read from the body (data, parser messages, Concur's
    // error text in a 200) can carry a secret the server echoed.
    const text = redactSecrets(raw.body.toString('utf8'), secrets);
    if (kind === 'text') data = text;
    else if (text.trim() === '') data = undefined;
    else if (kind === 'json') {
      try {
        data = JSON.parse(text) as unknown;
      } catch (cause) {
        throw responseError('its body is not valid JSON', { status: raw.status, bodyText: text }, context, cause);
      }
    } else {
      try {
        data = parseXml(text, { strict: true });
      } catch (cause) {
        const problem = cause instanceof XmlParseFailure ? cause.message : 'malformed XML';
        throw responseError(`its body is not usable XML (${problem})`, { status: raw.status, bodyText: text }, context);
      }
    }
    // A parser joins text the raw body held apart: a comment or CDATA boundary inside a value,
    // an escaped character. Only then can a secret appear in the data that the raw text did not
    // show, so only then are the parsed strings redacted again.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: each check only skips a scrub that would find nothing (mutants that scrub more are equivalent); test/unit/decode-response.test.ts pins that every joined secret is scrubbed
    if (data !== undefined && secrets.length > 0 && (kind === 'json' ? text.includes('\\') : JOINING_XML.test(text))) scrubData(data, secrets);
  }
  const headers = resultHeaders(raw.headers, secrets);
  return {
    status: raw.status,
    headers,
    data: data as T,
    correlationId: headers['concur-correlationid'],
    attempts,
    mayHaveBeenProcessedBefore: processedBefore,
    bytes: raw.bytes,
  };
}
