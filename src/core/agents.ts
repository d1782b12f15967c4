import type { ClientRequest } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';

/**
 * The connection pools of one client: keep-alive agents, or proxy agents when a proxy is set.
 *
 * Proxying uses TooTallNate's `https-proxy-agent` and `http-proxy-agent` rather than axios' own
 * `proxy` option: they tunnel HTTPS through `CONNECT` (so the proxy never sees the token), keep
 * tunnelled connections alive in Node's pool under `maxSockets`, and work with any adapter. A
 * refused `CONNECT` becomes a {@link ProxyRefusal} instead of the proxy's answer being replayed as
 * if Concur had sent it.
 */
export interface Agents {
  http: http.Agent;
  https: https.Agent | HttpsProxyAgent<string>;
}

/** The proxy answered `CONNECT` with something other than 200; nothing reached Concur. */
export class ProxyRefusal extends Error {
  // Stryker disable next-line StringLiteral: the transport turns a ProxyRefusal into a ConcurProxyError by its class and status; its name is never read
  override readonly name = 'ProxyRefusal';
  // Stryker disable next-line StringLiteral: nor its code: the codes the client compares are ERR_CANCELED and ECONNRESET only
  readonly code = 'ERR_PROXY_REFUSED';

  constructor(
    readonly statusCode: number,
    readonly statusText: string,
  ) {
    // Stryker disable next-line all: the transport turns a ProxyRefusal into a ConcurProxyError with its own message; this one is never shown
    super(`the proxy refused the tunnel with HTTP ${statusCode}${statusText === '' ? '' : ` ${statusText}`}`);
  }
}

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

interface ProxyConnectAnswer {
  statusCode: number;
  statusText?: string;
}

class TunnelAgent extends HttpsProxyAgent<string> {
  override async connect(req: ClientRequest, opts: ConnectOptions): Promise<Socket> {
    let answer: ProxyConnectAnswer | undefined;
    const onConnect = (connect: ProxyConnectAnswer): void => {
      answer = connect;
    };
    req.once('proxyConnect', onConnect);
    const socket = await super.connect(req, opts);
    req.removeListener('proxyConnect', onConnect);
    if (answer !== undefined && answer.statusCode !== 200) {
      socket.destroy();
      throw new ProxyRefusal(answer.statusCode, answer.statusText ?? '');
    }
    return socket;
  }
}

/** Builds the agents: `maxSockets` per host, kept alive, through `proxy` when one is given. */
export function createAgents(maxSockets: number, proxy: URL | undefined): Agents {
  const options = { keepAlive: true, maxSockets };
  if (proxy === undefined) return { http: new http.Agent(options), https: new https.Agent(options) };
  return { http: new HttpProxyAgent(proxy, options), https: new TunnelAgent(proxy, options) };
}
