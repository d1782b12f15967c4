import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

// A real redis-server (Debian's package) on a free loopback port, one per test file. Without the
// binary the Redis tests are reported as skipped with the reason; with CONCUR_SDK_REQUIRE_REDIS=1
// (set by .ci/run) a missing binary fails the run instead.

function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The redis-server binary, or undefined. */
export const REDIS_SERVER = findRedisServer();

/** Why the Redis tests cannot run here, or undefined when they can. */
export const REDIS_MISSING =
  REDIS_SERVER === undefined
    ? 'no redis-server binary on PATH (apt-get install -y redis-server, then npm test; .ci/run installs it and sets CONCUR_SDK_REQUIRE_REDIS=1)'
    : undefined;

if (REDIS_MISSING !== undefined) {
  if (process.env.CONCUR_SDK_REQUIRE_REDIS === '1') throw new Error(`CONCUR_SDK_REQUIRE_REDIS=1 but the Redis tests cannot run: ${REDIS_MISSING}`);
  console.warn(`Redis tests not run: ${REDIS_MISSING}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server the test can stop and start again on the same port. */
export class RedisServer {
  readonly port: number;
  #child: ChildProcess | undefined;

  private constructor(port: number) {
    this.port = port;
  }

  /** Starts a server on a free loopback port, without persistence. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.resume();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A client for the test itself (fails fast rather than queueing while the server is away). */
  client(): Redis {
    return new Redis(this.port, '127.0.0.1', { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  }

  /** Starts (again) on the same port and resolves once it answers PING. */
  async resume(): Promise<void> {
    if (REDIS_SERVER === undefined) throw new Error(REDIS_MISSING);
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    this.#child = child;
    const probe = new Redis(this.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let tries = 0; ; tries += 1) {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        try {
          await probe.connect();
          await probe.ping();
          return;
        } catch (error) {
          if (tries > 100) throw error;
          probe.disconnect();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      probe.disconnect();
    }
  }

  /** Stops the server (SIGKILL: as a crash or a network cut looks to clients). */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
