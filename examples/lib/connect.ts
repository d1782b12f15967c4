// How the examples reach Concur: with CONCUR_BASE_URL (and CONCUR_TOKEN) set, the real service,
// with the SDK's default time limit and Concur's retry policy; without it, the simulator that
// ships with the SDK, started here and prepared by the example, with the retry wait shortened so
// a scripted maintenance window takes a second instead of Concur's five minutes.
import { ConcurClient, type ClientOptions } from 'concur-sdk';
import { SIMULATOR_TOKEN, startSimulator, type Simulator, type SimulatorOptions } from 'concur-sdk/simulator';

/** A client, and the simulator behind it when there is one. */
export interface Connection {
  concur: ConcurClient;
  /** The simulator the client talks to; undefined against Concur. */
  simulator: Simulator | undefined;
  /** Stops the simulator, if one was started. */
  close(): Promise<void>;
}

/** What an example tells {@link connect}. */
export interface ConnectOptions {
  /** The example's name and version, sent in the User-Agent for Concur support. */
  appInfo: NonNullable<ClientOptions['appInfo']>;
  /** Options of the simulator started when CONCUR_BASE_URL is not set. */
  simulator?: SimulatorOptions;
  /** Seeds the simulator with what the example expects of the company (lists, users…). */
  prepare?: (sim: Simulator) => void | Promise<void>;
}

/** Says, before each wait, which request failed and when it is sent again. */
const onRetry: NonNullable<ClientOptions['onRetry']> = ({ attempt, delayMs, reason, method, path }) => {
  console.log(`${method} ${path} failed (${reason}, attempt ${attempt}); sending it again in ${delayMs / 1000} s.`);
};

/** Connects to Concur (CONCUR_BASE_URL and CONCUR_TOKEN) or, when CONCUR_BASE_URL is unset, to a simulator started here. */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const baseUrl = process.env['CONCUR_BASE_URL'];
  if (baseUrl !== undefined && baseUrl !== '') {
    const accessToken = process.env['CONCUR_TOKEN'];
    if (accessToken === undefined || accessToken === '') throw new Error('CONCUR_BASE_URL is set: set CONCUR_TOKEN to a Concur access token too.');
    return { concur: new ConcurClient({ baseUrl, accessToken, appInfo: options.appInfo, onRetry }), simulator: undefined, close: async () => {} };
  }
  const sim = await startSimulator(options.simulator);
  try {
    await options.prepare?.(sim);
  } catch (error) {
    await sim.close();
    throw error;
  }
  console.log(`CONCUR_BASE_URL is not set: using the bundled simulator at ${sim.url}.`);
  const concur = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, appInfo: options.appInfo, onRetry, retry: { delayMs: 500 } });
  return { concur, simulator: sim, close: async () => sim.close() };
}
