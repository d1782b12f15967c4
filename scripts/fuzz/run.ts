import { prepareBombs } from './encoding.js';
import { generateCase } from './generate.js';
import { Lane, runCase, type CaseOutcome, type HarnessOptions } from './harness.js';
import { leakForms, PollutionWatch } from './invariants.js';

/** A run: which cases, and with which client settings. */
export interface RunOptions {
  seed: number;
  /** Cases to run, from `first`. */
  count: number;
  /** The first case's index (a replay of one case starts there with count 1). */
  first: number;
  /** Calls in flight at once, each on its own server and clients. */
  concurrency: number;
  timeoutMs: number;
  maxResponseBytes: number;
  marginMs: number;
}

/** A case that broke the invariant, with what is needed to replay it. */
export interface Failure {
  index: number;
  target: string;
  outcome: string;
  detail: string;
  labels: string[];
}

/** Everything a run measured. */
export interface FuzzReport {
  options: RunOptions;
  token: string;
  durationMs: number;
  bodiesTried: number;
  requestsAnswered: number;
  connectionsOpened: number;
  outcomes: Map<string, number>;
  chunkErrors: Map<string, number>;
  byTarget: Map<string, number>;
  labels: Map<string, number>;
  nonSdkErrors: Failure[];
  hangs: Failure[];
  pollutions: Failure[];
  leaks: Failure[];
  illTyped: Failure[];
  /** Token leaks of answers that split the token so only the parser joins it (not a promised form). */
  undocumentedLeaks: Failure[];
  /** Calls that failed with ConcurValidationError although every input was valid: typed, but the class blames the caller. */
  answerValidationErrors: Failure[];
  /**
   * The slowest calls under the run's load, slowest first (at most {@link SLOWEST_KEPT}), each
   * replayed alone once the run is over (`aloneMs`): under load a call also waits for every other
   * call's parsing, so only its time alone says what it costs.
   */
  slowest: SlowCall[];
  peakRssBytes: number;
  peakHeapUsedBytes: number;
  maxRssBytes: number;
  /** Cases being generated or run right now (for the stall guard of run.mjs). */
  inFlight: Set<number>;
}

/** Replays each of the slowest calls alone, on a fresh lane, for its own time. */
async function replayAlone(report: FuzzReport, harness: HarnessOptions, watch: PollutionWatch): Promise<void> {
  for (const call of report.slowest) {
    const lane = await Lane.open(harness);
    const outcome = await runCase(lane, generateCase(report.options.seed, call.index, report.token), harness, watch);
    await lane.close();
    call.aloneMs = outcome.ms;
    call.aloneOutcome = outcome.outcome;
  }
}

/** The token every client sends; answers echo it. Derived from the seed so a replay echoes the same. */
export function tokenFor(seed: number): string {
  return `Fz+Tok/en=Q&Z-${(seed >>> 0).toString(16).padStart(8, '0')}`;
}

/** One of the slowest calls. */
export interface SlowCall {
  ms: number;
  aloneMs?: number;
  aloneOutcome?: string;
  index: number;
  target: string;
  outcome: string;
  labels: string[];
}

const SLOWEST_KEPT = 20;

const bump = (map: Map<string, number>, key: string, by = 1): void => {
  map.set(key, (map.get(key) ?? 0) + by);
};

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const stack = (error.stack ?? '').split('\n').slice(1, 6).map((line) => line.trim()).join(' | ');
  return `${error.name}: ${error.message.slice(0, 300)} @ ${stack}`;
}

