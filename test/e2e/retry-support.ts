import { ConcurClient, type ClientOptions, type RetryEvent } from '../../src/index.js';
import { SIMULATOR_TOKEN, type Simulator } from '../../src/simulator/index.js';

// Shared setup of the retry end-to-end tests (retry-*.e2e.test.ts): Concur's retry policy against
// faults the simulator injects on a real local socket. The simulator helpers are in ./support.ts.
// Unlike support.ts's `connect`, the client here waits the distinct delays below and records
// every onRetry event, so a test can tell which rule chose each wait.

export const LISTS_PATH = '/api/expense/list/v1.0/';
export const BATCH_PATH = '/api/expense/list/v1.0/gWqCities%24pZmcowMR01/batch';
/** Distinct values, so a recorded wait shows which rule chose it. */
export const DELAY_MS = 4_000;
export const DEADLOCK_DELAY_MS = 250;

export interface Connected {
  concur: ConcurClient;
  /** Every wait the client asked its sleep for, in order. */
  waits: number[];
  /** Every onRetry event, reduced to what the policy decided. */
  retries: Array<Pick<RetryEvent, 'attempt' | 'delayMs' | 'reason' | 'method' | 'path'> & { error: string }>;
}

/** A client for the simulator with a recording sleep that resolves at once. */
export function connect(sim: Simulator, options: Partial<ClientOptions> = {}): Connected {
  const waits: number[] = [];
  const retries: Connected['retries'] = [];
  const concur = new ConcurClient({
    baseUrl: sim.url,
    accessToken: SIMULATOR_TOKEN,
    retry: { delayMs: DELAY_MS, deadlockDelayMs: DEADLOCK_DELAY_MS },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    onRetry: ({ attempt, delayMs, reason, method, path, error }) => {
      retries.push({ attempt, delayMs, reason, method, path, error: error.name });
    },
    ...options,
  });
  return { concur, waits, retries };
}

/** How each logged request ended: its status, or the outcome when no status was sent. */
export function outcomes(sim: Simulator): Array<number | string> {
  return sim.state.requests.map((entry) => entry.status ?? entry.outcome);
}
