import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Worker processes for the multi-process tests: each runs ../worker.mjs against the built package
// (npm test builds first), says "ready" once loaded, starts at the time the test sends on stdin,
// and prints one JSON report when its run ends.

const script = fileURLToPath(new URL('../worker.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What one worker saw. Times are `Date.now()` values of the worker's clock (the same machine). */
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

/** Settings of a worker (see worker.mjs). */
export interface WorkerSettings {
  simUrl: string;
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

interface Running {
  child: ChildProcess;
  ready: Promise<void>;
  report: Promise<WorkerReport | undefined>;
}

/** A group of workers started together. */
export class Workers {
  readonly #running: Running[];

  private constructor(running: Running[]) {
    this.#running = running;
  }

  /** Spawns `count` workers named `<prefix>1`… and resolves once every one has loaded. */
  static async spawn(count: number, prefix: string, settings: WorkerSettings): Promise<Workers> {
    const running = Array.from({ length: count }, (_, index) => launch({ ...settings, name: `${prefix}${index + 1}` }));
    await Promise.all(running.map(async ({ ready }) => ready));
    return new Workers(running);
  }

  /** Tells every worker to start at now + `inMs`; returns that time. */
  start(inMs = 100): number {
    const startAt = Date.now() + inMs;
    for (const { child } of this.#running) child.stdin?.end(`${startAt}\n`);
    return startAt;
  }

  /** Kills worker `index` at once (SIGKILL, as a crash). */
  kill(index: number): void {
    this.#running[index]?.child.kill('SIGKILL');
  }

  /** The reports of the workers that finished (a killed worker has none). */
  async reports(): Promise<WorkerReport[]> {
    const reports = await Promise.all(this.#running.map(async ({ report }) => report));
    return reports.filter((report): report is WorkerReport => report !== undefined);
  }
}

function launch(settings: WorkerSettings & { name: string }): Running {
  const child = spawn(process.execPath, [script, JSON.stringify(settings)], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes(`ready ${settings.name}\n`)) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const report = new Promise<WorkerReport | undefined>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') {
        failReady(new Error(`${settings.name} was killed before it was ready`));
        resolve(undefined);
        return;
      }
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        const error = new Error(`${settings.name} exited with ${String(code ?? signal)}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
        failReady(error);
        reject(error);
        return;
      }
      resolve(JSON.parse(last) as WorkerReport);
    });
  });
  report.catch(() => undefined);
  ready.catch(() => undefined);
  return { child, ready, report };
}
