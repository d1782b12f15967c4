import { getEventListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpAdapter } from '../../src/core/http-adapter.js';
import { bodyOf, rawServerPool } from '../support/raw-server.js';

// The SDK's own axios adapter (src/core/http-adapter.ts) on its own, against a real local server:
// what goes on the wire (method, path, Accept-Encoding, Content-Length), how compressed answers
// are decoded, how an abort ends the request or the body, and which port a default-port origin
// reaches. The client suites run it too, but through layers that hide most of these details.

const servers = rawServerPool();
afterEach(async () => {
  await servers.closeAll();
});

const agents = (): { http: http.Agent; https: https.Agent } => ({ http: new http.Agent(), https: new https.Agent() });

/** The config axios hands an adapter, with only the fields the SDK sets. */
function config(fields: { method?: string; url?: string; headers?: Record<string, string> | AxiosHeaders; data?: Buffer; signal?: AbortSignal }): InternalAxiosRequestConfig {
  const headers = fields.headers instanceof AxiosHeaders ? fields.headers : new AxiosHeaders(fields.headers ?? {});
  return { ...fields, headers } as InternalAxiosRequestConfig;
}

/** An adapter response's body as text. */
const text = async (data: unknown): Promise<string> => bodyOf(data as Readable);

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A server that records each request and answers 200 "ok". */
async function recorder(): Promise<{ url: URL; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await servers.start((req, res) => {
    void bodyOf(req).then((body) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.end('ok');
    });
  });
  return { url: new URL(server.url), seen };
}

