import type { Redis } from 'ioredis';

/** One Redis server's health, shared by every store and coordination of this process that uses it. */
interface Health {
  down: boolean;
}

const healthOfServer = new Map<string, Health>();

/** The health record of the server `redis` talks to (host, port and database), so an outage is reported once. */
function healthOf(redis: Redis): Health {
  const { host, port, path, db } = redis.options ?? {};
  const server = `${path ?? `${String(host)}:${String(port)}`}/${String(db ?? 0)}`;
  let health = healthOfServer.get(server);
  if (health === undefined) {
    health = { down: false };
    healthOfServer.set(server, health);
  }
  return health;
}

/** What an operation gave: its value, or nothing because Redis could not be reached. */
export type LinkResult<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs operations on the app's Redis client so that an unreachable Redis never fails a call: an
 * operation runs only on a ready connection and within a time limit; otherwise the caller falls
 * back to its local state. The first failure of an outage is reported once through
 * `process.emitWarning` (per Redis server, however many clients and stores of this process use it); the first success ends it.
 */
export class RedisLink {
  readonly #redis: Redis;
  readonly #timeoutMs: number;
  readonly #health: Health;

  constructor(redis: Redis, timeoutMs: number) {
    this.#redis = redis;
    this.#timeoutMs = timeoutMs;
    this.#health = healthOf(redis);
  }

  /** True from a failed operation until the next one that succeeds. */
  get down(): boolean {
    return this.#health.down;
  }

  /** Runs `operation` against Redis, or reports the outage and returns `{ ok: false }`. */
  async run<T>(operation: (redis: Redis) => Promise<T>): Promise<LinkResult<T>> {
    if (!(await this.#ready())) {
      this.#fail(`connection ${this.#redis.status}`);
      return { ok: false };
    }
    try {
      const value = await withTimeLimit(operation(this.#redis), this.#timeoutMs);
      this.#health.down = false;
      return { ok: true, value };
    } catch (error) {
      this.#fail(error instanceof Error ? error.message : String(error));
      return { ok: false };
    }
  }

  async #ready(): Promise<boolean> {
    const redis = this.#redis;
    if (redis.status === 'ready') return true;
    // During a known outage, or while ioredis waits to reconnect, fail at once: calls must not
    // queue behind a Redis that is away.
    if (this.#health.down || redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end') return false;
    // 'wait' (lazyConnect), 'connecting', 'connect': a first connection is on its way. Every
    // operation waiting meanwhile shares one wait (one listener, however many calls start at once).
    let waiting = connecting.get(redis);
    if (waiting === undefined) {
      if (redis.status === 'wait') redis.connect().catch(() => undefined);
      waiting = untilReady(redis, this.#timeoutMs);
      connecting.set(redis, waiting);
      const done = (): void => void connecting.delete(redis);
      waiting.then(done, done);
    }
    return waiting;
  }

  #fail(reason: string): void {
    if (this.#health.down) return;
    this.#health.down = true;
    process.emitWarning(
      `concur-sdk: Redis is unreachable (${reason.slice(0, 200)}); tokens, pauses and the request budget are kept in this process until it answers again.`,
      { code: 'CONCUR_SDK_REDIS_UNAVAILABLE' },
    );
  }
}

const connecting = new WeakMap<Redis, Promise<boolean>>();

/** True once `redis` is ready, false when its connection closes first or `ms` pass. */
async function untilReady(redis: Redis, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (ready: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('close', onClose);
      resolve(ready);
    };
    const onReady = (): void => settle(true);
    const onClose = (): void => settle(false);
    const timer = setTimeout(() => settle(false), ms);
    redis.once('ready', onReady);
    redis.once('close', onClose);
  });
}

async function withTimeLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
