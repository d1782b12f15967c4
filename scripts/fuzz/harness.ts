import { ConcurClient, ConcurError } from '../../src/index.js';
import type { FuzzCase } from './generate.js';
import { leaksIn, type PollutionWatch } from './invariants.js';
import { UNDOCUMENTED_ECHO } from './mutate.js';
import { FuzzServer } from './server.js';
import { resultProblems } from './shapes.js';

/** The client settings of a run. */
export interface HarnessOptions {
  /** The client's `timeoutMs`: each attempt's whole-response limit. */
  timeoutMs: number;
  /** The client's `maxResponseBytes`. */
  maxResponseBytes: number;
  /** How long past its bound a call may stay pending before it counts as a hang. */
  marginMs: number;
  /** The access token; answers echo it, and no form of it may reach the caller. */
  token: string;
  /** The forms of the token that count as a leak. */
  leakForms: readonly string[];
}

/** What one call did. */
export interface CaseOutcome {
  fuzzCase: FuzzCase;
  /** `result`, the ConcurError subclass's name, `hang`, or `non-SDK <name>`. */
  outcome: string;
  /** False for anything but a typed result or a ConcurError. */
  typed: boolean;
  hang: boolean;
  ms: number;
  /** What the server was asked: requests answered during the call. */
  requests: number;
  /** Connections the client opened during the call (0 when it reused a kept-alive one). */
  connections: number;
  /** The error, when the call rejected. */
  error?: unknown;
  /** The classes of a batch's failed chunks. */
  chunkErrors: string[];
  /** Ways a resolved result breaks its type. */
  illTyped: string[];
  leaks: string[];
  /**
   * Leaks of a case whose answer split the token so that only the parser joins it back
   * ({@link UNDOCUMENTED_ECHO}): a form the SDK does not promise to redact, counted apart.
   */
  undocumentedLeaks: string[];
  pollution: string[];
}

/** Retries of the retrying client: waits are injected, so they cost nothing. */
const RETRIES = 2;

/**
 * One server and its clients: a call at a time, so the server knows which case it answers. Two
 * clients share it: one sends every request once (`retry: false`), the other applies Concur's
 * retry policy with an injected sleep that returns at once.
 */
export class Lane {
  private constructor(
    readonly server: FuzzServer,
    readonly plain: ConcurClient,
    readonly retrying: ConcurClient,
  ) {}

  static async open(options: HarnessOptions): Promise<Lane> {
    const server = await FuzzServer.start(options.timeoutMs);
    const common = {
      baseUrl: server.url,
      accessToken: options.token,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      sleep: () => Promise.resolve(),
    };
    const plain = new ConcurClient({ ...common, retry: false });
    const retrying = new ConcurClient({ ...common, retry: { retries: RETRIES, delayMs: 1, deadlockDelayMs: 1 } });
    return new Lane(server, plain, retrying);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/**
 * What a download may take beyond its time limit: the limit bounds each gap between bytes, not
 * the whole body, so a decompression bomb streams up to maxResponseBytes (one 16 KB chunk per turn
 * of an event loop shared with the other calls) before it fails. Alone it takes ~100 ms; with 16
 * calls in flight and a 16 MB limit it was seen to take 57 s.
 */
const DOWNLOAD_ALLOWANCE_MS = 30_000;

/**
 * How long a case may take before it is a hang: each attempt is bounded by the client's time
 * limit (a download's by the gaps between its bytes, so it gets the length of a slow body and
 * {@link DOWNLOAD_ALLOWANCE_MS} more); a read may be sent twice after a stale keep-alive reset;
 * the retrying client sends up to three times; waitForJob polls up to ten times.
 */
export function boundFor(fuzzCase: FuzzCase, options: HarnessOptions): number {
  const { target, reply, retry } = fuzzCase;
  const slowBody = reply.pace === undefined ? 0 : reply.pace.pieces * reply.pace.gapShare * options.timeoutMs;
  const attempt = options.timeoutMs + (target.download === true ? slowBody + DOWNLOAD_ALLOWANCE_MS : 0);
  const sends = (retry ? RETRIES + 1 : 1) * 2 * (target.polls ?? 1);
  return sends * attempt + options.marginMs;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown } | { hang: true };

/** Makes the case's call on the lane and checks everything the invariant says about it. */
export async function runCase(lane: Lane, fuzzCase: FuzzCase, options: HarnessOptions, watch: PollutionWatch): Promise<CaseOutcome> {
  lane.server.answerWith(fuzzCase.reply, fuzzCase.seed ^ fuzzCase.index);
  const client = fuzzCase.retry ? lane.retrying : lane.plain;
  const bound = boundFor(fuzzCase, options);
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const call = Promise.resolve()
    .then(() => fuzzCase.target.call(client))
    .then(
      (value): Settled => ({ ok: true, value }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
  const watchdog = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ hang: true }), bound);
  });
  const settled = await Promise.race([call, watchdog]);
  clearTimeout(timer);
  const ms = performance.now() - started;
  const base = { fuzzCase, ms, requests: lane.server.requests, connections: lane.server.connectionsOpened, chunkErrors: [], illTyped: [], leaks: [], undocumentedLeaks: [], pollution: watch.check() };
  if ('hang' in settled) return { ...base, outcome: 'hang', typed: false, hang: true };
  const split = fuzzCase.labels.includes(`mutation:${UNDOCUMENTED_ECHO}`);
  const leaks = (value: unknown): { leaks: string[]; undocumentedLeaks: string[] } => {
    const found = leaksIn(value, options.leakForms);
    return split ? { leaks: [], undocumentedLeaks: found } : { leaks: found, undocumentedLeaks: [] };
  };
  if (!settled.ok) {
    const { error } = settled;
    const typed = error instanceof ConcurError;
    const outcome = typed ? error.name : `non-SDK ${(error as Error | undefined)?.name ?? typeof error}`;
    return { ...base, outcome, typed, hang: false, error, ...leaks(error) };
  }
  const { value } = settled;
  const chunks = (value as { chunks?: Array<{ error?: ConcurError }> } | undefined)?.chunks;
  const chunkErrors = fuzzCase.target.batch === true ? (chunks ?? []).flatMap((chunk) => (chunk.error === undefined ? [] : [chunk.error.name])) : [];
  return {
    ...base,
    outcome: 'result',
    typed: true,
    hang: false,
    chunkErrors,
    illTyped: resultProblems(fuzzCase.target, value),
    ...leaks(value),
  };
}
