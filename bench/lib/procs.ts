import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Child processes of the bench: the bare server, and workers that measure one thing each and
 * report a single result over IPC. Every part is a bundled file next to this one in .tmp/bench.
 */

const HERE = dirname(fileURLToPath(import.meta.url));

/** Where `--cpu-prof` output goes when a part is profiled. */
export const PROFILE_DIR = join(HERE, 'profiles');

/** Counters of the bench server. */
export interface ServerStats {
  requests: number;
  batches: number;
  faults: number;
  items: number;
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
