import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// Worker processes for the multi-process tests: each runs ../worker.mjs against the built package
// (npm test builds first). A pool loads its processes once and gives them one run after another:
// loading 8 processes takes seconds on two cores, a run's own setup a few milliseconds.

const script = fileURLToPath(new URL('../worker.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What one worker saw in one run. Times are `Date.now()` values (one machine, one clock). */
export interface WorkerReport {
  name: string;
  /** When each attempt was sent (the client's onRequest). */
  sends: number[];
  ok: number;
  errors: Record<string, number>;
  /** Refreshes this worker made (its onRefresh). */
  refreshes: number;
  /** Pauses it learned of (redisCoordination's onPause): when, until when, from whom. */
  pauses: Array<{ at: number; until: number; source: 'this-process' | 'shared' }>;
  retries: Array<{ at: number; delayMs: number; reason: string }>;
  /** CONCUR_SDK_REDIS_UNAVAILABLE warnings. */
  warnings: number;
}

/** Settings of one run (see worker.mjs); `name` and `startAt` are set by the pool. */
export interface RunSettings {
  simUrl: string;
  oauth?: { clientId: string; clientSecret: string; refreshToken: string };
  token?: string;
  redisPort?: number;
  key?: string;
  durationMs: number;
  loops: number;
  pauseBetweenMs: number;
  retry?: { retries: number; delayMs: number };
  tokens?: 'redis' | 'own';
  refreshMarginMs?: number;
  lockExpiryMs?: number;
  tokenTimeoutMs?: number;
  coordination?: boolean;
  rateLimit?: { requests: number; perMs: number };
}

interface Worker {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  stderr: string;
  killed: boolean;
}

/** Worker processes, loaded once, given runs one after another. */
export class WorkerPool {
  readonly #workers: Worker[];
  readonly #prefix: string;

  private constructor(workers: Worker[], prefix: string) {
    this.#workers = workers;
    this.#prefix = prefix;
  }

  /** Starts `count` processes and resolves once every one has loaded. */
  static async start(count: number, prefix = 'Worker'): Promise<WorkerPool> {
    const workers = Array.from({ length: count }, () => {
      const child = spawn(process.execPath, [script], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
      const worker: Worker = { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator](), stderr: '', killed: false };
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (worker.stderr += chunk));
      return worker;
    });
    const pool = new WorkerPool(workers, prefix);
    await Promise.all(workers.map(async (worker, index) => expect(await pool.#line(worker, index), 'ready')));
    return pool;
  }

  get size(): number {
    return this.#workers.length;
  }

  /**
   * Starts one run in workers `from` to `to - 1` (all by default), `inMs` from now; resolves with
   * their reports once they end. Worker i is named `<prefix><i + 1>`.
   */
  async run(settings: RunSettings, options: { inMs?: number; from?: number; to?: number } = {}): Promise<{ startAt: number; reports: Promise<WorkerReport[]> }> {
    const startAt = Date.now() + (options.inMs ?? 200);
    const chosen = this.#workers.slice(options.from ?? 0, options.to ?? this.#workers.length);
    const reports = Promise.all(
      chosen.map(async (worker, offset) => {
        const index = (options.from ?? 0) + offset;
        worker.child.stdin!.write(`${JSON.stringify({ ...settings, name: `${this.#prefix}${index + 1}`, startAt })}\n`);
        return JSON.parse(await this.#line(worker, index)) as WorkerReport;
      }),
    );
    reports.catch(() => undefined);
    return { startAt, reports };
  }

  /** Kills worker `index` at once (SIGKILL, as a crash). */
  kill(index: number): void {
    const worker = this.#workers[index];
    if (worker === undefined) return;
    worker.killed = true;
    worker.child.kill('SIGKILL');
  }

  /** Ends every worker still running. */
  async close(): Promise<void> {
    await Promise.all(
      this.#workers.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.stdin!.end();
        });
      }),
    );
  }

  async #line(worker: Worker, index: number): Promise<string> {
    const next = await worker.lines.next();
    if (next.done === true) {
      throw new Error(`${this.#prefix}${index + 1} ended early (${String(worker.child.exitCode ?? worker.child.signalCode)})\n--- stderr\n${worker.stderr}`);
    }
    return next.value;
  }
}

function expect(actual: string, wanted: string): void {
  if (actual !== wanted) throw new Error(`a worker said "${actual.slice(0, 300)}" instead of "${wanted}"`);
}
