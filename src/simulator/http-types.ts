import type { IncomingHttpHeaders } from 'node:http';
import type { Random } from './random.js';
import type { SimulatorState } from './state/index.js';
import type { TokenRecord } from './state/tokens.js';

/** A request as the simulator's handlers see it: body read, path parameters decoded. */
export interface SimRequest {
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  /** Path parameters of the matched route, percent-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The token that authorised the request (absent on routes that need none). */
  token?: TokenRecord;
}

/** A response before it is written, so that a fault can still change it. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What a handler may use besides the request. */
export interface SimContext {
  state: SimulatorState;
  /** `http://127.0.0.1:PORT`: where the simulator listens, and where its image URLs point. */
  baseUrl: string;
  /** The origin of the API links it writes (`id`, `*-link`, `Batch-URL`, `File-Url`); `baseUrl` by default. */
  linkOrigin: string;
  /** Writes `File-Url` with a space after the scheme, as Concur's published close example does. */
  spaceInFileUrl: boolean;
  now: () => number;
  /** The generator for ids. */
  random: Random;
}

/** A handler answers synchronously from the in-memory state. */
export type Handler = (request: SimRequest, context: SimContext) => SimResponse;

/** One endpoint: method, path templates with `{name}` parameters, handler. */
export interface Route {
  method: string;
  /** Accepted path forms, e.g. with and without an extra segment the documentation disagrees on. */
  paths: readonly string[];
  handler: Handler;
  /** False for the short-lived image URLs, which work without a token as Concur's do. */
  auth?: boolean;
}

/** Thrown by a handler to answer with Concur's error body and this status. */
export class SimHttpError extends Error {
  override readonly name = 'SimHttpError';
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}