describe('createHttpAdapter: the request on the wire', () => {
  it('a GET with no method or path given is `GET /`, with no Content-Length and no chunked body', async () => {
    const { url, seen } = await recorder();
    const response = await createHttpAdapter(url, agents())(config({}));
    expect(await text(response.data)).toBe('ok');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/', body: '' });
    expect(seen[0]?.headers['content-length']).toBeUndefined();
    expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('a lower-case method is sent upper-case, and a `get` still goes without Content-Length', async () => {
    const { url, seen } = await recorder();
    await text((await createHttpAdapter(url, agents())(config({ method: 'get', url: '/api/v3.0/x?a=1' }))).data);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v3.0/x?a=1' });
    expect(seen[0]?.headers['content-length']).toBeUndefined();
  });

  it('a bodiless POST or DELETE says `Content-Length: 0` (Concur refuses chunked bodies)', async () => {
    const { url, seen } = await recorder();
    const adapter = createHttpAdapter(url, agents());
    await text((await adapter(config({ method: 'post', url: '/close' }))).data);
    await text((await adapter(config({ method: 'delete', url: '/item' }))).data);
    expect(seen.map((request) => [request.method, request.headers['content-length'], request.headers['transfer-encoding']])).toEqual([
      ['POST', '0', undefined],
      ['DELETE', '0', undefined],
    ]);
  });

  it('every body goes with its byte length, a GET’s body too', async () => {
    const { url, seen } = await recorder();
    const adapter = createHttpAdapter(url, agents());
    await text((await adapter(config({ method: 'post', url: '/p', data: Buffer.from('<a>é</a>') }))).data);
    await text((await adapter(config({ method: 'get', url: '/g', data: Buffer.from('abc') }))).data);
    expect(seen.map((request) => [request.method, request.headers['content-length'], request.body])).toEqual([
      ['POST', '9', '<a>é</a>'],
      ['GET', '3', 'abc'],
    ]);
  });

  it('asks for gzip, deflate and brotli unless the caller named an encoding (in any case)', async () => {
    const { url, seen } = await recorder();
    const adapter = createHttpAdapter(url, agents());
    await text((await adapter(config({ headers: { Accept: 'application/xml' } }))).data);
    await text((await adapter(config({ headers: { 'X-Trace': 't', 'accept-encoding': 'identity' } }))).data);
    await text((await adapter(config({ headers: new AxiosHeaders({ 'ACCEPT-ENCODING': 'gzip' }) }))).data);
    expect(seen.map((request) => request.headers['accept-encoding'])).toEqual(['gzip, deflate, br', 'identity', 'gzip']);
    expect(seen[0]?.headers.accept).toBe('application/xml');
  });

  it('takes a plain header object as well as AxiosHeaders', async () => {
    const { url, seen } = await recorder();
    const plain = { method: 'get', url: '/h', headers: { 'X-Trace': 't1' } } as unknown as InternalAxiosRequestConfig;
    await text((await createHttpAdapter(url, agents())(plain)).data);
    expect(seen[0]?.headers).toMatchObject({ 'x-trace': 't1', 'accept-encoding': 'gzip, deflate, br' });
  });
});

describe('createHttpAdapter: compressed answers', () => {
  const xml = '<Attendee><ID>1</ID></Attendee>';
  const encodings: Array<[string, (input: Buffer) => Buffer]> = [
    ['gzip', zlib.gzipSync],
    ['x-gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['br', zlib.brotliCompressSync],
    [' GZip ', zlib.gzipSync],
    ['BR', zlib.brotliCompressSync],
  ];

  it.each(encodings)('Content-Encoding %j is decoded and its header removed', async (encoding, compress) => {
    const server = await servers.start((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Encoding': encoding });
      res.end(compress(Buffer.from(xml)));
    });
    const response = await createHttpAdapter(new URL(server.url), agents())(config({ url: '/a' }));
    expect(await text(response.data)).toBe(xml);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-type']).toBe('application/xml');
    expect(response).toMatchObject({ status: 200, statusText: 'OK' });
  });

  it('an encoding it does not know is passed through as it came, header and all', async () => {
    const server = await servers.start((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'identity' });
      res.end(xml);
    });
    const response = await createHttpAdapter(new URL(server.url), agents())(config({}));
    expect(await text(response.data)).toBe(xml);
    expect(response.headers['content-encoding']).toBe('identity');
  });

  it.each([
    ['a HEAD', 'head', 200],
    ['a 204', 'get', 204],
    ['a 304', 'get', 304],
  ])('%s answer has no body to decode: its Content-Encoding is left as sent', async (_name, method, status) => {
    const server = await servers.start((_req, res) => {
      res.writeHead(status, { 'Content-Encoding': 'gzip' });
      res.end();
    });
    const response = await createHttpAdapter(new URL(server.url), agents())(config({ method }));
    expect(response.status).toBe(status);
    expect(await text(response.data)).toBe('');
    expect(response.headers['content-encoding']).toBe('gzip');
  });
});

describe('createHttpAdapter: aborts and errors', () => {
  it('an already-aborted signal rejects with CanceledError and sends nothing', async () => {
    const server = await servers.start((_req, res) => res.end('ok'));
    const controller = new AbortController();
    controller.abort();
    const error = await createHttpAdapter(new URL(server.url), agents())(config({ signal: controller.signal })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'CanceledError', code: 'ERR_CANCELED' });
    expect(server.requests).toBe(0);
  });

  it('an abort before the answer cancels the request and leaves no listener on the signal', async () => {
    let arrived = (): void => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const server = await servers.start(() => arrived());
    const controller = new AbortController();
    const pending = createHttpAdapter(new URL(server.url), agents())(config({ signal: controller.signal }));
    await arrival;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'CanceledError' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('once the answer has come, an abort destroys the body with CanceledError', async () => {
    const server = await servers.start((_req, res) => {
      res.writeHead(200);
      res.write('first part ');
    });
    const controller = new AbortController();
    const response = await createHttpAdapter(new URL(server.url), agents())(config({ signal: controller.signal }));
    // One listener now: the body's (the request's was removed when the answer came).
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const body = response.data as Readable;
    const reading = text(body).catch((caught: unknown) => caught);
    controller.abort();
    expect(await reading).toMatchObject({ name: 'CanceledError', code: 'ERR_CANCELED' });
    expect(body.destroyed).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a body read to its end removes its listener from the signal', async () => {
    const server = await servers.start((_req, res) => res.end('done'));
    const controller = new AbortController();
    const response = await createHttpAdapter(new URL(server.url), agents())(config({ signal: controller.signal }));
    expect(await text(response.data)).toBe('done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a connection error is an AxiosError with the system code and the request', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createHttpAdapter(new URL(`http://127.0.0.1:${port}`), agents())(config({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AxiosError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect((error as AxiosError).request).toMatchObject({ method: 'GET', path: '/' });
  });
});

describe('createHttpAdapter: the origin’s host and port', () => {
  /** An agent that records where a request would connect, then fails it. */
  function recordingAgent(Base: typeof http.Agent): { agent: http.Agent; targets: Array<{ host: unknown; port: unknown }> } {
    const targets: Array<{ host: unknown; port: unknown }> = [];
    const agent = new Base();
    agent.createConnection = (options: net.NetConnectOpts & { host?: string }, callback?: (error: Error | null, socket: net.Socket) => void) => {
      targets.push({ host: options.host, port: (options as net.TcpNetConnectOpts).port });
      const socket = new net.Socket();
      process.nextTick(() => socket.destroy(Object.assign(new Error('recorded'), { code: 'ERECORDED' })));
      void callback;
      return socket;
    };
    return { agent, targets };
  }

  it.each([
    ['http://localhost', 80],
    ['https://localhost', 443],
    ['https://localhost:8443', 8443],
  ])('%s connects to port %i', async (origin, port) => {
    const recording = recordingAgent(origin.startsWith('https') ? https.Agent : http.Agent);
    const adapter = createHttpAdapter(new URL(origin), { http: recording.agent, https: recording.agent });
    await expect(adapter(config({}))).rejects.toMatchObject({ code: 'ERECORDED' });
    expect(recording.targets).toEqual([{ host: 'localhost', port }]);
  });

  it('an IPv6 origin connects to the address without its brackets', async () => {
    const recording = recordingAgent(http.Agent);
    const adapter = createHttpAdapter(new URL('http://[::1]:8080'), { http: recording.agent, https: recording.agent });
    await expect(adapter(config({}))).rejects.toMatchObject({ code: 'ERECORDED' });
    expect(recording.targets).toEqual([{ host: '::1', port: 8080 }]);
  });
});
