import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Child processes of the bench: the bare server, workers that measure one thing and report a
 * single result over IPC, and workers that answer commands until they are stopped. Every part is
 * a bundled file next to this one in .tmp/bench.
 */

const HERE = dirname(fileURLToPath(import.meta.url));

/** The repository's root (the bundles run from .tmp/bench). */
export const ROOT = resolve(HERE, '..', '..');

/** Where `--cpu-prof` output goes when a part is profiled. */
export const PROFILE_DIR = join(HERE, 'profiles');

/** Counters of the bench server. */
export interface ServerStats {
  requests: number;
  batches: number;
  faults: number;
  items: number;
  /** Bytes of generated file sent. */
  bytesServed: number;
}

/** A running bench server. */
export interface ServerHandle {
  url: string;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Starts `server.mjs` with `args` and waits until it listens. */
export async function startServer(args: readonly string[]): Promise<ServerHandle> {
  const child = fork(join(HERE, 'server.mjs'), [...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited with code ${String(code)} before listening`)));
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'listening' && typeof message.port === 'number') resolve(message.port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        const onMessage = (message: { type?: string; stats?: ServerStats }): void => {
          if (message.type !== 'stats' || message.stats === undefined) return;
          child.off('message', onMessage);
          resolve(message.stats);
        };
        child.on('message', onMessage);
        child.send('stats');
      }),
    stop: async () => {
      // Closing the IPC channel tells the server to close; the signal makes sure it goes.
      if (child.connected) child.disconnect();
      const exited = exitOf(child);
      const timer = setTimeout(() => child.kill('SIGTERM'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  /** Run the worker under `node --cpu-prof`, writing into {@link PROFILE_DIR}. */
  profile?: boolean;
  /** Extra node options, e.g. `--expose-gc`. */
  nodeOptions?: string[];
}

/**
 * Runs worker `name` (`latency`, `codec`, `bulk`) in its own process with `input` and resolves
 * with the result it reports.
 */
export async function runWorker<T>(name: string, input: unknown, options: WorkerOptions = {}): Promise<T> {
  const execArgv = [...(options.nodeOptions ?? []), ...(options.profile === true ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])];
  const child = fork(join(HERE, `${name}.mjs`), [JSON.stringify(input)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let result: { value: T } | undefined;
  let failure: string | undefined;
  child.on('message', (message: { type?: string; result?: T; error?: string }) => {
    if (message.type === 'result') result = { value: message.result as T };
    if (message.type === 'error') failure = message.error;
  });
  const code = await exitOf(child);
  if (result !== undefined && code === 0) return result.value;
  throw new Error(`bench worker ${name} failed (exit code ${String(code)}): ${failure ?? 'no result reported'}`);
}

/** A worker that stays up and answers commands, one at a time (see {@link serveAsWorker}). */
export interface WorkerHandle {
  /** Sends one command and resolves with the worker's answer. */
  ask<T>(command: unknown): Promise<T>;
  /** Closes the worker's channel and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts worker `name` with `input` and resolves once it has set itself up, for sections that
 * drive several workers in turn (the per-request section alternates rounds between processes).
 */
export async function startWorker(name: string, input: unknown, options: WorkerOptions = {}): Promise<WorkerHandle> {
  const execArgv = [...(options.nodeOptions ?? []), ...(options.profile === true ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])];
  const child = fork(join(HERE, `${name}.mjs`), [JSON.stringify(input)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = exitOf(child);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let failure: string | undefined;
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: { type?: string; id?: number; result?: unknown; error?: string }) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'error') failure = message.error;
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (waiting === undefined || message.id === undefined) return;
      pending.delete(message.id);
      if (message.type === 'reply') waiting.resolve(message.result);
      else waiting.reject(new Error(`bench worker ${name}: ${message.error ?? 'failed'}`));
    });
    void exited.then((code) => {
      const error = new Error(`bench worker ${name} exited (code ${String(code)}): ${failure ?? 'no reason reported'}`);
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  });
  await ready;
  return {
    ask: async <T>(command: unknown) =>
      new Promise<T>((resolve, reject) => {
        nextId += 1;
        pending.set(nextId, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ type: 'command', id: nextId, command });
      }),
    stop: async () => {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGTERM'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Worker side of {@link startWorker}: runs `setup` with the parent's input, reports `ready`, then
 * answers each command with `handle`'s result until the parent closes the channel.
 */
export function serveAsWorker<I, C>(setup: (input: I) => Promise<(command: C) => Promise<unknown>>): void {
  const fail = (error: unknown, id?: number): void => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${message}\n`);
    process.send?.({ type: 'error', id, error: message }, () => {
      if (id === undefined) process.exit(1);
    });
  };
  setup(workerInput<I>()).then((handle) => {
    process.on('message', (message: { type?: string; id?: number; command?: C }) => {
      if (message.type !== 'command' || message.id === undefined) return;
      const { id } = message;
      handle(message.command as C).then(
        (result) => process.send?.({ type: 'reply', id, result }),
        (error: unknown) => fail(error, id),
      );
    });
    process.on('disconnect', () => process.exit(0));
    process.send?.({ type: 'ready' });
  }, fail);
}

/** Worker side: the input the parent passed. */
export function workerInput<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('This file is a bench worker; run the bench with `npm run bench`.');
  return JSON.parse(raw) as T;
}

/** Worker side: runs `main`, reports its result (or error) to the parent, then exits. */
export function runAsWorker<T>(main: () => Promise<T>): void {
  main().then(
    (result) => process.send?.({ type: 'result', result }, () => process.exit(0)),
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${message}\n`);
      process.send?.({ type: 'error', error: message }, () => process.exit(1));
    },
  );
}
