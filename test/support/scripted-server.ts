import http from 'node:http';

/** A request the scripted server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One scripted answer; `reset` destroys the socket without answering. */
export type ScriptedAnswer =
  | { status: number; body?: string; headers?: Record<string, string> }
  | 'reset'
  | ((request: ReceivedRequest, response: http.ServerResponse) => void);

/** A real HTTP server on 127.0.0.1 that answers from a script, for tests over real sockets. */
export async function startScriptedServer(script: ScriptedAnswer[]): Promise<{ url: string; received: ReceivedRequest[]; close: () => Promise<void> }> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      const answer = script.shift() ?? { status: 599, body: 'script exhausted' };
      if (answer === 'reset') req.socket.destroy();
      else if (typeof answer === 'function') answer(request, res);
      else {
        res.writeHead(answer.status, { 'Content-Type': 'application/xml', ...answer.headers });
        res.end(answer.body ?? '');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
