import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForwardProxy, startTlsConcur, testCertificate, type SeenRequest } from './network-kit.js';

// Issue "Production fit", corporate networks: a real forward proxy in front of a real HTTPS server
// with a test certificate, on loopback. The client runs in a child process against the built
// package, so NODE_EXTRA_CA_CERTS and the proxy variables are read as Node reads them at start.

const run = promisify(execFile);
const script = fileURLToPath(new URL('./client-run.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const ACCESS = 'tls-access-token-123456';
const USER = 'corp-user';
const PASSWORD = 'S3cret+Proxy/Pass=';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

interface ChildOutcome {
  results: Array<{ status: number; correlationId: string }>;
  error?: { name: string; message: string; code?: string; proxyStatus?: number; retryable: boolean; attempts: number; json: string };
}

let certificate: ReturnType<typeof testCertificate>;
let concur: Awaited<ReturnType<typeof startTlsConcur>>;

beforeAll(async () => {
  certificate = testCertificate();
  concur = await startTlsConcur(certificate.key, certificate.cert);
});

afterAll(async () => {
  await concur.close();
  certificate.dispose();
});

/** Runs the client in a child process; `trust` sets NODE_EXTRA_CA_CERTS to the test certificate. */
async function client(options: Record<string, unknown>, env: Record<string, string> = {}, { trust = true, calls = 1 } = {}): Promise<ChildOutcome> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !PROXY_VARIABLES.includes(name) && name !== 'NODE_EXTRA_CA_CERTS'));
  const { stdout } = await run(process.execPath, [script, JSON.stringify({ options: { baseUrl: concur.url, ...options }, calls })], {
    cwd: root,
    env: { ...clean, ...(trust ? { NODE_EXTRA_CA_CERTS: certificate.certPath } : {}), ...env },
  });
  return JSON.parse(stdout) as ChildOutcome;
}

function lastSeen(): SeenRequest | undefined {
  return concur.seen.at(-1);
}

describe('proxy: a URL', () => {
  it('HTTPS goes through a CONNECT tunnel: the proxy gets its credentials and never the token; Concur gets the token and never the proxy credentials', async () => {
    const proxy = await startForwardProxy({ user: USER, password: PASSWORD });
    try {
      const before = concur.seen.length;
      const outcome = await client({ proxy: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxy.port}` }, {}, { calls: 3 });
      expect(outcome.error).toBeUndefined();
      expect(outcome.results.map((result) => result.status)).toEqual([200, 200, 200]);
      // One tunnel, kept alive for the three calls.
      expect(proxy.log.connects).toEqual([{ target: concur.url.slice('https://'.length), proxyAuthorization: BASIC, authorization: undefined }]);
      expect(proxy.log.forwarded).toEqual([]);
      expect(concur.seen.slice(before)).toHaveLength(3);
      expect(lastSeen()).toMatchObject({ authorization: `Bearer ${ACCESS}`, proxyAuthorization: undefined });
    } finally {
      await proxy.close();
    }
  });

  it.each([
    [407, false, /proxy wants credentials/],
    [502, true, /could not reach Concur; it is retried/],
    [403, false, /does not allow a tunnel/],
  ])('a CONNECT refused with %i is a ConcurProxyError (retryable: %s) with advice, and names no credential', async (status, retryable, advice) => {
    const proxy = await startForwardProxy({ refuseWith: status });
    try {
      const before = concur.seen.length;
      const outcome = await client({ proxy: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxy.port}` });
      expect(outcome.error).toMatchObject({ name: 'ConcurProxyError', code: 'ERR_PROXY_REFUSED', proxyStatus: status, retryable });
      expect(outcome.error?.message).toMatch(advice);
      expect(outcome.error?.json).not.toContain(PASSWORD);
      expect(outcome.error?.json).not.toContain(encodeURIComponent(PASSWORD));
      expect(outcome.error?.json).not.toContain(BASIC.slice('Basic '.length));
      expect(concur.seen.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  it('wrong proxy credentials: the 407 says to check them', async () => {
    const proxy = await startForwardProxy({ user: USER, password: PASSWORD });
    try {
      const outcome = await client({ proxy: `http://${USER}:wrong-password-99@127.0.0.1:${proxy.port}` });
      expect(outcome.error).toMatchObject({ name: 'ConcurProxyError', proxyStatus: 407, retryable: false });
      expect(outcome.error?.json).not.toContain('wrong-password-99');
    } finally {
      await proxy.close();
    }
  });
});

describe("proxy: 'env'", () => {
  it.each(['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY'])('%s sends requests through the proxy', async (variable) => {
    const proxy = await startForwardProxy();
    try {
      const outcome = await client({ proxy: 'env' }, { [variable]: proxy.url });
      expect(outcome.results[0]?.status).toBe(200);
      expect(proxy.log.connects).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it.each(['NO_PROXY', 'no_proxy'])('%s naming the host bypasses the proxy', async (variable) => {
    const proxy = await startForwardProxy();
    try {
      const before = concur.seen.length;
      const outcome = await client({ proxy: 'env' }, { HTTPS_PROXY: proxy.url, [variable]: '127.0.0.1' });
      expect(outcome.results[0]?.status).toBe(200);
      expect(proxy.log.connects).toEqual([]);
      expect(concur.seen.length).toBe(before + 1);
    } finally {
      await proxy.close();
    }
  });

  it('without the option, the proxy variables are ignored (no request leaves for an unconfigured host)', async () => {
    const proxy = await startForwardProxy();
    try {
      const outcome = await client({}, { HTTPS_PROXY: proxy.url });
      expect(outcome.results[0]?.status).toBe(200);
      expect(proxy.log.connects).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('custom certificate authorities', () => {
  it('a server certificate from a private CA fails as a final network error without NODE_EXTRA_CA_CERTS', async () => {
    const outcome = await client({}, {}, { trust: false });
    expect(outcome.error).toMatchObject({ name: 'ConcurNetworkError', retryable: false, attempts: 1 });
    expect(outcome.error?.code).toMatch(/CERT|SIGNATURE/);
    expect(outcome.error?.message).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('NODE_EXTRA_CA_CERTS makes it trusted, also through a TLS-tunnelling proxy', async () => {
    const proxy = await startForwardProxy();
    try {
      const direct = await client({});
      const proxied = await client({ proxy: proxy.url });
      expect([direct.results[0]?.status, proxied.results[0]?.status]).toEqual([200, 200]);
    } finally {
      await proxy.close();
    }
  });
});
