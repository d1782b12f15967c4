import type { ConcurResponse } from '../core/decode.js';
import type { DownloadSink } from '../core/download.js';
import { fillPath, resolveLink, type PathValue, type QueryParams, type ResolvedLink } from '../core/path.js';
import type { ResponseType } from '../core/prepare.js';
import type { Requester } from '../core/request.js';
import type { HttpMethod } from '../core/transport.js';
import type { RetryOptions } from '../retry/options.js';
import { ConcurResponseError } from '../errors/request-errors.js';
import { buildXml, type XmlBuildValue } from '../xml/builder.js';
import type { ChunkReport } from '../batch/reconcile.js';
import { childOf, childText, deepText, elements, isElement, type XmlElement } from '../xml/nodes.js';
import type { XmlNode } from '../xml/parser.js';

/** One endpoint of a service: data only, the methods read it. */
export interface EndpointSpec {
  method: HttpMethod;
  /** Path template with `{name}` placeholders, filled and encoded by `fillPath`. */
  path: string;
  /** Fixed query parameters (e.g. `type=create`). */
  query?: QueryParams;
  /** How to read the response. */
  responseType?: ResponseType;
  /** A file download: the time limit bounds each wait for bytes, not the whole body. */
  download?: boolean;
  /** Root element of the XML request body. */
  root?: string;
  /** Namespace of the XML request body; the SDK always sets it. */
  namespace?: string;
}

/** Keeps each entry's literal types while checking it against {@link EndpointSpec}. */
export function defineEndpoints<const T extends Record<string, EndpointSpec>>(table: T): T {
  return table;
}

/** Per-call options of a service method. */
export interface CallArguments {
  params?: Readonly<Record<string, PathValue>>;
  query?: QueryParams;
  body?: string | Uint8Array;
  headers?: Readonly<Record<string, string>>;
  /** False for requests that must not run twice (see `ConcurRequest.idempotent`). */
  idempotent?: boolean;
  signal?: AbortSignal | undefined;
  /** This call's time limit per attempt (`CallOptions.timeoutMs`). */
  timeoutMs?: number | undefined;
  /** This call's retry policy (`CallOptions.retry`). */
  retry?: RetryOptions | false | undefined;
  /** Streams a 2xx body there (a download `to` a file or stream). */
  sink?: DownloadSink | undefined;
}

/** What every service shares: the request primitive and link checks. */
export abstract class ConcurService {
  /** @internal */
  protected readonly requester: Requester;

  /** @internal */
  constructor(requester: Requester) {
    this.requester = requester;
  }

  /** Sends a request to one of the service's endpoints. @internal */
  protected async call<T = Record<string, XmlNode>>(endpoint: EndpointSpec, args: CallArguments = {}): Promise<ConcurResponse<T>> {
    const query = endpoint.query === undefined && args.query === undefined ? undefined : { ...endpoint.query, ...args.query };
    return this.requester.request<T>({
      method: endpoint.method,
      path: fillPath(endpoint.path, args.params),
      ...(query === undefined ? {} : { query }),
      ...(args.body === undefined ? {} : { body: args.body }),
      ...(args.headers === undefined ? {} : { headers: args.headers }),
      ...(endpoint.responseType === undefined ? {} : { responseType: endpoint.responseType }),
      ...(endpoint.download === true ? { download: true } : {}),
      ...(args.idempotent === undefined ? {} : { idempotent: args.idempotent }),
      ...(args.signal === undefined ? {} : { signal: args.signal }),
      ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
      ...(args.retry === undefined ? {} : { retry: args.retry }),
    }, { template: endpoint.path, ...(args.sink === undefined ? {} : { sink: args.sink }) });
  }

  /** Builds an endpoint's XML body in its namespace. @internal */
  protected xmlBody(endpoint: EndpointSpec, content: { [name: string]: XmlBuildValue }): string {
    if (endpoint.root === undefined) throw new Error(`Endpoint ${endpoint.path} has no XML root`);
    return buildXml(endpoint.root, content, endpoint.namespace === undefined ? {} : { namespace: endpoint.namespace });
  }

  /** A URL Concur returned, reduced to a path on the configured host (refused otherwise). @internal */
  protected link(url: string): ResolvedLink {
    return resolveLink(url, this.requester.baseUrl);
  }
}

/**
 * The root element of an XML response. A 200 whose root is `Error` (some services answer so)
 * and a body without the expected root fail with ConcurResponseError.
 */
export function rootOf(response: ConcurResponse<unknown>, root: string, method: string, path: string): XmlElement {
  const data = response.data;
  const node = isElement(data as XmlNode) ? childOf(data as XmlNode, root) : undefined;
  if (node === '' || node === undefined) {
    if (node === '') return {};
    const error = isElement(data as XmlNode) ? childOf(data as XmlNode, 'Error', true) : undefined;
    const said = error === undefined ? '' : deepText(error).slice(0, 300);
    const detail = error === undefined ? `it has no <${root}> element` : said === '' ? 'it holds an empty error' : `it holds an error: ${said}`;
    throw new ConcurResponseError(`${method} ${path} returned HTTP ${response.status} but ${detail}.`, {
      status: response.status,
      method,
      path,
      attempts: response.attempts,
    });
  }
  return isElement(node) ? node : {};
}

/**
 * The batch result shape Attendee and List Item share (reference §12): `records-succeeded`,
 * `records-failed`, and `errors/error` with `code`, `message` and the element naming the item.
 */
export function readCountedBatchResult(root: XmlElement, keyElement: string): ChunkReport {
  const errors = elements(root, 'errors', 'error').map((node) => ({
    key: childText(node, keyElement),
    code: childText(node, 'code'),
    message: childText(node, 'message'),
  }));
  return { recordsSucceeded: integerOf(childOf(root, 'records-succeeded')), recordsFailed: integerOf(childOf(root, 'records-failed')), errors };
}

/**
 * A whole number from an element's text, or undefined. Counters are typed "string" in some
 * schemas. Digits beyond what a number holds exactly (past 2^53, up to Infinity) are not a count.
 */
export function integerOf(node: XmlNode | undefined): number | undefined {
  const text = typeof node === 'string' ? node : isElement(node) ? deepText(node) : undefined;
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) return undefined;
  const value = Number.parseInt(text, 10);
  return Number.isSafeInteger(value) ? value : undefined;
}
