import http from 'node:http';
import type net from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConcurClient, ConcurValidationError, type ClientOptions } from '../../src/index.js';
import { caught, concur, XML } from '../support/helpers.js';

// The proxy option (resolve-options.ts, proxy.ts, agents.ts): a proxy URL or 'env', checked when
// the client is built; an HTTPS request goes through a CONNECT tunnel, and a refused tunnel is the
// proxy's answer, never replayed as if Concur had sent it.

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

/** Sets the proxy variables for one test, every other one unset. */
function proxyEnvironment(values: Record<string, string>): void {
  for (const name of PROXY_VARIABLES) vi.stubEnv(name, values[name]);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

function build(proxy: unknown): ConcurClient {
  return new ConcurClient({ baseUrl: 'https://concur.example.com', accessToken: 'proxy-test-token-1234', retry: false, proxy } as ClientOptions);
}

function refusal(proxy: unknown): ConcurValidationError {
  try {
    build(proxy);
  } catch (error) {
    if (error instanceof ConcurValidationError) return error;
    throw error;
  }
  throw new Error('expected the proxy to be refused');
}

describe('a proxy URL is refused by field proxy, saying what is allowed and quoting no credential', () => {
  it.each([
    ['http://user:hunter2-secret@proxy corp:3128', 'proxy is not a valid URL; write it as http://[user:password@]host:port.'],
    ['socks5://proxy.corp:1080', 'proxy must be an http: or https: proxy URL (got socks5:).'],
    ['http://user:hunter2-secret@proxy.corp:3128/path', 'proxy must be a proxy origin such as http://proxy.corp:3128, with no path or query.'],
    ['http://proxy.corp:3128?user=hunter2-secret', 'proxy must be a proxy origin such as http://proxy.corp:3128, with no path or query.'],
    ['http://proxy.corp:3128#hunter2-secret', 'proxy must be a proxy origin such as http://proxy.corp:3128, with no path or query.'],
    [true, "proxy must be a proxy URL, 'env' or false (got boolean)."],
    [null, "proxy must be a proxy URL, 'env' or false (got null)."],
  ])('%j', (proxy, message) => {
    expect(refusal(proxy)).toMatchObject({ field: 'proxy', message });
  });

  it('takes a proxy URL with surrounding blanks, an https: proxy, or false', () => {
    for (const proxy of ['\u00a0http://proxy.corp:3128\n', 'https://proxy.corp', 'http://proxy.corp:3128/', false]) expect(() => build(proxy), String(proxy)).not.toThrow();
  });

  it("'env' names the variables when the proxy they give is not usable", () => {
    proxyEnvironment({ HTTPS_PROXY: 'http://user:hunter2-secret@proxy.corp:3128/path' });
    expect(refusal('env')).toMatchObject({
      field: 'proxy',
      message: 'the proxy named by HTTPS_PROXY / HTTP_PROXY / ALL_PROXY must be a proxy origin such as http://proxy.corp:3128, with no path or query.',
    });
  });
});

describe("proxy: 'env'", () => {
  it('connects directly when NO_PROXY names the Concur host', async () => {
    proxyEnvironment({ HTTPS_PROXY: 'http://proxy.invalid:3128', NO_PROXY: 'concur.example.com' });
    const scope = concur().get('/api/x').reply(200, '<ok/>', XML);
    expect((await build('env').request({ method: 'GET', path: '/api/x' })).status).toBe(200);
    expect(scope.isDone()).toBe(true);
  });

  it('tunnels through HTTPS_PROXY; a refused CONNECT fails as the proxy refusing, and the proxy never sees the token', async () => {
    // nock's interceptor does not drive agent-base's proxy agents: this test runs without it.
    nock.restore();
    onTestFinished(() => {
      nock.activate();
    });
    const seen: Array<{ method: string | undefined; target: string | undefined; headers: http.IncomingHttpHeaders }> = [];
    const proxy = http.createServer((req, res) => {
      seen.push({ method: req.method, target: req.url, headers: req.headers });
      res.writeHead(502).end();
    });
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      seen.push({ method: req.method, target: req.url, headers: req.headers });
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    proxyEnvironment({ HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}` });

    const error = await caught(() => build('env').request({ method: 'GET', path: '/api/x' }));
    expect(error).toMatchObject({ name: 'ConcurProxyError', proxyStatus: 403, mayHaveBeenProcessed: false });
    expect((error as Error).message).toMatch(/^GET \/api\/x could not reach Concur: the proxy answered HTTP 403 Forbidden to the tunnel request\. /);
    expect(seen.map((request) => `${request.method} ${request.target}`)).toEqual(['CONNECT concur.example.com:443']);
    expect(JSON.stringify(seen)).not.toContain('proxy-test-token-1234');
  });
});
