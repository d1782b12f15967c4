import net from 'node:net';
import { Random } from './random.js';
import { serialize, type Reply } from './wire.js';

const HEAD_END = Buffer.from('\r\n\r\n');
/** A request head larger than this is not one of the SDK's. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * A loopback HTTP/1.1 server that answers every request with the reply of the current case,
 * byte for byte: on plain `net` sockets, since no HTTP server library writes a lying
 * Content-Length, a cut-off chunked body or a status line of `HTTP/1.1 000`. Connections are
 * kept alive between calls unless the reply says otherwise, so the SDK's keep-alive agent
 * reuses them the way it would with Concur.
 */
export class FuzzServer {
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #timeoutMs: number;
  #reply: Reply | undefined;
  #rng = new Random(0);
  #url = '';
  /** Requests answered since the current case was set. */
  requests = 0;
  /** Connections accepted since the current case was set (fewer than requests: kept alive). */
  connectionsOpened = 0;

  private constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#server = net.createServer((socket) => this.#accept(socket));
  }

  /** Starts a server on 127.0.0.1; `timeoutMs` is the client's time limit, which paces slow bodies. */
  static async start(timeoutMs: number): Promise<FuzzServer> {
    const server = new FuzzServer(timeoutMs);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.#url = `http://127.0.0.1:${(server.#server.address() as net.AddressInfo).port}`;
    return server;
  }

  get url(): string {
    return this.#url;
  }

  /** Connections open now. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Every request from now on gets `reply`; `seed` drives how it is cut into chunks. */
  answerWith(reply: Reply, seed: number): void {
    this.#reply = reply;
    this.#rng = new Random(seed);
    this.requests = 0;
    this.connectionsOpened = 0;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: net.Socket): void {
    this.#sockets.add(socket);
    this.connectionsOpened += 1;
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending: Buffer = Buffer.alloc(0);
    let busy = false;
    const next = (): void => {
      if (busy || socket.destroyed) return;
      const headEnd = pending.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (pending.length > MAX_HEAD_BYTES) socket.destroy();
        return;
      }
      const head = pending.subarray(0, headEnd).toString('latin1');
      const length = Number(/^content-length:\s*(\d+)\s*$/im.exec(head)?.[1] ?? '0');
      const total = headEnd + HEAD_END.length + length;
      if (pending.length < total) return;
      pending = pending.subarray(total);
      busy = true;
      this.requests += 1;
      void this.#answer(socket).then((keep) => {
        busy = false;
        if (keep) next();
      });
    };
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      next();
    });
  }

  /** Writes the current reply; resolves with whether the connection stays open for another request. */
  async #answer(socket: net.Socket): Promise<boolean> {
    const reply = this.#reply;
    if (reply === undefined) {
      socket.destroy();
      return false;
    }
    const rng = this.#rng;
    switch (reply.special) {
      case 'silent':
        return false;
      case 'reset':
        if (rng.chance(0.5)) socket.resetAndDestroy();
        else socket.destroy();
        return false;
      case 'garbage':
        socket.end(rng.chance(0.5) ? rng.bytes(rng.int(1, 500)) : Buffer.from('HELLO\r\n\r\n'));
        return false;
      case 'interim-then-response':
        socket.write(rng.pick(['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n', 'HTTP/1.1 102 Processing\r\n\r\n']));
        break;
      default:
        break;
    }
    const { head, rest, after } = serialize(reply, rng);
    if (reply.special === 'headers-then-stall') {
      socket.write(head);
      return false;
    }
    if (reply.pace === undefined) {
      socket.write(rest.length === 0 ? head : Buffer.concat([head, ...rest]));
    } else {
      socket.write(head);
      const body = Buffer.concat(rest);
      const size = Math.ceil(body.length / reply.pace.pieces);
      for (let at = 0; at < body.length || at === 0; at += Math.max(size, 1)) {
        await this.#wait(reply.pace.gapShare * this.#timeoutMs);
        if (socket.destroyed) return false;
        socket.write(body.subarray(at, at + size));
        if (body.length === 0) break;
      }
    }
    if (after === 'end') socket.end();
    else if (after === 'destroy') socket.destroy();
    return after === 'keep';
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}
