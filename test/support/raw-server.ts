import http from 'node:http';
import net from 'node:net';
import type { Readable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A local HTTP server driven by a handler, counting the connections clients open to it. */
export interface RawServer {
  url: string;
  /** Connections opened so far. */
  readonly connections: number;
  /** Connections open now. */
  readonly open: number;
  /** Most connections open at one time. */
  readonly maxOpen: number;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/** A request handler; `n` is the request's number on its server, from 1. */
export type RawHandler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

/** Starts an HTTP server on 127.0.0.1 whose every request goes to `handler`. */
export async function startRawServer(handler: RawHandler): Promise<RawServer> {
  let connections = 0;
  let open = 0;
  let maxOpen = 0;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    handler(req, res, requests);
  });
  server.on('connection', (socket: net.Socket) => {
    connections += 1;
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    socket.on('close', () => {
      open -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get open() {
      return open;
    },
    get maxOpen() {
      return maxOpen;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP server that answers every request with the bytes `answer` returns, for responses no HTTP
 * server library would write (`HTTP/1.1 000`, a body that never ends).
 */
export async function startTcpServer(answer: (socket: net.Socket) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => answer(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads a stream (a request's body, a response's, a sink) to its end, as text. */
export async function bodyOf(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Servers a test file starts and closes after each test: `start` them, `closeAll` in afterEach. */
export function rawServerPool(): { start(handler: RawHandler): Promise<RawServer>; closeAll(): Promise<void> } {
  const servers: RawServer[] = [];
  return {
    async start(handler) {
      const server = await startRawServer(handler);
      servers.push(server);
      return server;
    },
    async closeAll() {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    },
  };
}

/**
 * A {@link rawServerPool} for a test file whose requests must travel on plain sockets: nock's
 * interceptor is lifted for the whole file (it cuts large streamed bodies, cannot break a body
 * half-way, and opens a socket per request) and put back after; the servers close after each
 * test. Call it once, at the top level of the file.
 */
export function plainSocketServerPool(): ReturnType<typeof rawServerPool> {
  const servers = rawServerPool();
  beforeAll(() => nock.restore());
  afterAll(() => nock.activate());
  afterEach(async () => {
    await servers.closeAll();
  });
  return servers;
}
