import type { EventEmitter } from 'node:events';
import { parseArgs } from 'node:util';
import { CONTROL_PREFIX } from './control.js';
import { faultFromText } from './fault-parse.js';
import type { FaultSpec } from './fault-types.js';
import { loadSeedFile, type SimulatorSeed } from './seed.js';
import { originOf, startSimulator, type Simulator, type SimulatorOptions } from './start.js';

/** Where the CLI writes and which signals stop it; tests pass their own. @internal */
export interface CliIo {
  /** Writes to standard output. */
  out: (text: string) => void;
  /** Writes to standard error. */
  err: (text: string) => void;
  /** Emits `SIGINT` / `SIGTERM`. */
  signals: Pick<EventEmitter, 'once' | 'off'>;
}

/** The outcome of {@link main}. @internal */
export interface CliRun {
  /** 0 when the simulator runs (or help was shown), 2 for bad arguments, 1 when it failed to start. */
  exitCode: number;
  /** The running simulator, when one started. */
  simulator?: Simulator;
  /** Stops the simulator and forgets the signal handlers (what SIGINT / SIGTERM do). */
  stop: () => Promise<void>;
}

/** The port the CLI listens on unless told otherwise. */
const DEFAULT_CLI_PORT = 4010;

const USAGE = `Usage: concur-sim [options]

Runs a local SAP Concur simulator (legacy v1 APIs) for tests and demos.

Options:
  --port N                    port to listen on, 0 for any free port (default ${DEFAULT_CLI_PORT})
  --host HOST                 interface to listen on (default 127.0.0.1)
  --seed FILE                 JSON seed file with lists, users, batches... (default: built-in demo data)
  --random-seed N             seed of the random generator (ids, random faults)
  --fault KIND[:K=V,...]      schedule a fault; repeatable. Examples:
                                maintenance:requests=3,retryAfter=5
                                no-response:method=POST,path=/api/expense/list/**,processed
                                429:p=0.1        deadlock:count=2        latency:delayMs=2000
  --job-duration-ms N         extract job time from Queued to Completed (default 3000)
  --batch-close-duration-ms N asynchronous payment batch close time (default 3000)
  --image-url-ttl-ms N        lifetime of image URLs (default 900000)
  --link-origin URL           write API links (list ids, extract ids, Batch-URL, File-Url) on this
                              origin, as Concur does: https://www.concursolutions.com (default: own URL)
  --space-in-file-url         write File-Url as Concur's published example: "http:// www..."
  -h, --help                  show this help

Control endpoints (JSON, no token): GET ${CONTROL_PREFIX}/state, GET ${CONTROL_PREFIX}/requests,
POST|GET|DELETE ${CONTROL_PREFIX}/faults, POST ${CONTROL_PREFIX}/tokens, POST ${CONTROL_PREFIX}/seed.
`;

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  signals: process,
};

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new TypeError(`--${name} must be a whole number of 0 or more; got "${value}".`);
  return number;
}

/** Reads the arguments into simulator options. @throws TypeError for a bad argument. */
async function readOptions(argv: readonly string[]): Promise<SimulatorOptions | 'help'> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'random-seed': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'job-duration-ms': { type: 'string' },
      'batch-close-duration-ms': { type: 'string' },
      'image-url-ttl-ms': { type: 'string' },
      'link-origin': { type: 'string' },
      'space-in-file-url': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) return 'help';
  const faults: FaultSpec[] = (values.fault ?? []).map(faultFromText);
  const seed: SimulatorSeed | undefined = values.seed === undefined ? undefined : await loadSeedFile(values.seed);
  const numbers = {
    port: wholeNumber('port', values.port) ?? DEFAULT_CLI_PORT,
    randomSeed: wholeNumber('random-seed', values['random-seed']),
    jobDurationMs: wholeNumber('job-duration-ms', values['job-duration-ms']),
    batchCloseDurationMs: wholeNumber('batch-close-duration-ms', values['batch-close-duration-ms']),
    imageUrlTtlMs: wholeNumber('image-url-ttl-ms', values['image-url-ttl-ms']),
  };
  const options: SimulatorOptions = { faults };
  for (const [key, value] of Object.entries(numbers)) if (value !== undefined) Object.assign(options, { [key]: value });
  if (values.host !== undefined) options.host = values.host;
  if (seed !== undefined) options.seed = seed;
  if (values['link-origin'] !== undefined) options.linkOrigin = originOf(values['link-origin']) ?? '';
  if (values['space-in-file-url'] === true) options.spaceInFileUrl = true;
  return options;
}

/**
 * The `concur-sim` command: parses `argv` (without `node` and the script), starts the simulator,
 * prints its URL and token, and stops it on SIGINT or SIGTERM. @internal
 *
 * @example
 * ```ts
 * const run = await main(['--port', '0', '--fault', 'maintenance:requests=2']);
 * await run.stop();
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<CliRun> {
  const idle: CliRun = { exitCode: 0, stop: async () => Promise.resolve() };
  let options: SimulatorOptions | 'help';
  try {
    options = await readOptions(argv);
  } catch (error) {
    io.err(`concur-sim: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return { ...idle, exitCode: 2 };
  }
  if (options === 'help') {
    io.out(USAGE);
    return idle;
  }
  let simulator: Simulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    io.err(`concur-sim: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return { ...idle, exitCode: 1 };
  }
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      io.signals.off('SIGINT', onSignal);
      io.signals.off('SIGTERM', onSignal);
      await simulator.close();
      io.out('Concur simulator stopped.\n');
    })();
    return stopping;
  };
  const onSignal = (): void => void stop();
  io.signals.once('SIGINT', onSignal);
  io.signals.once('SIGTERM', onSignal);
  const faults = simulator.faults.list();
  io.out(
    [
      `Concur simulator listening on ${simulator.url}`,
      ...(simulator.linkOrigin === simulator.url ? [] : [`API links are written on ${simulator.linkOrigin}: follow them by path on ${simulator.url}`]),
      `Access token: ${simulator.token}   (send "Authorization: Bearer ${simulator.token}")`,
      `State: GET ${simulator.url}${CONTROL_PREFIX}/state   Faults: POST ${simulator.url}${CONTROL_PREFIX}/faults`,
      ...(faults.length === 0 ? [] : [`Faults scheduled: ${faults.map((fault) => `${fault.id} ${fault.spec.kind}`).join(', ')}`]),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  return { exitCode: 0, simulator, stop };
}
