import type http from 'node:http';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurApiError, ConcurClient, ConcurResponseError, ServiceUnavailableError, type ClientOptions } from '../../src/index.js';
import { bodyOf, startRawServer, startTcpServer } from '../support/raw-server.js';

// Issue "Hardening", responses that are not what they seem, each over a real local socket.

const TOKEN = 'responses-token-0001';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function client(url: string, options: Partial<ClientOptions> = {}): ConcurClient {
  return new ConcurClient({ baseUrl: url, accessToken: TOKEN, retry: false, ...options });
}

async function rawServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  const server = await startRawServer(handler);
  closers.push(() => server.close());
  return server.url;
}

const LIST_ID = 'gWqList$1';
const ITEMS = [
  { name: 'Oslo', level1Code: 'OSL' },
  { name: 'Bergen', level1Code: 'BGO' },
];

describe('a status outside 200-299 is never a success', () => {
  // Regression: axios' settle() skips validateStatus for status 0, so this resolved as a success.
  it('HTTP/1.1 000 rejects as a ConcurApiError that may have been processed', async () => {
    const server = await startTcpServer((socket) => {
      socket.end('HTTP/1.1 000 OK\r\nContent-Type: application/xml\r\nContent-Length: 5\r\nConnection: close\r\n\r\n<ok/>');
    });
    closers.push(server.close);
    const error = await client(server.url).request({ method: 'GET', path: '/api/x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurApiError);
    expect(error).toMatchObject({ status: 0, mayHaveBeenProcessed: true, retryable: false });
  });

  it('a batch chunk answered with HTTP/1.1 000 is not "answered": its items are unknown, never succeeded', async () => {
    const server = await startTcpServer((socket) => {
      const body = '<list-item-batch-result><records-succeeded>2</records-succeeded><records-failed>0</records-failed></list-item-batch-result>';
      socket.end(`HTTP/1.1 000 OK\r\nContent-Type: application/xml\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    });
    closers.push(server.close);
    const result = await client(server.url).listItems.create(LIST_ID, ITEMS);
    expect([result.succeeded, result.failed, result.unknown]).toEqual([0, 0, 2]);
    expect(result.chunks[0]).toMatchObject({ status: 'failed' });
  });
});

describe('batch answers that do not say', () => {
  // Regression: success was inferred as size minus failures, marking both items succeeded.
  it('<records-failed>0</records-failed> without <records-succeeded> leaves the items unknown', async () => {
    const url = await rawServer((req, res) => {
      void bodyOf(req).then(() => {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end('<list-item-batch-result><records-failed>0</records-failed><errors/></list-item-batch-result>');
      });
    });
    const result = await client(url).listItems.create(LIST_ID, ITEMS);
    expect(result.items.map((item) => item.status)).toEqual(['unknown', 'unknown']);
    expect(result.items[0]?.message).toContain('did not say whether this item succeeded');
  });
});

describe('error bodies are read only to their first 64 KB', () => {
  // Regression: the whole error body was buffered, up to maxResponseBytes (100 MB).
  it('a gzip bomb on a 503 is not inflated: the server is cut off after a few of its 100 MB', async () => {
    let produced = 0;
    const url = await rawServer((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/xml', 'Content-Encoding': 'gzip' });
      const zeros = new Readable({
        read() {
          if (produced >= 100 * 1024 * 1024) {
            this.push(null);
            return;
          }
          produced += 1024 * 1024;
          this.push(Buffer.alloc(1024 * 1024, 0x20));
        },
      });
      zeros.pipe(zlib.createGzip()).pipe(res);
      res.on('close', () => zeros.destroy());
    });
    const error = await client(url).request({ method: 'GET', path: '/api/x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(produced).toBeLessThan(20 * 1024 * 1024);
  });

  it('a large plain 500 body: the connection is closed after 64 KB and the error keeps a bounded start', async () => {
    let written = 0;
    const url = await rawServer((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const error = (await client(url)
      .request({ method: 'GET', path: '/api/x' })
      .catch((caught: unknown) => caught)) as ConcurApiError;
    expect(error.status).toBe(500);
    expect(error.body?.length).toBeLessThan(4_200);
    expect(written).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('XML the SDK refuses', () => {
  // Regression: a DOCTYPE declaring an entity parsed, leaving `&e;` in the list's name.
  it('a 200 with a DOCTYPE is a ConcurResponseError', async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      res.end('<?xml version="1.0"?><!DOCTYPE lists [<!ENTITY e "x">]><lists><list><name>&e;</name><id>https://www.concursolutions.com/api/expense/list/v1.0/a</id></list></lists>');
    });
    const error = await client(url).listItems.getLists().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('DOCTYPE');
  });
});