function record(report: FuzzReport, outcome: CaseOutcome): void {
  const { fuzzCase } = outcome;
  const failure = (detail: string): Failure => ({ index: fuzzCase.index, target: fuzzCase.target.name, outcome: outcome.outcome, detail, labels: fuzzCase.labels });
  report.bodiesTried += 1;
  report.requestsAnswered += outcome.requests;
  report.connectionsOpened += outcome.connections;
  bump(report.outcomes, outcome.hang ? 'hang' : outcome.typed ? outcome.outcome : 'non-SDK error');
  bump(report.byTarget, fuzzCase.target.name);
  for (const label of fuzzCase.labels) bump(report.labels, label.replace(/^status:\d\d\d$/, (s) => `status:${s.charAt(7)}xx`));
  for (const name of outcome.chunkErrors) bump(report.chunkErrors, name);
  if (outcome.hang) report.hangs.push(failure(`still pending after ${Math.round(outcome.ms)} ms`));
  else if (!outcome.typed) report.nonSdkErrors.push(failure(describe(outcome.error)));
  if (outcome.pollution.length > 0) report.pollutions.push(failure(outcome.pollution.join('; ')));
  if (outcome.leaks.length > 0) report.leaks.push(failure(`token form(s) reached the caller: ${outcome.leaks.join(', ')}`));
  if (outcome.undocumentedLeaks.length > 0) {
    const where = outcome.typed && outcome.outcome !== 'result' ? `in the ${outcome.outcome}: ${describe(outcome.error)}` : 'in the result';
    report.undocumentedLeaks.push(failure(`the split token, joined by the parser, reached the caller ${where}`));
  }
  if (outcome.illTyped.length > 0) report.illTyped.push(failure(outcome.illTyped.slice(0, 5).join('; ')));
  if (outcome.outcome === 'ConcurValidationError' || outcome.outcome === 'BatchSizeError') report.answerValidationErrors.push(failure(describe(outcome.error)));
  const last = report.slowest.at(-1);
  if (!outcome.hang && (report.slowest.length < SLOWEST_KEPT || (last !== undefined && outcome.ms > last.ms))) {
    report.slowest.push({ ms: outcome.ms, index: fuzzCase.index, target: fuzzCase.target.name, outcome: outcome.outcome, labels: fuzzCase.labels });
    report.slowest.sort((a, b) => b.ms - a.ms);
    report.slowest.length = Math.min(report.slowest.length, SLOWEST_KEPT);
  }
}

/**
 * Runs cases `first` to `first + count - 1` of run `seed`, `concurrency` at a time, and measures
 * them. A lane whose call hung is replaced by a new one, so one hang cannot stall the run.
 */
/** Callbacks of a run. */
export interface RunHooks {
  /** After each case. */
  onProgress?: (done: number, report: FuzzReport) => void;
  /** Before each case's answer is generated, with every case in flight (this one included). */
  onStart?: (inFlight: ReadonlySet<number>) => void;
}

export async function runFuzz(options: RunOptions, hooks: RunHooks = {}): Promise<FuzzReport> {
  const token = tokenFor(options.seed);
  const harness: HarnessOptions = { ...options, token, leakForms: leakForms(token) };
  await prepareBombs();
  const watch = new PollutionWatch();
  const report: FuzzReport = {
    options,
    token,
    durationMs: 0,
    bodiesTried: 0,
    requestsAnswered: 0,
    connectionsOpened: 0,
    outcomes: new Map(),
    chunkErrors: new Map(),
    byTarget: new Map(),
    labels: new Map(),
    nonSdkErrors: [],
    hangs: [],
    pollutions: [],
    leaks: [],
    illTyped: [],
    answerValidationErrors: [],
    undocumentedLeaks: [],
    slowest: [],
    peakRssBytes: 0,
    peakHeapUsedBytes: 0,
    maxRssBytes: 0,
    inFlight: new Set(),
  };
  const sample = (): void => {
    const { rss, heapUsed } = process.memoryUsage();
    report.peakRssBytes = Math.max(report.peakRssBytes, rss);
    report.peakHeapUsedBytes = Math.max(report.peakHeapUsedBytes, heapUsed);
  };
  const sampler = setInterval(sample, 25);
  const started = performance.now();
  let next = options.first;
  const end = options.first + options.count;
  const worker = async (): Promise<void> => {
    let lane = await Lane.open(harness);
    while (next < end) {
      const index = next;
      next += 1;
      report.inFlight.add(index);
      hooks.onStart?.(report.inFlight);
      const fuzzCase = generateCase(options.seed, index, token);
      const outcome = await runCase(lane, fuzzCase, harness, watch);
      report.inFlight.delete(fuzzCase.index);
      record(report, outcome);
      hooks.onProgress?.(report.bodiesTried, report);
      if (outcome.hang) {
        void lane.close();
        lane = await Lane.open(harness);
      }
    }
    await lane.close();
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, options.count)) }, worker));
  } finally {
    clearInterval(sampler);
  }
  report.durationMs = performance.now() - started;
  report.maxRssBytes = process.resourceUsage().maxRSS * 1024;
  await replayAlone(report, harness, watch);
  return report;
}
