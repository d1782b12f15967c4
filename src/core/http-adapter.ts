import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AxiosError, AxiosHeaders, CanceledError, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

/**
 * A lean axios adapter (axios' documented `adapter` extension point) for the one shape of request
 * the SDK sends: a relative path on one fixed origin, a body already serialised to a Buffer, the
 * response read as a stream, no redirects, no axios time limit, agents chosen by the client.
 * axios' own Node adapter handles every case axios supports (redirects, proxies from config,
 * upload streams, progress events, form data…) and costs about twice node:http per request
 * (bench/results.md); this one is a thin layer over `http.request`.
 *
 * What axios' adapter does and the SDK relies on is kept: `Accept-Encoding` and transparent
 * gzip / deflate / brotli decoding, `Content-Length` on every body, AxiosErrors carrying the
 * system error code and the request (axios-retry reads `reusedSocket` from it), and a
 * `CanceledError` when the signal aborts.
 */

const ZLIB_OPTIONS = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The body, decoded when the server compressed it (and the header saying so removed). */
function decoded(response: http.IncomingMessage, method: string): Readable {
  const encoding = response.headers['content-encoding'];
  if (encoding === undefined || method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304) return response;
  let decoder: zlib.Gunzip | zlib.Unzip | zlib.BrotliDecompress | undefined;
  // (Node's HTTP parser has already stripped the spaces around a header value.)
  switch (encoding.toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
    case 'deflate':
      decoder = zlib.createUnzip(ZLIB_OPTIONS);
      break;
    case 'br':
      decoder = zlib.createBrotliDecompress(BROTLI_OPTIONS);
      break;
    default:
      return response;
  }
  delete response.headers['content-encoding'];
  return pipeline(response, decoder, () => undefined);
}

/** Request headers as Node takes them: AxiosHeaders without the values set to `false`. */
function plainHeaders(headers: InternalAxiosRequestConfig['headers'], body: Buffer | undefined, method: string): http.OutgoingHttpHeaders {
  const out = (headers instanceof AxiosHeaders ? headers.toJSON(true) : { ...(headers as Record<string, string>) }) as http.OutgoingHttpHeaders;
  if (!Object.keys(out).some((name) => name.toLowerCase() === 'accept-encoding')) out['Accept-Encoding'] = ACCEPT_ENCODING;
  // Every body goes with its length (Concur refuses chunked bodies); a request without one (a GET,
  // a bodiless POST such as a batch close) says 0 only when its method carries a body.
  if (body !== undefined || method !== 'GET') out['Content-Length'] = String(body?.length ?? 0);
  return out;
}

/** Builds the adapter for one origin and its agents. */
export function createHttpAdapter(origin: URL, agents: { http: http.Agent; https: http.Agent }): AxiosAdapter {
  const secure = origin.protocol === 'https:';
  const request = secure ? https.request : http.request;
  const agent = secure ? agents.https : agents.http;
  const hostname = origin.hostname.replace(/^\[(.*)\]$/, '$1');
  // An origin on its scheme's default port has '' for a port; Node then takes the agent's default (80 or 443).
  // Stryker disable next-line ConditionalExpression,StringLiteral: Number('') is 0, which Node also reads as no port (`options.port || defaultPort`)
  const port = origin.port === '' ? undefined : Number(origin.port);

  return async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const signal = config.signal as AbortSignal | undefined;
      if (signal?.aborted === true) {
        reject(new CanceledError(undefined, undefined, config));
        return;
      }
      const method = (config.method ?? 'get').toUpperCase();
      const body = config.data as Buffer | undefined;
      const req = request({ protocol: origin.protocol, hostname, port, path: config.url, method, headers: plainHeaders(config.headers, body, method), agent });
      const onAbort = (): void => {
        req.destroy();
        reject(new CanceledError(undefined, undefined, config));
      };
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once; the request's error and response handlers remove it, so once only frees it sooner
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        reject(AxiosError.from(error, error.code, config, req));
      });
      req.once('response', (response) => {
        // From here the caller reads the body under its own signal; an abort destroys the stream.
        signal?.removeEventListener('abort', onAbort);
        const data = decoded(response, method);
        if (signal !== undefined) {
          const stop = (): void => void data.destroy(new CanceledError(undefined, undefined, config));
          // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once; the body's close removes it, so once only frees it sooner
          signal.addEventListener('abort', stop, { once: true });
          data.once('close', () => signal.removeEventListener('abort', stop));
        }
        resolve({
          data,
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: response.headers as AxiosResponse['headers'],
          config,
          request: req,
        });
      });
      req.end(body);
    });
}
