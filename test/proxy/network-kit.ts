import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A corporate network on loopback for the proxy tests: a test certificate made with openssl, an
// HTTPS "Concur" that records what reaches it, and a forward proxy that tunnels CONNECT,
// forwards absolute-URI requests, and can be told to refuse.

/** A self-signed certificate for 127.0.0.1 and localhost, made for this run and deleted after. */
export function testCertificate(): { key: Buffer; cert: Buffer; certPath: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'concur-sdk-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', keyPath, '-out', certPath, '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the HTTPS server received. */
export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  proxyAuthorization: string | undefined;
}

/** An HTTPS server standing in for Concur: answers XML, records each request it receives. */
export async function startTlsConcur(key: Buffer, cert: Buffer): Promise<{ url: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, proxyAuthorization: req.headers['proxy-authorization'] });
      res.writeHead(200, { 'Content-Type': 'application/xml', 'concur-correlationid': 'tls-cid-1' }).end('<lists><list><name>Cities</name></list></lists>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `https://127.0.0.1:${port}`, seen, close: () => closeServer(server) };
}

/** What the proxy saw. */
export interface ProxyLog {
  /** `CONNECT host:port` lines, with the Proxy-Authorization sent with each. */
  connects: Array<{ target: string; proxyAuthorization: string | undefined; authorization: string | undefined }>;
  /** Absolute-URI requests forwarded in the clear. */
  forwarded: Array<{ url: string; proxyAuthorization: string | undefined }>;
}

/** A forward proxy: CONNECT tunnels (or a refusal with `refuseWith`), absolute-URI forwarding. */
export async function startForwardProxy(options: { refuseWith?: number; user?: string; password?: string } = {}): Promise<{ url: string; port: number; log: ProxyLog; close: () => Promise<void> }> {
  const log: ProxyLog = { connects: [], forwarded: [] };
  const expected = options.user === undefined ? undefined : `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    log.forwarded.push({ url: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const proxyAuthorization = req.headers['proxy-authorization'];
    log.connects.push({ target: req.url ?? '', proxyAuthorization, authorization: req.headers.authorization });
    client.on('error', () => undefined);
    if (expected !== undefined && proxyAuthorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (options.refuseWith !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, log, close: () => closeServer(server) };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
