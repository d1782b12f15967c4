import { ConcurClient, type ClientOptions } from '../../src/index.js';
import { SIMULATOR_TOKEN, startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

// Shared setup of the end-to-end tests: a ConcurClient pointed at a simulator on a real local
// port, asserting both what the SDK returns and what the simulator holds afterwards. Not a
// `.test.ts`, so vitest does not run it on its own. The retry tests' client, which records the
// retry policy's decisions, is in ./retry-support.ts.

export const CITIES_ID = 'gWqCities$pZmcowMR01';
export const START = Date.UTC(2026, 10, 25, 10, 0, 0);

const running: Simulator[] = [];

/** Closes every simulator `simulator()` started; each test file runs it in its `afterEach`. */
export async function closeSimulators(): Promise<void> {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
}

/**
 * Where the simulator writes its API links unless a test says otherwise: Concur's published
 * examples put every link on www.concursolutions.com whatever host was called (reference §15), so
 * the suite runs against that shape, with the client on the simulator's loopback URL.
 */
export const LINK_ORIGIN = 'https://www.concursolutions.com';

/** A simulator on a free loopback port writing its links on {@link LINK_ORIGIN}, closed after the test. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ linkOrigin: LINK_ORIGIN, ...options });
  running.push(sim);
  return sim;
}

/** A clock the test moves by hand; the simulator reads it through its `now` option. */
export function manualClock(start = START): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/**
 * A client for the simulator. Every wait (retry or poll) goes through a sleep that records it and
 * resolves at once; `onSleep` lets a test move the simulator's clock by the waited time.
 */
export function connect(sim: Simulator, options: Partial<ClientOptions> = {}, onSleep?: (ms: number) => void): { concur: ConcurClient; waits: number[] } {
  const waits: number[] = [];
  const concur = new ConcurClient({
    baseUrl: sim.url,
    accessToken: SIMULATOR_TOKEN,
    retry: { delayMs: 1, deadlockDelayMs: 1 },
    sleep: (ms) => {
      waits.push(ms);
      onSleep?.(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { concur, waits };
}

/** The first element, failing the test when there is none. */
export function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error('expected at least one element');
  return item;
}

/** What a promise rejected with, failing the test when it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to reject');
}

/** Requests the simulator logged, as `METHOD path status`. */
export function logged(sim: Simulator): string[] {
  return sim.state.requests.map((entry) => `${entry.method} ${entry.path} ${String(entry.status)}`);
}
