import http from 'node:http';
import https from 'node:https';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgents, ProxyRefusal } from '../../src/core/agents.js';
import { startForwardProxy, startTlsConcur, testCertificate } from '../proxy/network-kit.js';

// The agents a client builds (src/core/agents.ts), used in this process with Node's own
// https.request: kept-alive sockets up to `maxSockets`, and the CONNECT tunnel through a real
// forward proxy on loopback, whose refusal must surface as a ProxyRefusal with the proxy's status
// line. (test/proxy runs the whole client through the same proxy in a child process.) nock's
// interceptor cannot pass a request through an agent whose connect() is asynchronous (agent-base:
// "No socket was returned"), so this file lifts it while it runs and puts it back after; every
// request here goes to loopback servers it starts.

let certificate: ReturnType<typeof testCertificate>;
let concur: Awaited<ReturnType<typeof startTlsConcur>>;

beforeAll(async () => {
  nock.restore();
  certificate = testCertificate();
  concur = await startTlsConcur(certificate.key, certificate.cert);
});

afterAll(async () => {
  await concur.close();
  certificate.dispose();
  nock.activate();
});

/** A GET through `agent` to the TLS server, trusting its test certificate; resolves with status and body. */
async function get(agent: http.Agent): Promise<{ status: number; body: string }> {
  const url = new URL(concur.url);
  return new Promise((resolve, reject) => {
    const req = https.request({ protocol: 'https:', hostname: url.hostname, port: url.port, path: '/lists', agent, ca: certificate.cert }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createAgents', () => {
  it('without a proxy: plain Node agents, kept alive, with the given socket limit', () => {
    const agents = createAgents(7, undefined);
    expect(agents.http).toBeInstanceOf(http.Agent);
    expect(agents.https).toBeInstanceOf(https.Agent);
    for (const agent of [agents.http, agents.https]) {
      expect(agent.maxSockets).toBe(7);
      expect((agent as http.Agent & { keepAlive: boolean }).keepAlive).toBe(true);
    }
  });

  it('through a proxy that accepts the tunnel, an HTTPS request reaches the server', async () => {
    const proxy = await startForwardProxy();
    try {
      const agents = createAgents(2, new URL(proxy.url));
      expect(await get(agents.https)).toEqual({ status: 200, body: '<lists><list><name>Cities</name></list></lists>' });
      expect(proxy.log.connects.map((connect) => connect.target)).toEqual([concur.url.slice('https://'.length)]);
      agents.https.destroy();
    } finally {
      await proxy.close();
    }
  });

  it.each([407, 403, 502])('a tunnel refused with %i fails the request with a ProxyRefusal carrying the status line', async (status) => {
    const proxy = await startForwardProxy({ refuseWith: status });
    try {
      const before = concur.seen.length;
      const error = await get(createAgents(2, new URL(proxy.url)).https).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProxyRefusal);
      expect(error).toMatchObject({ statusCode: status, statusText: 'Refused' });
      expect(concur.seen.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });
});
